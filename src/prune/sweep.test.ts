// The sweep end to end on a tiny CNN: records per level, the caller's model untouched, artifacts
// that load, progress and stopping, and no leaked tensors.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from '../model/cnn.ts';
import { forwardFlops } from '../model/flops.ts';
import { fineTune } from './fine-tune.ts';
import { runPruneSweep, toArtifacts, type SweepOptions } from './sweep.ts';
import { squaresSet, TINY_CNN, useWasm } from './test-fixtures.ts';

const models: tf.LayersModel[] = [];
const own = <M extends tf.LayersModel>(m: M): M => (models.push(m), m);
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

const data = { train: squaresSet(96, 16, 1), test: squaresSet(64, 16, 2), numClasses: 2 };
const OPTIONS: SweepOptions = {
  epochs: 1,
  batchSize: 16,
  learningRate: 0.001,
  seed: 3,
  levels: [
    { method: 'unstructured', sparsity: 0.9 },
    { method: 'structured', sparsity: 0.5 },
  ],
};

let trained: tf.LayersModel;
beforeAll(async () => {
  await useWasm();
  trained = buildCnn(TINY_CNN);
  await fineTune(trained, data.train, 2, { epochs: 3, batchSize: 16, learningRate: 0.003, seed: 1 });
});
afterAll(() => trained.dispose());

describe('runPruneSweep', () => {
  it('prunes each level from the same weights and reports plain numbers and artifacts', async () => {
    const before = await Promise.all(trained.getWeights().map((w) => w.data()));
    const progress: string[] = [];
    const result = await runPruneSweep(trained, data, { ...OPTIONS, onProgress: (p) => progress.push(`${p.level}/${p.levels}:${p.batch.step}`) });
    expect(await Promise.all(trained.getWeights().map((w) => w.data()))).toEqual(before);
    expect(result.stopped).toBe(false);
    expect(progress).toEqual(['1/2:1', '1/2:2', '1/2:3', '1/2:4', '1/2:5', '1/2:6', '2/2:1', '2/2:2', '2/2:3', '2/2:4', '2/2:5', '2/2:6']);

    const [u, s] = result.levels.map((l) => l.record);
    expect(result.dense.flopsPerQuery).toBe(forwardFlops(trained));
    expect(u).toMatchObject({ method: 'unstructured', sparsity: 0.9, flopsKind: 'theoretical', weightBytes: result.dense.weightBytes, params: result.dense.params });
    expect(u!.nonzeroParams).toBeLessThan(0.2 * result.dense.nonzeroParams);
    expect(u!.flopsPerQuery).toBeLessThan(result.dense.flopsPerQuery);
    expect(u!.gzipBytes).toBeLessThan(0.3 * result.dense.gzipBytes);
    expect(s).toMatchObject({ method: 'structured', sparsity: 0.5, flopsKind: 'analytic' });
    expect(s!.weightBytes).toBeLessThan(result.dense.weightBytes);
    expect(s!.flopsPerQuery).toBeLessThan(0.5 * result.dense.flopsPerQuery);
    for (const r of [u!, s!]) {
      expect(r.testAcc).toBeGreaterThanOrEqual(0);
      expect(r.fineTuneMs).toBeGreaterThan(0);
      expect(r.fineTuneFlops).toBeGreaterThan(0);
      expect(r.fineTuneDispatches).toBeGreaterThan(0);
    }

    // The artifacts load and score what the record says.
    const small = own(await tf.loadLayersModel(tf.io.fromMemory(result.levels[1]!.artifacts)));
    expect(forwardFlops(small)).toBe(s!.flopsPerQuery);
    const sparse = own(await tf.loadLayersModel(tf.io.fromMemory(result.levels[0]!.artifacts)));
    const dense1 = result.levels[0]!.inspection.layers.find((l) => l.layer === 'dense1')!;
    const zeros = Array.from(await sparse.getLayer('dense1').getWeights()[0]!.data()).filter((v) => v === 0).length;
    expect(zeros).toBe(dense1.kernelZeros);
  });

  it('accepts artifacts as the source and stops between levels on abort', async () => {
    const controller = new AbortController();
    const result = await runPruneSweep(await toArtifacts(trained), data, {
      ...OPTIONS,
      signal: controller.signal,
      onProgress: (p) => p.level === 2 && p.batch.step === 1 && controller.abort(),
    });
    expect(result.stopped).toBe(true);
    expect(result.levels.map((l) => l.record.method)).toEqual(['unstructured']);
  });

  it('leaks no tensors (run twice)', async () => {
    const before = tf.memory().numTensors;
    await runPruneSweep(trained, data, OPTIONS);
    await runPruneSweep(trained, data, OPTIONS);
    expect(tf.memory().numTensors).toBe(before);
  });
});
