// In real Chromium: the wasm backend started through useBackend (local .wasm files) trains
// with our kernels, the filter gradient (both paths) matches cpu, and the ms per batch of 32 is logged.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from './backends.ts';
import { buildCnn } from '../model/cnn.ts';

/** The filter gradient of sum(conv2d(x, w) * r); stride 1 takes the SIMD product (8 output channels), stride 2 the dilated conv. */
async function filterGrad(backend: 'cpu' | 'wasm', x: Float32Array, w: Float32Array, r: Float32Array, stride: 1 | 2): Promise<Float32Array> {
  await useBackend(backend);
  const [xt, wt] = [tf.tensor4d(x, [4, 12, 10, 3]), tf.tensor4d(w, [3, 3, 3, 8])];
  const rt = stride === 2 ? tf.tensor4d(r.subarray(0, 4 * 6 * 5 * 8), [4, 6, 5, 8]) : tf.tensor4d(r, [4, 12, 10, 8]);
  const g = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, f as tf.Tensor4D, stride, 'same'), rt)))(wt);
  const out = (await g.data()) as Float32Array;
  tf.dispose([xt, wt, rt, g]);
  return out;
}

describe('wasm training kernels in Chromium', () => {
  it('matches cpu on a filter gradient and trains a batch of 32', async () => {
    const rand = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);
    const x = rand(4 * 12 * 10 * 3);
    const w = rand(3 * 3 * 3 * 8).map((v) => v * 0.7);
    const r = rand(4 * 12 * 10 * 8).map((v) => -v);
    for (const stride of [1, 2] as const) {
      const onCpu = await filterGrad('cpu', x, w, r, stride);
      const onWasm = await filterGrad('wasm', x, w, r, stride);
      const scale = Math.max(...onCpu.map(Math.abs));
      const err = Math.max(...onWasm.map((v, i) => Math.abs(v - onCpu[i]))) / scale;
      expect(err, `stride ${stride}`).toBeLessThan(1e-4);
    }

    const model = buildCnn({ inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0, seed: 1 });
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xs = tf.randomUniform([32, 64, 64, 3], 0, 1, 'float32', 1);
    const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 2), 'int32'), 2);
    const times: number[] = [];
    let loss = NaN;
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      const result = await model.trainOnBatch(xs, ys);
      loss = Array.isArray(result) ? result[0] : result;
      times.push(performance.now() - t0);
    }
    const steady = times.slice(2).sort((a, b) => a - b);
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    console.log(
      `[wasm-kernels] Chromium wasm (SIMD ${simd}, threads ${threads}): trainOnBatch of 32 ` +
        `median ${steady[Math.floor(steady.length / 2)].toFixed(1)} ms, min ${steady[0].toFixed(1)} ms`,
    );
    tf.dispose([xs, ys]);
    model.optimizer.dispose();
    model.dispose();
    expect(Number.isFinite(loss)).toBe(true);
  });
});
