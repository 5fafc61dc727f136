// The registry against the browser's real IndexedDB: a round trip through a reload (a new registry
// on the same database), the migration of a database written exactly as the first version wrote
// it, and storage failures that leave the registry working in memory.
import { afterAll, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { EpochRecord, PruneDenseRecord, PruneRecord, ServeRecord } from '../metrics/report.ts';
import type { V1RunEntry, V1SavedModelMeta } from '../registry/migrate-v1.ts';
import type { ModelEntry, ModelOrigin } from '../registry/records.ts';
import type { TrainSettings } from '../train/settings.ts';
import { ModelRegistry, type ModelDraft } from './model-registry.ts';
import { IdbRegistryStorage, storageEstimate, storageMessage } from './registry-db.ts';

const used: string[] = [];
const dbName = (what: string): string => {
  const name = `test-registry-${what}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  used.push(name);
  return name;
};
afterAll(async () => {
  for (const name of used) await deleteDB(name);
});

/** A tiny but valid Layers model: one dense layer, a 2x2 kernel and 2 biases (24 bytes). */
function artifacts(first = 1): SerializedModel {
  return {
    modelTopology: { class_name: 'Sequential', config: { name: 's', layers: [] } },
    weightSpecs: [
      { name: 'dense/kernel', shape: [2, 2], dtype: 'float32' },
      { name: 'dense/bias', shape: [2], dtype: 'float32' },
    ],
    weightData: new Float32Array([first, 2, 3, 4, 5, 6]).buffer,
  };
}
const floats = (a: SerializedModel) => Array.from(new Float32Array(a.weightData));

const SETTINGS: TrainSettings = { backend: 'wasm', epochs: 2, batchSize: 32, learningRate: 0.001, width: 16, depth: 3, trainSize: 512, seed: 42, patience: 0, dropout: 0 };
const DATASET = { name: 'shipped', hash: 'ab12', counts: { train: 512, val: 100, test: 200, classes: 2 } };

const epoch = (n: number, wallMs: number): EpochRecord => ({
  epoch: n, wallMs, samplesPerSec: 100, kernelCount: 300, kernelHistogram: { Conv2D: 6 }, kernelCountMethod: 'counted', trainFlops: 1e9, gflops: 10,
  loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 20, numBytes: 1000, instrumentationMs: 1, batches: 16, valMs: 40,
});
const serve = (p50Ms: number): ServeRecord => ({
  model: 'm', backend: 'wasm', coldMs: 50, count: 200, meanMs: p50Ms, minMs: p50Ms / 2, p50Ms, p90Ms: p50Ms * 2, p99Ms: p50Ms * 3, maxMs: 20,
  modelP50Ms: p50Ms / 2, throughput: [{ batchSize: 1, imagesPerSec: 400, msPerImage: 2.5 }], testAcc: 0.8, flopsPerQuery: 5e6, numTensorsLeaked: 0,
});
const LEVEL: PruneRecord = { method: 'structured', sparsity: 0.5, testAcc: 0.78, p50Ms: 1.1, modelP50Ms: 0.6, weightBytes: 12, gzipBytes: 10, nonzeroParams: 3, flopsPerQuery: 2e6, fineTuneMs: 3000 };

function draft(label: string, origin: ModelOrigin, parentId: string | null = null): ModelDraft {
  return { label, parentId, origin, dataset: DATASET, testAcc: 0.8, testCount: 200, valAcc: 0.75, params: 6, weightBytes: 24, flopsPerQuery: 5e6, inputSize: 64, numClasses: 2 };
}
const trainedOrigin: ModelOrigin = { kind: 'trained', settings: SETTINGS, end: 'completed', trainBackend: 'wasm', epochs: [epoch(1, 1000), epoch(2, 900)] };
const prunedOrigin: ModelOrigin = { kind: 'pruned', method: 'structured', sparsity: 0.5, schedule: 'gradual', scope: 'global', fineTuneEpochs: 3, record: LEVEL };

const sortById = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));

async function reopened(name: string): Promise<ModelRegistry> {
  const registry = new ModelRegistry(new IdbRegistryStorage(name));
  await registry.restore();
  return registry;
}

describe('IdbRegistryStorage', () => {
  it('keeps models, weights, measurements and the selection across a reload', async () => {
    const name = dbName('roundtrip');
    const storage = new IdbRegistryStorage(name);
    const registry = new ModelRegistry(storage);
    await registry.restore();
    expect(registry.state).toMatchObject({ restored: true, storageError: null, models: [] });
    const dense = registry.add(draft('wasm, 2 epochs, seed 42', trainedOrigin), artifacts(1));
    const child = registry.add(draft('structured 50% of filters', prunedOrigin, dense.id), artifacts(9));
    registry.measure({ modelId: dense.id, backend: 'wasm', kind: 'serve', count: 200, p50Ms: 2.5, modelP50Ms: 1.2, testAcc: 0.8, serve: serve(2.5) });
    // A figure not measured stays NaN through storage.
    registry.measure({ modelId: child.id, backend: 'wasm', kind: 'sweep', count: 256, p50Ms: 1.1, modelP50Ms: 0.6, testAcc: Number.NaN });
    registry.select(child.id);
    await registry.flushed();
    expect(registry.state.storageError).toBeNull();
    await storage.close();

    const again = await reopened(name);
    expect(again.state.storageError).toBeNull();
    expect(again.models).toEqual(registry.models.map((m) => ({ ...m, source: 'saved' })));
    expect(sortById(again.measurements)).toEqual(sortById(registry.measurements));
    expect(again.measurementsOf(child.id)[0]!.testAcc).toBeNaN();
    expect(again.selected?.id).toBe(child.id);
    expect(again.ancestry(child.id).map((m) => m.id)).toEqual([dense.id, child.id]);
    expect(floats(await again.artifacts(dense.id))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(floats(await again.artifacts(child.id))).toEqual([9, 2, 3, 4, 5, 6]);

    // A rename and a deletion outlive the tab too; a deletion takes the weights and the measurements.
    again.rename(child.id, 'the small one');
    again.remove(dense.id);
    await again.flushed();
    expect(again.state.storageError).toBeNull();
    const third = await reopened(name);
    expect(third.models.map((m) => [m.id, m.name])).toEqual([[child.id, 'the small one']]);
    expect(third.measurements.map((m) => m.modelId)).toEqual([child.id]);
    await expect(new IdbRegistryStorage(name).loadWeights(dense.id)).rejects.toThrow(`Could not load the model's weights: no weights are stored for model "${dense.id}"`);
  });

  it('refuses weights that do not match their specs, and stores nothing of that model', async () => {
    const name = dbName('refuse');
    const storage = new IdbRegistryStorage(name);
    const entry = { ...draft('x', trainedOrigin), id: 'bad', familyId: 'bad', family: 1, version: 1, name: 'model 1.1 · x', createdAt: new Date().toISOString(), source: 'session', hasWeights: true } as ModelEntry;
    await expect(storage.putModel(entry, { ...artifacts(), weightData: new ArrayBuffer(8) })).rejects.toThrow(
      'Could not save "model 1.1 · x": Weights truncated: weightData holds 8 bytes but the 2 weight specs need 24 bytes.',
    );
    expect((await storage.loadAll()).models).toEqual([]);
    await storage.close();
  });

  it('names full and blocked storage in its messages, and gives the storage estimate', async () => {
    expect(storageMessage(new DOMException('full', 'QuotaExceededError'), 'save "m"')).toBe('Could not save "m": browser storage is full. Delete saved models (or free space for this site) and try again.');
    expect(storageMessage(new DOMException('no', 'SecurityError'), 'open the saved models')).toContain('private browsing or storage disabled');
    const estimate = await storageEstimate();
    expect(estimate?.quotaBytes).toBeGreaterThan(0);
    expect(estimate?.usageBytes).toBeGreaterThanOrEqual(0);
  });
});

