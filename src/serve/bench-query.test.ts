// The derived round trip: clock noise never makes it negative, and it prints as a time.
import { describe, expect, it } from 'vitest';
import { formatMs } from '../metrics/format.ts';
import { remainderMs, summarizeField } from './bench-query.ts';
import type { QuerySample } from './bench-types.ts';

describe('remainderMs', () => {
  it('is the total less its parts', () => {
    expect(remainderMs(1.25, 1, 0.2)).toBeCloseTo(0.05, 12);
    expect(remainderMs(3, 1)).toBe(2);
  });

  it('reads clock noise and float residue below zero as 0, never as a negative duration', () => {
    // Three 5 µs-coarsened readings whose true remainder is nothing: the float subtraction leaves residue.
    const e2e = 0.1 + 0.2;
    expect(e2e - 0.2 - 0.1).not.toBe(0);
    expect(remainderMs(e2e, 0.2, 0.1)).toBe(0);
    // Page and worker clocks coarsened apart: the parts add up to a little more than the total.
    expect(remainderMs(0.705, 0.7, 0.01)).toBe(0);
    expect(remainderMs(1, 1 + 1.16e-10)).toBe(0);
  });

  it('gives a round-trip minimum that prints as "0 ms", not "-1.16e-7 µs"', () => {
    const sample = (e2eMs: number, modelMs: number, preprocessMs: number): QuerySample => ({
      seq: 0, imageIndex: 0, startMs: 0, e2eMs, modelMs, preprocessMs, roundTripMs: remainderMs(e2eMs, modelMs, preprocessMs), correct: true,
    });
    const samples = [sample(0.3, 0.2, 0.1), sample(0.75, 0.7, 0.02), sample(0.74, 0.70000000012, 0.04)];
    const rt = summarizeField(samples, 'roundTripMs')!;
    expect(rt.minMs).toBe(0);
    expect(formatMs(rt.minMs)).toBe('0 ms');
    expect(formatMs(rt.maxMs)).toBe('0.03 ms');
  });
});
