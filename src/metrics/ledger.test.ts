// Unit tests of the cost ledger's maths on inputs whose answers are worked out by hand (the rows
// themselves are tested in src/registry/ledger-rows.test.ts).
import { describe, expect, it } from 'vitest';
import { chartQueries, cumulativeCost, daysAt, fineTuneDispatchesMissing, measuredLabel, measuredParts, median, pruneLevelName, pruneRepay, queriesToMatch, trainingCost } from './ledger.ts';
import type { EpochRecord } from './report.ts';
import { formatExactCount } from './format.ts';

const epoch = (wallMs: number, trainFlops: number, kernelCount: number): EpochRecord => ({
  epoch: 1, wallMs, samplesPerSec: 1, kernelCount, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops, gflops: 1,
  loss: 1, acc: 0.5, valLoss: 1, valAcc: 0.5, numTensors: 32, numBytes: 1, instrumentationMs: 0, batches: 1, valMs: 0,
});

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

describe('the ledger maths', () => {
  it('sums training over the epochs', () => {
    expect(trainingCost([epoch(6000, 3e12, 1000), epoch(4000, 2e12, 900)])).toEqual({ wallMs: 10000, flops: 5e12, dispatches: 1900, epochs: 2 });
  });

  it('computes the queries a pruned level needs to repay its fine-tuning', () => {
    const dense = { flopsPerQuery: 25e6, modelP50Ms: 0.9 };
    // Saves 0.4 ms and 15 MFLOP per query; fine-tuning cost 2 s and 3e11 FLOPs.
    const r = pruneRepay(dense, { flopsPerQuery: 10e6, modelP50Ms: 0.5, fineTuneMs: 2000, fineTuneFlops: 3e11 });
    expect(r.time).toEqual({ kind: 'at', queries: 5000 });
    expect(r.flops).toEqual({ kind: 'at', queries: 20000 });
    expect(r).toMatchObject({ fineTuneMs: 2000, fineTuneFlops: 3e11 });
    expect(r.msSaved).toBeCloseTo(0.4, 12);
    expect(daysAt(r.time, 1000)).toBe(5);
  });

  it('shows no repay for no saving (FLOPs) or a negative saving (time)', () => {
    const u = pruneRepay({ flopsPerQuery: 25e6, modelP50Ms: 0.9 }, { flopsPerQuery: 25e6, modelP50Ms: 0.95, fineTuneMs: 1500, fineTuneFlops: 2e11 });
    expect(u.flops.kind).toBe('never');
    expect(u.time.kind).toBe('never');
    expect(daysAt(u.time, 1000)).toBeNaN();
  });

  it('takes the median of the measured values, skipping the unmeasured', () => {
    expect(median([1.2, 0.8, 0.9])).toBe(0.9);
    expect(median([1, 2, 4, 8])).toBe(3);
    expect(median([Number.NaN, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('names pruned levels', () => {
    expect(pruneLevelName({ method: 'structured', sparsity: 0.5 })).toBe('structured 50% of filters');
    expect(pruneLevelName({ method: 'unstructured', sparsity: 0.9 })).toBe('unstructured 90%');
  });

  it('marks a pruned row whose fine-tuning dispatches were not counted', () => {
    expect(fineTuneDispatchesMissing({ kind: 'pruned', fineTuneDispatches: Number.NaN })).toBe(true);
    expect(fineTuneDispatchesMissing({ kind: 'pruned', fineTuneDispatches: 640 })).toBe(false);
    expect(fineTuneDispatchesMissing({ kind: 'dense', fineTuneDispatches: 0 })).toBe(false);
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

describe('measuredLabel', () => {
  it('gives the count and the range of the measurements behind a median', () => {
    expect(measuredLabel({ count: 3, minMs: 0.8, maxMs: 1.2 })).toBe('n = 3, range 0.80–1.20 ms');
    expect(measuredLabel({ count: 2, minMs: 0.005, maxMs: 1.5 })).toBe('n = 2, range 5.00 µs–1.50 ms');
    expect(measuredLabel({ count: 1, minMs: 0.8, maxMs: 0.8 })).toBe('n = 1');
    expect(measuredLabel({ count: 0, minMs: Number.NaN, maxMs: Number.NaN })).toBe('not measured');
  });

  it('gives its parts apart, for a view that keeps each on one line', () => {
    expect(measuredParts({ count: 3, minMs: 0.8, maxMs: 1.2 })).toEqual({ count: 'n = 3', range: '0.80–1.20 ms' });
    expect(measuredParts({ count: 2, minMs: 0.9, maxMs: 0.9 })).toEqual({ count: 'n = 2', range: null });
    expect(measuredParts({ count: 0, minMs: Number.NaN, maxMs: Number.NaN })).toBeNull();
  });
});