describe('migration from the database the first version wrote', () => {
  const savedAt = '2025-03-01T10:05:00.000Z';
  const trained: V1SavedModelMeta = {
    id: 'T-uuid', name: 'wasm · 2 epochs · seed 42', kind: 'trained', dataset: 'shipped', settings: SETTINGS, valAcc: 0.75, testAcc: 0.81,
    records: [epoch(1, 1000.5), epoch(2, 901.25)], note: 'completed run of 512 images', savedAt, weightBytes: 24, params: 6, inputSize: 64, numClasses: 2,
  };
  const prunedMeta: V1SavedModelMeta = {
    ...trained, id: 'P-uuid', name: 'pruned · structured 50%', kind: 'pruned', valAcc: null, testAcc: 0.78, records: [], note: 'structured 50%', savedAt: '2025-03-01T10:20:00.000Z', weightBytes: 12, params: 3,
  };
  const dense: PruneDenseRecord = { testAcc: 0.8, p50Ms: 2, modelP50Ms: 1.2, weightBytes: 24, gzipBytes: 20, nonzeroParams: 6, params: 6, flopsPerQuery: 5e6 };
  const run: V1RunEntry = {
    id: 'run-lx1-0', date: '2025-03-01T10:00:00.000Z', label: 'Run 1: wasm, 2 epochs × 512 images', source: 'session', settings: { ...SETTINGS },
    dataset: { name: 'shipped', counts: { train: 512, val: 100, test: 200, classes: 2 } },
    run: { backend: 'wasm', train: { epochs: [epoch(1, 1000.5), epoch(2, 901.25)] }, serve: [serve(2.5), serve(2.25)], prune: [LEVEL], pruneDense: dense },
  };

  /** Writes the database as the first version's ModelLibrary did: version 1, stores models, weights, runs. */
  async function writeV1(name: string, runs: unknown[] = [run]): Promise<void> {
    const db = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('models', { keyPath: 'id' });
        db.createObjectStore('weights', { keyPath: 'id' });
        db.createObjectStore('runs', { keyPath: 'id' });
      },
    });
    const tx = db.transaction(['models', 'weights', 'runs'], 'readwrite');
    await Promise.all([
      tx.objectStore('models').put(trained),
      tx.objectStore('weights').put({ id: trained.id, artifacts: artifacts(1) }),
      tx.objectStore('models').put(prunedMeta),
      tx.objectStore('weights').put({ id: prunedMeta.id, artifacts: { ...artifacts(), weightSpecs: [{ name: 'dense/kernel', shape: [3], dtype: 'float32' }], weightData: new Float32Array([7, 8, 9]).buffer } }),
      ...runs.map((r) => tx.objectStore('runs').put(r as V1RunEntry)),
      tx.done,
    ]);
    db.close();
  }

  it('opens the saved models with their weights, lineage and measurements, and drops the old stores', async () => {
    const name = dbName('migrate');
    await writeV1(name);
    const registry = await reopened(name);
    expect(registry.state.storageError).toBeNull();

    const t = registry.get(trained.id);
    expect(t).toMatchObject({ family: 1, version: 1, parentId: null, hasWeights: true, source: 'saved', testAcc: 0.81, name: 'model 1.1 · wasm · 2 epochs · seed 42' });
    expect(t?.origin).toMatchObject({ kind: 'trained', settings: SETTINGS, end: 'completed', trainBackend: 'wasm' });
    expect(t?.dataset).toEqual({ name: 'shipped', hash: '', counts: { train: 512, val: 100, test: 200, classes: 2 } });
    expect(floats(await registry.artifacts(trained.id))).toEqual([1, 2, 3, 4, 5, 6]);

    // The saved pruned model is the sweep's structured 50% level, under the model it was pruned from.
    expect(registry.children(trained.id).map((m) => m.id)).toEqual([prunedMeta.id]);
    expect(registry.ancestry(prunedMeta.id).map((m) => m.id)).toEqual([trained.id, prunedMeta.id]);
    expect(registry.get(prunedMeta.id)).toMatchObject({ familyId: trained.id, version: 2, hasWeights: true, origin: { kind: 'pruned', method: 'structured', sparsity: 0.5 } });
    expect(floats(await registry.artifacts(prunedMeta.id))).toEqual([7, 8, 9]);

    // One model, one row: both serve runs and the sweep's dense baseline are measurements of it.
    const onDense = registry.measurementsOf(trained.id, 'wasm');
    expect(onDense.map((m) => m.kind).sort()).toEqual(['serve', 'serve', 'sweep']);
    expect(onDense.filter((m) => m.kind === 'serve').map((m) => m.p50Ms).sort()).toEqual([2.25, 2.5]);
    expect(onDense.find((m) => m.kind === 'sweep')).toMatchObject({ p50Ms: 2, modelP50Ms: 1.2, testAcc: 0.8 });
    expect(registry.measurementsOf(prunedMeta.id).map((m) => [m.kind, m.backend, m.p50Ms])).toEqual([['sweep', 'wasm', 1.1]]);
    expect(registry.measurements).toHaveLength(4);

    const raw = await openDB(name);
    expect(raw.version).toBe(2);
    expect([...raw.objectStoreNames].sort()).toEqual(['measurements', 'meta', 'registry', 'weights']);
    raw.close();

    // Opening again migrates nothing twice, and new models take the next family.
    const again = await reopened(name);
    expect(again.measurements).toHaveLength(4);
    expect(again.add(draft('wasm, 1 epoch, seed 1', trainedOrigin), artifacts()).name).toBe('model 2.1 · wasm, 1 epoch, seed 1');
    await again.flushed();
    expect(again.state.storageError).toBeNull();
  });

  it('leaves the old database as it was when its records cannot be migrated', async () => {
    const name = dbName('migrate-broken');
    await writeV1(name, [{ id: 'run-broken', date: '2025-03-01T00:00:00.000Z', label: 'x', source: 'session', settings: {}, dataset: { name: 'shipped', counts: {} }, run: { backend: 'wasm' } }]);
    const registry = await reopened(name);
    expect(registry.state.storageError).toMatch(/^Could not move the saved models to this version of the app \(.+\)\. They are kept as they were; this tab works without storage\.$/);
    expect(registry.models).toEqual([]);
    const raw = await openDB(name);
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames].sort()).toEqual(['models', 'runs', 'weights']);
    expect(await raw.count('models')).toBe(2);
    raw.close();
  });

  it('says so when a tab of the first version holds the database open, and migrates once it lets go', async () => {
    const name = dbName('blocked');
    await writeV1(name);
    // The first version never closed its connection when asked.
    const oldTab = await openDB(name, 1);
    const storage = new IdbRegistryStorage(name);
    await expect(storage.loadAll()).rejects.toThrow('Could not open the saved models: another tab of this app still has them open with an older version. Close or reload that tab, then reload this one.');
    oldTab.close();
    await expect.poll(async () => (await storage.loadAll().catch(() => ({ models: [] }))).models.length).toBe(2);
    await storage.close();
  });
});

