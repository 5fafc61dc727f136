// The serving fast path in Node on the wasm backend: the same probabilities as model.predict for
// every combination of its changes (the folded centring to the bit), RGB and RGBA, and no leaks;
// with k views, the answer of the general test-time augmentation path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { FastPredictor } from './fast-predict.ts';
import { imageToInput } from './preprocess.ts';
import { freshModel, randomImage } from './test-fixtures.ts';
import { predictTta } from './tta.ts';

let model: tf.LayersModel;
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  ({ model } = await freshModel());
});
afterAll(() => model.dispose());

const COMBOS = [{}, { kernels: false }, { reuseInput: false }, { direct: false }, { syncRead: false }, { foldCentring: false }, { reuseInput: false, direct: false, syncRead: false, foldCentring: false, kernels: false }];

describe('FastPredictor (Node, wasm)', () => {
  it.each(COMBOS)('gives model.predict\'s answer bit for bit (%o) and leaks nothing', async (options) => {
    const p = FastPredictor.create(model, 64, 64, options)!;
    try {
      const before = tf.memory().numTensors;
      for (let i = 0; i < 6; i++) {
        const image = randomImage(700 + i, 64, 64, i % 2 === 0 ? 3 : 4);
        const { probs } = await p.predict(image);
        const want = tf.tidy(() => (model.predict(imageToInput(image, 64, 64)) as tf.Tensor).dataSync());
        expect(Array.from(probs)).toEqual(Array.from(want));
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      p.dispose();
    }
  });

  it.each([
    { views: 2 as const },
    { views: 4 as const },
    { views: 8 as const },
    { views: 4 as const, kernels: false },
    { views: 4 as const, reuseInput: false, foldCentring: false },
  ])('answers with the mean of the views as the general path does (%o), leaking nothing', async (options) => {
    const p = FastPredictor.create(model, 64, 64, options)!;
    try {
      const before = tf.memory().numTensors;
      for (let i = 0; i < 4; i++) {
        const image = randomImage(900 + i, 64, 64, i % 2 === 0 ? 3 : 4);
        const { probs } = await p.predict(image);
        const want = tf.tidy(() => predictTta(model, imageToInput(image, 64, 64), options.views).dataSync());
        expect(probs).toHaveLength(2);
        // The centring folded before the crops' resampling instead of after: equal up to float rounding.
        probs.forEach((v, c) => expect(Math.abs(v - want[c]!)).toBeLessThan(1e-6));
      }
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      p.dispose();
    }
  });

  it('runs the default model as a list of kernels, and frees every buffer it makes', async () => {
    const p = FastPredictor.create(model, 64, 64)!;
    try {
      expect(p.usesKernelPlan).toBe(true);
      const backend = tf.backend() as unknown as { numDataIds(): number };
      await p.predict(randomImage(1, 64, 64, 3));
      const buffers = backend.numDataIds();
      for (let i = 0; i < 5; i++) await p.predict(randomImage(2 + i, 64, 64, 3));
      expect(backend.numDataIds()).toBe(buffers);
    } finally {
      p.dispose();
    }
  });

  it('keeps the layers for a model with a layer the kernel list does not know', async () => {
    const odd = tf.sequential({ layers: [tf.layers.rescaling({ inputShape: [8, 8, 3], scale: 1, offset: -0.5 }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'tanh' })] });
    const p = FastPredictor.create(odd, 8, 8)!;
    try {
      expect(p.usesKernelPlan).toBe(false);
      const image = randomImage(9, 8, 8, 3);
      const { probs } = await p.predict(image);
      const want = tf.tidy(() => (odd.predict(imageToInput(image, 8, 8)) as tf.Tensor).dataSync());
      expect(Array.from(probs)).toEqual(Array.from(want));
    } finally {
      p.dispose();
      odd.dispose();
    }
  });
});
