// The Inside view's extraction in real Chromium on wasm: feature maps agree with model.predict,
// nothing leaks, the profile and weight snapshot are complete, and live snapshots during training
// stay inside their budget and are recorded as activationsMs.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCnn } from '../model/cnn.ts';
import { forwardFlops } from '../model/flops.ts';
import { randomizeBiases, TINY_CNN } from '../prune/test-fixtures.ts';
import { useBackend } from '../tf/backends.ts';
import { batchTensors } from '../train/batches.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { TrainingRun } from '../train/trainer.ts';
import { extractActivations, forwardWithActivations, imageTensor } from './activations.ts';
import { layerTable } from './layer-table.ts';
import { InsideObserver } from './live.ts';
import { profileLayers } from './profile.ts';
import type { ActivationSnapshot, WeightSnapshot } from './types.ts';
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
    const direct = model.getLayer('conv1').apply(x) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(direct, conv[0]!.output)));
    expect((await diff.data())[0]).toBeLessThan(1e-6);
    tf.dispose([x, direct, diff, output, ...conv.map((c) => c.output)]);
  });

  it('leaks no tensors (extraction, profile, weights, run twice)', async () => {
    const { xs, ys } = batchTensors(syntheticDataset({ train: 8, val: 8, test: 0, size: SIZE }).val, [0, 1, 2, 3], 3);
    ys.dispose();
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

describe('live snapshots during training', () => {
  it('pushes feature maps and weights, records activationsMs, keeps tensors flat', async () => {
    const dataset = syntheticDataset({ train: 64, val: 16, test: 0, size: 32 });
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 2, batchSize: 8, trainSize: 64, width: 4, depth: 2 };
    const run = new TrainingRun(settings, dataset);
    const observer = new InsideObserver();
    const activations: ActivationSnapshot[] = [];
    const weights: WeightSnapshot[] = [];
    observer.callbacks = { onActivations: (s) => activations.push(s), onWeights: (s) => weights.push(s) };
    observer.configure({ image: dataset.val.pixels.slice(0, 32 * 32 * 3), size: 32, rate: { maxShare: 0.05, minIntervalMs: 50 }, weights: true });
    run.observer = observer;
    await run.run();
    // The first comes at once (a new image); later ones only when they fit the 5% budget.
    expect(activations.length).toBeGreaterThanOrEqual(1);
    expect(activations[0]!.epoch).toBe(1);
    expect(activations[0]!.probabilities).toHaveLength(2);
    expect(weights.map((w) => w.epoch)).toEqual([1, 2]);
    for (const r of run.records) {
      expect(r.activationsMs).toBeGreaterThan(0);
      expect(r.activationsMs!).toBeLessThan(r.wallMs);
    }
    expect(run.records[0]!.numTensors).toBe(run.records[1]!.numTensors);
    run.dispose();
  });
});

describe('InsideService (the worker API)', () => {
  it('answers before and after a model exists, refuses profiling while training runs, and leaks nothing', async () => {
    const { InsideService } = await import('./inside-service.ts');
    const dataset = syntheticDataset({ train: 16, val: 8, test: 0, size: 32 });
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', width: 4, depth: 2 };
    let current: tf.LayersModel | null = null;
    let busy = false;
    const service = new InsideService({ model: () => current, dataset: () => dataset, busy: () => busy });
    const before = tf.memory().numTensors;
    expect(service.layerTable(settings).source).toBe('settings');
    expect(tf.memory().numTensors).toBe(before); // the model built for the table is freed
    await expect(service.activations(image, SIZE)).rejects.toThrow(/No model yet/);
    const run = new TrainingRun(settings, dataset);
    current = run.model;
    const withModel = tf.memory().numTensors;
    expect(service.layerTable(settings).source).toBe('current');
    const snapshot = await service.activations(dataset.val.pixels.slice(0, 32 * 32 * 3), 32);
    expect(snapshot.layers).toHaveLength(2);
    expect((await service.profile(4, 1)).layers.length).toBe(run.model.layers.length);
    expect((await service.weights()).histograms).toHaveLength(4);
    expect(tf.memory().numTensors).toBe(withModel);
    busy = true;
    await expect(service.profile(4)).rejects.toThrow(/pause it/);
    expect(() => service.setLive({ image: null, size: 32, rate: { maxShare: 0.5, minIntervalMs: 400 }, weights: true })).toThrow(/between 0 and 5%/);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