describe('storage failures', () => {
  it('shows an open failure, and the registry keeps working in memory', async () => {
    const name = dbName('newer');
    // A database from a newer version of the app: this version cannot open it.
    (await openDB(name, 5)).close();
    const registry = await reopened(name);
    expect(registry.state.restored).toBe(true);
    expect(registry.state.storageError).toBe("Could not open the saved models: a newer version of this app has updated this browser's storage (in another tab?). Reload this page to get that version.");
    const m = registry.add(draft('wasm, 2 epochs, seed 42', trainedOrigin), artifacts(3));
    registry.select(m.id);
    expect(registry.measure({ modelId: m.id, backend: 'wasm', kind: 'serve', count: 10, p50Ms: 2, modelP50Ms: 1, testAcc: 0.8 })).not.toBeNull();
    await registry.flushed();
    expect(registry.state.storageError).toContain('newer version of this app');
    expect(registry.selected?.id).toBe(m.id);
    expect(registry.measurementsOf(m.id)).toHaveLength(1);
    expect(floats(await registry.artifacts(m.id))).toEqual([3, 2, 3, 4, 5, 6]);
  });

  it('lets go when another tab deletes or upgrades the database, and says so on the next write', async () => {
    const name = dbName('deleted');
    const registry = await reopened(name);
    registry.add(draft('first', trainedOrigin), artifacts());
    await registry.flushed();
    expect(registry.state.storageError).toBeNull();
    // Not blocked: the registry's connection closes when asked.
    await deleteDB(name, { blocked: () => expect.fail('the registry kept the database open') });
    const second = registry.add(draft('second', trainedOrigin), artifacts(5));
    await registry.flushed();
    expect(registry.state.storageError).toBe('Could not save "model 2.1 · second": the saved models were deleted in another tab (or with the site data). Reload this page.');
    expect(registry.models).toHaveLength(2);
    expect(floats(await registry.artifacts(second.id))).toEqual([5, 2, 3, 4, 5, 6]);

    const upgraded = dbName('upgraded');
    const other = await reopened(upgraded);
    const newer = await openDB(upgraded, 3, { blocked: () => expect.fail('the registry kept the database open') });
    other.add(draft('after the upgrade', trainedOrigin), null);
    await other.flushed();
    expect(other.state.storageError).toContain('another tab opened the saved models with a newer version of this app, so this tab let go of them. Reload this page to keep saving.');
    newer.close();
  });
});
