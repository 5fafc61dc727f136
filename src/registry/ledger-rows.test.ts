// The ledger's rows from a registry snapshot: one row per model and serving backend, its figure the
// median of that row's measurements, training summed along the lineage, and repay against the parent.
import { describe, expect, it } from 'vitest';
import type { EpochRecord, PruneRecord } from '../metrics/report.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import { ledgerRows } from './ledger-rows.ts';
import type { MeasurementKind, ModelEntry, RegistrySnapshot } from './records.ts';

const epoch = (wallMs: number, trainFlops: number, kernelCount: number): EpochRecord => ({
  epoch: 1, wallMs, samplesPerSec: 1, kernelCount, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops, gflops: 1,
  loss: 1, acc: 0.5, valLoss: 1, valAcc: 0.5, numTensors: 32, numBytes: 1, instrumentationMs: 0, batches: 1, valMs: 0,
});

const dataset = { name: 'catsdogs', hash: 'abc', counts: { train: 2000, val: 500, test: 1200, classes: 2 } };

/** A registry's plain snapshot, built the way the registry fills it: models in creation order, measurements appended. */
class Registry implements RegistrySnapshot {
  models: ModelEntry[] = [];
  measurements: RegistrySnapshot['measurements'] = [];

  private entry(parent: ModelEntry | null, origin: ModelEntry['origin'], flopsPerQuery: number): ModelEntry {
    const id = `m${this.models.length + 1}`;
    const family = parent ? parent.family : this.models.filter((m) => m.parentId === null).length + 1;
    const version = parent ? this.models.filter((m) => m.familyId === parent.familyId).length + 1 : 1;
    const m: ModelEntry = {
      id, familyId: parent?.familyId ?? id, family, version, name: `model ${family}.${version}`, parentId: parent?.id ?? null, origin, dataset, createdAt: '2025-01-01T00:00:00.000Z',
      testAcc: 0.9, testCount: 1200, valAcc: null, params: 500, weightBytes: 2000, flopsPerQuery, inputSize: 64, numClasses: 2, source: 'session', hasWeights: false,
    };
    this.models.push(m);
    return m;
  }

  trained(epochs: EpochRecord[]): ModelEntry {
    return this.entry(null, { kind: 'trained', settings: { ...DEFAULT_SETTINGS, epochs: epochs.length }, end: 'completed', trainBackend: 'wasm', epochs }, 25e6);
  }

  pruned(parent: ModelEntry, record: PruneRecord): ModelEntry {
    return this.entry(parent, { kind: 'pruned', method: record.method, sparsity: record.sparsity, schedule: 'gradual', scope: 'global', fineTuneEpochs: 3, record }, record.flopsPerQuery);
  }

  measure(model: ModelEntry, backend: string, kind: MeasurementKind, modelP50Ms: number, count = 1024): void {
    this.measurements.push({ id: `meas${this.measurements.length + 1}`, modelId: model.id, backend, kind, date: '2025-01-01T00:00:00.000Z', count, p50Ms: modelP50Ms + 0.1, modelP50Ms, testAcc: 0.9 });
  }

  /** As the registry deletes: the model and its measurements; its children keep their parentId. */
  remove(id: string): void {
    this.models = this.models.filter((m) => m.id !== id);
    this.measurements = this.measurements.filter((m) => m.modelId !== id);
  }
}

const level = (method: PruneRecord['method'], sparsity: number, flopsPerQuery: number, fineTuneMs: number, fineTuneFlops: number, fineTuneDispatches?: number): PruneRecord => ({
  method, sparsity, testAcc: 0.9, p50Ms: Number.NaN, modelP50Ms: Number.NaN, weightBytes: 1000, gzipBytes: 900, nonzeroParams: 250, flopsPerQuery, fineTuneMs, fineTuneFlops,
  ...(fineTuneDispatches === undefined ? {} : { fineTuneDispatches }),
});

