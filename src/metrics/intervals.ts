// 95% intervals for the figures that get compared (docs/methods.md, section 7): the Wilson interval
// of an accuracy, distribution-free order-statistic intervals of a latency percentile, the normal
// interval of a mean latency, and the verdicts built on them (told apart from chance or not, one
// side lower or not distinguishable). Pure functions of plain numbers.
import { percentile } from './stats.ts';

/** An interval with an end that may be missing: null means the data cannot bound it on that side. */
export interface Bounds {
  low: number | null;
  high: number | null;
}

export interface WilsonInterval {
  low: number;
  high: number;
}

/** An order-statistic interval of a quantile: the sample values at two ranks (1-based), or null for an end the sample cannot give. */
export interface PercentileInterval {
  low: number | null;
  high: number | null;
  lowRank: number | null;
  highRank: number | null;
}

/** A percentile of some samples with its interval and the count behind it. */
export interface QuantileEstimate extends PercentileInterval {
  /** q in (0, 1): 0.5 for p50. */
  q: number;
  /** Nearest-rank percentile (the figure the tables show, src/metrics/stats.ts). */
  value: number;
  count: number;
}

/** Up to this many samples the ranks come from the exact binomial distribution; beyond, from its normal approximation. */
export const EXACT_RANKS_MAX_N = 5000;

const Z95 = 1.959963984540054;

/**
 * Wilson score interval for `successes` out of `n` (z = 1.96 gives 95%). Unlike p ± z·se it stays
 * inside [0, 1] and keeps a width at 0% and 100%: 4 of 4 gives about [0.51, 1]. NaN ends for n <= 0.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): WilsonInterval {
  if (!(n > 0) || !Number.isFinite(successes)) return { low: Number.NaN, high: Number.NaN };
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamped: at p = 0 or 1 the formula meets the edge exactly, up to rounding.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * 95% interval of a difference of two accuracies, a − b, by Newcombe's hybrid score method (each
 * side's Wilson interval, combined). It treats the two as independent samples; two models scored on
 * the same test images are paired and almost always positively correlated, for which it is wider than
 * a paired interval.
 */
export function differenceInterval(accA: number, nA: number, accB: number, nB: number): WilsonInterval {
  const a = wilsonInterval(accA * nA, nA);
  const b = wilsonInterval(accB * nB, nB);
  const d = accA - accB;
  return { low: d - Math.hypot(accA - a.low, b.high - accB), high: d + Math.hypot(a.high - accA, accB - b.low) };
}

/**
 * True when an accuracy of `acc` over `n` images can be told apart from guessing: its 95% Wilson
 * interval excludes 1 / classes. False when it cannot, and for a figure that was not measured.
 */
