// The serving tail through the real serving worker: three workers hold the same model on wasm: the
// general per-query path (fastPath off) and the short path (the default), both with the page polling
// for answers as it once did, and the short path with the page waiting (the default channel); their
// queries are interleaved in blocks over the shared-memory channel, as the Serve view's closed loop
// sends them. Prints end-to-end and model-only p50 / p90 / p99 and the tail ratios (a measurement),
// and checks all give the same answers and leak nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { summarize } from '../metrics/stats.ts';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { ServeClient } from './client.ts';
import { freshModel, randomImage } from './test-fixtures.ts';

let artifacts: SerializedModel;

beforeAll(async () => {
  await useBackend('wasm');
  const fresh = await freshModel();
  artifacts = fresh.artifacts;
  fresh.model.dispose();
});

const ROUNDS = 32;
const BLOCK = 32;
const WARMUP = 64;

describe('serving tail in the worker (measurement)', () => {
  const clients: ServeClient[] = [];
  afterAll(() => clients.forEach((c) => c.terminate()));

  it('general path vs short path, page polling vs waiting: same answers, no leaks, and their tails', async () => {
    const polling = { channel: { pageSpinMs: 2, workerSpinMs: 1 } };
    const arms = [
      { name: 'general path, polls', client: ServeClient.spawn(polling), fastPath: false, e2e: [] as number[], model: [] as number[] },
      { name: 'short path, polls', client: ServeClient.spawn(polling), fastPath: true, e2e: [] as number[], model: [] as number[] },
      { name: 'short path, waits', client: ServeClient.spawn(), fastPath: true, e2e: [] as number[], model: [] as number[] },
    ];
    for (const a of arms) {
      clients.push(a.client);
      await a.client.deploy(artifacts, 'wasm', { warmShaders: true, fastPath: a.fastPath });
    }
    expect(arms[0]!.client.transport).toBe('shared');
    const images = Array.from({ length: 64 }, (_, i) => randomImage(4000 + i));
    const before = await Promise.all(arms.map((a) => a.client.numTensors()));
    for (const a of arms) for (let i = 0; i < WARMUP; i++) await a.client.query(images[i % images.length]!);
    let next = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < arms.length; k++) {
        const a = arms[(k + r) % arms.length]!;
        for (let i = 0; i < BLOCK; i++) {
          const q = await a.client.query(images[next++ % images.length]!);
          if (!q.ok) throw new Error(q.error);
          a.e2e.push(q.e2eMs);
          a.model.push(q.modelMs);
        }
      }
    }
    // Same image, same answer on every path.
    for (const image of images.slice(0, 8)) {
      const answers = await Promise.all(arms.map((a) => a.client.query(image)));
      const [x, ...rest] = answers.map((q) => {
        if (!q.ok) throw new Error('query failed');
        return q.probs;
      });
      for (const y of rest) x!.forEach((v, j) => expect(Math.abs(v - y[j]!)).toBeLessThan(1e-6));
    }
    expect(await Promise.all(arms.map((a) => a.client.numTensors()))).toEqual(before);
    const lines = [`[tail worker] wasm, shared-memory channel, ${ROUNDS * BLOCK} queries per path in interleaved blocks of ${BLOCK} after ${WARMUP} warm-ups; ms`];
    for (const a of arms) {
      for (const [what, xs] of [['e2e', a.e2e], ['model-only', a.model]] as const) {
        const s = summarize(xs);
        lines.push(`${a.name.padEnd(20)} ${what.padEnd(10)} n ${s.count}  p50 ${s.p50Ms.toFixed(3)}  p90 ${s.p90Ms.toFixed(3)}  p99 ${s.p99Ms.toFixed(3)}  max ${s.maxMs.toFixed(3)}  p90/p50 ${(s.p90Ms / s.p50Ms).toFixed(2)}  p99/p50 ${(s.p99Ms / s.p50Ms).toFixed(2)}`);
      }
    }
    console.log(lines.join('\n'));
    expect(tf.getBackend()).toBe('wasm');
  });
});
