// The Train view's Start waits while a Levers job holds the training worker: the reason as plain
// state (job named, or the task while it is still reading its inputs), and Lab.train() refusing
// with it (the keyboard shortcut's path), wired as in the app with a fake workbench.
import { describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { leversHoldReason, type LeversJob } from './levers-state.ts';
import { IDLE_TASK } from './task-runner.ts';
import { FakeWorkbench, MemoryCheckpointStore, MemoryRegistryStorage, tinyDataset } from './test-fakes.ts';

const job: LeversJob = { kind: 'sweep', step: 'width 8, depth 2', run: 2, runs: 3, epoch: 1, epochs: 2, batch: 3, batches: 8 };

describe('leversHoldReason', () => {
  it('is null unless a job runs, and names the job, its run and what to do', () => {
    expect(leversHoldReason(IDLE_TASK, null)).toBeNull();
    expect(leversHoldReason({ status: 'error', task: null, stopping: false }, job)).toBeNull();
    expect(leversHoldReason({ status: 'running', task: 'Model-size sweep', stopping: false }, job)).toBe(
      'Start waits: the Levers size sweep (width 8, depth 2, run 2 of 3) is using the training worker, which trains one model at a time. It ends by itself, or press Stop in the Levers section.',
    );
    // Before its first run starts (reading the dataset, the teacher's weights), the task's name.
    expect(leversHoldReason({ status: 'running', task: 'Distillation', stopping: false }, null)).toMatch(/^Start waits: the Levers distillation is using the training worker/);
    expect(leversHoldReason({ status: 'running', task: 'Distillation', stopping: true }, { ...job, kind: 'distill', step: 'distilled student', run: 1, runs: 2 })).toBe('Start waits: the Levers distillation (distilled student, run 1 of 2) is stopping after its current batch.');
  });
});

describe('Lab.train while a Levers job runs', () => {
  it('refuses with the reason, without reaching the worker, and starts again once the job ends', async () => {
    const port = new FakeWorkbench();
    const dataset = tinyDataset();
    const lab = new Lab({ port, storage: new MemoryRegistryStorage(), checkpoints: new MemoryCheckpointStore(), loadShipped: async () => dataset });
    lab.updateSettings({ epochs: 2, trainSize: 8, batchSize: 4, width: 16, depth: 3 });
    await lab.train();
    expect(lab.levers.holdReason()).toBeNull();
    port.hold();
    const distilling = lab.levers.distill();
    await port.started;
    const reason = lab.levers.holdReason();
    expect(reason).toMatch(/^Start waits: the Levers distillation \(distilled student, run 1 of 2\) is using the training worker/);
    const models = lab.registry.models.length;
    await expect(lab.train()).rejects.toThrow(reason!);
    // The worker never saw a second run: the Train view's state is the finished teacher's.
    expect(lab.store.state.training.phase).toBe('finished');
    port.release();
    expect(await distilling).not.toBeNull();
    expect(lab.levers.holdReason()).toBeNull();
    expect(lab.registry.models.length).toBe(models + 2);
    expect((await lab.train()).phase).toBe('finished');
  });
});
