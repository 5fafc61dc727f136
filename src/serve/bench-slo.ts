// The latency-bound (SLO) search on a real server: its own closed-loop capacity first (the start
// rate and the figure shown beside the answer), then the bracketing search, each tried rate a
// fresh seeded open-loop run of at least a minimum count and duration.
import type { ImageSet } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import { summarize } from '../metrics/stats.ts';
import { ServeClient } from './client.ts';
import type { BenchControl } from './bench-types.ts';
import { runOpenLoop } from './bench-open-loop.ts';
import { stopped } from './bench-query.ts';
import { batchingLabel, type BatchingPolicy } from './batcher.ts';
import { imageAt, queryOrder } from './query-order.ts';
import { searchSloCapacity, SLO_RESOLUTION, trialCount, type RateMeasurement, type SloSearchResult } from './slo-search.ts';
import { warmUp } from './bench.ts';
import { Breather } from './yield.ts';

/** The search starts at this share of the fresh server's closed-loop capacity. */
export const SLO_START_FRACTION = 0.5;

export interface SloRunOptions extends BenchControl {
  p99TargetMs: number;
  /** Fewest completed queries per tried rate (default 300). */
  minCount?: number;
  /** Shortest run per tried rate, ms (default 2000): a fast rate sends more than minCount. */
  minDurationMs?: number;
  /** Bisection resolution (default 0.05). */
  resolution?: number;
  /** Queries of the closing confirmation run at the answer (default 0: none). */
  confirmCount?: number;
  seed?: number;
  /** Closed-loop queries measured before the search (default 100). */
  closedLoopQueries?: number;
}

/** One search on one backend with one batching choice, and what it measured on the way. */
export interface SloRun {
  backend: string;
  batching: BatchingPolicy;
  measuredAt: string;
  /** Page-side wall time of the deploy on the fresh worker (transfer, backend start, load, warm-up). */
  deployMs: number;
  /** The first query after that deploy, end to end. */
  firstQueryMs: number;
  /** 1000 / mean end-to-end ms of closedLoopCount back-to-back queries (one at a time, no batching). */
  closedLoopQps: number;
  closedLoopCount: number;
  closedLoopP99Ms: number;
  /**
   * Mean model-only ms (predict and data, timed in the worker) of those queries. Far under the
   * mean end-to-end ms, the rest is waiting outside the model: on a shared machine, mostly for a
   * core another process holds. Absent in runs made before it was kept.
   */
  closedLoopModelMeanMs?: number;
  /** Sample standard deviation of those queries' end-to-end ms (the interval of their mean); absent in runs made before it was kept. */
  closedLoopStdMs?: number;
  minCount: number;
  minDurationMs: number;
  search: SloSearchResult;
  aborted: boolean;
}

/** One tried rate as an open-loop run of trialCount queries (seeded per trial). */
export async function measureRate(client: ServeClient, set: ImageSet, qps: number, count: number, seed: number, control: BenchControl & { detail?: string } = {}): Promise<RateMeasurement> {
  const t0 = performance.now();
  const run = await runOpenLoop(client, set, { targetQps: qps, count, seed, signal: control.signal, onProgress: control.onProgress, progressDetail: control.detail });
  const p = run.point;
  const p99 = quantileEstimate(run.latencyMs, 0.99);
  return { p99Ms: p.p99Ms, p99LowMs: p99?.low ?? null, p99HighMs: p99?.high ?? null, p50Ms: p.p50Ms, serviceP50Ms: p.serviceP50Ms, offeredQps: p.offeredQps, count: p.count, durationMs: performance.now() - t0, achievedQps: p.achievedQps, errorCount: p.errorCount, aborted: run.aborted };
}

/** Back-to-back queries (no batching): the closed-loop capacity the search starts from. */
async function closedLoop(client: ServeClient, set: ImageSet, n: number, seed: number, signal?: AbortSignal): Promise<{ qps: number; count: number; p99Ms: number; stdMs: number; modelMeanMs: number }> {
  const order = queryOrder(set.count, n, seed);
  const breather = new Breather();
  const ms: number[] = [];
  let modelMs = 0;
  for (let i = 0; i < n && !stopped(signal); i++) {
    await breather.maybeYield();
    const r = await client.query(imageAt(set, order[i]!));
    if (r.ok) {
      ms.push(r.e2eMs);
      modelMs += r.modelMs;
    }
  }
  if (ms.length === 0) return { qps: Number.NaN, count: 0, p99Ms: Number.NaN, stdMs: Number.NaN, modelMeanMs: Number.NaN };
  const s = summarize(ms);
  return { qps: 1000 / s.meanMs, count: ms.length, p99Ms: s.p99Ms, stdMs: s.stdMs, modelMeanMs: modelMs / ms.length };
}

