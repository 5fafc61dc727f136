import { describe, expect, it } from 'vitest';
import { stratifiedSplit, type SplitItem } from './split.ts';

function items(perClass: number[], duplicateEvery = 0): SplitItem[] {
  const out: SplitItem[] = [];
  perClass.forEach((n, label) => {
    for (let i = 0; i < n; i++) out.push({ label, hash: duplicateEvery && i % duplicateEvery === 1 ? `c${label}-${i - 1}` : `c${label}-${i}` });
  });
  return out;
}

describe('stratifiedSplit', () => {
  it('splits each class in the asked shares and uses every item once', () => {
    const list = items([100, 60, 40]);
    const s = stratifiedSplit(list, { val: 0.15, test: 0.2 }, 3);
    const all = [...s.train, ...s.val, ...s.test].sort((a, b) => a - b);
    expect(all).toEqual(list.map((_, i) => i));
    const per = (idx: number[]) => [0, 1, 2].map((c) => idx.filter((i) => list[i]!.label === c).length);
    expect(per(s.test)).toEqual([20, 12, 8]);
    expect(per(s.val)).toEqual([15, 9, 6]);
    expect(per(s.train)).toEqual([65, 39, 26]);
    expect(s.duplicates).toBe(0);
  });

  it('is the same for the same seed and different for another', () => {
    const list = items([50, 50]);
    expect(stratifiedSplit(list, { val: 0.2, test: 0.2 }, 9)).toEqual(stratifiedSplit(list, { val: 0.2, test: 0.2 }, 9));
    expect(stratifiedSplit(list, { val: 0.2, test: 0.2 }, 9).test).not.toEqual(stratifiedSplit(list, { val: 0.2, test: 0.2 }, 10).test);
  });

  it('keeps exact duplicates in one split', () => {
    const list = items([40, 40], 2); // every second item is a copy of the one before
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = stratifiedSplit(list, { val: 0.2, test: 0.2 }, seed);
      expect(s.duplicates).toBe(40);
      const where = new Map<string, string>();
      for (const key of ['train', 'val', 'test'] as const) {
        for (const i of s[key]) {
          const seen = where.get(list[i]!.hash);
          if (seen) expect(seen, `copies of ${list[i]!.hash}`).toBe(key);
          where.set(list[i]!.hash, key);
        }
      }
    }
  });

  it('gives a small class at least one image in each split', () => {
    const s = stratifiedSplit(items([5, 5]), { val: 0.05, test: 0.05 }, 1);
    expect([s.train.length, s.val.length, s.test.length]).toEqual([6, 2, 2]);
  });

  it('refuses shares that leave nothing to train on', () => {
    expect(() => stratifiedSplit(items([5, 5]), { val: 0.5, test: 0.5 }, 1)).toThrow(/leave some images to train on/);
  });
});
