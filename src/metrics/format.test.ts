// Unit tests for the UI's number formatting.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatFlops, formatMs, formatPercent, formatRate, MISSING } from './format.ts';

describe('formatMs', () => {
  it('shows sub-millisecond times with two decimals', () => {
    expect(formatMs(0.843)).toBe('0.84 ms');
    expect(formatMs(0.05)).toBe('0.05 ms');
  });

  it('shows three significant digits in ms, then seconds', () => {
    expect(formatMs(1)).toBe('1.00 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(123.4)).toBe('123 ms');
    expect(formatMs(4210)).toBe('4.21 s');
    expect(formatMs(61_234)).toBe('61.2 s');
    expect(formatMs(1_234_567)).toBe('1,235 s');
  });

  it('picks decimals after rounding, so boundaries do not print an extra digit', () => {
    expect(formatMs(9.996)).toBe('10.0 ms');
    expect(formatMs(99.96)).toBe('100 ms');
    expect(formatMs(999.6)).toBe('1.00 s');
  });

  it('switches to microseconds, handles zero, negatives and missing values', () => {
    expect(formatMs(0.0084)).toBe('8.40 µs');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(-12.34)).toBe('-12.3 ms');
    expect(formatMs(Number.NaN)).toBe(MISSING);
    expect(formatMs(Infinity)).toBe(MISSING);
  });
});

describe('formatCount', () => {
  it('prints exact counts with commas below 10,000', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(7)).toBe('7');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(9999)).toBe('9,999');
    expect(formatCount(-1234)).toBe('-1,234');
  });

  it('scales larger counts with SI prefixes to three significant digits', () => {
    expect(formatCount(12_345)).toBe('12.3 k');
    expect(formatCount(285_922)).toBe('286 k');
    expect(formatCount(999_999)).toBe('1.00 M');
    expect(formatCount(4_500_000)).toBe('4.50 M');
    expect(formatCount(1.2e9)).toBe('1.20 G');
  });

  it('prints non-integers to three significant digits, and missing values as a dash', () => {
    expect(formatCount(12.345)).toBe('12.3');
    expect(formatCount(123.6)).toBe('124');
    expect(formatCount(Number.NaN)).toBe(MISSING);
  });
});

describe('formatFlops', () => {
  it('uses SI prefixes on FLOP', () => {
    expect(formatFlops(512)).toBe('512 FLOP');
    expect(formatFlops(23_167_306)).toBe('23.2 MFLOP');
    expect(formatFlops(23.4e6)).toBe('23.4 MFLOP');
    expect(formatFlops(1.2e9)).toBe('1.20 GFLOP');
    expect(formatFlops(3.4e12)).toBe('3.40 TFLOP');
    expect(formatFlops(999_600)).toBe('1.00 MFLOP');
    expect(formatFlops(0)).toBe('0 FLOP');
    expect(formatFlops(Infinity)).toBe(MISSING);
  });
});

describe('formatBytes', () => {
  it('uses SI (decimal) units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1000)).toBe('1.00 kB');
    expect(formatBytes(12_300)).toBe('12.3 kB');
    expect(formatBytes(4 * 285_922)).toBe('1.14 MB');
    expect(formatBytes(2.5e9)).toBe('2.50 GB');
  });
});

describe('formatPercent', () => {
  it('shows a fraction as a percentage with one decimal by default', () => {
    expect(formatPercent(0.934)).toBe('93.4%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.5, 0)).toBe('50%');
    expect(formatPercent(Number.NaN)).toBe(MISSING);
  });
});

describe('formatRate', () => {
  it('appends the unit and scales like counts', () => {
    expect(formatRate(12.34, 'img/s')).toBe('12.3 img/s');
    expect(formatRate(123.4, 'img/s')).toBe('123 img/s');
    expect(formatRate(1234.5, 'img/s')).toBe('1,235 img/s');
    expect(formatRate(12_345, 'img/s')).toBe('12.3 k img/s');
    expect(formatRate(3.456, 'GFLOP/s')).toBe('3.46 GFLOP/s');
    expect(formatRate(0, 'QPS')).toBe('0 QPS');
    expect(formatRate(Number.NaN, 'QPS')).toBe(MISSING);
  });
});
