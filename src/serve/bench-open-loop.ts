// Open-loop mode (MLPerf "Server"): queries arrive on a seeded Poisson schedule whether or not the
// server is busy; they queue in the client, and latency counts from the intended send time, so a
// slow answer shows up in the tail instead of silently thinning the load (no coordinated omission).
import type { ImageSet } from '../data/image-set.ts';
import { capacityKnee, openLoopLatencies, poissonSchedule, type KneeRule } from '../metrics/poisson.ts';
import { summarize } from '../metrics/stats.ts';
import type { ServeClient } from './client.ts';
import type { BenchControl, OpenLoopPoint, OpenLoopSweep } from './bench-types.ts';
import { imageAt, queryOrder } from './query-order.ts';
import { stopped } from './bench-query.ts';
import { sleepUntil } from './timer.ts';

export interface OpenLoopOptions extends BenchControl {
  targetQps: number;
  /** Queries sent (default 256). */
  count?: number;
  seed?: number;
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
        if ((done.length & 15) === 0) options.onProgress?.({ phase: 'open-loop', done: done.length, total: count, lastMs: end - originMs - schedule[i]! });
      }),
    );
  }
  await Promise.all(inFlight);
  const lat = openLoopLatencies(intended, started, done, originMs);
  const n = done.length;
  const spanMs = n > 0 ? Math.max(...done) - originMs : 0;
  const s = n > 0 ? summarize(lat.latencyMs) : null;
  const point: OpenLoopPoint = {
    targetQps: options.targetQps,
    achievedQps: spanMs > 0 ? n / (spanMs / 1000) : 0,
    count: n,
    p50Ms: s?.p50Ms ?? Number.NaN,
    p90Ms: s?.p90Ms ?? Number.NaN,
    p99Ms: s?.p99Ms ?? Number.NaN,
    maxMs: s?.maxMs ?? Number.NaN,
    serviceP50Ms: n > 0 ? summarize(lat.serviceMs).p50Ms : Number.NaN,
    maxSendLagMs: n > 0 ? Math.max(...lat.sendLagMs) : 0,
    errorCount,
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
}

/** Runs rates in ascending order and stops after the first one that fails the knee rule. */
export async function sweepOpenLoop(client: ServeClient, set: ImageSet, options: SweepOptions): Promise<OpenLoopSweep> {
  const rates = [...options.ratesQps].sort((a, b) => a - b);
  const points: OpenLoopPoint[] = [];
  const toKnee = () => capacityKnee(points.filter((p) => p.count > 0), options.kneeRule);
  for (const [k, targetQps] of rates.entries()) {
    if (stopped(options.signal)) break;
    const run = await runOpenLoop(client, set, { targetQps, count: options.countPerRate, seed: (options.seed ?? 1) + k, signal: options.signal });
    if (run.point.count > 0) points.push(run.point);
    options.onProgress?.({ phase: 'open-loop', done: k + 1, total: rates.length, lastMs: run.point.p99Ms });
    if (toKnee().firstFailure) break;
  }
  return { points, knee: toKnee(), aborted: stopped(options.signal) };
}
