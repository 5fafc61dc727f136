// The latency-bound (SLO) search: the highest Poisson arrival rate whose measured p99 stays under a
// target, found by bracketing (grow until a rate fails, then bisect between the last pass and the
// first fail) instead of a fixed grid. Pure: the measuring is injected, so Node tests drive it.
import { DEFAULT_KNEE_RULE } from '../metrics/poisson.ts';

/** What one tried rate measured (an open-loop run of at least the asked count and duration). */
export interface RateMeasurement {
  /** 99th-percentile latency from the intended send time, queueing included. */
  p99Ms: number;
  /**
   * 95% order-statistic interval of that p99 (src/metrics/intervals.ts); null: the sample cannot
   * bound that side (300 queries give no upper end to a p99). Absent: not measured.
   */
  p99LowMs?: number | null;
  p99HighMs?: number | null;
  /** Median of the same latencies. */
  p50Ms: number;
  /**
   * Median service time: done minus the moment the server took the query (no queueing in front of
   * it). Over the bound, no rate can meet it. Absent: not measured (the rule is then not applied).
   */
  serviceP50Ms?: number;
  /** Completed queries behind the percentiles. */
  count: number;
  /** Wall time of the run. */
  durationMs: number;
  /** Completed queries per second actually measured. */
  achievedQps: number;
  /**
   * The rate the seeded schedule actually sent at (count / last intended send time; a short Poisson
   * run is several % off the nominal rate). Absent: not measured (the keep-up rule is not applied).
   */
  offeredQps?: number;
  errorCount: number;
  /** Stopped before the run was complete: the search ends there. */
  aborted?: boolean;
}

/** How a tried rate was chosen. */
export type SloPhase = 'grow' | 'shrink' | 'bisect' | 'confirm' | 'retry';

/** One tried rate, with its verdict. */
export interface SloTrial extends RateMeasurement {
  /** Offered Poisson rate. */
  qps: number;
  phase: SloPhase;
  /** p99Ms <= the target, no errors, at least the minimum count completed, and the server kept up. */
  pass: boolean;
}

export interface SloSearchOptions {
  /** The bound: the p99 a rate must stay under (ms). */
  p99TargetMs: number;
  /** The first rate tried (e.g. half the closed-loop capacity). */
  startQps: number;
  /** Factor between rates while growing or shrinking (default 2). */
  growth?: number;
  /** Bisection stops once first fail / highest pass - 1 is at most this (default 0.05: 5%). */
  resolution?: number;
  /** Minimum completed queries a trial needs to count (default 200). */
  minCount?: number;
  /** Shrinking stops below this rate: the bound is then not met at any rate tried (default startQps / 32). */
  minQps?: number;
  /** Growing stops above this rate (default startQps x 256). */
  maxQps?: number;
  /** Most trials in all, confirmation included (default 24). */
  maxTrials?: number;
  /** Queries of the confirmation run at the found rate (0: none; default 0). A failed one steps down by the resolution. */
  confirmCount?: number;
  /** Most confirmation runs (default 3). */
  maxConfirms?: number;
  /**
   * Runs again, once, a rate that failed only on its p99 (no errors, the server kept up), and takes
   * the second run's verdict (default false). On a shared machine another process can stall the
   * serving thread for tens of ms, which pushes one run's p99 over the bound at any rate; a rate
   * the server truly cannot hold fails both runs. Both runs are kept among the trials. Confirmation
   * runs are never retried: they are the strict check of the answer.
   */
  retryP99Fails?: boolean;
}

/** Why the search ended. */
export type SloEnd = 'bracketed' | 'below-service-time' | 'min-rate' | 'max-rate' | 'max-trials' | 'unconfirmed' | 'aborted';

export interface SloSearchResult {
  p99TargetMs: number;
  /** Every tried rate, in the order tried. */
  trials: SloTrial[];
  /** The highest rate that passed; null when none did. With confirmations asked, see `confirmed`. */
  capacityQps: number | null;
  /**
   * Whether a longer confirmation run passed capacityQps: null when none was asked or there is no
   * capacity; false when the search ended before one passed (the trial limit, the highest rate, a
   * Stop before or during the first confirmation), so the capacity rests on the short runs alone.
   */
  confirmed: boolean | null;
  /** The lowest rate above capacityQps that failed; null when none did (capacity is then at least capacityQps). */
  firstFailQps: number | null;
  end: SloEnd;
  /** Resolution the bracket reached: firstFailQps / capacityQps - 1 (NaN without both). */
  bracketRatio: number;
}

/** Asked of the measuring function: run `qps` for at least `minCount` queries. */
export type MeasureRate = (qps: number, ask: { minCount: number; phase: SloPhase; trial: number }) => Promise<RateMeasurement>;

