// When a latency measurement is precise enough to stop: every compared p50's 95% order-statistic
// interval within ± a stated fraction of it (±3% by default), checked after each interleaved
// block, or a stated cap. Pure functions of plain numbers (docs/training-speed.md, "Stopping").
import { percentileInterval } from './intervals.ts';
import { percentile } from './stats.ts';

export interface PrecisionRule {
  /** Target: each checked p50's interval lies within p50 × (1 ± this); 0.03 is ±3%. */
  relHalfWidth: number;
  /** Confidence of the intervals (0.95). */
  confidence: number;
  /** Samples each series needs before the rule may stop: a lucky first block does not end a run. */
  minCount: number;
  /** The stated cap: the run ends here, precise or not. */
  maxCount: number;
  /** A stated time cap, ms of measuring (absent: none): the run also ends once this much time has gone. */
  maxMs?: number;
}

export const DEFAULT_REL_HALF_WIDTH = 0.03;
export const DEFAULT_CONFIDENCE = 0.95;

/** A rule with the default target and confidence; minCount is clipped to the cap. */
export function precisionRule(maxCount: number, minCount: number, overrides: Partial<Pick<PrecisionRule, 'relHalfWidth' | 'confidence' | 'maxMs'>> = {}): PrecisionRule {
  const cap = Math.max(1, Math.floor(maxCount));
  return {
    relHalfWidth: overrides.relHalfWidth ?? DEFAULT_REL_HALF_WIDTH,
    confidence: overrides.confidence ?? DEFAULT_CONFIDENCE,
    minCount: Math.min(cap, Math.max(1, Math.floor(minCount))),
    maxCount: cap,
    ...(overrides.maxMs !== undefined ? { maxMs: overrides.maxMs } : {}),
  };
}

/** One series' p50 and how precise it is. */
export interface SeriesPrecision {
  label: string;
  count: number;
  /** Nearest-rank p50 (NaN without samples). */
  p50: number;
  low: number | null;
  high: number | null;
  /** max(p50 − low, high − p50) / p50; null when an end is missing or p50 is not positive: not bounded. */
  relHalfWidth: number | null;
}

/** The relative half-width of an interval around `value`: null when unbounded. */
export function relativeHalfWidth(value: number, low: number | null, high: number | null): number | null {
  if (low === null || high === null || !(value > 0) || !Number.isFinite(low) || !Number.isFinite(high)) return null;
  return Math.max(value - low, high - value) / value;
}

/** The p50 of `samples` (non-finite ones left out) with its interval and relative half-width. */
export function seriesPrecision(label: string, samples: ArrayLike<number>, confidence = DEFAULT_CONFIDENCE): SeriesPrecision {
  const sorted = Float64Array.from(samples).filter(Number.isFinite).sort();
  if (sorted.length === 0) return { label, count: 0, p50: Number.NaN, low: null, high: null, relHalfWidth: null };
  const p50 = percentile(sorted, 50);
  const { low, high } = percentileInterval(sorted, 0.5, confidence);
  return { label, count: sorted.length, p50, low, high, relHalfWidth: relativeHalfWidth(p50, low, high) };
}

export type StopReason = 'precise' | 'cap' | 'stopped';

/** How a measurement ended: plain data, kept with the result and shown beside it. */
export interface StopOutcome {
  reason: StopReason;
  /** Samples in the smallest checked series when it ended. */
  count: number;
  relHalfWidthTarget: number;
  confidence: number;
  minCount: number;
  maxCount: number;
  /** The time cap, when there was one, and the measuring time when it ended (ms). */
  maxMs?: number;
  elapsedMs?: number;
  /** The widest relative half-width among the checked p50s (null: one was not bounded), and whose. */
  worstRelHalfWidth: number | null;
  worstLabel: string;
}

export interface PrecisionCheck {
  /** Null: keep measuring. */
  reason: Exclude<StopReason, 'stopped'> | null;
  series: SeriesPrecision[];
  worst: SeriesPrecision | null;
}

