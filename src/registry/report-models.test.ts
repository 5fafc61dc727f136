// The report and the registry: a registry written as a report and read back gives the same ledger;
// older readers still find the runs; an older report (runs only) imports with one row per model and
// backend; a wrong field in the registry part is refused by name.
import { describe, expect, it } from 'vitest';
import { parseReport } from '../metrics/report-import.ts';
import type { EpochRecord, PruneRecord, RunRecord, RunReport, ServeRecord } from '../metrics/report.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import { ledgerRows } from './ledger-rows.ts';
import type { ModelEntry, RegistrySnapshot } from './records.ts';
import { parseRegistryReport, registryFromReport, reportFromRegistry } from './report-models.ts';

const epoch = (n: number): EpochRecord => ({
  epoch: n, wallMs: 1000 * n, samplesPerSec: 200, kernelCount: 300, kernelHistogram: { Conv2D: 100 }, kernelCountMethod: 'counted', trainFlops: 2e11,
  gflops: 20, loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 32, numBytes: 1e6, instrumentationMs: 1, batches: 10, valMs: 100,
});

const serveRecord = (backend: string, modelP50Ms: number): ServeRecord => ({
  model: 'dense', backend, coldMs: 20, count: 1024, meanMs: 1.1, minMs: 0.9, p50Ms: modelP50Ms + 0.1, p90Ms: 1.2, p99Ms: 2, maxMs: 4, modelP50Ms,
  throughput: [{ batchSize: 1, imagesPerSec: 900, msPerImage: 1.1 }], testAcc: 0.9, flopsPerQuery: 25e6, numTensorsLeaked: 0,
});

const level = (method: PruneRecord['method'], sparsity: number, modelP50Ms: number, fineTuneDispatches?: number): PruneRecord => ({
  method, sparsity, testAcc: 0.9, p50Ms: modelP50Ms + 0.1, modelP50Ms, weightBytes: 1000, gzipBytes: 900, nonzeroParams: 250, flopsPerQuery: method === 'structured' ? 8e6 : 25e6, fineTuneMs: 3000, fineTuneFlops: 4e11,
  ...(fineTuneDispatches === undefined ? {} : { fineTuneDispatches }),
});

