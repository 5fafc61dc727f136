// Open-loop mode (MLPerf "Server"): queries arrive on a seeded Poisson schedule whether or not the
// server is busy; they queue in the client, and latency counts from the intended send time, so a
// slow answer shows up in the tail instead of silently thinning the load (no coordinated omission).
import type { ImageSet } from '../data/image-set.ts';
import { capacityKnee, idleShare, openLoopLatencies, poissonSchedule, type KneeRule } from '../metrics/poisson.ts';
import { summarize } from '../metrics/stats.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import type { ServeClient } from './client.ts';
import type { BenchControl, OpenLoopPoint, OpenLoopSweep } from './bench-types.ts';
import { imageAt, queryOrder } from './query-order.ts';
import { stopped } from './bench-query.ts';
import { sleepUntil } from './timer.ts';
import { BACK_TO_BACK, measureIdleWake, WAKE_ROUNDS, wakeGapMs } from './idle-wake.ts';

export interface OpenLoopOptions extends BenchControl {
  targetQps: number;
  /** Queries sent (default 256). */
  count?: number;
  seed?: number;
  /** Progress is reported as `offset + done` of `total` (a sweep counts every rate's queries). */
  progressOffset?: number;
  progressTotal?: number;
  /** Shown with the progress, e.g. "rate 3 of 8: 25% of capacity". */
  progressDetail?: string;
}

export interface OpenLoopRun {
  point: OpenLoopPoint;
  /** Per completed query, in send order: latency from the intended send time. */
  latencyMs: number[];
  aborted: boolean;
}

export async function runOpenLoop(client: ServeClient, set: ImageSet, options: OpenLoopOptions): Promise<OpenLoopRun> {
  const count = options.count ?? 256;
  const seed = options.seed ?? 1;
  const schedule = poissonSchedule(options.targetQps, count, seed);
  const order = queryOrder(set.count, count, seed);
  const intended: number[] = [];
  const started: number[] = [];
  const done: number[] = [];
  let errorCount = 0;
  const inFlight: Array<Promise<void>> = [];
  // A few ms of lead, so the first sends are not late because of this set-up.
  const originMs = performance.now() + 5;
  for (let i = 0; i < count && !stopped(options.signal); i++) {
    await sleepUntil(originMs + schedule[i]!);
    // Not awaited: the client's queue holds it while the server is busy, as a real server's would.
    inFlight.push(
      client.query(imageAt(set, order[i]!)).then((r) => {
        const end = performance.now();
        if (!r.ok) {
          errorCount++;
          return;
        }
        intended.push(schedule[i]!);
        // Handed to the worker when the queue released it: e2eMs is measured from there.
        started.push(end - r.e2eMs);
        done.push(end);
        if ((done.length & 15) === 0) {
          options.onProgress?.({ phase: 'open-loop', done: (options.progressOffset ?? 0) + done.length, total: options.progressTotal ?? count, lastMs: end - originMs - schedule[i]!, ...(options.progressDetail ? { detail: options.progressDetail } : {}) });
        }
      }),
    );
  }
  await Promise.all(inFlight);
  const lat = openLoopLatencies(intended, started, done, originMs);
  const n = done.length;
  const spanMs = n > 0 ? Math.max(...done) - originMs : 0;
  const s = n > 0 ? summarize(lat.latencyMs) : null;
  const lastIntendedMs = intended.length > 0 ? Math.max(...intended) : 0;
  const p99 = n > 0 ? quantileEstimate(lat.latencyMs, 0.99) : null;
  const service = n > 0 ? quantileEstimate(lat.serviceMs, 0.5) : null;
  const point: OpenLoopPoint = {
    targetQps: options.targetQps,
    offeredQps: lastIntendedMs > 0 ? n / (lastIntendedMs / 1000) : 0,
    achievedQps: spanMs > 0 ? n / (spanMs / 1000) : 0,
    count: n,
    p50Ms: s?.p50Ms ?? Number.NaN,
    p90Ms: s?.p90Ms ?? Number.NaN,
    p99Ms: s?.p99Ms ?? Number.NaN,
    p99LowMs: p99?.low ?? null,
    p99HighMs: p99?.high ?? null,
    maxMs: s?.maxMs ?? Number.NaN,
    serviceP50Ms: service?.value ?? Number.NaN,
    serviceP50LowMs: service?.low ?? null,
    serviceP50HighMs: service?.high ?? null,
    maxSendLagMs: n > 0 ? Math.max(...lat.sendLagMs) : 0,
    errorCount,
    idleShare: idleShare(started, done, client.workerSpinMs),
  };
  return { point, latencyMs: Array.from(lat.latencyMs), aborted: stopped(options.signal) };
}

