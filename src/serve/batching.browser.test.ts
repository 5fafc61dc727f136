// Dynamic batching in the real server (headless Chromium, real workers): batched answers equal the
// unbatched ones, queries sent together run as one batch, tensors stay flat, and the SLO search and
// the batching curve run end to end on a tiny budget. Behaviour only: timings here are noisy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { ServeClient, type Transport } from './client.ts';
import { freshModel, randomImage, randomImageSet } from './test-fixtures.ts';
import { runSloSearch } from './bench-slo.ts';
import { runBatchingCurve } from './bench-batching.ts';
import { fellBehind } from './slo-search.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;
const set = randomImageSet(64, 5);

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

describe.each<Transport>(['shared', 'comlink'])('dynamic batching over %s', (transport) => {
  it('answers like unbatched serving, in batches of up to B, leaking nothing', async () => {
    const client = ServeClient.spawn({ transport });
    try {
      await client.deploy(artifacts, 'wasm', { warmShaders: true });
      const images = Array.from({ length: 11 }, (_, i) => randomImage(300 + i));
      const single: Awaited<ReturnType<ServeClient['query']>>[] = [];
      for (const im of images) single.push(await client.query(im));
      await client.setBatching({ kind: 'on', maxDelayMs: 20, maxBatch: 4 });
      const before = await client.numTensors();
      for (let round = 0; round < 3; round++) {
        const batched = await Promise.all(images.map((im) => client.query(im)));
        batched.forEach((r, i) => {
          const s = single[i]!;
          if (!r.ok || !s.ok) throw new Error('a query failed');
          r.probs.forEach((p, k) => expect(Math.abs(p - s.probs[k]!)).toBeLessThan(1e-4));
        });
      }
      const stats = client.batchStats!;
      expect(stats.queries).toBe(33);
      expect(stats.largest).toBe(4);
      // 11 queries sent at once: batches of 4, 4 and 3, three times.
      expect(stats.batches).toBe(9);
      expect(await client.numTensors()).toBe(before);
      // A bad image is answered alone with the server's message; the batcher keeps serving.
      const bad = await client.query({ data: new Uint8Array(5), width: 64, height: 64, channels: 3 });
      expect(bad.ok).toBe(false);
      expect((await client.query(images[0]!)).ok).toBe(true);
      await client.setBatching({ kind: 'off' });
      expect(client.batching).toEqual({ kind: 'off' });
      expect((await client.query(images[0]!)).ok).toBe(true);
      expect(await client.numTensors()).toBe(before);
    } finally {
      client.terminate();
    }
  });
});

describe('batching needs a model', () => {
  it('refuses to batch before a deploy, with a message', async () => {
    const client = ServeClient.spawn();
    try {
      await expect(client.setBatching({ kind: 'on', maxDelayMs: 1, maxBatch: 4 })).rejects.toThrow(/Deploy a model before/);
    } finally {
      client.terminate();
    }
  });
});

describe('the SLO search and the batching curve on a real server', () => {
  it('searches a bound with batching on and reports each trial with its count', async () => {
    const run = await runSloSearch(artifacts, 'wasm', set, { kind: 'on', maxDelayMs: 1, maxBatch: 8 }, { p99TargetMs: 50, minCount: 40, minDurationMs: 100, resolution: 0.3, closedLoopQueries: 30 });
    expect(run.closedLoopQps).toBeGreaterThan(0);
    expect(run.search.trials.length).toBeGreaterThanOrEqual(2);
    for (const t of run.search.trials) {
      expect(t.count).toBeGreaterThanOrEqual(40);
      // The verdict is the bound, no errors, and keeping up with the arrivals.
      expect(t.pass).toBe(t.p99Ms <= 50 && t.errorCount === 0 && !fellBehind(t));
      // The p99's 95% interval: 40 or more latencies give a lower end at or under it; an upper end needs about 370.
      expect(t.p99LowMs).not.toBeNull();
      expect(t.p99LowMs!).toBeLessThanOrEqual(t.p99Ms);
      if (t.count < 360) expect(t.p99HighMs).toBeNull();
    }
    expect(run.deployMs).toBeGreaterThan(0);
  });

  it('runs the curve: off and each (T, B) at each load', async () => {
    const curve = await runBatchingCurve(artifacts, 'wasm', set, { delaysMs: [0, 2], batches: [8], loads: [0.5, 2], count: 40 });
    expect(curve.points).toHaveLength(6);
    expect(curve.points.filter((p) => p.off).every((p) => p.meanBatch === 1)).toBe(true);
    expect(curve.points.every((p) => p.count === 40 && p.achievedQps > 0)).toBe(true);
  });
});
