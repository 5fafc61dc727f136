// The controllers wired as in the app, in Node, with a fake workbench port: models get ids,
// versions, unique names and lineage; serving during a run uses the finished model, never the
// weights being trained; measurements attach to (model, backend); a reload brings the selection back.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import { restartable } from '../workbench/restartable.ts';
import type { WorkbenchPort } from '../workbench/protocol.ts';
import { Lab } from './lab.ts';
import { FakeWorkbench, fakeLatency, MemoryCheckpointStore, MemoryRegistryStorage, tagOf, tinyDataset } from './test-fakes.ts';

function makeLab<P extends WorkbenchPort & { restart(): void } = FakeWorkbench>(storage = new MemoryRegistryStorage(), port: P = new FakeWorkbench() as unknown as P, checkpoints = new MemoryCheckpointStore(), watchdog?: { minSilentMs: number; factor: number; checkEveryMs: number }) {
  const dataset = tinyDataset();
  const lab = new Lab({ port, storage, checkpoints, loadShipped: async () => dataset, ...(watchdog ? { watchdog } : {}) });
  (lab.prune as unknown as { deps: { latency: typeof fakeLatency } }).deps.latency = fakeLatency;
  lab.updateSettings({ epochs: 2, trainSize: 8, batchSize: 4 });
  return { lab, port, storage, checkpoints };
}

