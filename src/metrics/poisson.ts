// Open-loop load (docs/methods.md, section 3.8): seeded Poisson send schedules, latencies measured from
// the intended send time (no coordinated omission), and the capacity knee of a QPS sweep.
import { createRng } from '../data/prng.ts';

/**
 * Intended send times in ms from 0 of `count` queries arriving as a Poisson process at
 * `ratePerSec`: gaps are exponential with mean 1000 / ratePerSec ms, drawn from the seeded PRNG,
 * so the same seed gives the same schedule in Node and in every browser. The first query is one
 * gap after 0 (not at 0), which keeps the number of arrivals in any window Poisson-distributed.
 */
export function poissonSchedule(ratePerSec: number, count: number, seed: number): Float64Array {
  if (!(Number.isFinite(ratePerSec) && ratePerSec > 0)) {
    throw new Error(`poissonSchedule: ratePerSec must be a finite number above 0, got ${ratePerSec}.`);
  }
  if (!(Number.isSafeInteger(count) && count >= 0)) {
    throw new Error(`poissonSchedule: count must be a non-negative integer, got ${count}.`);
  }
  // createRng keeps only the low 32 bits; a fractional or huge seed would silently alias another.
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new Error(`poissonSchedule: seed must be an integer in [0, 2^32), got ${seed}.`);
  }
  const rng = createRng(seed);
  const meanGapMs = 1000 / ratePerSec;
  const out = new Float64Array(count);
  let t = 0;
  for (let i = 0; i < count; i++) {
    // Inverse-CDF sampling; next() is in [0, 1), so 1 - u is in (0, 1] and the log stays finite.
    t += -Math.log(1 - rng.next()) * meanGapMs;
    out[i] = t;
  }
  return out;
}

/** Per-query timings of an open-loop run, all in ms. */
export interface OpenLoopLatencies {
  /** Done minus intended send time: what a user arriving on schedule waited, queueing included. */
  latencyMs: Float64Array;
  /** Done minus actual send time: what a closed-loop bench would have reported. */
  serviceMs: Float64Array;
  /** Actual minus intended send time: how far the sender fell behind its schedule. */
  sendLagMs: Float64Array;
}

/**
 * Latencies measured from the intended send time, so a slow answer that delays later sends shows
 * up in their latency instead of silently thinning the load (coordinated omission).
 * `intendedMs` is the schedule (e.g. from poissonSchedule, relative to the run start);
 * `startedMs` and `doneMs` are clock readings (e.g. performance.now()); `originMs` is the clock
 * reading of schedule time 0. If a query went out early, latency is taken from the actual send,
 * so it is never below the service time.
 */
export function openLoopLatencies(
  intendedMs: ArrayLike<number>,
  startedMs: ArrayLike<number>,
  doneMs: ArrayLike<number>,
  originMs = 0,
): OpenLoopLatencies {
  const n = intendedMs.length;
  if (startedMs.length !== n || doneMs.length !== n) {
    throw new Error(
      `openLoopLatencies: intendedMs, startedMs and doneMs must have the same length (got ${n}, ${startedMs.length}, ${doneMs.length}).`,
    );
  }
  if (!Number.isFinite(originMs)) throw new Error(`openLoopLatencies: originMs must be finite, got ${originMs}.`);
  const latencyMs = new Float64Array(n);
  const serviceMs = new Float64Array(n);
  const sendLagMs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const intended = originMs + intendedMs[i]!;
    const started = startedMs[i]!;
    const done = doneMs[i]!;
    if (!Number.isFinite(intended) || !Number.isFinite(started) || !Number.isFinite(done)) {
      throw new Error(`openLoopLatencies: query ${i} has a non-finite time.`);
    }
    if (done < started) throw new Error(`openLoopLatencies: query ${i} finished (${done}) before it started (${started}).`);
    latencyMs[i] = done - Math.min(intended, started);
    serviceMs[i] = done - started;
    sendLagMs[i] = started - intended;
  }
  return { latencyMs, serviceMs, sendLagMs };
}

/**
 * Share of the queries that reached an idle server: each query's actual start (clock reading) is
 * compared with the end of the one before it, in start order (one server answers one query at a
 * time). A server that polls for work for `idleAfterMs` and then sleeps is asleep when that gap is
 * longer; the first query has no predecessor and is left out. NaN for fewer than two queries.
 */
export function idleShare(startedMs: ArrayLike<number>, doneMs: ArrayLike<number>, idleAfterMs: number): number {
  const n = startedMs.length;
  if (doneMs.length !== n) throw new Error(`idleShare: startedMs and doneMs must have the same length (got ${n} and ${doneMs.length}).`);
  if (!(idleAfterMs >= 0)) throw new Error(`idleShare: idleAfterMs must be >= 0, got ${idleAfterMs}.`);
  if (n < 2) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => startedMs[a]! - startedMs[b]!);
  let idle = 0;
  for (let k = 1; k < n; k++) if (startedMs[order[k]!]! - doneMs[order[k - 1]!]! > idleAfterMs) idle++;
  return idle / (n - 1);
}