/** Deploys on a fresh worker, measures the closed loop, sets the batching, and searches. */
export async function runSloSearch(artifacts: SerializedModel, backend: BackendName, set: ImageSet, batching: BatchingPolicy, options: SloRunOptions & { queryDeadlineMs?: number }): Promise<SloRun> {
  const client = ServeClient.spawn({ name: `slo-${backend}`, ...(options.queryDeadlineMs ? { queryDeadlineMs: options.queryDeadlineMs } : {}) });
  try {
    return await searchOn(client, backend, artifacts, set, batching, options);
  } finally {
    client.terminate();
  }
}

async function searchOn(client: ServeClient, backend: BackendName, artifacts: SerializedModel, set: ImageSet, batching: BatchingPolicy, options: SloRunOptions): Promise<SloRun> {
  const { signal, onProgress } = options;
  const seed = options.seed ?? 1;
  const minCount = options.minCount ?? 300;
  const minDurationMs = options.minDurationMs ?? 2000;
  const label = `${backend}, batching ${batchingLabel(batching)}`;
  onProgress?.({ phase: 'deploy', done: 0, total: 1, detail: label });
  const t0 = performance.now();
  await client.deploy(artifacts, backend, { warmShaders: true });
  const deployMs = performance.now() - t0;
  const first = await client.query(imageAt(set, 0));
  if (!first.ok) throw new Error(`The first query on ${backend} failed: ${first.error}`);
  // Warm-up (discarded; the serving benches' rule: the worker's code is compiled in its first ~100
  // queries), then the closed loop: one query at a time, the capacity without queueing.
  await warmUp(client, set, seed + 7);
  onProgress?.({ phase: 'measure', done: 0, total: 1, detail: `${label}: closed-loop capacity` });
  const closed = await closedLoop(client, set, options.closedLoopQueries ?? 100, seed, signal);
  if (!(closed.qps > 0)) throw new Error(`No closed-loop query on ${backend} was answered: nothing to start the search from.`);
  await client.setBatching(batching);
  const search = await searchSloCapacity(
    { p99TargetMs: options.p99TargetMs, startQps: closed.qps * SLO_START_FRACTION, minCount, resolution: options.resolution ?? SLO_RESOLUTION, confirmCount: options.confirmCount ?? 0, retryP99Fails: true },
    (qps, ask) => {
      const count = trialCount(qps, ask.minCount, minDurationMs);
      const detail = `${label}: trial ${ask.trial + 1} (${ask.phase}) at ${qps.toFixed(1)} queries/s, ${count} queries`;
      return measureRate(client, set, qps, count, seed + 101 + ask.trial, { signal, onProgress, detail });
    },
  );
  return {
    backend, batching, measuredAt: new Date().toISOString(), deployMs, firstQueryMs: first.e2eMs,
    closedLoopQps: closed.qps, closedLoopCount: closed.count, closedLoopP99Ms: closed.p99Ms, closedLoopModelMeanMs: closed.modelMeanMs, closedLoopStdMs: closed.stdMs, minCount, minDurationMs, search, aborted: stopped(signal) || search.end === 'aborted',
  };
}

/** A fresh run at the answer and at `over` x it (the bench's check that the bound holds there and breaks above). */
export interface SloCheck {
  qps: number;
  count: number;
  p99AtMs: number;
  p99OverMs: number;
  overFactor: number;
  pass: boolean;
}

/** Closed-loop queries a fresh check server answers (discarded) before its two timed runs. */
export const CHECK_WARMUP_QUERIES = 300;

/** Deploys again, warms, sets the batching, and runs `count` queries at the rate and at `over` x the rate. */
export async function checkSloRate(artifacts: SerializedModel, backend: BackendName, set: ImageSet, batching: BatchingPolicy, qps: number, p99TargetMs: number, count = 2000, over = 1.25, control: BenchControl = {}): Promise<SloCheck> {
  const client = ServeClient.spawn({ name: `slo-check-${backend}` });
  try {
    await client.deploy(artifacts, backend, { warmShaders: true });
    // Warmed as far as the search's server was before its trials (20 warm-up queries and the closed
    // loop) and more: a fresh worker's first few hundred queries still run colder code and caches,
    // and the check would then measure the new worker rather than the rate.
    for (const i of queryOrder(set.count, CHECK_WARMUP_QUERIES, 9)) await client.query(imageAt(set, i));
    await client.setBatching(batching);
    // Seeds no search trial used: fresh arrivals.
    const at = await measureRate(client, set, qps, count, 9001, { ...control, detail: `check at ${qps.toFixed(1)} queries/s` });
    const overRun = await measureRate(client, set, qps * over, count, 9002, { ...control, detail: `check at ${(qps * over).toFixed(1)} queries/s` });
    return { qps, count: Math.min(at.count, overRun.count), p99AtMs: at.p99Ms, p99OverMs: overRun.p99Ms, overFactor: over, pass: at.p99Ms <= p99TargetMs && overRun.p99Ms > p99TargetMs };
  } finally {
    client.terminate();
  }
}
