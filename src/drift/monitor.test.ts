// PSI and KS: zero for the same distribution, growing with the shift, and known values by hand.
import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng.ts';
import { binShares, ksStatistic, psi, PSI_THRESHOLD, quantileEdges } from './monitor.ts';

const normal = (n: number, mean: number, seed: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => mean + rng.normal());
};

describe('psi', () => {
  it('is about zero for two samples of one distribution, and passes the threshold for a shifted one', () => {
    const ref = normal(2000, 0, 1);
    expect(psi(ref, normal(2000, 0, 2))).toBeLessThan(0.05);
    expect(psi(ref, normal(2000, 1, 3))).toBeGreaterThan(PSI_THRESHOLD);
  });

  it('grows with the shift', () => {
    const ref = normal(2000, 0, 1);
    const values = [0.25, 0.5, 1, 2].map((m) => psi(ref, normal(2000, m, 9)));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
  });

  it('matches the formula on a two-bin case', () => {
    // Reference split 50/50 at its median; the day puts 80% below it.
    const ref = [0, 0, 1, 1];
    const day = [0, 0, 0, 0, 1];
    expect(quantileEdges(ref, 2)[0]).toBe(1);
    // The last edge sits just above the reference's largest value: nothing of either sample is beyond it here.
    expect(quantileEdges(ref, 2)).toHaveLength(2);
    expect(binShares(day, [1])).toEqual([0.8, 0.2]);
    const expected = (0.8 - 0.5) * Math.log(0.8 / 0.5) + (0.2 - 0.5) * Math.log(0.2 / 0.5);
    expect(psi(ref, day, 2)).toBeCloseTo(expected, 12);
  });

  it('sees a day move above a constant reference', () => {
    expect(psi([5, 5, 5, 5], [5, 5, 5, 5])).toBe(0);
    expect(psi([5, 5, 5, 5], [9, 9, 9, 9])).toBeGreaterThan(PSI_THRESHOLD);
    expect(psi([5, 5, 5, 5], [1, 1, 1, 1])).toBeGreaterThan(PSI_THRESHOLD);
  });
});

describe('ksStatistic', () => {
  it('is 0 for identical samples, 1 for disjoint ones, and the CDF gap in between', () => {
    expect(ksStatistic([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(ksStatistic([1, 2, 3], [4, 5])).toBe(1);
    expect(ksStatistic([1, 2, 3, 4], [3, 4, 5, 6])).toBeCloseTo(0.5, 12);
  });
});
