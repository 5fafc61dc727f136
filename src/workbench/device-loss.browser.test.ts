// Losing the WebGPU device mid-training (forced with GPUDevice.destroy), where this browser has
// WebGPU: like a lost WebGL context, the run stops at the last finished epoch, keeps its records
// and weights in a usable model on wasm, resumes there to the end, and WebGPU starts afresh.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../tf/backends.ts';
import { gpuContextLost } from '../tf/gpu-context.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { Workbench } from './workbench.ts';

const dataset = syntheticDataset({ train: 48, val: 16, test: 16, size: 16 });
const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'webgpu', epochs: 3, batchSize: 16, trainSize: 48, width: 4, depth: 2, learningRate: 0.01 };

const hasWebGpu = await useBackend('webgpu').then(
  () => true,
  () => false,
);

describe('WebGPU device loss', () => {
  it('has WebGPU in this browser (the launch flags ask for it)', () => {
    // Headless Chromium here gets a SwiftShader adapter with --enable-unsafe-webgpu; without one the drill below cannot run.
    expect(typeof navigator.gpu === 'undefined' || hasWebGpu).toBe(true);
  });

  it.runIf(hasWebGpu)('stops at the last finished epoch, keeps a usable model on wasm, resumes, and WebGPU comes back', async () => {
    const bench = new Workbench();
    bench.setDataset(dataset);
    let forced = false;
    const result = await bench.train(settings, {
      onBatch: (p) => {
        if (p.epoch === 2 && p.batch === 2 && !forced) {
          forced = true;
          setTimeout(() => expect(bench.loseWebGPUDevice()).toBe(true), 0);
        }
      },
    });
    expect(forced).toBe(true);
    expect(result.end).toBe('backend-lost');
    expect(result.lost).toContain('The WebGPU device was lost');
    expect(result.lost).toContain('The 1 finished epoch and their weights are kept');
    expect(result.records.map((r) => r.epoch)).toEqual([1]);
    expect(tf.getBackend()).toBe('wasm');
    expect((await bench.checkCurrent()).testCount).toBe(16);

    const resumed = await bench.train({ ...settings, backend: 'wasm' }, {}, true);
    expect(resumed.end).toBe('completed');
    expect(resumed.records.map((r) => r.epoch)).toEqual([1, 2, 3]);

    await useBackend('webgpu');
    expect(gpuContextLost()).toBe(false);
    const y = tf.tidy(() => tf.add(tf.ones([4]), 1));
    expect(Array.from(await y.data())).toEqual([2, 2, 2, 2]);
    y.dispose();
    await useBackend('wasm');
  });
});
