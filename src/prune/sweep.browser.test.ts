// The pruning engine in real Chromium on wasm: CompressionStream gzip, masked fine-tuning with
// exact sparsity, the smaller structured model, and no leaked tensors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from '../model/cnn.ts';
import { forwardFlops } from '../model/flops.ts';
import { useBackend } from '../tf/backends.ts';
import { fineTune } from './fine-tune.ts';
import { runPruneSweep } from './sweep.ts';
import { squaresSet, TINY_CNN } from './test-fixtures.ts';

const data = { train: squaresSet(96, 16, 1), test: squaresSet(64, 16, 2), numClasses: 2 };
let trained: tf.LayersModel;

beforeAll(async () => {
  await useBackend('wasm');
  trained = buildCnn(TINY_CNN);
  await fineTune(trained, data.train, 2, { epochs: 3, batchSize: 16, learningRate: 0.003, seed: 1 });
});
afterAll(() => trained.dispose());

describe('pruning sweep in the browser (wasm)', () => {
  it('prunes, fine-tunes and measures, leaking nothing', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const result = await runPruneSweep(trained, data, {
      epochs: 1,
      batchSize: 16,
      learningRate: 0.001,
      seed: 3,
      levels: [
        { method: 'unstructured', sparsity: 0.9 },
        { method: 'structured', sparsity: 0.5 },
      ],
    });
    expect(tf.memory().numTensors).toBe(before);
    const [u, s] = result.levels;
    // The sweep's default threshold is global: the target holds over the pruned kernels together.
    const pruned = u!.inspection.layers.filter((l) => l.layer === 'conv2' || l.layer === 'dense1');
    const zeros = pruned.reduce((sum, l) => sum + l.kernelZeros, 0);
    expect(Math.abs(zeros - 0.9 * pruned.reduce((sum, l) => sum + l.kernelSize, 0))).toBeLessThanOrEqual(1);
    expect(u!.record.gzipBytes).toBeLessThan(0.3 * result.dense.gzipBytes);
    expect(result.dense.gzipBytes).toBeGreaterThan(0.8 * result.dense.weightBytes);
    expect(s!.record.flopsPerQuery).toBeLessThan(0.5 * forwardFlops(trained));
  });
});
