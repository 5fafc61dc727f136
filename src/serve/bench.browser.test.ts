import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { MIN_WARMUP_QUERIES, WARMUP_MAX_MS, WARMUP_QUERIES, measureColdStart, runServeBench, warmupDone } from './bench.ts';
import { sweepOpenLoop } from './bench-open-loop.ts';
import { compareInterleaved } from './bench-compare.ts';
import { ServeClient } from './client.ts';
import { freshModel, randomImageSet } from './test-fixtures.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;
const testSet = randomImageSet(256, 42);

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

describe('serving bench on wasm', () => {
  it('runs the protocol and reports plain numbers', async () => {
    const phases = new Set<string>();
    const r = await runServeBench({
      artifacts,
      backend: 'wasm',
      testSet,
      queries: 1024,
      batchSizes: [1, 4, 16, 64],
      throughputImages: 64,
      onProgress: (p) => phases.add(p.phase),
    });
    const rec = r.record;
    expect(r.aborted).toBe(false);
    expect(rec.count).toBe(1024);
    // The cold query and the discarded warm-up queries (at least 20, on to 128 or 1 s) are kept apart for the latency-over-time chart.
    const warmups = r.warmupMs.length - 1;
    expect(warmups).toBeGreaterThanOrEqual(MIN_WARMUP_QUERIES);
    expect(warmups).toBeLessThanOrEqual(WARMUP_QUERIES);
    expect(warmupDone(warmups, WARMUP_MAX_MS)).toBe(true);
    expect(r.warmupMs[0]).toBe(rec.coldWarmedMs);
    expect(r.samples).toHaveLength(1024);
    expect(rec.numTensorsLeaked).toBe(0);
    expect(rec.minMs).toBeLessThanOrEqual(rec.p50Ms);
    expect(rec.p50Ms).toBeLessThanOrEqual(rec.p90Ms);
    expect(rec.p99Ms).toBeLessThanOrEqual(rec.maxMs);
    expect(rec.coldWarmedMs).toBeGreaterThan(0);
    expect(rec.testAcc).toBeGreaterThanOrEqual(0);
    expect(rec.flopsPerQuery).toBeGreaterThan(0);
    expect(r.histogram.reduce((a, b) => a + b.count, 0)).toBe(1024);
    expect(rec.throughput.map((t) => t.batchSize)).toEqual([1, 4, 16, 64]);
    for (const s of r.samples) expect(s.e2eMs).toBeGreaterThanOrEqual(s.modelMs);
    expect([...phases]).toEqual(expect.arrayContaining(['cold', 'deploy', 'warmup', 'measure', 'throughput']));
    console.log(
      `[serve wasm ${r.transport}] model p50 ${r.model!.p50Ms.toFixed(3)} ms, e2e p50 ${rec.p50Ms.toFixed(3)} ms ` +
        `(x${(rec.p50Ms / r.model!.p50Ms).toFixed(3)}), round trip p50 ${r.roundTrip!.p50Ms.toFixed(3)} ms, ` +
        `p90 ${rec.p90Ms.toFixed(3)}, p99 ${rec.p99Ms.toFixed(3)}, cold ${rec.coldMs.toFixed(1)} / warmed ${rec.coldWarmedMs!.toFixed(1)} ms, ` +
        `load ${rec.loadMs!.toFixed(1)} ms, throughput ${rec.throughput.map((t) => `${t.batchSize}:${t.imagesPerSec.toFixed(0)}/s`).join(' ')}`,
    );
  });

  it('Stop keeps what was measured', async () => {
    const stop = new AbortController();
    const r = await runServeBench({
      artifacts,
      backend: 'wasm',
      testSet,
      queries: 1024,
      warmShaders: false,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.phase === 'measure' && p.done >= 64) stop.abort();
      },
    });
    expect(r.aborted).toBe(true);
    expect(r.samples.length).toBeGreaterThanOrEqual(64);
    expect(r.samples.length).toBeLessThan(1024);
    expect(r.record.count).toBe(r.samples.length);
    expect(r.record.p50Ms).toBeGreaterThan(0);
    expect(r.record.throughput).toEqual([]);
    expect(r.record.numTensorsLeaked).toBe(0);
  });

  it('sweeps open-loop rates and compares two servers interleaved', async () => {
    const a = ServeClient.spawn();
    const b = ServeClient.spawn({ transport: 'comlink' });
    try {
      await a.deploy(artifacts, 'wasm', { warmShaders: true });
      await b.deploy(artifacts, 'wasm', { warmShaders: true });
      // Low rates and a loose tail bound on purpose: on a busy machine one hiccup moves a p99 of 128
      // samples; the point here is that passing steps continue and an overload step fails.
      const sweep = await sweepOpenLoop(a, testSet, { ratesQps: [5000, 20, 50, 3000], countPerRate: 128, kneeRule: { p99Factor: 50 }, wakePairs: 8 });
      // Every rate ran, in ascending order, also past the first failure.
      expect(sweep.points.map((p) => p.targetQps)).toEqual([20, 50, 3000, 5000]);
      expect(sweep.points.every((p) => p.count === 128)).toBe(true);
      expect(sweep.backend).toBe('wasm');
      // 3000 QPS is far beyond one worker: that step must fail the knee rule, and 5000 is measured beyond it.
      expect(sweep.knee.firstFailure?.targetQps).toBe(3000);
      expect(sweep.knee.knee?.targetQps).toBe(50);
      // Overload keeps the worker busy: hardly a query finds it asleep; at 20/s most do.
      expect(sweep.points[3]!.idleShare).toBeLessThan(0.2);
      expect(sweep.points[0]!.idleShare).toBeGreaterThan(0.5);
      expect(sweep.wake).toMatchObject({ gapMs: 50, pairs: 8, workerSpinMs: 1 });
      expect(sweep.wake!.idleP50Ms).toBeGreaterThan(0);
      console.log('[open loop]', sweep.points.map((p) => `${p.targetQps}qps: achieved ${p.achievedQps.toFixed(0)}, p50 ${p.p50Ms.toFixed(2)}, p99 ${p.p99Ms.toFixed(2)} ms, asleep ${(p.idleShare! * 100).toFixed(0)}%`).join('; '),
        `wake after ${sweep.wake!.gapMs} ms idle: p50 ${sweep.wake!.idleP50Ms.toFixed(2)} ms, back to back ${sweep.wake!.busyP50Ms.toFixed(2)} ms`);

      const cmp = await compareInterleaved([{ label: 'shared', client: a }, { label: 'comlink', client: b }], testSet, { queries: 200, precision: false });
      expect(cmp.rounds).toBe(200);
      expect(cmp.arms.map((x) => x.samples.map((s) => s.imageIndex))).toEqual([cmp.arms[0]!.samples.map((s) => s.imageIndex), cmp.arms[0]!.samples.map((s) => s.imageIndex)]);
      expect(cmp.arms[0]!.testAcc).toBe(cmp.arms[1]!.testAcc);
      console.log('[compare]', cmp.arms.map((x) => `${x.label}: e2e p50 ${x.e2e!.p50Ms.toFixed(3)} model p50 ${x.model!.p50Ms.toFixed(3)}`).join('; '));
    } finally {
      a.terminate();
      b.terminate();
    }
  });
});

describe('webgl cold start', () => {
  it('shader warm-up at deploy shortens the first query', async () => {
    const cold = await measureColdStart(artifacts, 'webgl', false, testSet);
    const warmed = await measureColdStart(artifacts, 'webgl', true, testSet);
    console.log(
      `[webgl cold] without warm-up ${cold.coldMs.toFixed(1)} ms (deploy ${cold.deployWallMs.toFixed(0)} ms); ` +
        `with warm-up ${warmed.coldMs.toFixed(1)} ms (deploy ${warmed.deployWallMs.toFixed(0)} ms, warm ${warmed.deploy.warmMs.toFixed(0)} ms)`,
    );
    expect(warmed.coldMs).toBeLessThan(cold.coldMs / 3);
  });
});
