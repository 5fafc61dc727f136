import { describe, expect, it } from 'vitest';
import { argmax, distinctAccuracy, imageAt, queryOrder } from './query-order.ts';
import { suggestRates } from './bench-open-loop.ts';

describe('queryOrder', () => {
  it('uses every image once before repeating, and repeats for the same seed', () => {
    const order = queryOrder(10, 25, 7);
    expect(new Set(order.subarray(0, 10)).size).toBe(10);
    expect(new Set(order.subarray(10, 20)).size).toBe(10);
    expect(Array.from(queryOrder(10, 25, 7))).toEqual(Array.from(order));
    expect(Array.from(queryOrder(10, 25, 8))).not.toEqual(Array.from(order));
    expect(() => queryOrder(0, 5, 1)).toThrow(/empty/);
  });
});

describe('scoring', () => {
  it('argmax takes the first maximum', () => {
    expect(argmax([0.1, 0.7, 0.2])).toBe(1);
    expect(argmax([0.5, 0.5])).toBe(0);
  });
  it('counts each image once and skips failed queries', () => {
    const acc = distinctAccuracy([
      { imageIndex: 1, correct: true },
      { imageIndex: 1, correct: true },
      { imageIndex: 2, correct: false },
      { imageIndex: 3, correct: false, error: 'bad' },
    ]);
    expect(acc).toBe(0.5);
    expect(distinctAccuracy([])).toBeNaN();
  });
  it('imageAt is a view of one RGB image', () => {
    const set = { pixels: Uint8Array.from({ length: 2 * 2 * 2 * 3 }, (_, i) => i), labels: new Uint8Array(2), count: 2, height: 2, width: 2, ids: ['a', 'b'] };
    const img = imageAt(set, 1);
    expect(img).toMatchObject({ width: 2, height: 2, channels: 3 });
    expect(Array.from(img.data)).toEqual(Array.from({ length: 12 }, (_, i) => 12 + i));
    expect(img.data.buffer).toBe(set.pixels.buffer);
  });
});

describe('suggestRates', () => {
  it('spans light load to overload around 1000 / p50', () => {
    expect(suggestRates(2, [0.5, 1, 1.25])).toEqual([250, 500, 625]);
    expect(() => suggestRates(0)).toThrow();
  });
});
