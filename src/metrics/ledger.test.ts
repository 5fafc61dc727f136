// Unit tests of the cost ledger's maths on inputs whose answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import { chartQueries, cumulativeCost, daysAt, ledgerRows, pruneRepay, queriesToMatch, trainingCost } from './ledger.ts';
import type { EpochRecord, RunRecord } from './report.ts';
import { formatExactCount } from './format.ts';

const epoch = (wallMs: number, trainFlops: number, kernelCount: number): EpochRecord => ({
  epoch: 1, wallMs, samplesPerSec: 1, kernelCount, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops, gflops: 1,
  loss: 1, acc: 0.5, valLoss: 1, valAcc: 0.5, numTensors: 32, numBytes: 1, instrumentationMs: 0, batches: 1, valMs: 0,
});

const run: RunRecord = {
  backend: 'wasm',
  train: { epochs: [epoch(6000, 3e12, 1000), epoch(4000, 2e12, 900)] },
  serve: [{ model: 'dense', backend: 'wasm', coldMs: 20, count: 1024, meanMs: 1.1, minMs: 0.9, p50Ms: 1.0, p90Ms: 1.2, p99Ms: 2, maxMs: 5, modelP50Ms: 0.8, throughput: [], testAcc: 0.9, flopsPerQuery: 25e6, numTensorsLeaked: 0 }],
  pruneDense: { testAcc: 0.9, p50Ms: 1.0, modelP50Ms: 0.9, weightBytes: 1, gzipBytes: 1, nonzeroParams: 1, params: 1, flopsPerQuery: 25e6 },
  prune: [
    // Saves 0.4 ms and 15 MFLOP per query; fine-tuning cost 2 s and 3e11 FLOPs.
    { method: 'structured', sparsity: 0.5, testAcc: 0.9, p50Ms: 0.6, modelP50Ms: 0.5, weightBytes: 1, gzipBytes: 1, nonzeroParams: 1, flopsPerQuery: 10e6, fineTuneMs: 2000, fineTuneFlops: 3e11, fineTuneDispatches: 640 },
    // Same FLOPs (dense kernels) and slower: no saving in FLOPs, negative saving in time. Its
    // fine-tuning dispatches are missing, as in reports written before they were counted.
    { method: 'unstructured', sparsity: 0.9, testAcc: 0.9, p50Ms: 1.1, modelP50Ms: 0.95, weightBytes: 1, gzipBytes: 1, nonzeroParams: 1, flopsPerQuery: 25e6, fineTuneMs: 1500, fineTuneFlops: 2e11 },
  ],
};

describe('queriesToMatch', () => {
  it('is the smallest whole number of queries that covers the cost', () => {
    expect(queriesToMatch(10, 2)).toEqual({ kind: 'at', queries: 5 });
    expect(queriesToMatch(10, 3)).toEqual({ kind: 'at', queries: 4 });
    expect(queriesToMatch(0, 3)).toEqual({ kind: 'at', queries: 0 });
  });
  it('gives no break-even without a saving, or with a negative one', () => {
    expect(queriesToMatch(10, 0).kind).toBe('never');
    const negative = queriesToMatch(10, -0.5);
    expect(negative.kind).toBe('never');
    expect(negative.kind === 'never' && negative.reason).toContain('negative');
  });
  it('says unknown when a figure was not measured', () => {
    expect(queriesToMatch(Number.NaN, 1).kind).toBe('unknown');
    expect(queriesToMatch(10, Number.NaN).kind).toBe('unknown');
  });
});

describe('the ledger rows', () => {
  it('sums training over the epochs', () => {
    expect(trainingCost(run.train.epochs)).toEqual({ wallMs: 10000, flops: 5e12, dispatches: 1900, epochs: 2 });
  });

  it('gives the train-vs-inference break-even for the dense model per serving backend', () => {
    const [served, pruneDense] = ledgerRows({ id: 'r1', label: 'run 1', run });
    expect(served!.model).toBe('dense');
    // 10,000 ms of training / 0.8 ms model-only p50 = 12,500 queries; 5e12 / 25e6 = 200,000.
    expect(served!.breakEvenTime).toEqual({ kind: 'at', queries: 12500 });
    expect(served!.breakEvenFlops).toEqual({ kind: 'at', queries: 200000 });
    expect(pruneDense!.breakEvenTime).toEqual({ kind: 'at', queries: Math.ceil(10000 / 0.9) });
  });

  it('charges the fine-tuning to the pruned model and computes the queries to repay it', () => {
    const rows = ledgerRows({ id: 'r1', label: 'run 1', run });
    const s = rows.find((r) => r.model === 'structured 50% of filters')!;
    expect(s.trainMs).toBe(12000);
    expect(s.trainFlops).toBe(5.3e12);
    // 2,000 ms / (0.9 - 0.5 ms) = 5,000 queries; 3e11 / 15e6 = 20,000 queries.
    expect(s.repay!.time).toEqual({ kind: 'at', queries: 5000 });
    expect(s.repay!.flops).toEqual({ kind: 'at', queries: 20000 });
    expect(daysAt(s.repay!.time, 1000)).toBe(5);
  });

  it("adds the fine-tuning's counted dispatches to the training run's", () => {
    const rows = ledgerRows({ id: 'r1', label: 'run 1', run });
    const s = rows.find((r) => r.model === 'structured 50% of filters')!;
    // 1,000 + 900 dispatches in the epochs, 640 in the fine-tuning.
    expect(s.fineTuneDispatches).toBe(640);
    expect(s.trainDispatches).toBe(2540);
    expect(rows[0]!.fineTuneDispatches).toBe(0);
    expect(rows[0]!.trainDispatches).toBe(1900);
  });

  it('keeps only the training part when a report did not record the fine-tuning dispatches', () => {
    const u = ledgerRows({ id: 'r1', label: 'run 1', run }).find((r) => r.model === 'unstructured 90%')!;
    expect(u.fineTuneDispatches).toBeNaN();
    expect(u.trainDispatches).toBe(1900);
  });

  it('shows no repay for no saving (FLOPs) or a negative saving (time)', () => {
    const u = ledgerRows({ id: 'r1', label: 'run 1', run }).find((r) => r.model === 'unstructured 90%')!;
    expect(u.repay!.flops.kind).toBe('never');
    expect(u.repay!.time.kind).toBe('never');
    expect(daysAt(u.repay!.time, 1000)).toBeNaN();
  });

  it('matches pruneRepay used by the Prune view', () => {
    expect(pruneRepay(run.pruneDense!, run.prune[0]!).time).toEqual({ kind: 'at', queries: 5000 });
  });
});

describe('cumulative cost lines', () => {
  it('cross at the repay point', () => {
    const dense = { label: 'dense', upFront: 10000, perQuery: 0.9 };
    const pruned = { label: 'pruned', upFront: 12000, perQuery: 0.5 };
    const xs = chartQueries(dense, pruned, 1000);
    expect(xs).toEqual([0, 5000, 10000]);
    expect(cumulativeCost(dense, 5000)).toBeCloseTo(cumulativeCost(pruned, 5000), 6);
    expect(chartQueries(dense, { ...pruned, perQuery: 0.95 }, 1000)).toEqual([0, 1000]);
  });
});

describe('formatExactCount', () => {
  it('prints whole numbers of queries exactly, so they can be checked by hand', () => {
    expect(formatExactCount(475806)).toBe('475,806');
    expect(formatExactCount(12)).toBe('12');
    expect(formatExactCount(2.5e9)).toBe('2.50 G');
    expect(formatExactCount(Number.NaN)).toBe('—');
  });
});
