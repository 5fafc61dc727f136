// Unit tests for the latency statistics: nearest-rank percentiles, summaries and histograms.
import { describe, expect, it } from 'vitest';
import { histogram, mean, percentile, sortedCopy, std, summarize } from './stats.ts';

const oneToHundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it('picks the ceil(p/100 * n)-th smallest sample', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 90)).toBe(90);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile(oneToHundred, 100)).toBe(100);
    expect(percentile(oneToHundred, 0.5)).toBe(1);
    expect(percentile(oneToHundred, 99.9)).toBe(100);
  });

  it('returns an observed value, never an interpolation', () => {
    const s = [10, 20, 30, 40];
    expect(percentile(s, 50)).toBe(20); // rank 2
    expect(percentile(s, 51)).toBe(30); // rank ceil(2.04) = 3
    expect(percentile(s, 90)).toBe(40); // rank ceil(3.6) = 4
    expect(percentile([7], 1)).toBe(7);
  });

  it('does not round an exact rank up through floating-point error', () => {
    // 7/100 * 100 is 7.000000000000001 in floating point; the rank must still be 7.
    expect(percentile(oneToHundred, 7)).toBe(7);
    expect(percentile(oneToHundred, 29)).toBe(29);
    const thousand = Float64Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(thousand, 99.9)).toBe(999);
  });

  it('rejects empty input and p outside (0, 100]', () => {
    expect(() => percentile([], 50)).toThrow(/no samples/);
    expect(() => percentile([1, 2], 0)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1, 2], 101)).toThrow(/\(0, 100\]/);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(/\(0, 100\]/);
  });
});

describe('mean and std', () => {
  it('computes the mean and the sample standard deviation', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    // Sum of squared deviations 32 over n - 1 = 7.
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(std([5])).toBe(0);
    expect(() => mean([])).toThrow(/no samples/);
  });
});

describe('summarize', () => {
  it('reports count, mean, min, percentiles, max and std of unsorted samples', () => {
    const samples = Array.from(oneToHundred).reverse();
    const s = summarize(samples);
    expect(s).toEqual({
      count: 100,
      meanMs: 50.5,
      minMs: 1,
      p50Ms: 50,
      p90Ms: 90,
      p99Ms: 99,
      maxMs: 100,
      stdMs: std(oneToHundred),
    });
  });

  it('keeps outliers: one huge sample moves max and mean', () => {
    const samples = [...Array.from({ length: 99 }, () => 1), 1000];
    const s = summarize(samples);
    expect(s.maxMs).toBe(1000);
    expect(s.count).toBe(100);
    expect(s.meanMs).toBeCloseTo((99 + 1000) / 100, 12);
    expect(s.p99Ms).toBe(1);
  });

  it('does not mutate its input', () => {
    const samples = [3, 1, 2];
    const typed = Float64Array.of(3, 1, 2);
    summarize(samples);
    summarize(typed);
    expect(samples).toEqual([3, 1, 2]);
    expect(Array.from(typed)).toEqual([3, 1, 2]);
    expect(Array.from(sortedCopy(typed))).toEqual([1, 2, 3]);
  });

  it('rejects empty and non-finite samples', () => {
    expect(() => summarize([])).toThrow(/no samples/);
    expect(() => summarize([1, Number.NaN])).toThrow(/index 1/);
    expect(() => summarize([Infinity])).toThrow(/finite/);
  });
});

describe('histogram', () => {
  const total = (bins: { count: number }[]): number => bins.reduce((a, b) => a + b.count, 0);

  it('makes equal-width bins and puts the maximum into the last bin', () => {
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 5 });
    expect(h.map((b) => [b.lo, b.hi])).toEqual([[0, 2], [2, 4], [4, 6], [6, 8], [8, 10]]);
    // [0,2) holds 0 and 1; the last bin [8,10] holds 8, 9 and 10.
    expect(h.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
  });

  it('counts every value exactly once, whatever the spread', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 37.3 + (i % 7) * 0.1);
    for (const bins of [1, 3, 17, 64]) {
      const h = histogram(values, { bins });
      expect(h).toHaveLength(bins);
      expect(total(h)).toBe(values.length);
      // Adjacent bins share their edge, so there are no gaps or overlaps.
      for (let i = 1; i < h.length; i++) expect(h[i]!.lo).toBe(h[i - 1]!.hi);
    }
  });

  it('puts each value inside its own bin edges', () => {
    const values = Array.from({ length: 500 }, (_, i) => 0.1 + i * 0.1);
    const h = histogram(values, { bins: 7 });
    for (const v of values) {
      const inside = h.filter((b, i) => v >= b.lo && (v < b.hi || (i === h.length - 1 && v === b.hi)));
      expect(inside).toHaveLength(1);
    }
  });

  it('spaces log bins by equal ratios, for latencies spanning decades', () => {
    const h = histogram([1, 5, 10, 50, 100, 500, 1000], { bins: 3, log: true });
    expect(h.map((b) => b.lo)).toEqual([1, expect.closeTo(10, 9), expect.closeTo(100, 9)]);
    expect(h[2]!.hi).toBe(1000);
    expect(h.map((b) => b.count)).toEqual([2, 2, 3]);
  });

  it('clamps values outside an explicit range into the end bins so none is lost', () => {
    const h = histogram([-5, 0, 5, 9.99, 10, 50], { bins: 2, min: 0, max: 10 });
    expect(h).toEqual([
      { lo: 0, hi: 5, count: 2 },
      { lo: 5, hi: 10, count: 4 },
    ]);
  });

  it('puts zero latencies into the first log bin', () => {
    const h = histogram([0, 1, 10, 100], { bins: 2, log: true });
    expect(h[0]!.lo).toBe(1);
    expect(h.map((b) => b.count)).toEqual([2, 2]);
  });

  it('handles equal values, empty input and bad options', () => {
    expect(histogram([4, 4, 4], { bins: 10 })).toEqual([{ lo: 4, hi: 4, count: 3 }]);
    expect(histogram([])).toEqual([]);
    expect(histogram([], { bins: 2, min: 0, max: 2 })).toEqual([
      { lo: 0, hi: 1, count: 0 },
      { lo: 1, hi: 2, count: 0 },
    ]);
    expect(() => histogram([1], { bins: 0 })).toThrow(/positive integer/);
    expect(() => histogram([1, 2], { min: 3, max: 1 })).toThrow(/above max/);
    expect(() => histogram([1, 2], { log: true, min: 0 })).toThrow(/min > 0/);
    expect(() => histogram([0, -1], { log: true })).toThrow(/positive/);
    expect(() => histogram([1, Number.NaN])).toThrow(/finite/);
  });

  it('defaults to 20 bins', () => {
    expect(histogram(oneToHundred)).toHaveLength(20);
    expect(total(histogram(oneToHundred))).toBe(100);
  });
});
