// The serving fast path against model.predict (same answers, no leaks, refusals), and the tail
// probe: model-only times of the previous and new per-query paths on wasm in headless Chromium,
// interleaved, printed as p50 / p90 / p99 and the tail ratios (a measurement, not an assertion).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { useBackend } from '../tf/backends.ts';
import { FastPredictor } from './fast-predict.ts';
import { imageToInput } from './preprocess.ts';
import { buildCnn } from '../model/cnn.ts';
import { fastArm, kernelTimes, previousServerArm, runTailProbe, standardArms } from './tail-probe.ts';
import { freshModel, randomImage, TEST_MODEL } from './test-fixtures.ts';
import type { RawImage } from './protocol.ts';

let model: tf.LayersModel;

beforeAll(async () => {
  await useBackend('wasm');
  ({ model } = await freshModel());
});
afterAll(() => model.dispose());

function reference(image: RawImage): Float32Array {
  return tf.tidy(() => (model.predict(imageToInput(image, 64, 64)) as tf.Tensor).dataSync() as Float32Array);
}

/** console.table is not forwarded from the browser here: rows as aligned text. */
function table(rows: Record<string, string | number>[]): string {
  const keys = Object.keys(rows[0] ?? {});
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  return [line(keys), ...rows.map((r) => line(keys.map((k) => String(r[k]))))].join('\n');
}

const COMBOS = [{}, { reuseInput: false }, { direct: false }, { syncRead: false }, { foldCentring: false }, { reuseInput: false, direct: false, syncRead: false, foldCentring: false }];

describe('FastPredictor on wasm', () => {
  it.each(COMBOS)('answers as model.predict does (%o), RGB and RGBA, leaking nothing', async (options) => {
    const p = FastPredictor.create(model, 64, 64, options)!;
    expect(p).not.toBeNull();
    try {
      const before = tf.memory().numTensors;
      for (let i = 0; i < 20; i++) {
        const image = randomImage(500 + i, 64, 64, i % 2 === 0 ? 3 : 4);
        const { probs, modelMs, preprocessMs } = await p.predict(image);
        expect(modelMs).toBeGreaterThan(0);
        expect(preprocessMs).toBeGreaterThanOrEqual(0);
        const want = reference(image);
        expect(probs.length).toBe(2);
        probs.forEach((v, j) => expect(Math.abs(v - want[j]!)).toBeLessThan(1e-6));
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      p.dispose();
    }
  });

  it('holds one tensor (the input) until disposed; refuses other sizes and bad bytes', async () => {
    const before = tf.memory().numTensors;
    const p = FastPredictor.create(model, 64, 64)!;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(p.fits(randomImage(1, 32, 32))).toBe(false);
    await expect(p.predict(randomImage(1, 32, 32))).rejects.toThrow(/32x32, this path takes 64x64/);
    await expect(p.predict({ data: new Uint8Array(10), width: 64, height: 64, channels: 3 })).rejects.toThrow(/needs 12288 bytes, got 10/);
    expect(tf.memory().numTensors).toBe(before + 1);
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is not offered off wasm', async () => {
    await useBackend('cpu');
    try {
      expect(FastPredictor.create(model, 64, 64)).toBeNull();
    } finally {
      await useBackend('wasm');
    }
  });
});

describe('tail probe (measurement)', () => {
  it('times model-only predict per path, interleaved, and prints the tail ratios', async () => {
    const images = Array.from({ length: 64 }, (_, i) => randomImage(2000 + i));
    const before = tf.memory().numTensors;
    const arms = standardArms(model, 64, 64);
    try {
      const results = await runTailProbe(arms, images, { warmup: 64, rounds: 32, block: 32 });
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      console.log(`[tail probe] wasm simd=${String(simd)} threaded=${String(threads)} threads=${getThreadsCount()} crossOriginIsolated=${String(globalThis.crossOriginIsolated)}; model-only ms, ${results[0]!.summary.count} queries per path in interleaved blocks of 32`);
      console.log(table(results.map((r) => ({ path: r.name, n: r.summary.count, 'p50 ms': +r.summary.p50Ms.toFixed(3), 'p90 ms': +r.summary.p90Ms.toFixed(3), 'p99 ms': +r.summary.p99Ms.toFixed(3), 'max ms': +r.summary.maxMs.toFixed(3), 'p90/p50': +r.p90OverP50.toFixed(2), 'p99/p50': +r.p99OverP50.toFixed(2), kernels: r.kernelsPerQuery, 'tensors made': r.tensorsMadePerQuery, 'slow after slow': +r.slowAfterSlow.toFixed(2), 'first/rest p50': +r.firstInBlockOverRest.toFixed(2) }))));
      for (const r of results) expect(r.summary.count).toBe(1024);
    } finally {
      for (const a of arms) a.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('structured 50% fixed cost (measurement)', () => {
  it('times dense and half-width (structured 50% of filters) on the previous and new paths, and their kernels', async () => {
    const before = tf.memory().numTensors;
    // Structured 50% of filters is the same architecture at half the conv widths (16/32/64 -> 8/16/32).
    const half = buildCnn({ ...TEST_MODEL, width: TEST_MODEL.width / 2 });
    const images = Array.from({ length: 64 }, (_, i) => randomImage(3000 + i));
    const arms = [
      { ...previousServerArm(model, 64, 64), name: 'dense, previous path' },
      { ...previousServerArm(half, 64, 64), name: 'structured 50%, previous path' },
      fastArm('dense, new path', model, 64, 64, {}),
      fastArm('structured 50%, new path', half, 64, 64, {}),
    ];
    try {
      const r = await runTailProbe(arms, images, { warmup: 64, rounds: 16, block: 32 });
      console.log(`[structured probe] model-only ms, ${r[0]!.summary.count} queries per arm, interleaved in blocks of 32`);
      console.log(table(r.map((x) => ({ arm: x.name, 'p50 ms': +x.summary.p50Ms.toFixed(3), 'p90 ms': +x.summary.p90Ms.toFixed(3), kernels: x.kernelsPerQuery, 'tensors made': x.tensorsMadePerQuery }))));
      console.log(`[structured probe] structured/dense p50: previous path ${(r[1]!.summary.p50Ms / r[0]!.summary.p50Ms).toFixed(3)}, new path ${(r[3]!.summary.p50Ms / r[2]!.summary.p50Ms).toFixed(3)}`);
      for (const arm of arms) {
        const k = await kernelTimes(arm, images, 200);
        const sum = k.reduce((t, x) => t + x.msPerQuery, 0);
        console.log(`[structured probe] ${arm.name}: kernel time ${sum.toFixed(3)} ms per query (mean of 200 profiled queries)`);
        console.log(table(k.map((x) => ({ kernel: x.kernel, 'ms/query': +x.msPerQuery.toFixed(4), calls: x.callsPerQuery }))));
      }
      for (const x of r) expect(x.summary.count).toBe(512);
    } finally {
      for (const a of arms) a.dispose();
      half.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
