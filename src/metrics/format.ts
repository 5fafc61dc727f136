// Display formatting for the UI: durations, counts, FLOPs, bytes, percentages and rates, with the
// same three significant digits everywhere and no dependence on the browser's locale; and the
// figures that carry their uncertainty (an accuracy with its Wilson interval, a percentile with its
// order-statistic interval), so every view words them the same way.
import { differenceInterval, distinguishableFromChance, wilsonInterval, type Bounds, type PercentileInterval, type QuantileEstimate, type RatioVerdict } from './intervals.ts';

/** Shown for a number that is missing or not finite (NaN, Infinity): never a fake figure. */
export const MISSING = '—';

/** Digit grouping with commas, done by hand so Node and every browser locale print the same. */
function grouped(nonNegativeInteger: number): string {
  return String(nonNegativeInteger).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function sign(x: number): string {
  return x < 0 ? '-' : '';
}

/** Three significant digits once rounded, e.g. 0.843 -> "0.843", 9.996 -> "10.0". Needs |x| < 999.5. */
function sig3(abs: number): string {
  return abs.toPrecision(3);
}

/** True once rounding to three significant digits reaches 1000, e.g. 999.6 -> 1.00e3. */
function roundsToThousand(abs: number): boolean {
  return Number(abs.toPrecision(3)) >= 1000;
}

/**
 * abs scaled by 1000 per step into the first unit where it prints below 1000, e.g. 23.4e6 with
 * FLOP units -> "23.4 MFLOP". Whole numbers in the base unit print exactly ("512 B").
 */
function withSiPrefix(x: number, units: readonly string[]): string {
  if (!Number.isFinite(x)) return MISSING;
  let v = Math.abs(x);
  let k = 0;
  while (k < units.length - 1 && roundsToThousand(v)) {
    v /= 1000;
    k++;
  }
  let digits: string;
  if (k === 0 && Number.isInteger(v)) digits = grouped(v);
  else if (v === 0) digits = '0';
  else if (roundsToThousand(v)) digits = grouped(Math.round(v)); // beyond the largest unit
  else digits = sig3(v);
  return `${sign(x)}${digits} ${units[k]}`;
}

/**
 * A duration: "0.84 ms" below 1 ms (two decimals), "12.3 ms" up to a second, then "4.21 s";
 * below 0.01 ms it switches to microseconds ("8.40 µs") rather than print "0.00 ms".
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return MISSING;
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 0.01) return `${sign(ms)}${sig3(abs * 1000)} µs`;
  if (abs < 1) return `${sign(ms)}${abs.toFixed(2)} ms`;
  if (!roundsToThousand(abs)) return `${sign(ms)}${sig3(abs)} ms`;
  const s = abs / 1000;
  return `${sign(ms)}${roundsToThousand(s) ? grouped(Math.round(s)) : sig3(s)} s`;
}

/**
 * A count: exact with commas below 10,000 ("1,234"), then SI-scaled to three significant digits
 * ("12.3 k", "4.50 M", "1.20 G"). Non-integers below 10,000 print to three significant digits.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  const abs = Math.abs(n);
  if (Math.round(abs) < 10_000) {
    if (Number.isInteger(abs) || abs >= 100) return `${sign(n)}${grouped(Math.round(abs))}`;
    return `${sign(n)}${abs === 0 ? '0' : sig3(abs)}`;
  }
  return withSiPrefix(n / 1000, ['k', 'M', 'G', 'T', 'P']);
}

/** An amount of work with SI prefixes: "512 FLOP", "23.4 MFLOP", "1.20 GFLOP", "3.40 TFLOP". */
export function formatFlops(n: number): string {
  return withSiPrefix(n, ['FLOP', 'kFLOP', 'MFLOP', 'GFLOP', 'TFLOP', 'PFLOP', 'EFLOP']);
}

/**
 * A size in SI (decimal) units, 1 kB = 1000 B, the convention of the Chrome DevTools network panel
 * and of the FLOP and count prefixes here: "512 B", "12.3 kB", "1.15 MB".
 */
export function formatBytes(n: number): string {
  return withSiPrefix(n, ['B', 'kB', 'MB', 'GB', 'TB']);
}

/** A fraction shown as a percentage: 0.934 -> "93.4%". */
export function formatPercent(fraction: number, decimals = 1): string {
  if (!Number.isFinite(fraction)) return MISSING;
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/**
 * A rate with its unit: three significant digits below 1,000 ("12.3 img/s"), exact with commas
 * below 10,000 ("1,235 img/s"), then SI-scaled ("12.3 k img/s").
 */
export function formatRate(x: number, unit: string): string {
  if (!Number.isFinite(x)) return MISSING;
  const abs = Math.abs(x);
  if (Math.round(abs) < 10_000) {
    const digits = abs === 0 ? '0' : roundsToThousand(abs) ? grouped(Math.round(abs)) : sig3(abs);
    return `${sign(x)}${digits} ${unit}`;
  }
  return withSiPrefix(x / 1000, ['k', 'M', 'G', 'T', 'P'].map((p) => `${p} ${unit}`));
}

/**
 * A whole count printed exactly, with commas, up to a billion ("475,806"; the ledger's queries,
 * which people check by hand), then as formatCount does ("1.20 G").
 */
export function formatExactCount(n: number): string {
  if (!Number.isFinite(n)) return MISSING;
  if (Math.abs(n) >= 1e9 || !Number.isInteger(n)) return formatCount(n);
  return `${sign(n)}${grouped(Math.abs(n))}`;
}

/** Days as people read them: "0.00035 days (30 s)", "3.50 days (3.5 days)"; MISSING when unbounded. */
export function formatDays(d: number): string {
  if (!Number.isFinite(d)) return MISSING;
  const s = d * 86_400;
  const plain = s < 120 ? `${s.toFixed(1)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : s < 172_800 ? `${(s / 3600).toFixed(1)} h` : `${d.toFixed(1)} days`;
  return `${d < 0.01 ? d.toPrecision(2) : d.toFixed(2)} days (${plain})`;
}

/** An accuracy change in percentage points, signed: "+1.5 pt", "−0.4 pt". */
export function formatPoints(delta: number): string {
  if (!Number.isFinite(delta)) return MISSING;
  // Signed as printed, so a change that rounds to nothing reads "0.0 pt", not "−0.0 pt".
  const points = Math.round(delta * 1000) / 10;
  return `${points > 0 ? '+' : points < 0 ? '−' : ''}${Math.abs(points).toFixed(1)} pt`;
}

/** The 95% interval of an accuracy change a − b in points, "[−2.4 to +5.4 pt]" (Newcombe's interval); '' when either side has no count. */
export function formatPointsInterval(accA: number, nA: number, accB: number, nB: number): string {
  const { low, high } = differenceInterval(accA, nA, accB, nB);
  if (!Number.isFinite(low) || !Number.isFinite(high)) return '';
  return `[${formatPoints(low).replace(' pt', '')} to ${formatPoints(high)}]`;
}

/** An accuracy change with its 95% interval: "+1.5 pt [−2.4 to +5.4 pt]"; the bare change when there is no interval. */
export function formatPointsWithInterval(accA: number, nA: number, accB: number, nB: number): string {
  const interval = formatPointsInterval(accA, nA, accB, nB);
  return interval ? `${formatPoints(accA - accB)} ${interval}` : formatPoints(accA - accB);
}

/** A count with its noun in the right number: "1 report", "3 reports" ("1 query", "2 queries" with the plural given). */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? singular : plural}`;
}

// ---- Figures with their uncertainty (docs/methods.md, section 7) ----

/** Below this many images, or above this interval width, an accuracy gets a note that it means little. */
export const FEW_IMAGES = 30;
export const WIDE_INTERVAL = 0.2;

/** "[89.6–92.6%]": both ends share the unit when they print with it. */
function joinRange(lo: string, hi: string): string {
  const unit = hi.slice(hi.lastIndexOf(' ') + 1);
  const sep = hi.includes(' ') ? ` ${unit}` : '%';
  if (lo.endsWith(sep) && hi.endsWith(sep)) return `[${lo.slice(0, -sep.length)}–${hi}]`;
  return `[${lo}–${hi}]`;
}

/** An accuracy in parts, so a table can set the figure apart from its interval and count. */
export interface AccuracyParts {
  /** "91.2%" */
  value: string;
  /** "[89.6–92.6%]" (the 95% Wilson interval), '' when not measured. */
  interval: string;
  /** "n = 1,200", '' when not measured. */
  count: string;
  /** Why the figure means little (few images, or a wide interval), else null. */
  caveat: string | null;
  /** The same in a few words for a table cell ("only 24 images: means little"), else null. */
  caveatShort: string | null;
  /** All of it in one line: "91.2% [89.6–92.6%], n = 1,200". */
  text: string;
}

/** An accuracy with its sample size and 95% Wilson interval, in parts. */
export function accuracyParts(acc: number, n: number): AccuracyParts {
  if (!Number.isFinite(acc) || !(n > 0)) return { value: formatPercent(acc), interval: '', count: '', caveat: null, caveatShort: null, text: formatPercent(acc) };
  const { low, high } = wilsonInterval(acc * n, n);
  const interval = joinRange(formatPercent(low), formatPercent(high));
  const count = `n = ${formatExactCount(n)}`;
  const caveat = accuracyCaveat(acc, n);
  const caveatShort = caveat === null ? null : n < FEW_IMAGES ? `only ${formatExactCount(n)} image${n === 1 ? '' : 's'}: means little` : 'wide interval: means little';
  return { value: formatPercent(acc), interval, count, caveat, caveatShort, text: `${formatPercent(acc)} ${interval}, ${count}` };
}

/** "91.2% [89.6–92.6%], n = 1,200"; the bare percentage (or "—") when the count is not known. */
export function formatAccuracyWithInterval(acc: number, n: number): string {
  return accuracyParts(acc, n).text;
}

/**
 * Says when an accuracy means little: fewer than 30 images, or a 95% interval wider than 20 points
 * ("only 4 images: the 95% interval runs from 51.0% to 100.0%, so this figure means little"); else null.
 */
export function accuracyCaveat(acc: number, n: number): string | null {
  if (!Number.isFinite(acc) || !(n > 0)) return null;
  const { low, high } = wilsonInterval(acc * n, n);
  if (n >= FEW_IMAGES && high - low <= WIDE_INTERVAL) return null;
  const few = n < FEW_IMAGES ? `only ${formatExactCount(n)} image${n === 1 ? '' : 's'}` : `${formatExactCount(n)} images`;
  return `${few}: the 95% interval runs from ${formatPercent(low)} to ${formatPercent(high)}, so this figure means little`;
}

/** "indistinguishable from chance (50%)" when the accuracy's Wilson interval contains 1 / classes; null otherwise or when not measured. */
export function chanceLabel(acc: number, n: number, classes: number): string | null {
  if (!Number.isFinite(acc) || !(n > 0) || !(classes >= 2)) return null;
  return distinguishableFromChance(acc, n, classes) ? null : `indistinguishable from chance (${formatChance(classes)})`;
}

/** Chance accuracy as a percentage: 2 classes "50%", 3 classes "33.3%". */
export function formatChance(classes: number): string {
  const pct = 100 / classes;
  return Number.isInteger(pct) ? `${pct}%` : `${pct.toFixed(1)}%`;
}

/** An interval's text from its ends: both, one open end ("at least", "at most"), or none. */
function formatBounds(b: Pick<Bounds, 'low' | 'high'>, one: (v: number) => string, both: (low: number, high: number) => string): string {
  if (b.low === null && b.high === null) return '[too few queries]';
  if (b.high === null) return `[at least ${one(b.low!)}]`;
  if (b.low === null) return `[at most ${one(b.high)}]`;
  return both(b.low, b.high);
}

/** "[1.20–1.27 ms]"; "[at least 1.90 ms]" with no upper end; "[at most 3.10 ms]"; "[too few queries]". */
export function formatMsInterval(b: Pick<PercentileInterval, 'low' | 'high'>): string {
  return formatBounds(b, formatMs, (low, high) => joinRange(formatMs(low), formatMs(high)));
}

/** "1.23 ms [1.20–1.27 ms], n = 1,024"; "—" without an estimate. */
export function formatQuantileWithInterval(e: Pick<QuantileEstimate, 'value' | 'low' | 'high' | 'count'> | null): string {
  if (!e) return MISSING;
  return `${formatMs(e.value)} ${formatMsInterval(e)}, n = ${formatExactCount(e.count)}`;
}

const times = (v: number) => `${v.toFixed(2)}×`;

/** "[1.20–1.45×]"; "[at least 1.90×]" with no upper end; "[at most 3.10×]"; "[too few queries]". */
export function formatRatioInterval(b: Bounds): string {
  return formatBounds(b, times, (low, high) => `[${low.toFixed(2)}–${times(high)}]`);
}

/** "0.45×"; with a verdict of "not distinguishable", "0.98×, not distinguishable". */
export function formatRatioWithVerdict(ratio: number, verdict: RatioVerdict | null): string {
  if (!Number.isFinite(ratio)) return MISSING;
  const x = `${ratio.toFixed(2)}×`;
  return verdict === 'not distinguishable' ? `${x}, not distinguishable` : x;
}
