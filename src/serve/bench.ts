// The serving latency protocol (docs/methods.md, section 3) for one model on one backend: timed deploy,
// cold query (with and without shader warm-up, each on a fresh worker), >= 20 discarded warm-up
// queries, a closed-loop measured run in a fixed-seed order, then offline throughput.
import type { BackendName } from '../tf/backend-names.ts';
import type { ImageSet } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import type { ServeRecord } from '../metrics/report.ts';
import { histogram } from '../metrics/stats.ts';
import { ServeClient, type Transport } from './client.ts';
import type { DeployResult } from './protocol.ts';
import type { BenchControl, QuerySample, ServeBenchResult } from './bench-types.ts';
import { measureQuery, stopped, summarizeField } from './bench-query.ts';
import { measureThroughput, DEFAULT_BATCH_SIZES } from './bench-offline.ts';
import { distinctAccuracy, imageAt, queryOrder } from './query-order.ts';
import { Breather, ProgressPacer } from './yield.ts';
import { MIN_WARMUP_QUERIES, maxWarmupQueries, warmupDone } from './warmup-rule.ts';
import { CHECK_EVERY, checkArms, finalStop, MIN_PRECISE_CLOSED_LOOP, ruleFor, type PrecisionOption } from './stop-when-precise.ts';

export interface ServeBenchOptions extends BenchControl {
  artifacts: SerializedModel;
  backend: BackendName;
  /** Unseen test images (the same set for accuracy). */
  testSet: ImageSet;
  /** Name in the record, e.g. 'dense' or 'pruned-50'. */
  modelName?: string;
  /** Measured queries (default 1024); with `precision`, the cap. */
  queries?: number;
  /**
   * Past 1,024 queries, stop once the end-to-end and model-only p50 have their 95% intervals
   * within ±3% (src/serve/stop-when-precise.ts); false runs every query.
   */
  precision?: PrecisionOption;
  /** Discarded warm-up queries, at least (default and minimum 20; warmupDone says how many more). */
  warmupQueries?: number;
  /** Query order seed (default 1). */
  seed?: number;
  /** Warm shaders at deploy (default true). */
  warmShaders?: boolean;
  /** Also measure the cold query without warm-up on a separate fresh worker (default: when warmShaders). */
  compareColdStart?: boolean;
  /** Offline batch sizes (default 1, 4, 16, 64; [] skips offline mode). */
  batchSizes?: readonly number[];
  /** Images timed per batch size (default 256). */
  throughputImages?: number;
  transport?: Transport;
  /** A query unanswered this long counts as a hung worker (see ServeClient). */
  queryDeadlineMs?: number;
}

export { MIN_WARMUP_QUERIES, WARMUP_MAX_MS, WARMUP_QUERIES, maxWarmupQueries, warmupDone } from './warmup-rule.ts';

/** Discarded warm-up queries on a deployed client, by warmupDone's rule, in a seeded order of `set`; returns how many ran. */
export async function warmUp(client: ServeClient, set: ImageSet, seed: number): Promise<number> {
  const start = performance.now();
  const order = queryOrder(set.count, maxWarmupQueries(), seed);
  for (const [n, i] of order.entries()) {
    await client.query(imageAt(set, i));
    if (warmupDone(n + 1, performance.now() - start)) return n + 1;
  }
  return order.length;
}

export interface ColdStart {
  deploy: DeployResult;
  /** Page-side wall time of the deploy call (transfer + backend start + load + warm-up). */
  deployWallMs: number;
  /** The first query after deploy, end to end. */
  coldMs: number;
}

/** Deploys on a fresh worker and times its first query; the worker is terminated afterwards. */
export async function measureColdStart(
  artifacts: SerializedModel,
  backend: BackendName,
  warmShaders: boolean,
  set: ImageSet,
  imageIndex = 0,
  transport?: Transport,
): Promise<ColdStart> {
  const client = ServeClient.spawn({ transport, name: `cold-${backend}` });
  try {
    return await deployAndCold(client, artifacts, backend, warmShaders, set, imageIndex);
  } finally {
    client.terminate();
  }
}

async function deployAndCold(
  client: ServeClient,
  artifacts: SerializedModel,
  backend: BackendName,
  warmShaders: boolean,
  set: ImageSet,
  imageIndex: number,
): Promise<ColdStart> {
  const t0 = performance.now();
  const deploy = await client.deploy(artifacts, backend, { warmShaders });
  const deployWallMs = performance.now() - t0;
  const r = await client.query(imageAt(set, imageIndex));
  if (!r.ok) throw new Error(`Cold query on ${backend} failed: ${r.error}`);
  return { deploy, deployWallMs, coldMs: r.e2eMs };
}