/** The least precise series: an unbounded one first, then the widest. */
function widest(series: readonly SeriesPrecision[]): SeriesPrecision | null {
  let worst: SeriesPrecision | null = null;
  for (const s of series) {
    if (worst === null) worst = s;
    else if (worst.relHalfWidth !== null && (s.relHalfWidth === null || s.relHalfWidth > worst.relHalfWidth)) worst = s;
  }
  return worst;
}

/**
 * Decides after a block whether to stop. 'precise' once every series has at least minCount
 * samples and every p50 is within the target; 'cap' once any series reached maxCount. Precision
 * is judged by the interval's width, not by where it lies, so looking after every block does not
 * bias which p50 is reported (the check never asks whether one figure beats another).
 */
export function checkPrecision(series: readonly { label: string; samples: ArrayLike<number> }[], rule: PrecisionRule, elapsedMs = 0): PrecisionCheck {
  const checked = series.map((s) => seriesPrecision(s.label, s.samples, rule.confidence));
  const worst = widest(checked);
  const fewest = checked.length === 0 ? 0 : Math.min(...checked.map((s) => s.count));
  const most = checked.length === 0 ? 0 : Math.max(...checked.map((s) => s.count));
  const precise = checked.length > 0 && fewest >= rule.minCount && checked.every((s) => s.relHalfWidth !== null && s.relHalfWidth <= rule.relHalfWidth);
  const capped = most >= rule.maxCount || (rule.maxMs !== undefined && elapsedMs >= rule.maxMs);
  return { reason: precise ? 'precise' : capped ? 'cap' : null, series: checked, worst };
}

/** The record of how a run ended, from its last check ('stopped' when the user stopped it first). */
export function stopOutcome(check: PrecisionCheck, rule: PrecisionRule, userStopped: boolean, elapsedMs?: number): StopOutcome {
  return {
    ...(rule.maxMs !== undefined ? { maxMs: rule.maxMs } : {}),
    ...(elapsedMs !== undefined ? { elapsedMs } : {}),
    reason: check.reason ?? (userStopped ? 'stopped' : 'cap'),
    count: check.series.length === 0 ? 0 : Math.min(...check.series.map((s) => s.count)),
    relHalfWidthTarget: rule.relHalfWidth,
    confidence: rule.confidence,
    minCount: rule.minCount,
    maxCount: rule.maxCount,
    worstRelHalfWidth: check.worst?.relHalfWidth ?? null,
    worstLabel: check.worst?.label ?? '',
  };
}

/** "every p50 within ±2.1% (target ±3%, 95%) after 48 rounds" and the like, for tables and the bench. */
export function describeStop(stop: StopOutcome, unit = 'queries'): string {
  const pct = (x: number) => `±${(x * 100).toFixed(1)}%`;
  const reached = stop.worstRelHalfWidth === null ? `${stop.worstLabel || 'a'} p50 not yet bounded` : `widest p50 interval ${pct(stop.worstRelHalfWidth)}${stop.worstLabel ? ` (${stop.worstLabel})` : ''}`;
  const target = `target ${pct(stop.relHalfWidthTarget)} at ${Math.round(stop.confidence * 100)}%`;
  if (stop.reason === 'precise') return `stopped when precise after ${stop.count} ${unit}: ${reached}, ${target}`;
  if (stop.reason === 'cap') {
    const byTime = stop.maxMs !== undefined && stop.elapsedMs !== undefined && stop.elapsedMs >= stop.maxMs && stop.count < stop.maxCount;
    const cap = byTime ? `the time cap of ${(stop.maxMs! / 1000).toFixed(stop.maxMs! < 10_000 ? 1 : 0)} s (${stop.count} ${unit})` : `the cap of ${stop.maxCount} ${unit}`;
    return `stopped at ${cap} before the target: ${reached}, ${target}`;
  }
  return `stopped by hand after ${stop.count} ${unit}: ${reached}, ${target}`;
}
