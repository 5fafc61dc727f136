// Label-free drift statistics: the population stability index (PSI, the drift signal the policies
// use) and the two-sample Kolmogorov-Smirnov statistic (shown beside it), both of a day's values
// against a reference day's. Pure numbers in, numbers out.

/** How many quantile bins of the reference PSI compares (deciles); one more bin holds values above its largest. */
export const PSI_BINS = 10;

/**
 * Bin edges at the reference's quantiles, deciles by default (or fewer bins for few distinct values): each bin holds ~1/bins
 * of the reference. One more edge just above the reference's largest value gives values beyond it a
 * bin of their own, so a reference with few distinct values (a constant) still sees a day move above it.
 */
export function quantileEdges(reference: readonly number[], bins = PSI_BINS): number[] {
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  const max = sorted[sorted.length - 1];
  if (max !== undefined) edges.push(max + Math.max(1, Math.abs(max)) * 1e-9);
  return edges;
}

/** Share of values per bin (bin i holds values below edges[i] and at or above edges[i - 1]). */
export function binShares(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) {
    let b = 0;
    while (b < edges.length && v >= edges[b]!) b++;
    counts[b]! += 1;
  }
  return counts.map((c) => (values.length ? c / values.length : 0));
}

/** Smallest share a bin counts with, so an empty bin does not make the log infinite. */
export const PSI_FLOOR = 1e-4;

/**
 * PSI = Σ (a_i − r_i) × ln(a_i / r_i) over bins fixed at the reference's deciles, where r_i and a_i
 * are the reference's and the day's shares (each floored at PSI_FLOOR). 0 when the two match.
 */
export function psi(reference: readonly number[], actual: readonly number[], bins = PSI_BINS): number {
  if (reference.length === 0 || actual.length === 0) return 0;
  const edges = quantileEdges(reference, bins);
  const r = binShares(reference, edges);
  const a = binShares(actual, edges);
  let sum = 0;
  for (let i = 0; i < r.length; i++) {
    const ri = Math.max(PSI_FLOOR, r[i]!);
    const ai = Math.max(PSI_FLOOR, a[i]!);
    sum += (ai - ri) * Math.log(ai / ri);
  }
  return sum;
}

/** The usual reading of PSI: below 0.1 no shift, 0.1-0.25 a moderate one, above 0.25 a major one. */
export const PSI_THRESHOLD = 0.25;

/** Two-sample KS statistic: the largest gap between the two empirical CDFs, in [0, 1]. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}
