// Unit tests for the intervals, against numbers worked out by hand (docs/methods.md, section 7).
import { describe, expect, it } from 'vitest';
import { differenceInterval, distinguishableFromChance, EXACT_RANKS_MAX_N, MEAN_INTERVAL_MIN_N, meanInterval, normalQuantile, p50Intervals, percentileInterval, quantileEstimate, quantileRatioBounds, ratioVerdict, wilsonInterval } from './intervals.ts';

/** The values 1..n, so a rank and the value at it are the same number. */
const ranks = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);

describe('wilsonInterval', () => {
  it('gives 4 of 4 about [0.51, 1.00]: four images say little', () => {
    // centre = (1 + 3.8416/8) / (1 + 3.8416/4) = 0.7550; half = 1.96/1.9604 · sqrt(3.8416/64) = 0.2450.
    const { low, high } = wilsonInterval(4, 4);
    expect(low).toBeCloseTo(0.5101, 4);
    expect(high).toBe(1);
  });

  it('gives 50 of 100 [0.404, 0.596]', () => {
    // centre 0.5; half = 1.96/1.038416 · sqrt(0.0025 + 3.8416/40000) = 0.09617.
    const { low, high } = wilsonInterval(50, 100);
    expect(low).toBeCloseTo(0.4038, 4);
    expect(high).toBeCloseTo(0.5962, 4);
  });

  it('matches the methods document: 1,100 of 1,200 is [90.0%, 93.1%], 250 of 500 [45.6%, 54.4%]', () => {
    const a = wilsonInterval(1100, 1200);
    expect(a.low).toBeCloseTo(0.8997, 4);
    expect(a.high).toBeCloseTo(0.931, 4);
    const b = wilsonInterval(250, 500);
    expect(b.low).toBeCloseTo(0.4563, 4);
    expect(b.high).toBeCloseTo(0.5437, 4);
  });

  it('keeps a width at 0%, stays inside [0, 1], and has no interval without images', () => {
    const zero = wilsonInterval(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 4);
    expect(Number.isNaN(wilsonInterval(0, 0).low)).toBe(true);
  });

  it('narrows as n grows around the same proportion', () => {
    const w = (n: number) => { const i = wilsonInterval(n * 0.8, n); return i.high - i.low; };
    expect(w(10)).toBeGreaterThan(w(100));
    expect(w(100)).toBeGreaterThan(w(10_000));
  });
});

describe('distinguishableFromChance', () => {
  it('cannot tell 50% of 500 from a coin (two classes) but can tell 85% of 500', () => {
    expect(distinguishableFromChance(0.5, 500, 2)).toBe(false);
    expect(distinguishableFromChance(0.85, 500, 2)).toBe(true);
  });

  it('depends on the number of classes and on n', () => {
    // 45% of 500: [40.7%, 49.3%] excludes 1/2, but 45% of 20 does not.
    expect(distinguishableFromChance(0.45, 500, 2)).toBe(true);
    expect(distinguishableFromChance(0.45, 20, 2)).toBe(false);
    // 40% is far above chance with 10 classes.
    expect(distinguishableFromChance(0.4, 500, 10)).toBe(true);
    // 4 of 4 ([51%, 100%]) just clears 50%; 3 of 3 ([43.9%, 100%]) does not.
    expect(distinguishableFromChance(1, 4, 2)).toBe(true);
    expect(distinguishableFromChance(1, 3, 2)).toBe(false);
  });

  it('says false for a figure that was not measured', () => {
    expect(distinguishableFromChance(Number.NaN, 500, 2)).toBe(false);
    expect(distinguishableFromChance(0.9, 0, 2)).toBe(false);
  });
});

