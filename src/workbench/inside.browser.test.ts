// The Inside view's worker side in real Chromium on wasm: live snapshots during a training run
// stay inside their budget and are recorded as activationsMs, and the workbench's Inside API
// answers before and after a model exists, refuses profiling while training runs, and leaks nothing.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InsideObserver } from '../inspect/live.ts';
import type { ActivationSnapshot, WeightSnapshot } from '../inspect/types.ts';
import { TINY_CNN } from '../prune/test-fixtures.ts';
import { useBackend } from '../tf/backends.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { TrainingRun } from '../train/trainer.ts';

const SIZE = TINY_CNN.inputSize;
const image = Uint8Array.from({ length: SIZE * SIZE * 3 }, (_, i) => (i * 37) % 256);

beforeAll(async () => {
  await useBackend('wasm');
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
    const { InsideService } = await import('./inside.ts');
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
