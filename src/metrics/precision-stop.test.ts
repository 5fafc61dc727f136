// The stopping rule on worked numbers: the relative half-width, when it stops and why, and that
// stopping when precise keeps the intervals' coverage of the true median near 95%.
import { describe, expect, it } from 'vitest';
import { checkPrecision, describeStop, precisionRule, relativeHalfWidth, seriesPrecision, stopOutcome } from './precision-stop.ts';
import { createRng } from '../data/prng.ts';

/** The values 1..n: rank and value are the same number. */
const ranks = (n: number) => Float64Array.from({ length: n }, (_, i) => i + 1);

describe('seriesPrecision', () => {
  it('gives 1..100 a p50 of 50 in [40, 61]: ±22%', () => {
    // Exact binomial ranks for the median of 100 at 95%: 40 and 61 (docs/methods.md, section 7).
    const s = seriesPrecision('a', ranks(100));
    expect(s).toMatchObject({ count: 100, p50: 50, low: 40, high: 61 });
    expect(s.relHalfWidth).toBeCloseTo(11 / 50, 12);
  });

  it('leaves non-finite samples out and is unbounded with too few', () => {
    expect(seriesPrecision('a', [1, Number.NaN, 2, 3, 4, 5, 6]).count).toBe(6);
    // Five samples cannot give a 95% interval of the median from both sides (0.5^5 > 0.025).
    expect(seriesPrecision('a', [1, 2, 3, 4, 5]).relHalfWidth).toBeNull();
    expect(seriesPrecision('a', []).p50).toBeNaN();
  });

  it('is unbounded for a missing end or a p50 that is not positive', () => {
    expect(relativeHalfWidth(1, null, 2)).toBeNull();
    expect(relativeHalfWidth(0, 0, 0)).toBeNull();
    expect(relativeHalfWidth(10, 9, 10.5)).toBeCloseTo(0.1, 12);
  });
});

describe('checkPrecision', () => {
  const rule = precisionRule(1000, 32);

  it('keeps measuring while a p50 is wider than ±3%, and stops once every one is inside', () => {
    const tight = Array.from({ length: 64 }, (_, i) => 1 + (i % 8) * 0.001);
    const wide = ranks(64);
    expect(checkPrecision([{ label: 'a', samples: tight }, { label: 'b', samples: wide }], rule)).toMatchObject({ reason: null, worst: { label: 'b' } });
    const check = checkPrecision([{ label: 'a', samples: tight }, { label: 'b', samples: tight.map((x) => 2 * x) }], rule);
    expect(check.reason).toBe('precise');
    expect(check.worst!.relHalfWidth!).toBeLessThanOrEqual(0.03);
  });

  it('waits for the minimum count even when the first block is precise', () => {
    const constant = new Float64Array(16).fill(1);
    expect(checkPrecision([{ label: 'a', samples: constant }], rule).reason).toBeNull();
    expect(checkPrecision([{ label: 'a', samples: new Float64Array(32).fill(1) }], rule).reason).toBe('precise');
  });

  it('stops at the cap however wide, and the cap bounds the minimum', () => {
    const capped = precisionRule(100, 400);
    expect(capped.minCount).toBe(100);
    const check = checkPrecision([{ label: 'a', samples: ranks(100) }], capped);
    expect(check.reason).toBe('cap');
    const out = stopOutcome(check, capped, false);
    expect(out).toMatchObject({ reason: 'cap', count: 100, maxCount: 100, worstLabel: 'a' });
    expect(describeStop(out, 'rounds')).toBe('stopped at the cap of 100 rounds before the target: widest p50 interval ±22.0% (a), target ±3.0% at 95%');
  });

  it('says the run was stopped by hand when it ended before either', () => {
    const check = checkPrecision([{ label: 'x', samples: ranks(10) }], rule);
    expect(stopOutcome(check, rule, true).reason).toBe('stopped');
    expect(describeStop(stopOutcome(check, rule, true))).toContain('stopped by hand after 10 queries');
  });
});

describe('stopping when precise', () => {
  it('keeps the 95% intervals covering the true median in at least 93% of runs', () => {
    // Lognormal latencies (median 1 ms, sigma 0.15) in blocks of 16, checked after each block as
    // the serving benches do. Checking often could bias a rule that asks "is A below B"; this one
    // asks only "is the interval narrow", and coverage stays near nominal.
    const rng = createRng(7);
    const r = precisionRule(4096, 32);
    let covered = 0;
    let precise = 0;
    const runs = 400;
    for (let run = 0; run < runs; run++) {
      const samples: number[] = [];
      let check = checkPrecision([{ label: 'a', samples }], r);
      while (check.reason === null) {
        for (let i = 0; i < 16; i++) samples.push(Math.exp(0.15 * rng.normal()));
        check = checkPrecision([{ label: 'a', samples }], r);
      }
      if (check.reason === 'precise') precise++;
      const s = check.series[0]!;
      if (s.low! <= 1 && 1 <= s.high!) covered++;
    }
    expect(precise).toBe(runs);
    expect(covered / runs).toBeGreaterThanOrEqual(0.93);
  });
});