/** The checked options, or a message naming the first bad one. */
export function sloOptionsProblem(o: SloSearchOptions): string | null {
  const positive = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0;
  if (!positive(o.p99TargetMs)) return `The p99 target must be a number of ms above 0, got ${String(o.p99TargetMs)}.`;
  if (!positive(o.startQps)) return `The start rate must be above 0 queries/s, got ${String(o.startQps)}.`;
  if (o.growth !== undefined && !(positive(o.growth) && o.growth > 1)) return `The growth factor must be above 1, got ${String(o.growth)}.`;
  if (o.resolution !== undefined && !(positive(o.resolution) && o.resolution < 1)) return `The resolution must be in (0, 1), got ${String(o.resolution)}.`;
  if (o.minCount !== undefined && !(Number.isInteger(o.minCount) && o.minCount >= 1)) return `The minimum count must be a whole number >= 1, got ${String(o.minCount)}.`;
  if (o.maxTrials !== undefined && !(Number.isInteger(o.maxTrials) && o.maxTrials >= 1)) return `The most trials must be a whole number >= 1, got ${String(o.maxTrials)}.`;
  if (o.confirmCount !== undefined && !(Number.isInteger(o.confirmCount) && o.confirmCount >= 0)) return `The confirmation count must be a whole number >= 0, got ${String(o.confirmCount)}.`;
  if (o.minQps !== undefined && !(positive(o.minQps) && o.minQps <= o.startQps)) return `The lowest rate must be above 0 and at most the start rate, got ${String(o.minQps)}.`;
  if (o.maxQps !== undefined && !(positive(o.maxQps) && o.maxQps >= o.startQps)) return `The highest rate must be at least the start rate, got ${String(o.maxQps)}.`;
  return null;
}

/** Queries a trial at `qps` sends: the minimum count, or more so that it lasts at least `minDurationMs`. */
export function trialCount(qps: number, minCount: number, minDurationMs: number): number {
  return Math.max(minCount, Math.ceil((qps * minDurationMs) / 1000));
}

/** The share of the offered rate a server must complete to count as keeping up (the capacity knee's rule). */
export const KEEP_UP_RATIO = DEFAULT_KNEE_RULE.minAchievedRatio;

/** True when the server fell behind: a short run can end before its growing queue pushes p99 over the bound. */
export function fellBehind(m: Pick<RateMeasurement, 'achievedQps' | 'offeredQps'>): boolean {
  return m.offeredQps !== undefined && m.offeredQps > 0 && m.achievedQps < KEEP_UP_RATIO * m.offeredQps;
}

export function judge(m: RateMeasurement, p99TargetMs: number, minCount: number): boolean {
  return !m.aborted && m.errorCount === 0 && m.count >= minCount && m.p99Ms <= p99TargetMs && !fellBehind(m);
}

/** The search's defaults: the rate grows (or shrinks) by this factor until the bracket is found... */
export const SLO_GROWTH = 2;
/** ...then bisects until the lowest fail is within this fraction of the highest pass. */
export const SLO_RESOLUTION = 0.05;

/**
 * Grow: from startQps, multiply by `growth` while rates pass; on the first fail, bisect
 * (arithmetic midpoint) between the highest pass and the lowest fail until their ratio is within
 * `resolution`. If the start rate fails, shrink by `growth` until one passes; a failing rate whose
 * median service time (no queueing) is already over the bound ends the search: no rate can meet it. With confirmCount, the found rate is run again with that many queries; a failed
 * confirmation moves the answer down by the resolution and confirms again. With retryP99Fails, a
 * rate that failed on its p99 alone is run once more and the second run decides.
 */
