// Comparing models or backends fairly (docs/methods.md, section 3.9): interleave them query by query (A B A B) on
// the same images, so drift in the machine (other tabs, thermal, GC) hits every arm alike.
import type { ImageSet } from '../data/image-set.ts';
import type { ServeClient } from './client.ts';
import type { BenchControl, CompareResult, QuerySample } from './bench-types.ts';
import { measureQuery, stopped, summarizeField } from './bench-query.ts';
import { distinctAccuracy, imageAt, queryOrder } from './query-order.ts';
import { Breather } from './yield.ts';
import { MIN_WARMUP_QUERIES, maxWarmupQueries, warmupDone } from './bench.ts';
import { CHECK_EVERY, checkArms, finalStop, MIN_PRECISE_ROUNDS, ruleFor, type PrecisionOption } from './stop-when-precise.ts';

export interface CompareArmInput {
  label: string;
  /** A client with its model already deployed (one worker per arm: a backend is per worker). */
  client: ServeClient;
}

export interface CompareOptions extends BenchControl {
  /** Rounds; each sends the same image to every arm (default 1024). */
  queries?: number;
  warmupQueries?: number;
  seed?: number;
  /**
   * Queries an arm answers in a row before the next arm's turn (default 1: A B A B). Larger
   * blocks (A×8 B×8 …, same images for every arm) keep each worker's caches and thread as warm
   * as a server that serves one model all day; query-by-query switching between many workers
   * on 2 cores adds a cold-start floor to every model-only time and hides real differences.
   */
  blockSize?: number;
  /**
   * Stop once every arm's end-to-end and model-only p50 has its 95% interval within ±3% (after at
   * least 32 rounds), or at a time cap (`maxMs`, none by default): `queries` is then the cap. false runs every round.
   */
  precision?: PrecisionOption;
}

export async function compareInterleaved(arms: readonly CompareArmInput[], set: ImageSet, options: CompareOptions = {}): Promise<CompareResult> {
  if (arms.length < 2) throw new Error('compareInterleaved: give at least two arms to compare.');
  const queries = options.queries ?? 1024;
  const minWarmup = options.warmupQueries ?? MIN_WARMUP_QUERIES;
  const warmup = maxWarmupQueries(minWarmup);
  const seed = options.seed ?? 1;
  const order = queryOrder(set.count, queries, seed);
  const warmOrder = queryOrder(set.count, warmup, seed + 0x9e3779b9);
  const breather = new Breather();
  const warmStart = performance.now();
  for (let i = 0; i < warmup && !stopped(options.signal); i++) {
    for (const arm of arms) await arm.client.query(imageAt(set, warmOrder[i]!));
    await breather.maybeYield();
    // Every arm's worker warms alike, so the time budget is per arm.
    if (warmupDone(i + 1, (performance.now() - warmStart) / arms.length, minWarmup)) break;
  }
  const samples: QuerySample[][] = arms.map(() => []);
  const runStartMs = performance.now();
  let rounds = 0;
  const block = Math.max(1, Math.floor(options.blockSize ?? 1));
  const rule = ruleFor(options.precision, queries, MIN_PRECISE_ROUNDS);
  const checkEvery = block * Math.ceil(CHECK_EVERY / block);
  const armSamples = () => arms.map((arm, a) => ({ label: arm.label, samples: samples[a]! }));
  for (let start = 0; start < queries && !stopped(options.signal); start += block) {
    const end = Math.min(queries, start + block);
    for (const [a, arm] of arms.entries()) {
      for (let q = start; q < end; q++) {
        await breather.maybeYield();
        samples[a]!.push(await measureQuery(arm.client, set, order[q]!, q, runStartMs));
      }
    }
    rounds = end;
    options.onProgress?.({ phase: 'compare', done: rounds, total: queries });
    if (rounds % checkEvery === 0 && checkArms(rule, armSamples(), performance.now() - runStartMs)?.reason != null && rounds < queries) break;
  }
  const measureMs = performance.now() - runStartMs;
  return {
    arms: arms.map((arm, a) => {
      const s = samples[a]!;
      return {
        label: arm.label,
        e2e: summarizeField(s, 'e2eMs'),
        model: summarizeField(s, 'modelMs'),
        testAcc: distinctAccuracy(s),
        samples: s,
        errorCount: s.filter((x) => x.error !== undefined).length,
      };
    }),
    rounds,
    aborted: stopped(options.signal),
    measuredAt: new Date().toISOString(),
    stop: finalStop(rule, armSamples(), stopped(options.signal), measureMs),
    measureMs,
  };
}
