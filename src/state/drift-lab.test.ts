// The Drift view's controller with a fake training worker, server and drawer: it refuses to start
// without a model or while training runs, names a bad setting and keeps the old one, retrains
// through the worker into a registry version whose parent is the replaced model, and hands the
// report's lifecycle section over and back.
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/image-set.ts';
import type { DriftDrawer } from '../data/drift-draw-client.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import { streamStatus } from '../drift/stream-status.ts';
import { DriftLab, type DriftServer } from './drift-lab.ts';
import { ModelRegistry } from './model-registry.ts';
import { FakeWorkbench, taggedArtifacts, tagOf, tinyDataset } from './test-fakes.ts';

/** A decoder that reads a file's single byte as the brightness of a 4 x 4 image ("bad" files fail by name). */
const fakeDecode = async (files: { name: string; blob: Blob }[], size: number) =>
  Promise.all(files.map(async (f) => {
    if (f.name.includes('bad')) return { ok: false as const, name: f.name, reason: 'a text file, not an image', action: 'skipped' as const };
    const v = new Uint8Array(await f.blob.arrayBuffer())[0] ?? 0;
    return { ok: true as const, name: f.name, rgb: new Uint8Array(size * size * 3).fill(v), hash: f.name, format: 'png' as const, width: size, height: size };
  }));

const file = (path: string, v = 30) => ({ path, blob: new Blob([Uint8Array.of(v)]) });

function setup(opts: { training?: boolean; onDraw?: (day: number) => void } = {}) {
  const registry = new ModelRegistry(null, null);
  const port = new FakeWorkbench();
  const deployed: number[] = [];
  const server: DriftServer = {
    deploy: async (artifacts) => {
      deployed.push(tagOf(artifacts));
      return { backend: 'wasm', loadMs: 5, warmMs: 0, capabilities: { available: true }, shape: { height: 4, width: 4, channels: 3, numClasses: 2 }, flopsPerQuery: 100, numTensors: 4 } as never;
    },
    // The base model answers "cat" always; a retrained one answers right.
    query: async () => ({ ok: true, probs: deployed.at(-1) === BASE_TAG ? [0.9, 0.1] : [0.2, 0.8], modelMs: 1, preprocessMs: 0, e2eMs: 2 }),
    terminate: () => undefined,
  };
  const drawer: DriftDrawer = {
    drawDay: async (scenario, day, count) => {
      opts.onDraw?.(day);
      const n = count ?? scenario.queriesPerDay;
      // Every image a dog: the base model is wrong on all of them, a retrained one right.
      const set: ImageSet = { pixels: new Uint8Array(n * 4 * 4 * 3).fill(day * 20), labels: new Uint8Array(n).fill(1), count: n, height: 4, width: 4, ids: [] };
      return { ...set, drawMs: 1 };
    },
    terminate: () => undefined,
  };
  const lab = new DriftLab({ registry, port, dataset: async () => tinyDataset(), settings: () => DEFAULT_SETTINGS, training: () => opts.training ?? false, spawnServer: () => server, spawnDrawer: () => drawer, yieldNow: async () => undefined,
    decode: fakeDecode,
    openCamera: async () => ({ grab: async () => new Blob([Uint8Array.of(200)]), close: () => undefined }) });
  return { lab, registry, port, deployed };
}

/** The base model's weights tag (the fake worker's own tags count from 1). */
const BASE_TAG = 99;

function addBase(registry: ModelRegistry, tag = BASE_TAG) {
  const base = registry.add({ label: 'base', parentId: null, origin: { kind: 'trained', settings: DEFAULT_SETTINGS, end: 'completed', trainBackend: 'wasm', epochs: [] }, dataset: { name: 'tiny', hash: '', counts: { train: 8, val: 4, test: 6, classes: 2 } }, testAcc: 0.5, testCount: 6, valAcc: null, params: 1, weightBytes: 4, flopsPerQuery: 100, inputSize: 4, numClasses: 2 }, taggedArtifacts(tag));
  registry.select(base.id);
  return base;
}