describe('Lab with a fake workbench', () => {
  it('registers a finished run as version 1 of a new family, selects it, and names every model uniquely', async () => {
    const { lab } = makeLab();
    const first = await lab.train();
    expect(first.phase).toBe('finished');
    const a = lab.registry.get(first.modelId)!;
    expect(a).toMatchObject({ family: 1, version: 1, parentId: null, familyId: a.id, hasWeights: true, testAcc: 0.9, testCount: 6 });
    expect(a.origin.kind).toBe('trained');
    expect(a.dataset.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(lab.registry.state.selectedId).toBe(a.id);
    const second = await lab.train();
    const b = lab.registry.get(second.modelId)!;
    expect(b.family).toBe(2);
    // Same settings, same dataset: the names still differ.
    expect(b.name).not.toBe(a.name);
    expect(a.name).toMatch(/^model 1\.1 · wasm, 2 epochs × 8 images, seed 42$/);
  });

  it('prunes the selected model into child versions with lineage, and records the sweep as measurements', async () => {
    const { lab, port } = makeLab();
    const run = await lab.train();
    const dense = run.modelId!;
    lab.prune.updateSettings({ levels: ['structured:0.5', 'unstructured:0.9'], queries: 16 });
    const state = await lab.prune.run();
    expect(lab.prune.task.state.error).toBeNull();
    expect(state.phase).toBe('finished');
    const children = lab.registry.children(dense);
    expect(children.map((c) => c.version)).toEqual([2, 3]);
    expect(children.every((c) => c.familyId === dense && c.origin.kind === 'pruned' && c.hasWeights)).toBe(true);
    expect(children.map((c) => c.name)).toEqual(['model 1.2 · unstructured 90%, 3 fine-tune epochs', 'model 1.3 · structured 50% of filters, 3 fine-tune epochs']);
    expect(state.levels.map((l) => l.modelId)).toEqual(children.map((c) => c.id));
    // The worker already held the finished model: nothing was loaded back.
    expect(port.adopted).toEqual([]);
    // The dense model's sweep rounds are a measurement of the dense model itself.
    expect(lab.registry.measurementsOf(dense, 'wasm')).toMatchObject([{ kind: 'sweep', modelP50Ms: 1, count: 16 }]);
    expect(lab.registry.measurementsOf(children[1]!.id, 'wasm')).toMatchObject([{ kind: 'sweep', modelP50Ms: 3 }]);
    expect(lab.registry.measurementsOf(children[0]!.id, 'wasm')).toMatchObject([{ kind: 'sweep', modelP50Ms: 2 }]);
    // One run id for the sweep's measurements, each with its model-only p50 interval, so the Ledger may set them side by side.
    const swept = [dense, ...children.map((c) => c.id)].map((id) => lab.registry.measurementsOf(id, 'wasm')[0]!);
    expect(new Set(swept.map((m) => m.runId)).size).toBe(1);
    expect(swept[0]!.runId).toMatch(/^run-/);
    expect(swept.every((m) => m.modelP50LowMs !== undefined && m.modelP50HighMs !== undefined)).toBe(true);
    // Pruning a pruned model loads it into the worker first, and its children hang below it.
    lab.registry.select(children[0]!.id);
    lab.prune.updateSettings({ levels: ['unstructured:0.5'] });
    await lab.prune.run();
    expect(port.adopted).toEqual([100]);
    const grandchild = lab.registry.children(children[0]!.id)[0]!;
    expect(lab.registry.ancestry(grandchild.id).map((m) => m.version)).toEqual([1, 2, 4]);
  });

  it('during a second run, serving and pruning act on the last finished model, never on the weights being trained', async () => {
    const { lab, port } = makeLab();
    const first = await lab.train();
    port.hold();
    const second = lab.train();
    await port.started;
    // The worker now holds half-trained weights (tag 2.5); an export from it would be them.
    expect(tagOf(await port.exportModel())).toBe(2.5);
    expect(lab.busy).toBe(true);
    expect(lab.registry.state.selectedId).toBe(first.modelId);
    const { entry, artifacts } = await lab.serve.deployable();
    expect(entry.id).toBe(first.modelId);
    expect(tagOf(artifacts)).toBe(1);
    const pruned = await lab.prune.run();
    expect(lab.prune.task.state.error).toMatch(/Training is running.*model 1\.1/);
    expect(pruned.levels).toEqual([]);
    port.release();
    const done = await second;
    expect(lab.registry.state.selectedId).toBe(done.modelId);
    expect(tagOf((await lab.serve.deployable()).artifacts)).toBe(2);
  });

  it('keeps results per model: switching models never shows another model’s prune sweep', async () => {
    const { lab } = makeLab();
    const a = (await lab.train()).modelId!;
    lab.prune.updateSettings({ levels: ['structured:0.5'], queries: 16 });
    await lab.prune.run();
    expect(lab.prune.showsSelected).toBe(true);
    const b = (await lab.train()).modelId!;
    expect(lab.registry.state.selectedId).toBe(b);
    expect(lab.prune.showsSelected).toBe(false);
    lab.registry.select(a);
    expect(lab.prune.showsSelected).toBe(true);
    expect(lab.serve.results.result).toBeNull();
  });

  it('after a reload the last selected model is selected again and deployable without training', async () => {
    const storage = new MemoryRegistryStorage();
    const before = makeLab(storage);
    const run = await before.lab.train();
    await before.lab.prune.run();
    await before.lab.registry.flushed();
    const { lab, port } = makeLab(storage);
    await lab.startStorage();
    expect(lab.registry.state.selectedId).toBe(run.modelId);
    expect(lab.registry.selected?.source).toBe('saved');
    expect(lab.registry.models).toHaveLength(before.lab.registry.models.length);
    const { artifacts } = await lab.serve.deployable();
    expect(tagOf(artifacts)).toBe(1);
    // Pruning it loads it into the (fresh) worker from the stored weights.
    lab.prune.updateSettings({ levels: ['structured:0.5'], queries: 16 });
    await lab.prune.run();
    expect(port.adopted).toEqual([1]);
    expect(lab.registry.measurementsOf(run.modelId!, 'wasm')).toHaveLength(2);
    // Both sweeps' rounds of the dense model are one Ledger row: one model, one backend, two measurements.
    const rows = lab.ledger.rows().filter((r) => r.modelId === run.modelId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serveBackend: 'wasm', modelP50Ms: 1, measured: { count: 2 } });
    // Each sweep made its own pruned version: one row each.
    const pruned = lab.ledger.rows().filter((r) => r.kind === 'pruned').map((r) => r.modelName);
    expect(pruned).toHaveLength(7 + 1);
    expect(new Set(pruned).size).toBe(pruned.length);
    expect(pruned.at(-1)).toBe('model 1.9 · structured 50% of filters, 3 fine-tune epochs');
  });

  it('keeps a run whose backend was lost as a model, and the resumed run as its child', async () => {
    const { lab, port } = makeLab();
    port.loseNext = true;
    const lost = await lab.train();
    expect(lost).toMatchObject({ phase: 'finished', end: 'backend-lost' });
    const kept = lab.registry.get(lost.modelId)!;
    expect(kept.name).toMatch(/^model 1\.1 · .*\(kept after a lost backend\)$/);
    expect(lab.registry.state.selectedId).toBe(kept.id);
    const resumed = await lab.resumeOn('wasm');
    expect(resumed.end).toBe('completed');
    expect(lab.registry.ancestry(resumed.modelId!).map((m) => m.version)).toEqual([1, 2]);
  });

  it('keeps a layer profile as a measurement of the model profiled, outside the Ledger’s per-query figures', async () => {
    const { lab } = makeLab();
    const id = (await lab.train()).modelId!;
    await lab.inside.profile(8);
    expect(lab.inside.profiler.state.error).toBeNull();
    expect(lab.registry.measurementsOf(id)).toMatchObject([{ kind: 'profile', backend: 'wasm', count: 5, profile: { batchSize: 8, wholeMs: 10 } }]);
    expect(lab.ledger.rows().filter((r) => r.modelId === id)).toMatchObject([{ measured: { count: 0 } }]);
  });

  it('a run cut off by a reload resumes from its last checkpoint, and its checkpoint goes once the run ends', async () => {
    const before = makeLab();
    before.lab.updateSettings({ epochs: 4 });
    before.port.dieAfterEpoch = 2;
    void before.lab.train();
    await expect.poll(() => before.checkpoints.stored?.epoch).toBe(2);
    // The tab reloads: a new page over the same storage offers the run.
    const { lab, port, checkpoints } = makeLab(before.storage, new FakeWorkbench(), before.checkpoints);
    await lab.startStorage();
    expect(lab.store.state.interrupted).toMatchObject({ epoch: 2, epochs: 4, datasetName: 'tiny', refused: null });
    const done = await lab.training.resumeInterrupted();
    expect(port.resumedFrom?.epoch).toBe(2);
    expect(done).toMatchObject({ phase: 'finished', end: 'completed' });
    expect(done.records.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(lab.registry.get(done.modelId)?.origin).toMatchObject({ kind: 'trained', settings: { epochs: 4 } });
    expect(checkpoints.stored).toBeNull();
    expect(lab.store.state.interrupted).toBeNull();
  });

  it('catches a worker that stops answering: waiting watches again; stopping restarts it and offers the last checkpoint', async () => {
    const fake = new FakeWorkbench();
    const handle = restartable(() => ({ port: fake, terminate: () => fake.restart() }));
    const { lab } = makeLab(undefined, Object.assign(handle.port, { restart: () => handle.restart() }), undefined, { minSilentMs: 40, factor: 10, checkEveryMs: 10 });
    lab.updateSettings({ epochs: 3 });
    fake.dieAfterEpoch = 1;
    const run = lab.train();
    await expect.poll(() => lab.store.state.training.stalled).not.toBeNull();
    expect(lab.store.state.training.stalled!.silentMs).toBeGreaterThan(40);
    lab.training.keepWaiting();
    expect(lab.store.state.training.stalled).toBeNull();
    await expect.poll(() => lab.store.state.training.stalled).not.toBeNull();
    await lab.training.abandonHungWorker();
    const ended = await run;
    expect(ended.phase).toBe('failed');
    expect(ended.error).toMatch(/stopped answering and was restarted/);
    expect(fake.restarts).toBe(1);
    expect(lab.store.state.interrupted).toMatchObject({ epoch: 1, epochs: 3 });
    // The fresh worker was handed the dataset again, and the run goes on from its checkpoint.
    expect(fake.calls.filter((c) => c === 'setDataset')).toHaveLength(2);
    const resumed = await lab.training.resumeInterrupted();
    expect(resumed.records.map((r) => r.epoch)).toEqual([1, 2, 3]);
  });

  it('refuses a checkpoint of another dataset by name, keeps it, and can discard it', async () => {
    const { lab, checkpoints, port } = makeLab();
    port.dieAfterEpoch = 1;
    void lab.train();
    await expect.poll(() => checkpoints.stored?.epoch).toBe(1);
    checkpoints.stored = { ...checkpoints.stored!, dataset: { ...checkpoints.stored!.dataset, name: 'pets', hash: 'f'.repeat(64) } };
    const again = makeLab(new MemoryRegistryStorage(), new FakeWorkbench(), checkpoints);
    await again.lab.startStorage();
    await expect(again.lab.training.resumeInterrupted()).rejects.toThrow(/trained on "pets".*dataset in use is "tiny"/);
    expect(again.lab.store.state.interrupted?.refused).toMatch(/pets/);
    expect(checkpoints.stored).not.toBeNull();
    expect(again.lab.registry.models).toHaveLength(0);
    await again.lab.training.discardInterrupted();
    expect(checkpoints.stored).toBeNull();
    expect(again.lab.store.state.interrupted).toBeNull();
  });

  it('refuses a nonsense setting by name and keeps the registry as it was', async () => {
    const { lab } = makeLab();
    await lab.train();
    const models = lab.registry.models.length;
    lab.updateSettings({ epochs: 'lots' });
    expect(lab.store.state.settingErrors.epochs).toMatch(/Epochs/);
    await expect(lab.train()).rejects.toThrow(/Epochs/);
    expect(lab.registry.models).toHaveLength(models);
    expect(lab.store.state.settings.epochs).toBe(2);
    expect(DEFAULT_SETTINGS.epochs).toBe(8);
  });
});

describe('ModelRegistry.addFromReport', () => {
  it('keeps names unique within one import, not only against models already there', async () => {
    const { lab } = makeLab();
    const a = lab.registry.get((await lab.train()).modelId)!;
    const twin = (id: string) => ({ ...a, id, name: 'sweep.json: structured 50%' });
    expect(lab.registry.addFromReport({ models: [twin('x1'), twin('x2')], measurements: [] })).toBe(2);
    expect(lab.registry.models.map((m) => m.name).slice(1)).toEqual(['sweep.json: structured 50%', 'sweep.json: structured 50% (2)']);
  });
});
