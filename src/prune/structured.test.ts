// Filter pruning: L1 ranking on known kernels, and equivalence of the masked model (dropped
// filters zeroed, biases too) with the physically smaller model built by removing them.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn, DEFAULT_MODEL } from '../model/cnn.ts';
import { forwardFlops } from '../model/flops.ts';
import { buildPrunedModel, droppedFilterCount, filterL1Norms, planFilterPruning, pruneFilters, zeroFilters } from './structured.ts';
import { toArtifacts } from './sweep.ts';
import { randomizeBiases, useWasm } from './test-fixtures.ts';

const models: tf.LayersModel[] = [];
const own = <M extends tf.LayersModel>(m: M): M => (models.push(m), m);
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});
beforeAll(useWasm);

const CONFIG = { inputSize: 32, numClasses: 2, width: 8, depth: 3, denseUnits: 16, dropout: 0, seed: 3 };

async function copyOf(m: tf.LayersModel): Promise<tf.LayersModel> {
  return own(await tf.loadLayersModel(tf.io.fromMemory(await toArtifacts(m))));
}

/** Outputs of the named layer for `x`, as plain numbers. */
async function activations(m: tf.LayersModel, layer: string, x: tf.Tensor): Promise<Float32Array> {
  const sub = tf.model({ inputs: m.inputs, outputs: m.getLayer(layer).output as tf.SymbolicTensor });
  const y = sub.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return values;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('filterL1Norms and the plan', () => {
  it('sums |w| over each filter and drops the smallest per layer', async () => {
    const m = own(tf.sequential({ layers: [tf.layers.conv2d({ name: 'c', inputShape: [4, 4, 2], filters: 3, kernelSize: 1 })] }));
    // kernel [1, 1, 2, 3]: filter f reads entries f and 3 + f.
    tf.tidy(() => {
      m.getLayer('c').weights[0]!.write(tf.tensor([1, -5, 0.5, -2, 1, 0.25], [1, 1, 2, 3]));
    });
    const norms = await filterL1Norms(m);
    expect(norms).toEqual([{ layer: 'c', norms: [3, 6, 0.75] }]);
    expect(planFilterPruning(norms, 0.34)).toEqual([{ layer: 'c', filters: 3, kept: [0, 1] }]);
    expect(planFilterPruning(norms, 0.5)).toEqual([{ layer: 'c', filters: 3, kept: [1] }]);
    expect(droppedFilterCount(4, 0.99)).toBe(3); // at least one filter stays
  });

  it('prunes only the listed layers when asked', async () => {
    const m = own(buildCnn(CONFIG));
    const plan = planFilterPruning(await filterL1Norms(m), 0.5, ['conv2']);
    expect(plan.map((p) => [p.layer, p.kept.length])).toEqual([['conv2', 8]]);
  });
});

describe('the smaller model', () => {
  it('computes what the masked model computes (to 1e-5), with the expected shapes and fewer FLOPs', async () => {
    const dense = own(buildCnn(CONFIG));
    randomizeBiases(dense, 11);
    const plan = planFilterPruning(await filterL1Norms(dense), 0.5);
    const masked = await copyOf(dense);
    zeroFilters(masked, plan);
    const small = own((await buildPrunedModel(dense, plan)).model);

    expect(small.layers.map((l) => [l.name, l.getWeights().map((w) => w.shape)])).toEqual([
      ['center', []],
      ['conv1', [[3, 3, 3, 4], [4]]],
      ['pool1', []],
      ['conv2', [[3, 3, 4, 8], [8]]],
      ['pool2', []],
      ['conv3', [[3, 3, 8, 16], [16]]],
      ['pool3', []],
      ['flatten', []],
      ['dense1', [[4 * 4 * 16, 16], [16]]],
      ['output', [[16, 2], [2]]],
    ]);
    // The smaller model centres its inputs as the dense one does.
    expect(small.layers[0]!.getConfig()).toMatchObject({ scale: 1, offset: -0.5 });
    expect(forwardFlops(small)).toBeLessThan(0.35 * forwardFlops(dense));

    const x = tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 5);
    try {
      for (const layer of ['dense1', 'output']) {
        const [a, b] = [await activations(masked, layer, x), await activations(small, layer, x)];
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
      }
      // The zeroed filters really mattered: the unmasked model computes something else.
      expect(maxAbsDiff(await activations(dense, 'dense1', x), await activations(small, 'dense1', x))).toBeGreaterThan(1e-3);
    } finally {
      x.dispose();
    }
  });

  it('does not change the source model', async () => {
    const dense = own(buildCnn(CONFIG));
    const before = await Promise.all(dense.getWeights().map((w) => w.data()));
    own((await pruneFilters(dense, 0.75)).model);
    const after = await Promise.all(dense.getWeights().map((w) => w.data()));
    expect(after).toEqual(before);
  });

  it('meets the design target on the default 64 px model: 50 % of filters -> FLOPs <= 0.35x', async () => {
    const dense = own(buildCnn({ ...DEFAULT_MODEL, numClasses: 2, seed: 1 }));
    const { model, plan, artifacts } = await pruneFilters(dense, 0.5);
    own(model);
    expect(plan.map((p) => p.kept.length)).toEqual([8, 16, 32]);
    expect(forwardFlops(model) / forwardFlops(dense)).toBeLessThanOrEqual(0.35);
    expect(artifacts.weightSpecs!.find((s) => s.name === 'dense1/kernel')!.shape).toEqual([8 * 8 * 32, 64]);
  });

  it('leaks no tensors (run twice)', async () => {
    const dense = own(buildCnn(CONFIG));
    const round = async () => {
      const { model } = await pruneFilters(dense, 0.5);
      model.dispose();
      zeroFilters(dense, planFilterPruning(await filterL1Norms(dense), 0.25));
    };
    const before = tf.memory().numTensors;
    await round();
    await round();
    expect(tf.memory().numTensors).toBe(before);
  });
});
