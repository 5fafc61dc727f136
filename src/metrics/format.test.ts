// Unit tests for the UI's number formatting.
import { describe, expect, it } from 'vitest';
import { accuracyCaveat, countOf, formatDays, formatPoints, formatPointsWithInterval, accuracyParts, chanceLabel, formatAccuracyWithInterval, formatBytes, formatChance, formatCount, formatFlops, formatMs, formatMsInterval, formatPercent, formatQuantileWithInterval, formatRate, formatRatioInterval, formatRatioWithVerdict, MISSING } from './format.ts';
import { quantileEstimate } from './intervals.ts';

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

describe('accuracy with its interval', () => {
  it('says the figure, its 95% Wilson interval and its count in one line', () => {
    expect(formatAccuracyWithInterval(1100 / 1200, 1200)).toBe('91.7% [90.0–93.1%], n = 1,200');
    expect(formatAccuracyWithInterval(0.5, 100)).toBe('50.0% [40.4–59.6%], n = 100');
    expect(formatAccuracyWithInterval(1, 4)).toBe('100.0% [51.0–100.0%], n = 4');
  });

  it('gives the parts apart for tables, and the bare figure without a count', () => {
    const p = accuracyParts(0.5, 500);
    expect([p.value, p.interval, p.count]).toEqual(['50.0%', '[45.6–54.4%]', 'n = 500']);
    expect(formatAccuracyWithInterval(0.9, 0)).toBe('90.0%');
    expect(formatAccuracyWithInterval(Number.NaN, 100)).toBe(MISSING);
  });

  it('notes that 4 images at 100% mean little, and so does a 20-point-wide interval, but not 1,200 images', () => {
    expect(accuracyCaveat(1, 4)).toBe('only 4 images: the 95% interval runs from 51.0% to 100.0%, so this figure means little');
    // 60 of 100 spans 18.9 points with 100 images: no note; 30 of 50 spans 26.2 points.
    expect(accuracyCaveat(0.6, 100)).toBeNull();
    expect(accuracyCaveat(0.6, 50)).toContain('50 images: the 95% interval runs from 46.2% to 72.4%');
    expect(accuracyCaveat(0.9, 1200)).toBeNull();
    expect(accuracyParts(1, 4).caveat).toContain('means little');
  });

  it('marks an accuracy that cannot be told apart from chance', () => {
    expect(chanceLabel(0.5, 500, 2)).toBe('indistinguishable from chance (50%)');
    expect(chanceLabel(0.36, 300, 3)).toBe('indistinguishable from chance (33.3%)');
    expect(chanceLabel(0.85, 500, 2)).toBeNull();
    expect(chanceLabel(Number.NaN, 500, 2)).toBeNull();
    expect(formatChance(4)).toBe('25%');
  });
});

describe('percentiles with their interval, and ratios', () => {
  it('prints a p50 with its order-statistic interval and count', () => {
    const values = Array.from({ length: 1024 }, (_, i) => 1 + i / 1000);
    expect(formatQuantileWithInterval(quantileEstimate(values, 0.5))).toBe('1.51 ms [1.48–1.54 ms], n = 1,024');
    expect(formatQuantileWithInterval(null)).toBe(MISSING);
  });

  it('says "at least" for an interval with no upper end, and when there are too few queries', () => {
    expect(formatMsInterval({ low: 1.9, high: null })).toBe('[at least 1.90 ms]');
    expect(formatMsInterval({ low: null, high: 3.1 })).toBe('[at most 3.10 ms]');
    expect(formatMsInterval({ low: null, high: null })).toBe('[too few queries]');
    expect(formatMsInterval({ low: 0.98, high: 1.02 })).toBe('[0.98–1.02 ms]');
    expect(formatMsInterval({ low: 0.005, high: 1.2 })).toBe('[5.00 µs–1.20 ms]');
  });

  it('prints a ratio, and that it is not distinguishable when the intervals overlap', () => {
    expect(formatRatioWithVerdict(0.4512, 'a lower')).toBe('0.45×');
    expect(formatRatioWithVerdict(0.98, 'not distinguishable')).toBe('0.98×, not distinguishable');
    expect(formatRatioWithVerdict(Number.NaN, null)).toBe(MISSING);
  });
});

describe('countOf', () => {
  it('says one thing in the singular and every other count in the plural, with commas', () => {
    expect(countOf(1, 'report')).toBe('1 report');
    expect(countOf(0, 'report')).toBe('0 reports');
    expect(countOf(2, 'query', 'queries')).toBe('2 queries');
    expect(countOf(12_000, 'epoch')).toBe('12,000 epochs');
  });
});

describe('formatDays', () => {
  it('gives days with the same span in the unit people read it in, and a dash when training is never passed', () => {
    expect(formatDays(30 / 86_400)).toBe('0.00035 days (30.0 s)');
    expect(formatDays(0.5)).toBe('0.50 days (12.0 h)');
    expect(formatDays(3.5)).toBe('3.50 days (3.5 days)');
    expect(formatDays(Infinity)).toBe(MISSING);
  });
});

describe('accuracy changes in points', () => {
  it('signs a change as it prints, so one that rounds to nothing has no sign', () => {
    expect(formatPoints(0.0153)).toBe('+1.5 pt');
    expect(formatPoints(-0.004)).toBe('−0.4 pt');
    expect(formatPoints(-0.0004)).toBe('0.0 pt');
    expect(formatPoints(Number.NaN)).toBe(MISSING);
  });
  it("gives the change with Newcombe's interval, and the bare change without counts", () => {
    // Newcombe (1998), example (a): 56/70 against 48/80, a difference of 0.2 in [0.0524, 0.3339].
    expect(formatPointsWithInterval(56 / 70, 70, 48 / 80, 80)).toBe('+20.0 pt [+5.2 to +33.4 pt]');
    expect(formatPointsWithInterval(0.5, 0, 0.4, 0)).toBe('+10.0 pt');
  });
});

describe('formatRatioInterval', () => {
  it('writes both ends, one open end, or too few queries', () => {
    expect(formatRatioInterval({ low: 1.2, high: 1.454 })).toBe('[1.20–1.45×]');
    expect(formatRatioInterval({ low: 1.9, high: null })).toBe('[at least 1.90×]');
    expect(formatRatioInterval({ low: null, high: 3.1 })).toBe('[at most 3.10×]');
    expect(formatRatioInterval({ low: null, high: null })).toBe('[too few queries]');
  });
});
