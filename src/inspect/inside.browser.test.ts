// The Inside view's extraction in real Chromium on wasm: feature maps agree with model.predict,
// nothing leaks, and the profile and weight snapshot are complete. (Live snapshots during training
// and the worker's Inside API are composed, and tested, in src/workbench/inside.browser.test.ts.)
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCnn } from '../model/cnn.ts';
import { forwardFlops } from '../model/flops.ts';
import { randomizeBiases, TINY_CNN } from '../prune/test-fixtures.ts';
import { useBackend } from '../tf/backends.ts';
import { extractActivations, forwardWithActivations, imageTensor } from './activations.ts';
import { layerTable } from './layer-table.ts';
import { profileLayers } from './profile.ts';
import { weightSnapshot } from './weights.ts';

const SIZE = TINY_CNN.inputSize;
const image = Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => (i * 37) % 256);
let model: tf.LayersModel;

beforeAll(async () => {
  await useBackend('wasm');
  model = buildCnn({ ...TINY_CNN, numClasses: 3, dropout: 0.3 });
  randomizeBiases(model, 5);
});
afterAll(() => model?.dispose());

describe('activation extraction', () => {
  it('ends in the same output as model.predict (to 1e-5) with every conv layer on the way', async () => {
    const snapshot = await extractActivations(model, image, SIZE);
    const x = imageTensor(image, SIZE);
    const predicted = model.predict(x) as tf.Tensor;
    const expected = Array.from(await predicted.data());
    x.dispose();
    predicted.dispose();
    expect(snapshot.probabilities).toHaveLength(3);
    snapshot.probabilities.forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-5));
    expect(snapshot.layers.map((l) => [l.layer, l.height, l.width, l.channels])).toEqual([
      ['conv1', 16, 16, 4],
      ['conv2', 8, 8, 8],
    ]);
    for (const l of snapshot.layers) {
      expect(l.bytes).toHaveLength(l.height * l.width * l.channels);
      // Each channel that fired has its maximum at 255.
      l.channelMax.forEach((max, c) => {
        const channel = l.bytes.subarray(c * l.height * l.width, (c + 1) * l.height * l.width);
        expect(Math.max(...channel)).toBe(max > 0 ? 255 : 0);
      });
    }
  });

  it('feature maps are the conv layers\' real outputs', async () => {
    const x = imageTensor(image, SIZE);
    const { conv, output } = forwardWithActivations(model, x);
    // conv1 sees what the centring layer makes of the [0, 1] pixels, as in model.predict.
    const centred = model.getLayer('center').apply(x) as tf.Tensor;
    const direct = model.getLayer('conv1').apply(centred) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(direct, conv[0]!.output)));
    expect((await diff.data())[0]).toBeLessThan(1e-6);
    tf.dispose([x, centred, direct, diff, output, ...conv.map((c) => c.output)]);
  });

  it('leaks no tensors (extraction, profile, weights, run twice)', async () => {
    const xs = tf.randomUniform([4, SIZE, SIZE, 3]) as tf.Tensor4D;
    const once = async () => {
      await extractActivations(model, image, SIZE);
      await profileLayers(model, xs, 2);
      await weightSnapshot(model);
    };
    await once();
    const before = tf.memory().numTensors;
    await once();
    await once();
    expect(tf.memory().numTensors).toBe(before);
    xs.dispose();
  });

  it('refuses an image of the wrong size with a message', async () => {
    await expect(extractActivations(model, new Uint8Array(10), SIZE)).rejects.toThrow(/has 10 bytes; a 16x16 RGB image needs 768/);
  });
});

describe('layer table, profile and weights', () => {
  it('profiles every layer with its kernels, shares summing to 1', async () => {
    const xs = tf.randomUniform([8, SIZE, SIZE, 3]) as tf.Tensor4D;
    const profile = await profileLayers(model, xs, 3);
    xs.dispose();
    expect(profile.layers.map((l) => l.name)).toEqual(layerTable(model).map((r) => r.name));
    expect(profile.layers.reduce((s, l) => s + l.share, 0)).toBeCloseTo(1, 6);
    // Each median lies within its repeats' range, which the view shows and judges "most time" by.
    for (const l of profile.layers) expect(l.minMs <= l.ms && l.ms <= l.maxMs, `${l.name}: ${l.minMs} ≤ ${l.ms} ≤ ${l.maxMs}`).toBe(true);
    expect(profile.layers.find((l) => l.name === 'conv1')!.kernels.join()).toMatch(/Conv2D/);
    expect(profile.wholeMs).toBeGreaterThan(0);
    expect(layerTable(model).reduce((s, r) => s + r.flops, 0)).toBe(forwardFlops(model));
  });

  it('snapshots the first conv kernels, filter L1 norms and every kernel histogram', async () => {
    const w = await weightSnapshot(model, 2);
    expect(w.firstConv).toMatchObject({ layer: 'conv1', kh: 3, kw: 3, inChannels: 3, filters: 4 });
    expect(w.firstConv!.values).toHaveLength(3 * 3 * 3 * 4);
    const kernel = await model.getLayer('conv2').getWeights()[0]!.data();
    const norm0 = Array.from(kernel).reduce((s, v, i) => (i % 8 === 0 ? s + Math.abs(v) : s), 0);
    expect(w.filterNorms[1]!.norms[0]).toBeCloseTo(norm0, 4);
    expect(w.histograms.map((h) => h.layer)).toEqual(['conv1', 'conv2', 'dense1', 'output']);
    for (const h of w.histograms) expect(h.histogram.counts.reduce((a, b) => a + b, 0) + h.histogram.zeros).toBe(h.count);
  });
});