export async function searchSloCapacity(options: SloSearchOptions, measure: MeasureRate): Promise<SloSearchResult> {
  const problem = sloOptionsProblem(options);
  if (problem) throw new Error(problem);
  const target = options.p99TargetMs;
  const growth = options.growth ?? SLO_GROWTH;
  const resolution = options.resolution ?? SLO_RESOLUTION;
  const minCount = options.minCount ?? 200;
  const minQps = options.minQps ?? options.startQps / 32;
  const maxQps = options.maxQps ?? options.startQps * 256;
  const maxTrials = options.maxTrials ?? 24;
  const trials: SloTrial[] = [];
  let lo: number | null = null; // highest pass
  let hi: number | null = null; // lowest fail above it
  // False while `lo` is a lowered rate a failed confirmation set and no run has passed yet: a search
  // that ends then reports no capacity, never a rate it did not measure.
  let loRan = true;
  const confirmCount = options.confirmCount ?? 0;
  let confirmedPass = false;
  const done = (end: SloEnd): SloSearchResult => {
    const capacityQps = loRan ? lo : null;
    return {
      p99TargetMs: target, trials, capacityQps, confirmed: confirmCount > 0 && capacityQps !== null ? confirmedPass : null, firstFailQps: hi, end,
      bracketRatio: capacityQps !== null && hi !== null ? hi / capacityQps - 1 : Number.NaN,
    };
  };
  const runOnce = async (qps: number, phase: SloPhase, count: number): Promise<SloTrial> => {
    const m = await measure(qps, { minCount: count, phase, trial: trials.length });
    const t: SloTrial = { ...m, qps, phase, pass: judge(m, target, count) };
    trials.push(t);
    return t;
  };
  const tryRate = async (qps: number, phase: SloPhase, count = minCount): Promise<SloTrial> => {
    const t = await runOnce(qps, phase, count);
    const p99Only = !t.pass && !t.aborted && t.errorCount === 0 && t.count >= count && !fellBehind(t);
    // The confirmation is the strict check: its fail stands and lowers the answer.
    if (!(options.retryP99Fails && p99Only) || phase === 'confirm' || trials.length >= maxTrials) return t;
    return runOnce(qps, 'retry', count);
  };

  // Bracket.
  let qps = options.startQps;
  let t = await tryRate(qps, 'grow');
  if (t.aborted) return done('aborted');
  if (t.pass) {
    lo = qps;
    while (hi === null) {
      if (trials.length >= maxTrials) return done('max-trials');
      qps *= growth;
      if (qps > maxQps) return done('max-rate');
      t = await tryRate(qps, 'grow');
      if (t.aborted) return done('aborted');
      if (t.pass) lo = qps;
      else hi = qps;
    }
  } else {
    hi = qps;
    while (lo === null) {
      if ((t.serviceP50Ms ?? 0) > target) return done('below-service-time');
      if (trials.length >= maxTrials) return done('max-trials');
      qps /= growth;
      if (qps < minQps) return done('min-rate');
      t = await tryRate(qps, 'shrink');
      if (t.aborted) return done('aborted');
      if (t.pass) lo = qps;
      else hi = qps;
    }
  }

  // Bisect (both ends are set once the bracket loops end).
  while (hi! / lo! - 1 > resolution) {
    if (trials.length >= maxTrials) return done('max-trials');
    const mid: number = (lo! + hi!) / 2;
    t = await tryRate(mid, 'bisect');
    if (t.aborted) return done('aborted');
    if (t.pass) lo = mid;
    else hi = mid;
  }

  // Confirm the answer with a longer run; a fail lowers it by the resolution.
  const maxConfirms = options.maxConfirms ?? 3;
  for (let k = 0; confirmCount > 0 && k < maxConfirms; k++) {
    if (trials.length >= maxTrials) return done(loRan ? 'max-trials' : 'unconfirmed');
    t = await tryRate(lo!, 'confirm', Math.max(confirmCount, minCount));
    if (t.aborted) return done('aborted');
    if (t.pass) {
      loRan = true;
      confirmedPass = true;
      return done('bracketed');
    }
    hi = lo;
    lo = lo! / (1 + resolution);
    loRan = false;
    // Lowered past the lowest rate allowed: the short runs passed, but no longer run confirmed any.
    if (lo < minQps) return done('unconfirmed');
  }
  // Every confirmation failed, the last lowered rate never ran: nothing confirmed to report.
  return done(loRan ? 'bracketed' : 'unconfirmed');
}

/** What a capacity that rests on the short runs alone is marked with, wherever it is shown. */
export const SHORT_RUNS_ONLY = 'short runs only: no longer run confirmed it';

/** True when a capacity was found but the confirmation asked for never passed it. */
export function shortRunsOnly(r: Partial<Pick<SloSearchResult, 'confirmed'>> & Pick<SloSearchResult, 'capacityQps'>): boolean {
  return r.confirmed === false && r.capacityQps !== null;
}

/** The search's end in words, for the table under it; says so when a capacity was not confirmed as asked. */
export function sloEndText(r: Pick<SloSearchResult, 'end' | 'capacityQps' | 'p99TargetMs'> & Partial<Pick<SloSearchResult, 'confirmed'>>): string {
  const end = endText(r);
  return shortRunsOnly(r) ? `${end}; ${r.capacityQps!.toFixed(1)} queries/s passed only the short runs (no longer run confirmed it)` : end;
}

function endText(r: Pick<SloSearchResult, 'end' | 'capacityQps' | 'p99TargetMs'>): string {
  switch (r.end) {
    case 'bracketed': return `bracketed: highest passing rate ${r.capacityQps?.toFixed(1)} queries/s`;
    case 'below-service-time': return `no rate meets ${r.p99TargetMs} ms: the median service time alone (no queueing) is over the bound`;
    case 'min-rate': return 'no rate tried meets the bound (stopped at the lowest rate)';
    case 'max-rate': return 'every rate passed up to the highest allowed';
    case 'max-trials': return 'stopped at the most trials allowed';
    case 'unconfirmed': return 'no longer confirmation run passed (each failed, or the search ran out of trials or rates first)';
    case 'aborted': return 'stopped: the figures cover the rates measured until then';
  }
}