/** Dense (10 s, 5e12 FLOPs, 1,900 dispatches of training) served twice and swept on wasm, served once on webgl; two pruned levels. */
function session() {
  const registry = new Registry();
  const dense = registry.trained([epoch(6000, 3e12, 1000), epoch(4000, 2e12, 900)]);
  registry.measure(dense, 'wasm', 'serve', 0.8);
  registry.measure(dense, 'wasm', 'serve', 1.2);
  registry.measure(dense, 'wasm', 'sweep', 0.9, 256);
  registry.measure(dense, 'webgl', 'serve', 2.5);
  // Saves 0.4 ms (0.9 - 0.5) and 15 MFLOP per query; fine-tuning cost 2 s, 3e11 FLOPs, 640 dispatches.
  const s50 = registry.pruned(dense, level('structured', 0.5, 10e6, 2000, 3e11, 640));
  registry.measure(s50, 'wasm', 'sweep', 0.5, 256);
  // Same FLOPs (dense kernels) and slower than dense: no saving in FLOPs, a negative one in time.
  // Its fine-tuning dispatches are missing, as in records written before they were counted.
  const u90 = registry.pruned(dense, level('unstructured', 0.9, 25e6, 1500, 2e11));
  registry.measure(u90, 'wasm', 'sweep', 0.95, 256);
  return { registry, dense, s50, u90 };
}