describe('DriftLab', () => {
  it('refuses to start without a model, or while a training run holds the worker', async () => {
    const { lab, registry } = setup();
    expect(await lab.run()).toBeNull();
    expect(lab.task.state.error).toMatch(/Select a trained model/);
    const busy = setup({ training: true });
    addBase(busy.registry);
    expect(await busy.lab.run()).toBeNull();
    expect(busy.lab.task.state.error).toMatch(/training run holds the training worker/);
    void registry;
  });

  it('holds out one label for validation even on a day of fewer than ten', async () => {
    const { lab, registry, port } = setup();
    addBase(registry);
    lab.configure({ scenario: { ...lab.state.scenario, days: 3, queriesPerDay: 10 }, policies: [{ kind: 'every', days: 1, from: 'fine-tune' }], fineTuneEpochs: 1 });
    await lab.run();
    expect(lab.task.state.error).toBeNull();
    // 6 labels on day 1: 5 learned from, 1 validates.
    expect(port.retrained).toEqual([{ start: BASE_TAG, labelled: 5, held: 200 }]);
  });

  it("refuses a folder whose classes are not the model's by name, and keeps the own day it had", async () => {
    const { lab } = setup();
    expect(await lab.useOwnFolder([file('later/dog/1.png'), file('later/Cat/2.png'), file('later/cat/bad.txt')])).toBeNull();
    const kept = lab.state.own!;
    expect(kept.name).toBe('your folder "later"');
    expect(kept.images.count).toBe(2);
    expect(lab.state.ownMessage).toMatchObject({ kind: 'warn' });
    expect(lab.state.ownMessage!.text).toMatch(/1 file left out \(later\/cat\/bad.txt: a text file, not an image\)/);
    const problem = await lab.useOwnFolder([file('zoo/bird/1.png'), file('zoo/dog/2.png')]);
    expect(problem).toMatch(/class "bird" is not among the model's classes \("cat", "dog"\)/);
    expect(lab.state.ownMessage).toMatchObject({ kind: 'error' });
    expect(lab.state.own).toBe(kept);
    expect(await lab.useOwnFolder([file('loose.png')])).toMatch(/no images inside class folders/);
    expect(lab.state.own).toBe(kept);
    expect(lab.placeOwn({ mode: 'from', day: 0 })).toMatch(/day 0 is the training distribution/);
    expect(lab.state.own).toBe(kept);
  });

  it('serves an appended folder day with its labels mapped to the model, and a webcam day with none', async () => {
    const { lab, registry } = setup();
    addBase(registry);
    expect(lab.configure({ scenario: { ...lab.state.scenario, days: 2, queriesPerDay: 10 }, policies: [{ kind: 'never' }], floorFromDay: 1 })).toBeNull();
    // "cat" is class 0 for the model; the folder lists dog first.
    await lab.useOwnFolder([file('later/dog/1.png', 10), file('later/dog/2.png', 10), file('later/cat/3.png', 10)]);
    const record = await lab.run();
    expect(lab.task.state.error).toBeNull();
    const days = record!.runs[0]!.days;
    expect(days).toHaveLength(3);
    expect(days[2]).toMatchObject({ source: 'your folder "later"', queries: 3, labelled: 2 });
    // The fake base model answers "cat" always: right only on the one cat.
    expect(days[2]!.correct).toBe(1);
    expect(lab.state.samples.at(-1)).toMatchObject({ day: 2, own: { classNames: ['cat', 'dog'] } });

    expect(await lab.useWebcam(3)).toBeNull();
    expect(lab.placeOwn({ mode: 'from', day: 1 })).toBeNull();
    const webcam = (await lab.run())!.runs[0]!.days;
    expect(webcam).toHaveLength(2);
    expect(webcam[1]).toMatchObject({ source: 'webcam', queries: 3, labelled: 0 });
    expect(webcam[1]!.monitoredAcc).toBeNaN();
    expect(lab.state.samples.at(-1)!.own).toEqual({ classNames: null });
  });

  it('takes settings from a link, naming each refused one, and keeps the own images where the link puts them', async () => {
    const { lab } = setup();
    await lab.useOwnFolder([file('later/dog/1.png')]);
    const errors = lab.updateSettings({ scenario: 'prior', days: '4', own: 'from:2', seed: 'x' });
    expect(errors).toEqual({ seed: expect.stringMatching(/got "x"; kept 7/) });
    expect(lab.state.scenarioName).toBe('prior');
    expect(lab.state.scenario.shifts.map((s) => s.kind)).toEqual(['prior']);
    expect(lab.state.scenario.days).toBe(4);
    expect(lab.state.own!.placement).toEqual({ mode: 'from', day: 2 });
    expect(lab.state.ownPlacement).toEqual({ mode: 'from', day: 2 });
  });

  it('names a bad setting and keeps the one it had', () => {
    const { lab } = setup();
    const before = lab.state.scenario;
    expect(lab.configure({ scenario: { ...before, queriesPerDay: 3 } })).toMatch(/Queries per day/);
    expect(lab.state.scenario).toBe(before);
    expect(lab.configure({ policies: [{ kind: 'every', days: 0, from: 'fine-tune' }] })).toMatch(/at least 1/);
    expect(lab.configure({ energy: { watts: -1, pue: 1 } })).toBe('Device power must be above 0 and below 10,000 W, got -1 W.');
    expect(lab.configure({ energy: { watts: 3, pue: 5 } })).toBe('The PUE must be from 1 to 3, got 5.');
    expect(lab.configure({ trafficPerDay: 500 })).toBeNull();
    expect(lab.state.configError).toBeNull();
  });

  it('retrains through the worker into a child version, redeploys it, and round-trips the report section', async () => {
    const { lab, registry, port, deployed } = setup();
    const base = addBase(registry);
    lab.configure({ scenario: { ...lab.state.scenario, days: 4, queriesPerDay: 20 }, policies: [{ kind: 'never' }, { kind: 'triggered', accDropPoints: 5, signalAbove: 0.25, from: 'fine-tune' }], fineTuneEpochs: 2 });
    const record = await lab.run();
    expect(lab.task.state.error).toBeNull();
    const [never, triggered] = record!.runs;
    expect(never!.retrains).toEqual([]);
    // Day 0 itself is all wrong, so only the signal (brightness moves from day 1) can fire: at the end of day 1.
    expect(triggered!.retrains[0]!.day).toBe(1);
    expect(port.retrained[0]).toMatchObject({ start: BASE_TAG, held: 200 });
    // Day 1's 12 labels (60% of 20), less every tenth for validation.
    expect(port.retrained[0]!.labelled).toBe(11);
    const child = registry.get(triggered!.retrains[0]!.modelId)!;
    expect(child.parentId).toBe(base.id);
    expect(child.origin.kind === 'trained' && child.origin.retrain).toMatchObject({ day: 1, from: 'fine-tune' });
    expect(child.origin.kind === 'trained' && child.origin.settings.epochs).toBe(2);
    expect(triggered!.days[2]!.monitoredAcc).toBe(1);
    expect(deployed.slice(0, 2)).toEqual([BASE_TAG, BASE_TAG]);
    // The brightness keeps moving in this world, so the signal may fire again; each retraining is deployed the next morning.
    expect(triggered!.deploys.map((d) => d.modelId).slice(0, 2)).toEqual([base.id, child.id]);
    expect(triggered!.deploys).toHaveLength(triggered!.retrains.length + 1);
    expect(tagOf(await registry.artifacts(child.id))).not.toBeNaN();
    expect(lab.state.samples).toHaveLength(4);

    const report = lab.reportRecords();
    expect(report.lifecycle).toHaveLength(1);
    const other = setup().lab;
    other.importReport({ lifecycle: report.lifecycle });
    expect(other.records()).toHaveLength(1);
    other.importReport({});
    expect(other.records()).toHaveLength(1);
  });

  it('stops a retraining in the worker: no version, not counted, the stream ends saying so, and nothing run before is lost', async () => {
    const { lab, registry, port, deployed } = setup();
    const base = addBase(registry);
    lab.configure({ scenario: { ...lab.state.scenario, days: 5, queriesPerDay: 20 }, policies: [{ kind: 'every', days: 1, from: 'fine-tune' }, { kind: 'never' }], fineTuneEpochs: 3 });
    // Day 1's retraining runs through; day 2's is held after its first epoch.
    port.holdRetrain(1);
    const running = lab.run();
    await port.retrainStarted;
    const models = registry.models.map((m) => m.id);
    expect(lab.state.progress!.what).toMatch(/retraining \(fine-tune\) after day 2: epoch 1\/3 done/);
    lab.stop();
    expect(lab.state.progress!.what).toBe('stopping the retraining after its batch in progress');
    const record = await running;
    expect(lab.task.state).toMatchObject({ status: 'done', error: null, stopping: false });
    // The second policy never started.
    expect(record!.runs).toHaveLength(1);
    const run = record!.runs[0]!;
    expect(run.stopped).toBe(true);
    expect(run.stoppedRetraining).toEqual({ day: 2, from: 'fine-tune', epochsDone: 1, epochs: 3, trainMs: 1000 });
    // Day 1's retraining is kept and counted; day 2's is neither, and made no version.
    expect(run.retrains.map((r) => r.day)).toEqual([1]);
    expect(run.summary.retrainings).toBe(1);
    expect(run.totals.retrainMs).toBe(run.retrains[0]!.trainMs);
    expect(run.totals.busyMs).toBeCloseTo(run.totals.initialTrainMs + run.totals.retrainMs + run.totals.deployMs + run.totals.servingMs, 6);
    expect(registry.models.map((m) => m.id)).toEqual(models);
    expect(registry.get(base.id)).toBeDefined();
    expect(registry.get(run.retrains[0]!.modelId)!.parentId).toBe(base.id);
    // Days 0 to 2 were served and stay; no redeploy after the stopped retraining.
    expect(run.days.map((d) => d.day)).toEqual([0, 1, 2]);
    expect(run.deploys.map((d) => d.day)).toEqual([0, 2]);
    expect(deployed).toHaveLength(2);
    expect(streamStatus(record!)).toBe(`Stopped during day 2's retraining under "every day (fine-tune)" (1 of 3 epochs had finished, 1.00 s measured): it made no version and is not counted in the table. Kept: days 0 to 2 as served, and the retraining (a new version in the Models view). Not run: "never".`);
    // The Ledger and the report get the stopped comparison as it stands.
    expect(lab.records()[0]).toBe(lab.state.result);
    expect(lab.reportRecords().lifecycle![0]!.runs[0]!.stoppedRetraining!.day).toBe(2);
  });

  it('does not start the retraining a day called for when Stop came while that day was served', async () => {
    let lab: DriftLab | null = null;
    const made = setup({ onDraw: (day) => day === 1 && lab!.stop() });
    lab = made.lab;
    addBase(made.registry);
    lab.configure({ scenario: { ...lab.state.scenario, days: 4, queriesPerDay: 20 }, policies: [{ kind: 'every', days: 1, from: 'scratch' }], fineTuneEpochs: 2 });
    const record = await lab.run();
    expect(made.port.retrained).toEqual([]);
    const run = record!.runs[0]!;
    expect(run.days.map((d) => d.day)).toEqual([0, 1]);
    expect(run.retrains).toEqual([]);
    expect(run.stoppedRetraining).toMatchObject({ day: 1, from: 'scratch', epochsDone: 0, trainMs: 0 });
    expect(streamStatus(record!)).toMatch(/^Stopped during day 1's retraining under "every day \(scratch\)" \(none of its \d+ epochs had finished\)/);
  });
});
