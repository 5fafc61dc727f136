import { describe, expect, it } from 'vitest';
import { createRng, shuffledIndices } from './prng.ts';

describe('createRng', () => {
  it('repeats for the same seed and differs for another', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
  });

  it('stays in range and is roughly uniform', () => {
    const rng = createRng(7);
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});

describe('shuffledIndices', () => {
  it('is a permutation that repeats for the same seed', () => {
    const p = shuffledIndices(100, 9);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(shuffledIndices(100, 9)).toEqual(p);
    expect(shuffledIndices(100, 10)).not.toEqual(p);
  });
});
