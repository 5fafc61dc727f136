// An app update never reloads the page while a run is going: the decision table, the gate's steps,
// and the gate wired to a real Lab (fake workbench) through a training run and a prune sweep.
import { describe, expect, it } from 'vitest';
import { Lab } from '../state/lab.ts';
import { FakeWorkbench, fakeLatency, MemoryCheckpointStore, MemoryRegistryStorage, tinyDataset } from '../state/test-fakes.ts';
import { busyReason, labActivity } from './lab-activity.ts';
import { UpdateGate, updateAction, type BusyReason, type UpdateStatus } from './update-gate.ts';

function gateWith(busy: () => BusyReason) {
  const calls: string[] = [];
  const statuses: (UpdateStatus | null)[] = [];
  const gate = new UpdateGate({
    activate: () => calls.push('activate'),
    reload: () => calls.push('reload'),
    busy,
    onStatus: (s) => statuses.push(s),
  });
  return { gate, calls, statuses };
}

describe('updateAction', () => {
  it('holds every pending step while something runs, and otherwise takes the next one', () => {
    expect(updateAction('none', null)).toBe('none');
    expect(updateAction('none', 'training')).toBe('none');
    expect(updateAction('waiting', null)).toBe('activate');
    expect(updateAction('waiting', 'training')).toBe('hold');
    expect(updateAction('activating', null)).toBe('none');
    expect(updateAction('controlling', null)).toBe('reload');
    expect(updateAction('controlling', 'the serve bench')).toBe('hold');
  });
});

describe('busyReason', () => {
  const idle = { training: false, pruning: false, serving: false, loadingImages: false };
  it('names what is running, training first, and null when idle', () => {
    expect(busyReason(idle)).toBeNull();
    expect(busyReason({ ...idle, training: true, serving: true })).toBe('training');
    expect(busyReason({ ...idle, pruning: true })).toBe('the prune sweep');
    expect(busyReason({ ...idle, serving: true })).toBe('the serve bench');
    expect(busyReason({ ...idle, loadingImages: true })).toBe('the image import');
  });
});

describe('UpdateGate', () => {
  it('applies at once when idle: activate, then one reload when the new worker takes over', () => {
    const { gate, calls, statuses } = gateWith(() => null);
    gate.waiting();
    expect(calls).toEqual(['activate']);
    gate.waiting();
    expect(calls).toEqual(['activate']);
    gate.controllerChanged();
    expect(calls).toEqual(['activate', 'reload']);
    gate.controllerChanged();
    gate.busyChanged();
    expect(calls).toEqual(['activate', 'reload']);
    expect(statuses).toEqual([{ heldBy: null }, { heldBy: null }]);
  });

  it('holds a waiting update through a run and applies it when the run ends', () => {
    let busy: BusyReason = 'training';
    const { gate, calls, statuses } = gateWith(() => busy);
    gate.waiting();
    gate.busyChanged();
    expect(calls).toEqual([]);
    expect(statuses.at(-1)).toEqual({ heldBy: 'training' });
    busy = 'the prune sweep';
    gate.busyChanged();
    expect(statuses.at(-1)).toEqual({ heldBy: 'the prune sweep' });
    busy = null;
    gate.busyChanged();
    expect(calls).toEqual(['activate']);
    gate.controllerChanged();
    expect(calls).toEqual(['activate', 'reload']);
  });

  it('holds the reload when another tab made the new worker take over mid-run', () => {
    let busy: BusyReason = 'the serve bench';
    const { gate, calls, statuses } = gateWith(() => busy);
    gate.controllerChanged();
    expect(calls).toEqual([]);
    expect(statuses.at(-1)).toEqual({ heldBy: 'the serve bench' });
    // A run that starts after the worker was told to take over still holds the reload.
    busy = null;
    gate.busyChanged();
    expect(calls).toEqual(['reload']);
  });

  it('does nothing without an update, busy or not', () => {
    let busy: BusyReason = 'training';
    const { gate, calls, statuses } = gateWith(() => busy);
    gate.busyChanged();
    busy = null;
    gate.busyChanged();
    expect(calls).toEqual([]);
    expect(statuses).toEqual([]);
  });
});

describe('UpdateGate wired to a Lab', () => {
  function makeLab() {
    const dataset = tinyDataset();
    const lab = new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), checkpoints: new MemoryCheckpointStore(), loadShipped: async () => dataset });
    (lab.prune as unknown as { deps: { latency: typeof fakeLatency } }).deps.latency = fakeLatency;
    lab.updateSettings({ epochs: 2, trainSize: 8, batchSize: 4 });
    return lab;
  }

  it('an update that arrives during training waits for the run to finish, then applies once', async () => {
    const lab = makeLab();
    const activity = labActivity(lab);
    // Each step records the training phase it happened in.
    const calls: string[] = [];
    const statuses: (UpdateStatus | null)[] = [];
    const gate = new UpdateGate({
      activate: () => calls.push(`activate (${lab.store.state.training.phase})`),
      reload: () => calls.push(`reload (${lab.store.state.training.phase})`),
      busy: () => activity.busy(),
      onStatus: (st) => statuses.push(st),
    });
    activity.subscribe(() => gate.busyChanged());
    // The new worker finishes installing the moment the run starts.
    const off = lab.store.select((st) => st.training.phase, (phase) => {
      if (phase === 'starting') gate.waiting();
    });
    const end = await lab.train();
    off();
    expect(end.phase).toBe('finished');
    expect(statuses[0]).toEqual({ heldBy: 'training' });
    expect(calls).toEqual(['activate (finished)']);
    gate.controllerChanged();
    expect(calls).toEqual(['activate (finished)', 'reload (finished)']);
  });

  it('a reload needed during a prune sweep waits for the sweep', async () => {
    const lab = makeLab();
    await lab.train();
    const activity = labActivity(lab);
    const { gate, calls } = gateWith(() => activity.busy());
    activity.subscribe(() => gate.busyChanged());
    lab.prune.updateSettings({ levels: ['unstructured:0.5'], queries: 16 });
    const sweep = lab.prune.run();
    expect(activity.busy()).toBe('the prune sweep');
    gate.controllerChanged();
    expect(calls).toEqual([]);
    await sweep;
    expect(lab.prune.task.state.error).toBeNull();
    expect(calls).toEqual(['reload']);
  });
});