export function distinguishableFromChance(acc: number, n: number, classes: number): boolean {
  if (!Number.isFinite(acc) || !(n > 0) || !(classes >= 2)) return false;
  const chance = 1 / classes;
  const { low, high } = wilsonInterval(acc * n, n, Z95);
  return chance < low || chance > high;
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}.`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (t: number) => (((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) / ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const r = (p - 0.5) * (p - 0.5);
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * (p - 0.5)) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * Binomial(n, q) tails: below[i] = P(B <= i) and above[i] = P(B >= i), i = 0..n. The pmf is built
 * in log space (its terms span hundreds of orders of magnitude for large n) and scaled by its
 * largest term before exponentiating; each tail is summed from its own end, so a small tail is
 * not the difference of two numbers near 1.
 */
function binomialTails(n: number, q: number): { below: Float64Array; above: Float64Array } {
  const logPmf = new Float64Array(n + 1);
  const logOdds = Math.log(q) - Math.log1p(-q);
  logPmf[0] = n * Math.log1p(-q);
  let maxLog = logPmf[0];
  for (let i = 0; i < n; i++) {
    logPmf[i + 1] = logPmf[i]! + Math.log((n - i) / (i + 1)) + logOdds;
    if (logPmf[i + 1]! > maxLog) maxLog = logPmf[i + 1]!;
  }
  const w = logPmf.map((l) => Math.exp(l - maxLog));
  let total = 0;
  for (let i = 0; i <= n; i++) total += w[i]!;
  const below = new Float64Array(n + 1);
  const above = new Float64Array(n + 1);
  let acc = 0;
  for (let i = 0; i <= n; i++) below[i] = (acc += w[i]!) / total;
  acc = 0;
  for (let i = n; i >= 0; i--) above[i] = (acc += w[i]!) / total;
  return { below, above };
}

/** The ranks [j, k] (1-based) with each tail at most (1 - confidence) / 2; null where no rank is far enough out. */
function ranksFor(n: number, q: number, confidence: number): { lowRank: number | null; highRank: number | null } {
  const alpha = (1 - confidence) / 2;
  if (n > EXACT_RANKS_MAX_N) {
    const centre = n * q;
    const spread = normalQuantile(1 - alpha) * Math.sqrt(n * q * (1 - q));
    // Rounded outward, so the approximation errs toward a wider interval.
    const j = Math.floor(centre - spread);
    const k = Math.ceil(centre + spread);
    return { lowRank: j >= 1 ? j : null, highRank: k <= n ? k : null };
  }
  const { below, above } = binomialTails(n, q);
  // x(j) <= the true quantile exactly when B >= j: the lower end misses with P(B <= j - 1).
  let lowRank: number | null = null;
  for (let j = 1; j <= n && below[j - 1]! <= alpha; j++) lowRank = j;
  // The true quantile <= x(k) exactly when B <= k - 1: the upper end misses with P(B >= k).
  let highRank: number | null = null;
  for (let k = n; k >= 1 && above[k]! <= alpha; k--) highRank = k;
  return { lowRank, highRank };
}

/**
 * Distribution-free interval for the q-quantile (q = 0.5 for p50) of `sortedSamples` (ascending):
 * the number of samples below the true quantile is Binomial(n, q) whatever the latency
 * distribution, so the sample values at ranks j and k cover it with at least `confidence`. An end
 * that no rank reaches (p99 of 128 queries has no upper one) is null: the figure is then "at least".
 */
export function percentileInterval(sortedSamples: ArrayLike<number>, q: number, confidence = 0.95): PercentileInterval {
  const n = sortedSamples.length;
  if (n === 0) throw new Error('percentileInterval: no samples.');
  if (!(q > 0 && q < 1)) throw new Error(`percentileInterval: q must be in (0, 1), got ${q}.`);
  if (!(confidence > 0 && confidence < 1)) throw new Error(`percentileInterval: confidence must be in (0, 1), got ${confidence}.`);
  const { lowRank, highRank } = ranksFor(n, q, confidence);
  return {
    low: lowRank === null ? null : sortedSamples[lowRank - 1]!,
    high: highRank === null ? null : sortedSamples[highRank - 1]!,
    lowRank,
    highRank,
  };
}

/** The q-quantile of unsorted samples with its 95% interval and count; null without a finite sample. */
export function quantileEstimate(samples: ArrayLike<number>, q: number, confidence = 0.95): QuantileEstimate | null {
  const sorted = Float64Array.from(samples).filter(Number.isFinite).sort();
  if (sorted.length === 0) return null;
  return { q, value: percentile(sorted, q * 100), count: sorted.length, ...percentileInterval(sorted, q, confidence) };
}

/** The p50 of one model's (or backend's) queries, end to end and model only, each with its interval. */
export interface P50Intervals {
  e2e: QuantileEstimate | null;
  model: QuantileEstimate | null;
}

/** P50 intervals of the queries that succeeded (failed ones are not in the statistics). */
export function p50Intervals(samples: readonly { e2eMs: number; modelMs: number; error?: string }[]): P50Intervals {
  const ok = samples.filter((s) => s.error === undefined);
  return { e2e: quantileEstimate(ok.map((s) => s.e2eMs), 0.5), model: quantileEstimate(ok.map((s) => s.modelMs), 0.5) };
}

/**
 * Bounds of one quantile ÷ the median of the same samples, from the two order-statistic intervals:
 * the quantile's low end ÷ the median's high end, to its high end ÷ the median's low end. Each
 * interval is taken at 97.5%, so both hold together at 95% or more (Bonferroni) and the ratio's
 * bounds with them; a missing end stays null.
 */
export function quantileRatioBounds(sortedSamples: ArrayLike<number>, q: number): Bounds {
  const top = percentileInterval(sortedSamples, q, 0.975);
  const mid = percentileInterval(sortedSamples, 0.5, 0.975);
  return {
    low: top.low !== null && mid.high !== null && mid.high > 0 ? top.low / mid.high : null,
    high: top.high !== null && mid.low !== null && mid.low > 0 ? top.high / mid.low : null,
  };
}

/** Fewer samples than this get no interval of their mean: latencies are skewed, and the normal approximation needs a count to lean on. */
export const MEAN_INTERVAL_MIN_N = 30;

/** Why a mean has no interval: no finite mean or spread, too few samples, or a spread so wide the interval would reach below 0. */
export type NoMeanInterval = 'no mean' | 'no spread kept' | 'too few queries' | 'too spread for the normal approximation';

/** A mean's interval, or why it has none (then both ends are null). */
export type MeanInterval = Bounds & { why: NoMeanInterval | null };

/**
 * 95% interval of a mean from its sample's standard deviation and count, by the normal
 * approximation: mean ± 1.96 · sd / √n. Both ends are null below MEAN_INTERVAL_MIN_N samples,
 * without a finite mean or spread, or when the half-width reaches the mean itself: a latency
 * cannot be negative, so there the sample is too skewed for the approximation. `why` says which.
 */
export function meanInterval(mean: number, sd: number | null, n: number): MeanInterval {
  const none = (why: NoMeanInterval): MeanInterval => ({ low: null, high: null, why });
  if (!Number.isFinite(mean)) return none('no mean');
  if (sd === null || !Number.isFinite(sd)) return none('no spread kept');
  if (!(n >= MEAN_INTERVAL_MIN_N)) return none('too few queries');
  const half = (Z95 * sd) / Math.sqrt(n);
  return half >= mean ? none('too spread for the normal approximation') : { low: mean - half, high: mean + half, why: null };
}

export type RatioVerdict = 'a lower' | 'b lower' | 'not distinguishable';

/**
 * Which of two figures is lower, judged by their intervals: one is lower only when its whole
 * interval lies below the other's. Overlapping intervals (or a missing end that could overlap)
 * are "not distinguishable": the data do not rule out no difference.
 */
export function ratioVerdict(a: Bounds, b: Bounds): RatioVerdict {
  const aHigh = a.high ?? Infinity;
  const bHigh = b.high ?? Infinity;
  const aLow = a.low ?? -Infinity;
  const bLow = b.low ?? -Infinity;
  if ([aHigh, bHigh, aLow, bLow].some(Number.isNaN)) return 'not distinguishable';
  if (aHigh < bLow) return 'a lower';
  if (bHigh < aLow) return 'b lower';
  return 'not distinguishable';
}
