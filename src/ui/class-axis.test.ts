import { describe, expect, it } from 'vitest';
import { classAxisScale } from './class-axis.ts';

describe('classAxisScale', () => {
  it('draws milliseconds as seconds once a value reaches a second, as the table writes them, and not before', () => {
    expect(classAxisScale('epochWallMs', [870, 168_000])).toEqual({ factor: 1 / 1000, unit: 's' });
    expect(classAxisScale('epochWallMs', [870, 999, Number.NaN])).toEqual({ factor: 1, unit: 'ms' });
    expect(classAxisScale('p50Ms', [1, 4.5])).toEqual({ factor: 1, unit: 'ms' });
  });
  it('draws accuracy as a percentage and leaves other units alone', () => {
    expect(classAxisScale('testAcc', [0.6, 0.79])).toEqual({ factor: 100, unit: '%' });
    expect(classAxisScale('gflops', [18, 20])).toEqual({ factor: 1, unit: 'GFLOP/s' });
    expect(classAxisScale('breakEvenQueries', [])).toEqual({ factor: 1, unit: 'queries' });
  });
});
