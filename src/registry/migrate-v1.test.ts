// The first version's saved models and run history turned into registry records: ids kept, lineage
// found, runs joined to the model they trained, every serve and sweep result a measurement.
import { describe, expect, it } from 'vitest';
import type { EpochRecord, PruneDenseRecord, PruneRecord, ServeRecord } from '../metrics/report.ts';
import type { TrainSettings } from '../train/settings.ts';
import { migrateV1, type V1RunEntry, type V1SavedModelMeta } from './migrate-v1.ts';
import type { ModelEntry, RegistrySnapshot } from './records.ts';

const SETTINGS: TrainSettings = { backend: 'wasm', epochs: 3, batchSize: 32, learningRate: 0.001, width: 16, depth: 3, trainSize: 2000, seed: 42, patience: 0, dropout: 0 };

const epoch = (n: number, wallMs: number): EpochRecord => ({
  epoch: n, wallMs, samplesPerSec: 100, kernelCount: 300, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops: 1e9, gflops: 10,
  loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.7 + n / 100, numTensors: 20, numBytes: 1000, instrumentationMs: 1, batches: 63, valMs: 40,
});
const epochs = (...wallMs: number[]) => wallMs.map((w, i) => epoch(i + 1, w));

function savedModel(over: Partial<V1SavedModelMeta> & Pick<V1SavedModelMeta, 'id' | 'savedAt'>): V1SavedModelMeta {
  return {
    name: 'wasm · 3 epochs · seed 42', kind: 'trained', dataset: 'shipped', settings: { ...SETTINGS }, valAcc: 0.73, testAcc: 0.81,
    records: epochs(1000, 1100, 1200), note: 'completed run of 2000 images', weightBytes: 400_000, params: 100_000, inputSize: 64, numClasses: 2, ...over,
  };
}

const pruned = (id: string, savedAt: string, note: string, settings: TrainSettings | null = { ...SETTINGS }): V1SavedModelMeta =>
  savedModel({ id, savedAt, kind: 'pruned', name: `pruned · ${note}`, note, settings, valAcc: null, testAcc: 0.79, records: [], weightBytes: 100_000, params: 25_000 });

const serve = (p50Ms: number, backend?: string): ServeRecord => ({
  model: 'm', ...(backend ? { backend } : {}), coldMs: 50, count: 200, meanMs: p50Ms + 0.1, minMs: p50Ms - 0.2, p50Ms, p90Ms: p50Ms * 2, p99Ms: p50Ms * 3, maxMs: 20,
  modelP50Ms: p50Ms / 2, throughput: [], testAcc: 0.8, flopsPerQuery: 5e6, numTensorsLeaked: 0,
});
const level = (method: PruneRecord['method'], sparsity: number, p50Ms = 1): PruneRecord => ({
  method, sparsity, testAcc: 0.78, p50Ms, modelP50Ms: p50Ms / 2, weightBytes: 90_000, gzipBytes: 50_000, nonzeroParams: 22_000, flopsPerQuery: 2e6, fineTuneMs: 3000,
});
const DENSE: PruneDenseRecord = { testAcc: 0.8, p50Ms: 2, modelP50Ms: 1.2, weightBytes: 400_000, gzipBytes: 300_000, nonzeroParams: 100_000, params: 100_000, flopsPerQuery: 5e6 };

function runEntry(over: Partial<V1RunEntry> & Pick<V1RunEntry, 'id' | 'date'>, run: Partial<V1RunEntry['run']> = {}): V1RunEntry {
  return {
    label: 'Run 1: wasm, 3 epochs × 2,000 images', source: 'session', settings: { ...SETTINGS },
    dataset: { name: 'shipped', counts: { train: 2000, val: 400, test: 600, classes: 2 } }, ...over,
    run: { backend: 'wasm', train: { epochs: epochs(1000, 1100, 1200) }, serve: [], prune: [], ...run },
  };
}

const byId = (s: RegistrySnapshot, id: string): ModelEntry => {
  const m = s.models.find((x) => x.id === id);
  if (!m) throw new Error(`no model ${id} in ${s.models.map((x) => x.id).join(', ')}`);
  return m;
};