const dataset = { name: 'catsdogs', hash: 'f00d', counts: { train: 2000, val: 500, test: 1200, classes: 2 } };
const environment = { userAgent: 'test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: { wasm: { available: true, simd: true } } };

/** Trained, served twice on wasm and once on webgl, swept; three levels (one stopped before its latency), one pruned again. */
function session(): RegistrySnapshot {
  const snap: RegistrySnapshot = { models: [], measurements: [] };
  const add = (parent: ModelEntry | null, origin: ModelEntry['origin'], r: { params: number; weightBytes: number; flopsPerQuery: number }): ModelEntry => {
    const id = `m${snap.models.length + 1}`;
    const version = parent ? snap.models.filter((m) => m.familyId === parent.familyId).length + 1 : 1;
    const m: ModelEntry = {
      id, familyId: parent?.familyId ?? id, family: 1, version, name: `model 1.${version}`, parentId: parent?.id ?? null, origin, dataset, createdAt: '2025-01-01T00:00:00.000Z',
      testAcc: 0.9, testCount: 1200, valAcc: parent ? null : 0.75, ...r, inputSize: 64, numClasses: 2, source: 'session', hasWeights: true,
    };
    snap.models.push(m);
    return m;
  };
  const measure = (m: ModelEntry, backend: string, kind: 'serve' | 'sweep' | 'compare', modelP50Ms: number, serve?: ServeRecord) =>
    snap.measurements.push({ id: `meas${snap.measurements.length + 1}`, modelId: m.id, backend, kind, date: '2025-01-01T00:00:00.000Z', count: serve ? 1024 : 256, p50Ms: modelP50Ms + 0.1, modelP50Ms, testAcc: 0.9, ...(serve ? { serve } : {}) });
  const dense = add(null, { kind: 'trained', settings: { ...DEFAULT_SETTINGS, epochs: 2 }, end: 'completed', trainBackend: 'wasm', epochs: [epoch(1), epoch(2)] }, { params: 500, weightBytes: 2000, flopsPerQuery: 25e6 });
  measure(dense, 'wasm', 'serve', 0.9, serveRecord('wasm', 0.9));
  measure(dense, 'wasm', 'serve', 1.1, serveRecord('wasm', 1.1));
  measure(dense, 'webgl', 'serve', 2.0, serveRecord('webgl', 2.0));
  measure(dense, 'wasm', 'sweep', 0.95);
  measure(dense, 'webgl', 'compare', 2.2);
  const prune = (parent: ModelEntry, r: PruneRecord) =>
    add(parent, { kind: 'pruned', method: r.method, sparsity: r.sparsity, schedule: 'gradual', scope: 'global', fineTuneEpochs: 3, record: r }, { params: r.nonzeroParams, weightBytes: r.weightBytes, flopsPerQuery: r.flopsPerQuery });
  const s50 = prune(dense, level('structured', 0.5, 0.5, 1234));
  measure(s50, 'wasm', 'sweep', 0.5);
  // Stopped before its latency rounds: NaN figures (null in JSON), no fine-tuning dispatches recorded.
  prune(dense, { ...level('unstructured', 0.9, Number.NaN), p50Ms: Number.NaN });
  const s75 = prune(s50, level('structured', 0.75, 0.3, 500));
  measure(s75, 'wasm', 'sweep', 0.3);
  return snap;
}

const viaFile = (report: RunReport) => JSON.parse(JSON.stringify(report, null, 2)) as RunReport;

describe('reportFromRegistry', () => {
  it('keeps schema 1 with the runs older readers read, and adds the models and measurements', () => {
    const snap = session();
    const report = reportFromRegistry(snap, environment, { denseUnits: 64, inputSize: 64 });
    expect(report.schema).toBe(1);
    expect(report.config).toMatchObject({ dataset: 'catsdogs', epochs: 2, seed: 42, model: { kind: 'cnn', width: 16, depth: 3, denseUnits: 64 } });
    expect(report.models.map((m) => m.id)).toEqual(snap.models.map((m) => m.id));
    expect(report.measurements).toHaveLength(snap.measurements.length);
    expect(report.runs).toHaveLength(1);
    const run = report.runs[0]!;
    expect(run.modelId).toBe(snap.models[0]!.id);
    expect(run.label).toBe(snap.models[0]!.name);
    expect(run.serve.map((s) => s.backend)).toEqual(['wasm', 'wasm', 'webgl']);
    // Every pruned descendant, its latency the median of its sweep measurements.
    expect(run.prune.map((p) => `${p.method}:${p.sparsity}`)).toEqual(['structured:0.5', 'unstructured:0.9', 'structured:0.75']);
    expect(run.prune[0]!.modelP50Ms).toBe(0.5);
    expect(run.pruneDense).toMatchObject({ modelP50Ms: 0.95, flopsPerQuery: 25e6, params: 500 });
    // An older reader still parses it.
    expect(parseReport(JSON.stringify(report), 'new.json').ok).toBe(true);
  });
});

describe('registryFromReport', () => {
  it('round-trips a registry through a report file to the same ledger', () => {
    const snap = session();
    const back = registryFromReport(viaFile(reportFromRegistry(snap, environment, { denseUnits: 64, inputSize: 64 })), 'session.json');
    expect(back.models.map((m) => [m.id, m.parentId, m.name])).toEqual(snap.models.map((m) => [m.id, m.parentId, m.name]));
    const before = ledgerRows(snap);
    const after = ledgerRows(back);
    expect(after.map((r) => r.key)).toEqual(before.map((r) => r.key));
    // toEqual treats NaN as equal to NaN: the unmeasured level's figures come back as NaN, not null.
    expect(after).toEqual(before);
    expect(after.find((r) => r.model === 'unstructured 90%')!.fineTuneDispatches).toBeNaN();
    expect(before.filter((r) => r.kind === 'dense').map((r) => [r.serveBackend, r.measured.count])).toEqual([['wasm', 3], ['webgl', 2]]);
  });

  it('keeps the epoch a model kept (keepBest) in its origin and its run, and refuses one it never trained', () => {
    const snap = session();
    const dense = snap.models[0]!;
    if (dense.origin.kind !== 'trained') throw new Error('the first model is trained');
    dense.origin = { ...dense.origin, settings: { ...dense.origin.settings, keepBest: true }, epochs: [epoch(1), { ...epoch(2), valAcc: 0.7 }], keptEpoch: 1 };
    const report = viaFile(reportFromRegistry(snap, environment, { denseUnits: 64, inputSize: 64 }));
    expect(report.runs[0]!.train.keptEpoch).toBe(1);
    const back = registryFromReport(report, 'kept.json');
    expect(back.models[0]!.origin).toMatchObject({ kind: 'trained', keptEpoch: 1, settings: { keepBest: true } });
    const text = JSON.stringify(report);
    const edit = (change: (r: { models: { origin: Record<string, unknown> }[]; runs: { train: Record<string, unknown> }[] }) => void) => {
      const r = JSON.parse(text) as Parameters<typeof change>[0];
      change(r);
      return parseRegistryReport(JSON.stringify(r), 'edited.json');
    };
    expect(edit((r) => (r.models[0]!.origin.keptEpoch = 3))).toMatchObject({ ok: false, message: expect.stringContaining("models[0].origin.keptEpoch must be one of the run's epochs, 1 to 2, got 3") });
    expect(edit((r) => (r.runs[0]!.train.keptEpoch = 'best'))).toMatchObject({ ok: false, message: expect.stringContaining("runs[0].train.keptEpoch must be one of the run's epochs, 1 to 2") });
    // An older report (runs only) brings the kept epoch's validation accuracy, not the last one's.
    const runsOnly = JSON.parse(text) as Record<string, unknown>;
    delete runsOnly.models;
    delete runsOnly.measurements;
    const older = registryFromReport(runsOnly as unknown as RunReport, 'older.json');
    expect(older.models[0]!.valAcc).toBe(0.75);
  });

  it('refuses a wrong field in the models or measurements by name', () => {
    const report = viaFile(reportFromRegistry(session(), environment, { denseUnits: 64, inputSize: 64 })) as unknown as { models: Record<string, unknown>[]; measurements: Record<string, unknown>[] };
    const text = JSON.stringify(report);
    const edit = (change: (r: typeof report) => void) => {
      const r = JSON.parse(text) as typeof report;
      change(r);
      return parseRegistryReport(JSON.stringify(r), 'edited.json');
    };
    expect(edit((r) => (r.models[0]!.flopsPerQuery = 'many'))).toMatchObject({ ok: false, message: expect.stringContaining('models[0].flopsPerQuery must be a number, got "many"') });
    expect(edit((r) => ((r.models[1]!.origin as { record: { method: string } }).record.method = 'random'))).toMatchObject({ ok: false, message: expect.stringContaining('models[1].origin.record.method must be "unstructured" or "structured"') });
    expect(edit((r) => (r.measurements[2]!.kind = 'guess'))).toMatchObject({ ok: false, message: expect.stringContaining('measurements[2].kind must be one of "serve", "compare", "sweep", "profile", got "guess"') });
    expect(edit((r) => (r.measurements[0]!.modelId = 'nobody'))).toMatchObject({ ok: false, message: expect.stringContaining('measurements[0].modelId "nobody" names no model') });
    // An interleaved run's interval and id: an end may be null (the run could not bound it), text is refused by name.
    expect(edit((r) => Object.assign(r.measurements[0]!, { modelP50LowMs: null, modelP50HighMs: 1.3, runId: 'run-1' })).ok).toBe(true);
    expect(edit((r) => (r.measurements[0]!.modelP50HighMs = 'wide'))).toMatchObject({ ok: false, message: expect.stringContaining('measurements[0].modelP50HighMs must be a number or null, got "wide"') });
    expect(edit((r) => (r.measurements[0]!.runId = 3))).toMatchObject({ ok: false, message: expect.stringContaining('measurements[0].runId must be text, got 3') });
    expect(edit((r) => r.models.push(r.models[0]!))).toMatchObject({ ok: false, message: expect.stringContaining('appears twice') });
    expect(parseRegistryReport(text, 'fine.json').ok).toBe(true);
    const bad = JSON.parse(text) as RunReport & { models: { name: unknown }[] };
    bad.models[0]!.name = 7;
    expect(() => registryFromReport(bad, 'bad.json')).toThrow('models[0].name must be text, got 7');
  });
});

/** A run as today's app exports it (settings, dataset and label per run). */
const appRun = (): RunRecord & { label: string } => ({
  backend: 'wasm',
  train: { epochs: [epoch(1), epoch(2)] },
  serve: [serveRecord('wasm', 0.9), serveRecord('webgl', 2.0), serveRecord('wasm', 1.1)],
  prune: [level('structured', 0.5, 0.5, 1234), { ...level('unstructured', 0.9, Number.NaN), p50Ms: Number.NaN }],
  pruneDense: { testAcc: 0.9, p50Ms: 1.05, modelP50Ms: 0.95, weightBytes: 2000, gzipBytes: 1800, nonzeroParams: 500, params: 500, flopsPerQuery: 25e6 },
  settings: { ...DEFAULT_SETTINGS, epochs: 2 },
  dataset: { name: 'catsdogs', counts: { train: 2000, val: 500, test: 1200, classes: 2 } },
  label: 'Run 1: wasm, 2 epochs × 2,000 images',
});

/** A run as `npm run bench` writes it (no settings, dataset or label; its own extra keys). */
const benchRun = () => ({
  backend: 'webgl', train: { epochs: [epoch(1)] }, serve: [serveRecord('webgl', 2.1)], prune: [], inference: { batchSize: 32, imagesPerSec: 500 }, maxFrameGapMs: 12,
});

const oldReport = (runs: unknown[]) => JSON.stringify({
  schema: 1, createdAt: '2025-01-02T03:04:05.000Z', environment,
  config: { dataset: 'catsdogs', model: { kind: 'cnn', width: 16, depth: 3, denseUnits: 64, inputSize: 64 }, seed: 42, epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 2000 },
  runs,
}, null, 2);

describe('an older report (runs only)', () => {
  it('imports with one dense row per serving backend and one row per pruned level', () => {
    const parsed = parseRegistryReport(oldReport([appRun(), benchRun()]), '"old.json"', 'old.json');
    if (!parsed.ok) throw new Error(parsed.message);
    const snap = parsed.snapshot;
    expect(snap.models).toHaveLength(4);
    const rows = ledgerRows(snap);
    expect(rows.map((r) => [r.model, r.serveBackend, r.measured.count])).toEqual([
      ['dense', 'wasm', 3], ['dense', 'webgl', 1], ['structured 50% of filters', 'wasm', 1], ['unstructured 90%', 'wasm', 0],
      ['dense', 'webgl', 1],
    ]);
    const wasm = rows[0]!;
    // Median of the two serve runs (0.9, 1.1 ms) and the sweep's dense baseline (0.95 ms); the sweep's count was not recorded.
    expect(wasm.modelP50Ms).toBe(0.95);
    expect(wasm.measured).toMatchObject({ minMs: 0.9, maxMs: 1.1, kinds: ['serve', 'sweep'] });
    expect(wasm.measured.queries).toBeNaN();
    expect(wasm.trainMs).toBe(3000);
    expect(wasm.modelName).toBe('old.json: Run 1: wasm, 2 epochs × 2,000 images');
    const s = rows[2]!;
    // Repaid against the dense row's median: 3,000 ms / (0.95 - 0.5 ms) = 6,667 queries.
    expect(s.repay!.time).toEqual({ kind: 'at', queries: Math.ceil(3000 / 0.45) });
    expect(s.trainDispatches).toBe(600 + 1234);
    expect(rows[3]!.fineTuneDispatches).toBeNaN();
    expect(rows[3]!.trainDispatches).toBe(600);
    expect(rows[4]!.modelName).toBe('old.json: webgl, 1 epoch');
    const trained = snap.models[0]!;
    expect(trained.origin).toMatchObject({ kind: 'trained', trainBackend: 'wasm', settings: { epochs: 2, seed: 42 } });
    expect(snap.models[3]!.origin).toMatchObject({ kind: 'trained', trainBackend: 'webgl', settings: { backend: 'webgl', trainSize: 2000, width: 16 } });
  });

  it('gives the same ids on every import (so importing it twice adds nothing)', () => {
    const text = oldReport([appRun()]);
    const a = parseRegistryReport(text, 'old.json');
    const b = parseRegistryReport(text, 'old.json');
    if (!a.ok || !b.ok) throw new Error('not parsed');
    expect(b.snapshot.models.map((m) => m.id)).toEqual(a.snapshot.models.map((m) => m.id));
    expect(b.snapshot.measurements.map((m) => m.id)).toEqual(a.snapshot.measurements.map((m) => m.id));
    // Another file name is another file: its models do not collide with these.
    const c = parseRegistryReport(text, 'copy.json');
    if (!c.ok) throw new Error(c.message);
    expect(c.snapshot.models.some((m) => a.snapshot.models.some((x) => x.id === m.id))).toBe(false);
  });
});