export async function runServeBench(options: ServeBenchOptions): Promise<ServeBenchResult> {
  const { artifacts, backend, testSet: set, signal, onProgress } = options;
  const queries = options.queries ?? 1024;
  const minWarmup = options.warmupQueries ?? MIN_WARMUP_QUERIES;
  const warmup = maxWarmupQueries(minWarmup);
  const seed = options.seed ?? 1;
  const warmShaders = options.warmShaders ?? true;
  const order = queryOrder(set.count, queries, seed);
  // Warm-up uses another order, so the measured run does not start on images just seen.
  const warmOrder = queryOrder(set.count, warmup + 1, seed + 0x9e3779b9);

  onProgress?.({ phase: 'cold', done: 0, total: 1 });
  const unwarmed = warmShaders && (options.compareColdStart ?? true)
    ? await measureColdStart(artifacts, backend, false, set, warmOrder[0]!, options.transport)
    : null;

  const client = ServeClient.spawn({ transport: options.transport, name: `serve-${backend}`, ...(options.queryDeadlineMs ? { queryDeadlineMs: options.queryDeadlineMs } : {}) });
  try {
    onProgress?.({ phase: 'deploy', done: 0, total: 1 });
    const cold = await deployAndCold(client, artifacts, backend, warmShaders, set, warmOrder[0]!);
    onProgress?.({ phase: 'deploy', done: 1, total: 1, lastMs: cold.coldMs });

    const breather = new Breather();
    const pacer = new ProgressPacer();
    const warmupMs = [cold.coldMs];
    const warmStart = performance.now();
    for (let i = 1; i <= warmup && !stopped(signal); i++) {
      await breather.maybeYield();
      warmupMs.push((await client.query(imageAt(set, warmOrder[i]!))).e2eMs);
      const done = warmupDone(i, performance.now() - warmStart, minWarmup);
      if (pacer.due() || done) onProgress?.({ phase: 'warmup', done: i, total: warmup });
      if (done) break;
    }

    const tensorsBefore = await client.numTensors();
    const samples: QuerySample[] = [];
    const runStartMs = performance.now();
    const rule = ruleFor(options.precision, queries, MIN_PRECISE_CLOSED_LOOP);
    const arm = [{ label: 'closed loop', samples }];
    for (let q = 0; q < queries && !stopped(signal); q++) {
      await breather.maybeYield();
      const s = await measureQuery(client, set, order[q]!, q, runStartMs);
      samples.push(s);
      // A few times a second: often enough for a live bar, rare enough not to slow the queries.
      if (pacer.due() || q === queries - 1) onProgress?.({ phase: 'measure', done: q + 1, total: queries, lastMs: s.e2eMs });
      if ((q + 1) % CHECK_EVERY === 0 && q + 1 >= (rule?.minCount ?? Infinity) && checkArms(rule, arm)?.reason === 'precise') break;
    }
    const stop = finalStop(rule, arm, stopped(signal));
    const numTensorsLeaked = (await client.numTensors()) - tensorsBefore;

    const throughput = stopped(signal)
      ? { points: [], aborted: true }
      : await measureThroughput(client, set, {
          batchSizes: options.batchSizes ?? DEFAULT_BATCH_SIZES,
          minImages: options.throughputImages,
          seed,
          signal,
          onProgress,
        });

    const e2e = summarizeField(samples, 'e2eMs');
    const model = summarizeField(samples, 'modelMs');
    const record: ServeRecord = {
      model: options.modelName ?? 'dense',
      backend,
      loadMs: cold.deploy.loadMs,
      coldMs: unwarmed ? unwarmed.coldMs : cold.coldMs,
      ...(warmShaders ? { coldWarmedMs: cold.coldMs } : {}),
      count: e2e?.count ?? 0,
      meanMs: e2e?.meanMs ?? Number.NaN,
      minMs: e2e?.minMs ?? Number.NaN,
      p50Ms: e2e?.p50Ms ?? Number.NaN,
      p90Ms: e2e?.p90Ms ?? Number.NaN,
      p99Ms: e2e?.p99Ms ?? Number.NaN,
      maxMs: e2e?.maxMs ?? Number.NaN,
      ...(model ? { modelP50Ms: model.p50Ms, modelMeanMs: model.meanMs } : {}),
      throughput: throughput.points,
      testAcc: distinctAccuracy(samples),
      flopsPerQuery: cold.deploy.flopsPerQuery,
      numTensorsLeaked,
    };
    const ok = samples.filter((s) => s.error === undefined).map((s) => s.e2eMs);
    return {
      record,
      e2e: e2e ?? emptySummary(),
      model,
      roundTrip: summarizeField(samples, 'roundTripMs'),
      samples,
      histogram: ok.length > 0 ? histogram(ok, { bins: 30, log: true }) : [],
      errorCount: samples.length - ok.length,
      warmMs: cold.deploy.warmMs,
      warmupMs,
      capabilities: cold.deploy.capabilities,
      transport: client.transport,
      aborted: stopped(signal),
      throughput: throughput.points,
      ...(stop ? { stop } : {}),
    };
  } finally {
    client.terminate();
  }
}

function emptySummary(): ServeBenchResult['e2e'] {
  const nan = Number.NaN;
  return { count: 0, meanMs: nan, minMs: nan, p50Ms: nan, p90Ms: nan, p99Ms: nan, maxMs: nan, stdMs: nan };
}