describe('migrateV1: saved models', () => {
  it('keeps each trained model with its id, weights, settings and epochs, numbered by when it was saved', () => {
    const later = savedModel({ id: 'b', savedAt: '2025-01-02T00:00:00.000Z', note: 'early-stopped run of 2000 images', settings: { ...SETTINGS, seed: 1 } });
    const first = savedModel({ id: 'a', savedAt: '2025-01-01T00:00:00.000Z' });
    const s = migrateV1([later, first], []);
    expect(s.models.map((m) => m.id)).toEqual(['a', 'b']);
    const a = byId(s, 'a');
    expect(a).toMatchObject({ family: 1, version: 1, familyId: 'a', parentId: null, name: 'model 1.1 · wasm · 3 epochs · seed 42', source: 'saved', hasWeights: true, createdAt: first.savedAt, testAcc: 0.81, valAcc: 0.73, params: 100_000, weightBytes: 400_000, inputSize: 64, numClasses: 2 });
    expect(a.origin).toEqual({ kind: 'trained', settings: SETTINGS, end: 'completed', trainBackend: 'wasm', epochs: first.records });
    expect(a.dataset).toEqual({ name: 'shipped', hash: '', counts: { train: NaN, val: NaN, test: NaN, classes: 2 } });
    expect(a.testCount).toBeNaN();
    expect(a.flopsPerQuery).toBeNaN();
    const b = byId(s, 'b');
    expect(b).toMatchObject({ family: 2, version: 1, name: 'model 2.1 · wasm · 3 epochs · seed 42' });
    expect(b.origin).toMatchObject({ kind: 'trained', end: 'early-stopped' });
    expect(s.measurements).toEqual([]);
  });

  it('keeps an imported model with the file it came from', () => {
    const s = migrateV1([savedModel({ id: 'i', savedAt: '2025-01-01T00:00:00.000Z', kind: 'imported', name: 'cats (imported)', note: 'from cats.json', settings: null, records: [] })], []);
    const i = byId(s, 'i');
    expect(i.origin).toEqual({ kind: 'imported', file: 'cats.json', settings: null });
    expect(i).toMatchObject({ name: 'model 1.1 · cats (imported)', source: 'saved', hasWeights: true, parentId: null });
  });

  it('reads the pruning method and level from the note, and marks what the first version did not record as NaN', () => {
    const s = migrateV1([pruned('p1', '2025-01-01T00:00:00.000Z', 'structured 50%'), pruned('p2', '2025-01-02T00:00:00.000Z', 'unstructured 90%')], []);
    const p1 = byId(s, 'p1');
    expect(p1.origin).toMatchObject({ kind: 'pruned', method: 'structured', sparsity: 0.5 });
    expect(byId(s, 'p2').origin).toMatchObject({ kind: 'pruned', method: 'unstructured', sparsity: 0.9 });
    if (p1.origin.kind !== 'pruned') throw new Error('not pruned');
    expect(p1.origin.record).toMatchObject({ method: 'structured', sparsity: 0.5, testAcc: 0.79, weightBytes: 100_000, nonzeroParams: 25_000 });
    for (const unknown of [p1.origin.record.p50Ms, p1.origin.record.gzipBytes, p1.origin.record.flopsPerQuery, p1.origin.record.fineTuneMs, p1.origin.fineTuneEpochs, p1.flopsPerQuery]) expect(unknown).toBeNaN();
    expect(p1).toMatchObject({ valAcc: null, testAcc: 0.79, params: 25_000, hasWeights: true, source: 'saved' });
    // No trained model to hang under: each is the root of its own family.
    expect(p1).toMatchObject({ parentId: null, familyId: 'p1', family: 1, version: 1 });
    expect(byId(s, 'p2')).toMatchObject({ parentId: null, family: 2 });
  });

  it('hangs a pruned model under the newest earlier trained model with the same settings', () => {
    const old = savedModel({ id: 'old', savedAt: '2025-01-01T00:00:00.000Z' });
    const newer = savedModel({ id: 'newer', savedAt: '2025-01-02T00:00:00.000Z', records: epochs(5, 6, 7) });
    const otherSettings = savedModel({ id: 'other', savedAt: '2025-01-03T00:00:00.000Z', settings: { ...SETTINGS, seed: 7 } });
    const afterIt = savedModel({ id: 'after', savedAt: '2025-01-05T00:00:00.000Z', records: epochs(8, 9, 10) });
    // Same settings with the keys in another order: still JSON-equal.
    const reordered = Object.fromEntries(Object.entries(SETTINGS).reverse()) as unknown as TrainSettings;
    const p = pruned('p', '2025-01-04T00:00:00.000Z', 'structured 50%', reordered);
    const s = migrateV1([afterIt, p, otherSettings, newer, old], []);
    expect(byId(s, 'p')).toMatchObject({ parentId: 'newer', familyId: 'newer', family: 2, version: 2, name: 'model 2.2 · pruned · structured 50%' });
    expect(s.models.map((m) => [m.id, m.family, m.version])).toEqual([['old', 1, 1], ['newer', 2, 1], ['other', 3, 1], ['p', 2, 2], ['after', 4, 1]]);
  });
});

