// Test-time augmentation through the real serving worker: a k-view deploy answers with the mean of
// the views' predictions on the main thread, leaks nothing over many queries, refuses a view count
// it does not offer, and the measuring protocol gives one record per view count on the same images.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { ServeClient } from './client.ts';
import { imageToInput } from './preprocess.ts';
import { freshModel, randomImage, randomImageSet } from './test-fixtures.ts';
import { predictTta } from './tta.ts';
import { measureTta } from './tta-bench.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

describe('test-time augmentation in the server', () => {
  it('answers a 4-view query with the mean of the views, over 100 queries without a leak', async () => {
    const client = ServeClient.spawn();
    try {
      await client.deploy(artifacts, 'wasm', { warmShaders: true, ttaViews: 4 });
      const before = await client.numTensors();
      for (let i = 0; i < 100; i++) {
        const image = randomImage(500 + i);
        const r = await client.query(image);
        if (!r.ok) throw new Error(r.error);
        if (i % 25 === 0) {
          const want = tf.tidy(() => predictTta(model, imageToInput(image, 64, 64), 4));
          const values = Array.from(await want.data());
          want.dispose();
          r.probs.forEach((p, c) => expect(Math.abs(p - values[c]!)).toBeLessThan(1e-4));
        }
      }
      expect(await client.numTensors()).toBe(before);
    } finally {
      client.terminate();
    }
  });

  it('refuses a view count it does not offer, naming it', async () => {
    const client = ServeClient.spawn();
    try {
      await expect(client.deploy(artifacts, 'wasm', { warmShaders: false, ttaViews: 3 })).rejects.toThrow('Test-time augmentation takes 1, 2, 4, 8 views, got 3.');
    } finally {
      client.terminate();
    }
  });

  it('measures every view count on the same images, one record each', async () => {
    const set = randomImageSet(40, 9);
    const { records, aborted } = await measureTta({ artifacts, backend: 'wasm', testSet: set, modelId: 'm1', modelName: 'model 1.1', queries: 32 });
    expect(aborted).toBe(false);
    expect(records.map((r) => r.views)).toEqual([1, 2, 4, 8]);
    for (const r of records) {
      expect(r).toMatchObject({ modelId: 'm1', backend: 'wasm', count: 32, testImages: 32, numTensorsLeaked: 0 });
      expect(r.modelP50Ms).toBeGreaterThan(0);
      expect(r.modelP50LowMs).toBeLessThanOrEqual(r.modelP50Ms);
    }
  });
});
