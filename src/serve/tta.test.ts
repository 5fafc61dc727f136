// Test-time augmentation's views and averaged answer on the wasm backend: exact views, the mean of
// the views' own predictions, refusals, and no tensors left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from '../model/cnn.ts';
import { TINY_CNN, useWasm } from '../prune/test-fixtures.ts';
import { buildViews, predictTta, ttaViewSpecs, ttaViewsProblem, TTA_VIEW_COUNTS } from './tta.ts';

beforeAll(useWasm);

const S = 16;
/** A 16x16 image whose every value differs, so a mirror or a crop cannot pass for the original. */
function image(): tf.Tensor4D {
  return tf.tidy(() => tf.range(0, S * S * 3).div(S * S * 3).reshape([1, S, S, 3]) as tf.Tensor4D);
}

describe('buildViews', () => {
  it('makes k views: the original, its exact mirror, then crops resized back to the input size', async () => {
    const x = image();
    const views = buildViews(x, 4);
    expect(views.shape).toEqual([4, S, S, 3]);
    const [orig, mirror, crop] = tf.split(views, [1, 1, 2], 0) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const flipped = tf.reverse(x, 2);
    expect(Array.from(await orig.data())).toEqual(Array.from(await x.data()).map((v) => expect.closeTo(v, 5)));
    expect(Array.from(await mirror.data())).toEqual(Array.from(await flipped.data()).map((v) => expect.closeTo(v, 5)));
    // The centre crop is a zoom: not the original, but its centre pixel stays near the original's centre.
    const c = (await crop.data()) as Float32Array;
    const o = (await x.data()) as Float32Array;
    expect(Array.from(c.subarray(0, S * S * 3))).not.toEqual(Array.from(o));
    tf.dispose([x, views, orig, mirror, crop, flipped]);
  });

  it('samples crops exactly as tf.image.cropAndResize does, mirror included', async () => {
    const x = image();
    const views = buildViews(x, 8);
    const specs = ttaViewSpecs(8);
    const both = tf.concat([x, tf.reverse(x, 2)], 0);
    const boxes = tf.tensor2d(specs.map((v) => [...v.box]), [8, 4]);
    const from = tf.tensor1d(specs.map((v) => (v.mirrored ? 1 : 0)), 'int32');
    const expected = tf.image.cropAndResize(both, boxes, from, [S, S]);
    const got = Array.from(await views.data());
    expect(got).toEqual(Array.from(await expected.data()).map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, views, both, boxes, from, expected]);
  });

  it('names the views in order and gives k of them for every offered k', () => {
    expect(ttaViewSpecs(2).map((v) => v.name)).toEqual(['original', 'mirror']);
    expect(ttaViewSpecs(8)).toHaveLength(8);
    for (const k of TTA_VIEW_COUNTS) {
      const x = image();
      const v = buildViews(x, k);
      expect(v.shape[0]).toBe(k);
      tf.dispose([x, v]);
    }
  });

  it('refuses a batch and a view count it does not offer, naming it', () => {
    const two = tf.zeros([2, S, S, 3]) as tf.Tensor4D;
    expect(() => buildViews(two, 2)).toThrow(/one image/);
    two.dispose();
    expect(ttaViewsProblem(3)).toBe('Test-time augmentation takes 1, 2, 4, 8 views, got 3.');
    expect(ttaViewsProblem(4)).toBeNull();
  });
});

describe('predictTta', () => {
  let model: tf.LayersModel;
  beforeAll(() => {
    model = buildCnn({ ...TINY_CNN, inputSize: S });
  });
  afterAll(() => model.dispose());

  it('k = 1 is the model itself; k = 4 is the mean of the four views predicted one by one', async () => {
    const x = image();
    const plain = model.predict(x) as tf.Tensor;
    const one = predictTta(model, x, 1);
    expect(Array.from(await one.data())).toEqual(Array.from(await plain.data()));
    const views = buildViews(x, 4);
    const each = await Promise.all(tf.split(views, 4, 0).map(async (v) => {
      const p = model.predict(v) as tf.Tensor;
      const values = Array.from(await p.data());
      tf.dispose([v, p]);
      return values;
    }));
    const mean = each[0]!.map((_, c) => each.reduce((s, p) => s + p[c]!, 0) / 4);
    const four = predictTta(model, x, 4);
    expect(four.shape).toEqual([1, 2]);
    expect(Array.from(await four.data())).toEqual(mean.map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, plain, one, views, four]);
  });

  it('leaves no tensor behind, run twice at every k', async () => {
    const x = image();
    const run = async () => {
      for (const k of TTA_VIEW_COUNTS) {
        const out = tf.tidy(() => predictTta(model, x, k));
        await out.data();
        out.dispose();
      }
    };
    await run();
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