describe('migrateV1: the run history', () => {
  const trained = savedModel({ id: 'T', savedAt: '2025-01-01T10:05:00.000Z' });
  const savedLevel = pruned('P', '2025-01-01T10:20:00.000Z', 'structured 50%');
  const run = runEntry(
    { id: 'run-1', date: '2025-01-01T10:00:00.000Z' },
    { serve: [serve(2.5), serve(2.0, 'webgl')], pruneDense: DENSE, prune: [level('structured', 0.5, 1.1), level('unstructured', 0.9, 1.9)] },
  );

  it('joins a run to the saved model it trained: serve and sweep results become measurements of it', () => {
    const s = migrateV1([trained, savedLevel], [run]);
    const t = byId(s, 'T');
    expect(t).toMatchObject({ hasWeights: true, source: 'saved', createdAt: run.date, flopsPerQuery: 5e6, testCount: 600 });
    expect(t.dataset).toEqual({ name: 'shipped', hash: '', counts: { train: 2000, val: 400, test: 600, classes: 2 } });
    const onT = s.measurements.filter((m) => m.modelId === 'T');
    expect(onT.map((m) => [m.id, m.kind, m.backend])).toEqual([['run-1:serve:0', 'serve', 'wasm'], ['run-1:serve:1', 'serve', 'webgl'], ['run-1:sweep:dense', 'sweep', 'wasm']]);
    expect(onT[0]).toEqual({ id: 'run-1:serve:0', modelId: 'T', backend: 'wasm', kind: 'serve', date: run.date, count: 200, p50Ms: 2.5, modelP50Ms: 1.25, testAcc: 0.8, serve: run.run.serve[0] });
    expect(onT[2]).toMatchObject({ p50Ms: 2, modelP50Ms: 1.2, testAcc: 0.8 });
    // The first version did not record how many rounds a sweep measured.
    expect(onT[2]!.count).toBeNaN();
    expect(onT[2]!.serve).toBeUndefined();
  });

  it('makes each pruned level a child, reusing the saved pruned model of the same level', () => {
    const s = migrateV1([trained, savedLevel], [run]);
    const children = s.models.filter((m) => m.parentId === 'T');
    expect(children.map((m) => m.id).sort()).toEqual(['P', 'run-1:prune:1']);
    const p = byId(s, 'P');
    expect(p).toMatchObject({ hasWeights: true, familyId: 'T', family: 1, flopsPerQuery: 2e6 });
    if (p.origin.kind !== 'pruned') throw new Error('not pruned');
    // The sweep's record fills in what the saved entry lacked.
    expect(p.origin.record).toEqual(run.run.prune[0]);
    const u = byId(s, 'run-1:prune:1');
    expect(u).toMatchObject({ hasWeights: false, source: 'saved', familyId: 'T', family: 1, valAcc: null, testAcc: 0.78, params: 22_000, weightBytes: 90_000, flopsPerQuery: 2e6, testCount: 600 });
    expect(u.origin).toEqual({ kind: 'pruned', method: 'unstructured', sparsity: 0.9, schedule: '', scope: '', fineTuneEpochs: NaN, record: run.run.prune[1] });
    expect(u.name).toBe('model 1.2 · unstructured 90%');
    expect(p.name).toBe('model 1.3 · pruned · structured 50%');
    const sweeps = s.measurements.filter((m) => m.kind === 'sweep' && m.modelId !== 'T');
    expect(sweeps.map((m) => [m.id, m.modelId, m.backend, m.p50Ms])).toEqual([['run-1:sweep:0', 'P', 'wasm', 1.1], ['run-1:sweep:1', 'run-1:prune:1', 'wasm', 1.9]]);
  });

  it('matches only a model whose epochs have the same count and the same wall times', () => {
    const otherTimes = savedModel({ id: 'X', savedAt: '2025-01-01T10:05:00.000Z', records: epochs(1000, 1100, 1201) });
    const fewer = savedModel({ id: 'Y', savedAt: '2025-01-01T10:06:00.000Z', records: epochs(1000, 1100) });
    const s = migrateV1([otherTimes, fewer], [run]);
    expect(s.measurements.filter((m) => m.modelId === 'X' || m.modelId === 'Y')).toEqual([]);
    expect(byId(s, 'run-1').hasWeights).toBe(false);
  });

  it('keeps a run nobody saved as a trained model without weights, with its measurements and levels', () => {
    const stopped = runEntry({ id: 'run-2', date: '2025-01-02T00:00:00.000Z', label: 'Run 2: wasm, 2 epochs × 512 images (early-stopped)', settings: { backend: 'wasm', epochs: 5, seed: 3 } }, { train: { epochs: epochs(500, 600) }, serve: [serve(3)], pruneDense: DENSE, prune: [level('structured', 0.25)] });
    const s = migrateV1([], [stopped]);
    const t = byId(s, 'run-2');
    expect(t).toMatchObject({ hasWeights: false, source: 'saved', parentId: null, family: 1, version: 1, name: 'model 1.1 · wasm, 2 epochs × 512 images (early-stopped)', createdAt: stopped.date, testAcc: 0.8, testCount: 600, valAcc: 0.72, params: 100_000, weightBytes: 400_000, flopsPerQuery: 5e6, numClasses: 2, inputSize: 64 });
    if (t.origin.kind !== 'trained') throw new Error('not trained');
    expect(t.origin).toMatchObject({ end: 'early-stopped', trainBackend: 'wasm', epochs: stopped.run.train.epochs });
    // Settings the run did not record are not known: NaN, never a default.
    expect(t.origin.settings).toMatchObject({ backend: 'wasm', epochs: 5, seed: 3 });
    expect(t.origin.settings.width).toBeNaN();
    expect(s.measurements.map((m) => [m.id, m.modelId])).toEqual([['run-2:serve:0', 'run-2'], ['run-2:sweep:dense', 'run-2'], ['run-2:sweep:0', 'run-2:prune:0']]);
    expect(byId(s, 'run-2:prune:0')).toMatchObject({ parentId: 'run-2', version: 2, hasWeights: false, source: 'saved', name: 'model 1.2 · structured 25%' });
  });

  it('hangs a saved pruned model under the run that trained it when the trained model itself was not saved', () => {
    const s = migrateV1([savedLevel], [run]);
    expect(byId(s, 'P')).toMatchObject({ parentId: 'run-1', familyId: 'run-1', hasWeights: true });
    // Its level in the run's sweep is the saved model, not a second entry.
    expect(s.models.map((m) => m.id).sort()).toEqual(['P', 'run-1', 'run-1:prune:1']);
    expect(s.measurements.find((m) => m.id === 'run-1:sweep:0')?.modelId).toBe('P');
  });

  it('keeps runs read from a report as report entries, never joined to a saved model', () => {
    const imported = runEntry({ id: 'import:r.json:2024:0', date: '2024-12-01T00:00:00.000Z', source: 'imported', label: 'r.json: webgl, 3 epochs', file: 'r.json', dataset: { name: 'shipped', counts: {} } }, { backend: 'webgl', serve: [serve(4)], prune: [level('unstructured', 0.5)] });
    const s = migrateV1([trained], [imported]);
    const r = byId(s, 'import:r.json:2024:0');
    expect(r).toMatchObject({ source: 'report', hasWeights: false, name: 'model 1.1 · r.json: webgl, 3 epochs' });
    expect(r.dataset.counts.test).toBeNaN();
    expect(byId(s, 'import:r.json:2024:0:prune:0')).toMatchObject({ source: 'report', hasWeights: false, parentId: r.id });
    expect(s.measurements.map((m) => [m.modelId, m.backend])).toEqual([[r.id, 'webgl'], ['import:r.json:2024:0:prune:0', 'wasm']]);
    expect(byId(s, 'T').family).toBe(2);
  });
});