describe('ledgerRows', () => {
  it('gives one row per model and serving backend, the sweep joining the dense row', () => {
    const { registry, dense } = session();
    const rows = ledgerRows(registry);
    expect(rows.map((r) => [r.model, r.serveBackend])).toEqual([['dense', 'wasm'], ['dense', 'webgl'], ['structured 50% of filters', 'wasm'], ['unstructured 90%', 'wasm']]);
    const wasm = rows[0]!;
    expect(wasm.modelId).toBe(dense.id);
    expect(wasm.modelName).toBe(dense.name);
    expect(wasm.parentId).toBeNull();
    // Median of 0.8, 1.2 and 0.9 ms; the end-to-end p50s are each 0.1 ms more.
    expect(wasm.modelP50Ms).toBe(0.9);
    expect(wasm.p50Ms).toBeCloseTo(1.0, 12);
    expect(wasm.measured).toEqual({ count: 3, minMs: 0.8, maxMs: 1.2, queries: 2304, kinds: ['serve', 'sweep'], inRuns: [] });
    expect(wasm.servedHow).toBe('the median of 3 measurements on wasm (2 Serve-view runs, closed loop; 1 pruning sweep, interleaved with the other models of the sweep; 2,304 queries in all)');
    expect(rows[1]!.measured.count).toBe(1);
    expect(rows[1]!.modelP50Ms).toBe(2.5);
  });

  it('keeps the interval and run of each measurement an interleaved run made, and only those', () => {
    const { registry, dense, s50 } = session();
    // The last two measurements stand for one sweep's rounds: the dense model's and the level's.
    const sweepOf = (modelId: string) => registry.measurements.find((m) => m.modelId === modelId && m.kind === 'sweep')!;
    Object.assign(sweepOf(dense.id), { runId: 'run-1', modelP50LowMs: 0.85, modelP50HighMs: 0.95 });
    Object.assign(sweepOf(s50.id), { runId: 'run-1', modelP50LowMs: 0.45, modelP50HighMs: null });
    const rows = ledgerRows(registry);
    expect(rows[0]!.measured.inRuns).toEqual([{ runId: 'run-1', low: 0.85, high: 0.95 }]);
    expect(rows[1]!.measured.inRuns).toEqual([]);
    expect(rows[2]!.measured.inRuns).toEqual([{ runId: 'run-1', low: 0.45, high: null }]);
  });

  it('gives the train-vs-inference break-even from the median', () => {
    const [wasm, webgl] = ledgerRows(session().registry);
    // 10,000 ms of training / 0.9 ms = 11,112 queries (rounded up); 5e12 / 25e6 = 200,000.
    expect(wasm!.breakEvenTime).toEqual({ kind: 'at', queries: Math.ceil(10000 / 0.9) });
    expect(wasm!.breakEvenFlops).toEqual({ kind: 'at', queries: 200000 });
    expect(webgl!.breakEvenTime).toEqual({ kind: 'at', queries: 4000 });
  });

  it('charges the fine-tuning to the pruned model and repays it against the parent row on the same backend', () => {
    const rows = ledgerRows(session().registry);
    const s = rows.find((r) => r.model === 'structured 50% of filters')!;
    expect(s.kind).toBe('pruned');
    expect(s.trainMs).toBe(12000);
    expect(s.trainFlops).toBe(5.3e12);
    expect(s.fineTuneDispatches).toBe(640);
    expect(s.trainDispatches).toBe(2540);
    // 2,000 ms / (0.9 - 0.5 ms) = 5,000 queries; 3e11 / 15e6 = 20,000.
    expect(s.repay!.time).toEqual({ kind: 'at', queries: 5000 });
    expect(s.repay!.flops).toEqual({ kind: 'at', queries: 20000 });
    expect(rows[0]!.repay).toBeNull();
    expect(rows[0]!.trainDispatches).toBe(1900);
    expect(rows[0]!.fineTuneDispatches).toBe(0);
  });

  it('shows never for no saving (FLOPs) and a negative saving (time), and keeps the counted dispatches alone', () => {
    const u = ledgerRows(session().registry).find((r) => r.model === 'unstructured 90%')!;
    expect(u.repay!.flops).toMatchObject({ kind: 'never', reason: 'no FLOPs saved per query' });
    expect(u.repay!.time).toMatchObject({ kind: 'never', reason: 'negative time saved per query' });
    expect(u.fineTuneDispatches).toBeNaN();
    expect(u.trainDispatches).toBe(1900);
  });

  it('sums the training along the lineage: a level pruned from a pruned level', () => {
    const { registry, s50 } = session();
    const deeper = registry.pruned(s50, level('structured', 0.75, 6e6, 1000, 1e11, 300));
    registry.measure(deeper, 'wasm', 'sweep', 0.3, 256);
    const row = ledgerRows(registry).find((r) => r.modelId === deeper.id)!;
    expect(row.parentId).toBe(s50.id);
    expect(row.trainMs).toBe(13000);
    expect(row.trainFlops).toBeCloseTo(5.4e12, -3);
    expect(row.fineTuneMs).toBe(3000);
    expect(row.trainDispatches).toBe(2840);
    // Repays its own fine-tuning against its parent: 1,000 ms / (0.5 - 0.3 ms) = 5,000 queries.
    expect(row.repay!.fineTuneMs).toBe(1000);
    expect(row.repay!.time).toEqual({ kind: 'at', queries: 5000 });
    expect(row.runId).toBe(s50.familyId);
  });

  it('keeps a trained model not served yet, and a level not measured, with their training cost', () => {
    const registry = new Registry();
    const dense = registry.trained([epoch(3000, 1e12, 500)]);
    const level50 = registry.pruned(dense, level('structured', 0.5, 10e6, 2000, 3e11, 640));
    const rows = ledgerRows(registry);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ kind: 'dense', serveBackend: 'wasm', trainMs: 3000, measured: { count: 0, queries: 0, kinds: [] } });
    expect(rows[0]!.modelP50Ms).toBeNaN();
    expect(rows[0]!.servedHow).toContain('not served yet');
    expect(rows[0]!.breakEvenTime.kind).toBe('unknown');
    expect(rows[0]!.breakEvenFlops).toEqual({ kind: 'at', queries: 40000 });
    expect(rows[1]).toMatchObject({ modelId: level50.id, trainMs: 5000 });
    expect(rows[1]!.repay!.time.kind).toBe('unknown');
    expect(rows[1]!.repay!.flops).toEqual({ kind: 'at', queries: 20000 });
  });

  it('groups models by family, and a deleted parent leaves the training cost unknown rather than short', () => {
    const { registry, dense, s50 } = session();
    const second = registry.trained([epoch(1000, 1e11, 100)]);
    const rows = ledgerRows(registry);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows.at(-1)!.modelId).toBe(second.id);
    expect(rows.filter((r) => r.runId === dense.id)).toHaveLength(4);
    registry.remove(dense.id);
    const orphan = ledgerRows(registry).find((r) => r.modelId === s50.id)!;
    expect(orphan.trainMs).toBeNaN();
    expect(orphan.breakEvenTime.kind).toBe('unknown');
    expect(orphan.repay).toBeNull();
  });
});
