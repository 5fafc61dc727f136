// The batching curve: for each (T, B) and for batching off, seeded open-loop runs at two offered
// loads on one server: a light one (what waiting T costs the tail) and a heavy one, over the
// closed-loop capacity (the most it completes per second), so throughput and p99 can be read
// against T and B on one chart.
import type { ImageSet } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import { summarize } from '../metrics/stats.ts';
import type { BatchingPointRecord } from '../metrics/scale-records.ts';
import { ServeClient } from './client.ts';
import type { BenchControl } from './bench-types.ts';
import { runOpenLoop } from './bench-open-loop.ts';
import { stopped } from './bench-query.ts';
import { BATCHING_OFF, batchingLabel, type BatchingPolicy } from './batcher.ts';
import { imageAt, queryOrder } from './query-order.ts';

/** The grid run by default: T in ms and B. */
export const CURVE_DELAYS_MS: readonly number[] = [0, 2, 10];
export const CURVE_BATCHES: readonly number[] = [4, 16, 64];
/** Back-to-back queries that measure the curve's closed-loop capacity, which its loads are multiples of. */
export const CURVE_CLOSED_LOOP_QUERIES = 64;
/** Offered loads as multiples of the closed-loop capacity. */
export const CURVE_LOADS: readonly number[] = [0.5, 3];

/** One (policy, load) run: the report's record as measured (0 ms and batch 1 when batching is off; meanBatch is 1 then). */
export type BatchingPoint = BatchingPointRecord;

export interface BatchingCurve {
  backend: string;
  measuredAt: string;
  /** 1000 / mean e2e ms, one query at a time: what the loads are multiples of. */
  closedLoopQps: number;
  countPerRun: number;
  points: BatchingPoint[];
  aborted: boolean;
}

export interface CurveOptions extends BenchControl {
  delaysMs?: readonly number[];
  batches?: readonly number[];
  loads?: readonly number[];
  /** Queries per run (default 256). */
  count?: number;
  seed?: number;
  queryDeadlineMs?: number;
}

/** Every policy of the grid, batching off first. */
export function curvePolicies(delaysMs: readonly number[], batches: readonly number[]): BatchingPolicy[] {
  return [BATCHING_OFF, ...delaysMs.flatMap((maxDelayMs) => batches.map((maxBatch): BatchingPolicy => ({ kind: 'on', maxDelayMs, maxBatch })))];
}

export async function runBatchingCurve(artifacts: SerializedModel, backend: BackendName, set: ImageSet, options: CurveOptions = {}): Promise<BatchingCurve> {
  const { signal, onProgress } = options;
  const count = options.count ?? 256;
  const seed = options.seed ?? 1;
  const loads = options.loads ?? CURVE_LOADS;
  const policies = curvePolicies(options.delaysMs ?? CURVE_DELAYS_MS, options.batches ?? CURVE_BATCHES);
  const client = ServeClient.spawn({ name: `batching-${backend}`, ...(options.queryDeadlineMs ? { queryDeadlineMs: options.queryDeadlineMs } : {}) });
  try {
    onProgress?.({ phase: 'deploy', done: 0, total: 1 });
    await client.deploy(artifacts, backend, { warmShaders: true });
    for (const i of queryOrder(set.count, 20, seed + 7)) await client.query(imageAt(set, i));
    const closedMs: number[] = [];
    for (const i of queryOrder(set.count, CURVE_CLOSED_LOOP_QUERIES, seed)) {
      const r = await client.query(imageAt(set, i));
      if (r.ok) closedMs.push(r.e2eMs);
    }
    if (closedMs.length === 0) throw new Error(`No closed-loop query on ${backend} was answered.`);
    const closedLoopQps = 1000 / summarize(closedMs).meanMs;
    const points: BatchingPoint[] = [];
    const total = policies.length * loads.length;
    let k = 0;
    for (const policy of policies) {
      if (stopped(signal)) break;
      await client.setBatching(policy);
      for (const load of loads) {
        if (stopped(signal)) break;
        const offeredQps = closedLoopQps * load;
        const detail = `run ${k + 1} of ${total}: batching ${batchingLabel(policy)} at ${load}x the closed-loop capacity (${offeredQps.toFixed(1)} queries/s)`;
        const before = client.batchStats;
        const run = await runOpenLoop(client, set, { targetQps: offeredQps, count, seed: seed + 31 * k, signal, onProgress, progressOffset: k * count, progressTotal: total * count, progressDetail: detail });
        const after = client.batchStats;
        const batches = after && before ? after.batches - before.batches : 0;
        const queries = after && before ? after.queries - before.queries : 0;
        const p = run.point;
        const p99 = quantileEstimate(run.latencyMs, 0.99);
        if (p.count > 0) {
          points.push({
            maxDelayMs: policy.kind === 'on' ? policy.maxDelayMs : 0, maxBatch: policy.kind === 'on' ? policy.maxBatch : 1, off: policy.kind === 'off',
            load, offeredQps, achievedQps: p.achievedQps, count: p.count, p50Ms: p.p50Ms, p99Ms: p.p99Ms, p99LowMs: p99?.low ?? null, p99HighMs: p99?.high ?? null, meanBatch: batches > 0 ? queries / batches : 1,
          });
        }
        k++;
      }
    }
    await client.setBatching(BATCHING_OFF);
    return { backend, measuredAt: new Date().toISOString(), closedLoopQps, countPerRun: count, points, aborted: stopped(signal) };
  } finally {
    client.terminate();
  }
}
