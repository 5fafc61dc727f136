// Descriptive statistics for latency samples (docs/methods.md, section 3.5): nearest-rank percentiles,
// a summary that never drops outliers, and linear or log-spaced histograms. Plain numbers only.
import type { ServeRecord } from './report.ts';

/**
 * The latency fields of a ServeRecord plus the spread, so a summary can be spread straight into
 * a record (`{ ...summarize(ms), ... }`) and the field names stay defined in report.ts.
 */
export type LatencySummary = Pick<ServeRecord, 'count' | 'meanMs' | 'minMs' | 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs'> & {
  /** Sample standard deviation (divides by n - 1; 0 for a single sample). */
  stdMs: number;
};

export interface HistogramBin {
  /** Inclusive lower edge. */
  lo: number;
  /** Exclusive upper edge, except the last bin, which includes it. */
  hi: number;
  count: number;
}

export interface HistogramOptions {
  /** Number of bins (default 20). */
  bins?: number;
  /** Lower edge of the first bin (default: the smallest value; with log, the smallest positive value). */
  min?: number;
  /** Upper edge of the last bin (default: the largest value). */
  max?: number;
  /** Log-spaced edges: latency tails span decades, and linear bins squash the body into one bar. */
  log?: boolean;
}

const DEFAULT_BINS = 20;

function assertFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new Error(`${what}: value at index ${i} is ${v}; every sample must be a finite number.`);
  }
}

/** Ascending copy; the caller's array is left untouched (it may be a record that is also exported). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  // Float64Array.prototype.sort compares numerically, unlike Array.prototype.sort.
  return Float64Array.from(values).sort();
}

/**
 * Nearest-rank percentile (the definition MLPerf LoadGen uses): the smallest sample such that at
 * least p percent of the samples are at or below it. Always returns an observed value.
 * `sortedAsc` must already be sorted ascending; p is in (0, 100].
 */
export function percentile(sortedAsc: ArrayLike<number>, p: number): number {
  const n = sortedAsc.length;
  if (n === 0) throw new Error('percentile: no samples.');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile: p must be in (0, 100], got ${p}.`);
  // p * n is exact for integer p, so the division is exact whenever the true rank is an integer;
  // the tolerance only guards fractional p (e.g. 99.9) against rounding up past an exact rank.
  const exact = (p * n) / 100;
  const nearest = Math.round(exact);
  const rank = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
  return sortedAsc[Math.min(n, Math.max(1, rank)) - 1]!;
}

/** Arithmetic mean; throws on empty input. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new Error('mean: no samples.');
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Sample standard deviation (n - 1), two-pass for accuracy; 0 for a single sample. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  if (values.length < 2) return 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - m;
    ss += d * d;
  }
  return Math.sqrt(ss / (values.length - 1));
}

/** Count, mean, min, p50, p90, p99, max and std of latency samples in ms; every sample counts. */
export function summarize(samplesMs: ArrayLike<number>): LatencySummary {
  if (samplesMs.length === 0) throw new Error('summarize: no samples.');
  assertFinite(samplesMs, 'summarize');
  const sorted = sortedCopy(samplesMs);
  return {
    count: sorted.length,
    meanMs: mean(sorted),
    minMs: sorted[0]!,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1]!,
    stdMs: std(sorted),
  };
}

/**
 * Histogram with `bins` equal-width (or, with `log`, equal-ratio) bins, [lo, hi) each and the last
 * one closed, so the maximum lands in the last bin. Every value is counted exactly once: values
 * outside an explicit [min, max] are clamped into the first or last bin (so a fixed chart axis can
 * be kept across runs without losing samples), and with `log`, values <= 0 go into the first bin.
 * If all values are equal, one bin [v, v] holds them all. Empty input without min and max gives [].
 */
export function histogram(values: ArrayLike<number>, opts: HistogramOptions = {}): HistogramBin[] {
  const bins = opts.bins ?? DEFAULT_BINS;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram: bins must be a positive integer, got ${bins}.`);
  assertFinite(values, 'histogram');
  const log = opts.log ?? false;

  let dataMin = Infinity;
  let dataMax = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (log && v <= 0) continue;
    if (v < dataMin) dataMin = v;
    if (v > dataMax) dataMax = v;
  }
  const min = opts.min ?? dataMin;
  const max = opts.max ?? dataMax;
  if (values.length === 0 && (opts.min === undefined || opts.max === undefined)) return [];
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new Error(log ? 'histogram: a log histogram needs a positive value or an explicit positive min and max.' : 'histogram: min and max must be finite.');
  }
  if (min > max) throw new Error(`histogram: min (${min}) is above max (${max}).`);
  if (log && min <= 0) throw new Error(`histogram: a log histogram needs min > 0, got ${min}.`);

  if (min === max) return [{ lo: min, hi: max, count: values.length }];

  const edges = new Float64Array(bins + 1);
  // pow of the ratio rounds better than exp(log) (1 * 100^(1/2) is exactly 10), so decade edges
  // print and bin as the round numbers they are.
  for (let i = 0; i <= bins; i++) edges[i] = log ? min * Math.pow(max / min, i / bins) : min + ((max - min) * i) / bins;
  const a = log ? Math.log(min) : min;
  const b = log ? Math.log(max) : max;
  // Exact end points, so min and max themselves are never lost to exp/log rounding.
  edges[0] = min;
  edges[bins] = max;

  const counts = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let k: number;
    if (v <= min || (log && v <= 0)) k = 0;
    else if (v >= max) k = bins - 1;
    else {
      const x = log ? Math.log(v) : v;
      k = Math.min(bins - 1, Math.max(0, Math.floor(((x - a) / (b - a)) * bins)));
      // The formula and the stored edges can disagree by one ulp at a boundary; the edges win,
      // so a value is always inside the [lo, hi) that the chart shows for its bin.
      while (k > 0 && v < edges[k]!) k--;
      while (k < bins - 1 && v >= edges[k + 1]!) k++;
    }
    counts[k]!++;
  }
  return Array.from(counts, (count, i) => ({ lo: edges[i]!, hi: edges[i + 1]!, count }));
}