describe('migrateV1: names and repeat runs', () => {
  const models = [savedModel({ id: 'a', savedAt: '2025-01-01T00:00:00.000Z' }), savedModel({ id: 'b', savedAt: '2025-01-02T00:00:00.000Z', records: epochs(1, 2, 3) }), pruned('p', '2025-01-03T00:00:00.000Z', 'structured 50%')];
  const runs = [runEntry({ id: 'run-9', date: '2025-01-01T00:01:00.000Z', label: 'Run 1: wasm, 3 epochs × 2,000 images' }, { serve: [serve(1)], prune: [level('structured', 0.5), level('structured', 0.75)] })];

  it('gives every model a unique name of the form "model F.V · label", as the registry does', () => {
    const s = migrateV1(models, runs);
    const names = s.models.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of s.models) expect(m.name.startsWith(`model ${m.family}.${m.version} · `)).toBe(true);
    // The two saved models had the same v1 name; the versions tell them apart.
    expect(names).toContain('model 1.1 · wasm · 3 epochs · seed 42');
    expect(names).toContain('model 2.1 · wasm · 3 epochs · seed 42');
  });

  it('gives the same records, ids included, when run twice', () => {
    const once = migrateV1(models, runs);
    expect(migrateV1(models, runs)).toEqual(once);
    expect(new Set(once.measurements.map((m) => m.id)).size).toBe(once.measurements.length);
    expect(migrateV1([], [])).toEqual({ models: [], measurements: [] });
  });
});