describe('normalQuantile', () => {
  it('gives the familiar values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });
});

describe('percentileInterval', () => {
  it('puts the p50 of 1,024 samples between ranks 481 and 544 (about n·q ± 1.96·sqrt(n·q(1−q)) = 512 ± 31.4)', () => {
    const r = percentileInterval(ranks(1024), 0.5);
    expect(r).toEqual({ low: 481, high: 544, lowRank: 481, highRank: 544 });
  });

  it('puts the p99 of 1,024 between ranks 1,007 and 1,020, and the p90 between 902 and 941', () => {
    expect(percentileInterval(ranks(1024), 0.99)).toMatchObject({ lowRank: 1007, highRank: 1020 });
    expect(percentileInterval(ranks(1024), 0.9)).toMatchObject({ lowRank: 902, highRank: 941 });
  });

  it('reports the p99 of 128 queries as having no upper end (0.99^128 ≈ 0.28 of the time all are below it)', () => {
    const r = percentileInterval(ranks(128), 0.99);
    expect(r.high).toBeNull();
    expect(r.highRank).toBeNull();
    expect(r.lowRank).toBe(124);
  });

  it('has no interval at all for the p50 of 5 samples (0.5^5 > 2.5%), and the whole range for 6', () => {
    expect(percentileInterval(ranks(5), 0.5)).toEqual({ low: null, high: null, lowRank: null, highRank: null });
    expect(percentileInterval(ranks(6), 0.5)).toEqual({ low: 1, high: 6, lowRank: 1, highRank: 6 });
  });

  it('covers the true quantile at least 95% of the time, whatever the distribution (exact ranks)', () => {
    // P(j <= B <= k - 1) for B ~ Binomial(n, q), summed by hand in plain doubles for small n.
    for (const [n, q] of [[20, 0.5], [50, 0.9], [200, 0.99], [300, 0.25]] as const) {
      const { lowRank, highRank } = percentileInterval(ranks(n), q);
      let cover = 0;
      for (let b = 0; b <= n; b++) {
        let logC = 0;
        for (let i = 0; i < b; i++) logC += Math.log((n - i) / (i + 1));
        const pmf = Math.exp(logC + b * Math.log(q) + (n - b) * Math.log(1 - q));
        if (b >= (lowRank ?? 0) && b <= (highRank ?? n + 1) - 1) cover += pmf;
      }
      expect(cover, `n ${n}, q ${q}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('switches to the normal approximation past the exact limit and agrees with the exact ranks within one', () => {
    const atLimit = percentileInterval(ranks(EXACT_RANKS_MAX_N), 0.5);
    const past = percentileInterval(ranks(EXACT_RANKS_MAX_N + 1), 0.5);
    expect(Math.abs(past.lowRank! - atLimit.lowRank!)).toBeLessThanOrEqual(1);
    expect(Math.abs(past.highRank! - atLimit.highRank!)).toBeLessThanOrEqual(1);
    // 100,000 samples: 50,000 ± 1.96 · 158.1 = [49,690.1, 50,309.9], rounded outward.
    expect(percentileInterval(ranks(100_000), 0.5)).toMatchObject({ lowRank: 49_690, highRank: 50_310 });
  });

  it('reads the values at the ranks of the sorted samples', () => {
    const sorted = Float64Array.from(ranks(1024), (r) => r / 100);
    expect(percentileInterval(sorted, 0.5)).toMatchObject({ low: 4.81, high: 5.44 });
  });

  it('refuses an empty sample or a q outside (0, 1)', () => {
    expect(() => percentileInterval([], 0.5)).toThrow(/no samples/);
    expect(() => percentileInterval([1, 2], 1)).toThrow(/q must be/);
  });
});

describe('quantileEstimate and p50Intervals', () => {
  it('sorts, takes the nearest-rank p50 and its interval, and counts the samples', () => {
    const shuffled = Array.from(ranks(1024)).reverse();
    expect(quantileEstimate(shuffled, 0.5)).toEqual({ q: 0.5, value: 512, count: 1024, low: 481, high: 544, lowRank: 481, highRank: 544 });
    expect(quantileEstimate([], 0.5)).toBeNull();
  });

  it('leaves failed queries out', () => {
    const samples = [...Array.from(ranks(100), (r) => ({ e2eMs: r, modelMs: r / 2 })), { e2eMs: 1e6, modelMs: 1e6, error: 'lost' }];
    const p = p50Intervals(samples);
    expect(p.e2e?.count).toBe(100);
    expect(p.e2e?.value).toBe(50);
    expect(p.model?.value).toBe(25);
  });
});

describe('quantileRatioBounds', () => {
  it('divides the percentile\'s ends by the median\'s far ends, both intervals at 97.5%', () => {
    const sorted = Float64Array.from({ length: 1000 }, (_, i) => 1 + i / 1000);
    const top = percentileInterval(sorted, 0.9, 0.975);
    const mid = percentileInterval(sorted, 0.5, 0.975);
    const b = quantileRatioBounds(sorted, 0.9);
    expect(b.low).toBeCloseTo(top.low! / mid.high!, 12);
    expect(b.high).toBeCloseTo(top.high! / mid.low!, 12);
    // Wider than the 95% intervals would give, and around the point ratio.
    expect(top.high! - top.low!).toBeGreaterThan(percentileInterval(sorted, 0.9).high! - percentileInterval(sorted, 0.9).low!);
    const point = 1.9 / 1.5;
    expect(b.low!).toBeLessThan(point);
    expect(b.high!).toBeGreaterThan(point);
  });

  it('leaves open an end the sample cannot bound', () => {
    // p99 of 128 queries has no upper end at 97.5%, and p50 of 3 queries neither end.
    const b = quantileRatioBounds(Float64Array.from({ length: 128 }, (_, i) => i + 1), 0.99);
    expect(b.high).toBeNull();
    expect(b.low).not.toBeNull();
    expect(quantileRatioBounds(Float64Array.from([1, 2, 3]), 0.9)).toEqual({ low: null, high: null });
  });
});

describe('meanInterval', () => {
  it('is mean ± 1.96 sd / √n from 30 samples on, and has no ends below or without a spread', () => {
    const b = meanInterval(2, 1, 100);
    expect(b.low).toBeCloseTo(2 - 0.196, 3);
    expect(b.high).toBeCloseTo(2 + 0.196, 3);
    expect(b.why).toBeNull();
    expect(meanInterval(2, 0, MEAN_INTERVAL_MIN_N)).toEqual({ low: 2, high: 2, why: null });
    expect(meanInterval(2, 1, MEAN_INTERVAL_MIN_N - 1)).toEqual({ low: null, high: null, why: 'too few queries' });
    expect(meanInterval(2, null, 100)).toEqual({ low: null, high: null, why: 'no spread kept' });
    expect(meanInterval(2, Number.NaN, 100)).toEqual({ low: null, high: null, why: 'no spread kept' });
    // A missing mean is named first, whatever else is missing.
    expect(meanInterval(Number.NaN, 1, 100)).toEqual({ low: null, high: null, why: 'no mean' });
    expect(meanInterval(Infinity, null, 3)).toEqual({ low: null, high: null, why: 'no mean' });
    // One 200 ms stall among 99 queries of 1 ms: sd ≈ 20 ms, so 1.96 sd / √100 ≈ 3.9 ms > the 3 ms mean.
    expect(meanInterval(2.99, 19.9, 100)).toEqual({ low: null, high: null, why: 'too spread for the normal approximation' });
  });
});

describe('ratioVerdict', () => {
  it('calls one side lower only when its whole interval is below the other', () => {
    expect(ratioVerdict({ low: 1, high: 2 }, { low: 3, high: 4 })).toBe('a lower');
    expect(ratioVerdict({ low: 3, high: 4 }, { low: 1, high: 2 })).toBe('b lower');
  });

  it('says "not distinguishable" when the intervals overlap or touch', () => {
    expect(ratioVerdict({ low: 1, high: 3 }, { low: 2, high: 4 })).toBe('not distinguishable');
    expect(ratioVerdict({ low: 1, high: 2 }, { low: 2, high: 4 })).toBe('not distinguishable');
  });

  it('treats a missing end as unbounded', () => {
    expect(ratioVerdict({ low: 1, high: null }, { low: 5, high: 6 })).toBe('not distinguishable');
    expect(ratioVerdict({ low: 1, high: 2 }, { low: 5, high: null })).toBe('a lower');
    expect(ratioVerdict({ low: Number.NaN, high: Number.NaN }, { low: 5, high: 6 })).toBe('not distinguishable');
  });
});

describe('differenceInterval', () => {
  it("matches Newcombe's published hybrid score intervals", () => {
    // Newcombe (1998), Statistics in Medicine 17, table II, method 10: 56/70 − 48/80 and 9/10 − 3/10.
    const a = differenceInterval(56 / 70, 70, 48 / 80, 80);
    expect(a.low).toBeCloseTo(0.0524, 4);
    expect(a.high).toBeCloseTo(0.3339, 4);
    const b = differenceInterval(9 / 10, 10, 3 / 10, 10);
    expect(b.low).toBeCloseTo(0.1705, 4);
    expect(b.high).toBeCloseTo(0.8090, 4);
  });
  it('is symmetric in the order of the two, and has no ends without a count', () => {
    const ab = differenceInterval(0.7, 150, 0.6, 150);
    const ba = differenceInterval(0.6, 150, 0.7, 150);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
    expect(differenceInterval(0.5, 0, 0.5, 10).low).toBeNaN();
  });
});
