// The fused wasm Adam update against tfjs's own Adam: the same weights after 100 training steps
// (to 1e-6; in practice to the bit), one dispatch per variable, the same optimizer slots for
// checkpoints, and no tensors left behind (Node, wasm backend).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from '../model/cnn.ts';
import { TINY_CNN, useWasm } from '../prune/test-fixtures.ts';
import { WarmupAdam } from '../train/warmup.ts';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE } from './wasm-adam.ts';
import { simdAdam } from './wasm-simd-adam.ts';

const owned: { dispose(): void }[] = [];
const own = <T extends { dispose(): void }>(x: T): T => (owned.push(x), x);
afterEach(() => {
  for (const x of owned.splice(0)) x.dispose();
});

beforeAll(useWasm);

/** A tiny CNN compiled as the trainer compiles it, with `optimizer`. */
function compiled(optimizer: tf.Optimizer): tf.LayersModel {
  const model = own(buildCnn(TINY_CNN));
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function batch(step: number): [tf.Tensor, tf.Tensor] {
  const xs = tf.randomUniform([8, 16, 16, 3], 0, 1, 'float32', 100 + step);
  const ys = tf.tidy(() => tf.oneHot(tf.cast(tf.greater(tf.randomUniform([8], 0, 1, 'float32', 500 + step), 0.5), 'int32'), 2));
  return [xs, ys];
}

async function maxDiff(a: tf.LayersModel, b: tf.LayersModel): Promise<number> {
  let worst = 0;
  const wa = a.getWeights();
  const wb = b.getWeights();
  for (let i = 0; i < wa.length; i++) {
    const [x, y] = await Promise.all([wa[i]!.data(), wb[i]!.data()]);
    for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(x[j]! - y[j]!));
  }
  return worst;
}

describe('fused wasm Adam', () => {
  it('matches tfjs Adam to 1e-6 over 100 steps, and WarmupAdam with and without the kernel', async () => {
    const stock = compiled(own(tf.train.adam(0.003, 0.9, 0.999)));
    const fusedConstant = compiled(own(new WarmupAdam(0.003, 0)));
    const unfusedWarm = compiled(own(new WarmupAdam(0.003, 30, false)));
    const fusedWarm = compiled(own(new WarmupAdam(0.003, 30)));
    expect(await maxDiff(stock, fusedConstant)).toBe(0);
    for (let step = 0; step < 100; step++) {
      const [xs, ys] = batch(step);
      for (const m of [stock, fusedConstant, unfusedWarm, fusedWarm]) await m.trainOnBatch(xs, ys);
      tf.dispose([xs, ys]);
    }
    // The weights moved (the check compares something), and both pairs agree.
    const moved = compiled(own(new WarmupAdam(0.003)));
    expect(await maxDiff(stock, moved)).toBeGreaterThan(1e-3);
    const constantDiff = await maxDiff(stock, fusedConstant);
    const warmDiff = await maxDiff(unfusedWarm, fusedWarm);
    console.log(`[fused adam] max |w - w_tfjs| after 100 steps: ${constantDiff} (constant rate), ${warmDiff} (warm-up)`);
    expect(constantDiff).toBeLessThanOrEqual(1e-6);
    expect(warmDiff).toBeLessThanOrEqual(1e-6);
  });

  it('runs the SIMD module on this engine (the JS loop only takes the tail of each tensor)', () => {
    expect(simdAdam(tf.backend() as BackendWasm)).not.toBeNull();
  });

  it('dispatches one kernel per variable, keeps tfjs\'s slots, and leaks nothing', async () => {
    const optimizer = own(new WarmupAdam(0.001));
    const model = compiled(optimizer);
    const [xs, ys] = batch(0);
    try {
      await model.trainOnBatch(xs, ys); // creates the moment variables
      const tensors = tf.memory().numTensors;
      let inside: string[] = [];
      const apply = optimizer.applyGradients.bind(optimizer);
      optimizer.applyGradients = (g) => {
        const start = tf.engine().state.activeProfile.kernels.length;
        apply(g);
        inside = tf.engine().state.activeProfile.kernels.slice(start).map((k) => k.name);
      };
      await tf.profile(() => model.trainOnBatch(xs, ys) as Promise<number[]>);
      optimizer.applyGradients = apply;
      for (let i = 0; i < 3; i++) await model.trainOnBatch(xs, ys);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(inside).toEqual(model.trainableWeights.map(() => ADAM_UPDATE));

      // The same slots as tfjs's Adam, so a checkpoint saved from either restores into either.
      const stock = own(tf.train.adam(0.001, 0.9, 0.999));
      const other = compiled(stock);
      await other.trainOnBatch(xs, ys);
      // Variable names carry a per-model suffix (kernel_5, kernel_6): compare them without it.
      const slots = async (o: tf.Optimizer) => (await o.getWeights()).map((w) => w.name.replace(/_\d+\//, '/'));
      expect(await slots(optimizer)).toEqual(await slots(stock));
      const restored = own(new WarmupAdam(0.001));
      await restored.setWeights(await optimizer.getWeights());
      expect(restored.iterations).toBe(optimizer.iterations);
      expect(restored.currentLearningRate).toBe(optimizer.currentLearningRate);
    } finally {
      tf.dispose([xs, ys]);
    }
  });
});
