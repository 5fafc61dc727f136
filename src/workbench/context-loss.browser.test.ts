// Losing the WebGL context mid-training (forced with WEBGL_lose_context): the run stops at the last
// finished epoch, keeps its records and weights in a usable model, resumes on wasm to the end, and
// WebGL starts afresh afterwards.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../tf/backends.ts';
import { gpuContextLost } from '../tf/gpu-context.ts';
import { Workbench } from './workbench.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';

const dataset = syntheticDataset({ train: 64, val: 32, test: 32, size: 32 });
const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'webgl', epochs: 3, batchSize: 16, trainSize: 64, width: 4, depth: 2, learningRate: 0.01 };

describe('WebGL context loss', () => {
  it('stops at the last finished epoch, keeps a usable model, and resumes on wasm', async () => {
    const service = new Workbench();
    service.setDataset(dataset);
    let forced = false;
    const result = await service.train(settings, {
      onBatch: (p) => {
        // Mid-way through epoch 2, while the next batch is in flight.
        if (p.epoch === 2 && p.batch === 2 && !forced) {
          forced = true;
          setTimeout(() => expect(service.loseWebGLContext()).toBe(true), 0);
        }
      },
    });
    expect(forced).toBe(true);
    expect(result.end).toBe('backend-lost');
    expect(result.lost).toContain('The WebGL context was lost');
    expect(result.lost).toContain('The 1 finished epoch and their weights are kept');
    expect(result.records.map((r) => r.epoch)).toEqual([1]);
    // The kept model answers on wasm.
    expect(tf.getBackend()).toBe('wasm');
    const check = await service.checkCurrent();
    expect(check.testAcc).toBeGreaterThanOrEqual(0);
    expect(check.testCount).toBe(32);

    const resumed = await service.train({ ...settings, backend: 'wasm' }, {}, true);
    expect(resumed.end).toBe('completed');
    expect(resumed.records.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(resumed.records[0]).toEqual(result.records[0]);

    // WebGL comes back with a fresh context.
    await useBackend('webgl');
    expect(gpuContextLost()).toBe(false);
    const y = tf.tidy(() => tf.add(tf.ones([4]), 1));
    expect(Array.from(await y.data())).toEqual([2, 2, 2, 2]);
    y.dispose();
  });

  it('refuses to resume when nothing was kept', async () => {
    const service = new Workbench();
    service.setDataset(dataset);
    await expect(service.train({ ...settings, backend: 'wasm' }, {}, true)).rejects.toThrow('Nothing to resume');
  });
});