/** One step of a QPS sweep. */
export interface CapacityPoint {
  /** Offered load (Poisson rate). */
  targetQps: number;
  /**
   * The rate the step's queries actually arrived at: count / the last intended send time. A
   * seeded Poisson schedule of n queries runs faster or slower than targetQps by about 1 / sqrt(n)
   * (9% for 128), so a server that keeps up is judged against this, not the nominal rate.
   * Absent: targetQps.
   */
  offeredQps?: number;
  /** Completed queries per second actually measured. */
  achievedQps: number;
  /** 99th-percentile open-loop latency at this load. */
  p99Ms: number;
}

/** The capacity knee's rule unless a caller sets its own: keep up with 90% of arrivals, p99 within 3x the lightest load's. */
export const DEFAULT_KNEE_RULE = { minAchievedRatio: 0.9, p99Factor: 3 } as const;

export interface KneeRule {
  /** A step fails when achievedQps < minAchievedRatio * offeredQps (targetQps when absent; default 0.9). */
  minAchievedRatio?: number;
  /** A step fails when p99Ms > p99Factor * (lowest p99Ms at that rate or below) (default 3). */
  p99Factor?: number;
}

export interface CapacityKnee {
  /** Highest-rate step that passed before the first failure; null if the lowest rate already failed or no steps. */
  knee: CapacityPoint | null;
  /** First step (by targetQps) that failed; null if none did, so capacity is at least knee.targetQps. */
  firstFailure: CapacityPoint | null;
  /** Why firstFailure failed. */
  reason: 'throughput' | 'latency' | 'both' | null;
  /** The p99 bound applied at the first failure (at the last step when none failed): p99Factor x the lowest p99 up to it. */
  p99LimitMs: number;
}

/**
 * The p99 bound at each step of a sweep sorted by targetQps: p99Factor x the lowest p99 at that rate
 * or below. Only lighter load is a baseline: a long tail at the lightest rate (an idle worker waking
 * up for nearly every query) is not a capacity limit, and a step cannot fail against a heavier one.
 */
export function p99Limits(sorted: readonly Pick<CapacityPoint, 'p99Ms'>[], p99Factor: number = DEFAULT_KNEE_RULE.p99Factor): number[] {
  let lowest = Number.POSITIVE_INFINITY;
  return sorted.map((p) => {
    lowest = Math.min(lowest, p.p99Ms);
    return p99Factor * lowest;
  });
}

/** Why one step fails the knee rule: it did not keep up with its arrivals, or its p99 is over its limit. */
export function stepFailures(p: CapacityPoint, p99LimitMs: number, minAchievedRatio: number = DEFAULT_KNEE_RULE.minAchievedRatio): { slow: boolean; tail: boolean } {
  return { slow: p.achievedQps < minAchievedRatio * (p.offeredQps ?? p.targetQps), tail: p.p99Ms > p99LimitMs };
}

/**
 * The capacity knee of a QPS sweep. Rule: sort the steps by targetQps; a step fails if the server
 * could not keep up (achievedQps < 0.9 x the rate its queries arrived at) or its tail blew up (p99Ms > 3 x the lowest
 * p99Ms seen at that rate or below: p99Limits). The knee is the last step before the first
 * failure; steps above a failure are ignored even if they happen to pass, because noise there is
 * not capacity. Both thresholds can be changed through `rule`.
 */
export function capacityKnee(points: readonly CapacityPoint[], rule: KneeRule = {}): CapacityKnee {
  const minAchievedRatio = rule.minAchievedRatio ?? DEFAULT_KNEE_RULE.minAchievedRatio;
  const p99Factor = rule.p99Factor ?? DEFAULT_KNEE_RULE.p99Factor;
  if (!(minAchievedRatio > 0 && minAchievedRatio <= 1)) {
    throw new Error(`capacityKnee: minAchievedRatio must be in (0, 1], got ${minAchievedRatio}.`);
  }
  if (!(Number.isFinite(p99Factor) && p99Factor >= 1)) throw new Error(`capacityKnee: p99Factor must be >= 1, got ${p99Factor}.`);
  points.forEach((p, i) => {
    if (!(Number.isFinite(p.targetQps) && p.targetQps > 0)) throw new Error(`capacityKnee: point ${i} targetQps must be > 0, got ${p.targetQps}.`);
    if (!(Number.isFinite(p.achievedQps) && p.achievedQps >= 0)) throw new Error(`capacityKnee: point ${i} achievedQps must be >= 0, got ${p.achievedQps}.`);
    if (!(Number.isFinite(p.p99Ms) && p.p99Ms >= 0)) throw new Error(`capacityKnee: point ${i} p99Ms must be >= 0, got ${p.p99Ms}.`);
  });
  if (points.length === 0) return { knee: null, firstFailure: null, reason: null, p99LimitMs: Number.NaN };

  const sorted = [...points].sort((a, b) => a.targetQps - b.targetQps);
  const limits = p99Limits(sorted, p99Factor);
  let knee: CapacityPoint | null = null;
  for (const [i, p] of sorted.entries()) {
    const { slow, tail } = stepFailures(p, limits[i]!, minAchievedRatio);
    if (slow || tail) {
      return { knee, firstFailure: p, reason: slow && tail ? 'both' : slow ? 'throughput' : 'latency', p99LimitMs: limits[i]! };
    }
    knee = p;
  }
  return { knee, firstFailure: null, reason: null, p99LimitMs: limits.at(-1)! };
}