/** Offered loads around a measured single-query capacity (1000 / p50 ms), from light to overload. */
export function suggestRates(serviceP50Ms: number, fractions: readonly number[] = [0.25, 0.5, 0.7, 0.8, 0.9, 1, 1.1, 1.25]): number[] {
  if (!(serviceP50Ms > 0)) throw new Error(`suggestRates: serviceP50Ms must be > 0, got ${serviceP50Ms}.`);
  return fractions.map((f) => (f * 1000) / serviceP50Ms);
}

export interface SweepOptions extends BenchControl {
  ratesQps: readonly number[];
  countPerRate?: number;
  seed?: number;
  kneeRule?: KneeRule;
  /** Labels of the rates for the progress line (e.g. "25% of capacity"), in the order given. */
  rateLabels?: readonly string[];
  /** Rounds of the idle wake-up probe after the rates (default WAKE_ROUNDS; 0 skips it). */
  wakePairs?: number;
}

/**
 * Runs every rate, in ascending order: a rate that fails the knee rule does not end the sweep, so
 * the overload side (achieved rate flattening, tail growing) is measured as the text promises; the
 * knee is then the last rate before the first failure. Overload steps stay short: a rate above
 * capacity takes about count / capacity seconds however high it is. Then the idle wake-up probe,
 * at the lowest rate's mean gap, says whether the low rates' tail is the worker waking up.
 */
export async function sweepOpenLoop(client: ServeClient, set: ImageSet, options: SweepOptions): Promise<OpenLoopSweep> {
  const labelled = options.ratesQps.map((qps, i) => ({ qps, label: options.rateLabels?.[i] }));
  labelled.sort((a, b) => a.qps - b.qps);
  const count = options.countPerRate ?? 256;
  const points: OpenLoopPoint[] = [];
  for (const [k, { qps: targetQps, label }] of labelled.entries()) {
    if (stopped(options.signal)) break;
    const progressDetail = `rate ${k + 1} of ${labelled.length}: ${targetQps.toFixed(1)} queries/s${label ? ` (${label})` : ''}`;
    options.onProgress?.({ phase: 'open-loop', done: k * count, total: labelled.length * count, detail: progressDetail });
    const run = await runOpenLoop(client, set, {
      targetQps, count, seed: (options.seed ?? 1) + k, signal: options.signal, onProgress: options.onProgress,
      progressOffset: k * count, progressTotal: labelled.length * count, progressDetail,
    });
    if (run.point.count > 0) points.push(run.point);
    options.onProgress?.({ phase: 'open-loop', done: (k + 1) * count, total: labelled.length * count, lastMs: run.point.p99Ms, detail: progressDetail });
  }
  const lowest = labelled[0]?.qps;
  const pairs = options.wakePairs ?? WAKE_ROUNDS;
  let wake: OpenLoopSweep['wake'] = null;
  if (pairs > 0 && lowest !== undefined && !stopped(options.signal)) {
    options.onProgress?.({ phase: 'idle-wake', done: 0, total: 1, detail: `${pairs} queries after ${wakeGapMs(lowest).toFixed(0)} ms idle, each followed by ${BACK_TO_BACK} back to back` });
    wake = await measureIdleWake(client, set, { gapMs: wakeGapMs(lowest), pairs, signal: options.signal });
  }
  return { backend: client.backend ?? '', measuredAt: new Date().toISOString(), points, knee: capacityKnee(points.filter((p) => p.count > 0), options.kneeRule), wake, aborted: stopped(options.signal) };
}
