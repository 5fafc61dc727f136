// The training-batch profile: kernels sorted into families as the trainer dispatches them, the
// model left untouched, and no tensors left behind (Node, wasm backend).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildCnn, type ModelConfig } from '../model/cnn.ts';
import { registerWasmTrainingKernels } from '../tf/wasm-kernels.ts';
import { classifyKernels, KERNEL_FAMILIES, profileTrainingBatch, type ProfiledKernel } from './batch-breakdown.ts';

const TINY_CNN: ModelConfig = { inputSize: 16, numClasses: 2, width: 4, depth: 2, denseUnits: 16, dropout: 0, seed: 7 };

async function useWasm(): Promise<void> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
}

const k = (name: string, shape: number[] = [2, 2], ms = 1): ProfiledKernel => ({ name, inputShapes: [shape], ms });

describe('classifyKernels', () => {
  it('names the families, takes Step + Cast + Multiply on its shape as the ReLU gradient, and the marked range as the optimizer', () => {
    const kernels = [
      k('Conv2D', [4, 8, 8, 3], 5), k('Relu'), k('fusedMatMul__op', [1], 9), k('_FusedMatMul'), k('Step', [4, 8]), k('Cast', [4, 8]), k('Multiply', [4, 8]),
      k('Multiply', [4, 8], 2), k('MaxPoolGrad'), k('Conv2DBackpropInput'), k('Conv2DBackpropFilter', [1], Number.NaN), k('Multiply'), k('Add'),
    ];
    const { families, untimed, dispatches } = classifyKernels(kernels, 11, 13);
    const by = Object.fromEntries(families.map((f) => [f.family, f]));
    expect(families.map((f) => f.family)).toEqual(KERNEL_FAMILIES);
    expect(by['Conv2D']).toMatchObject({ ms: 5, calls: 1 });
    expect(by['ReLU gradient']).toMatchObject({ ms: 3, calls: 3, kernels: ['Step', 'Cast', 'Multiply'] });
    // The second Multiply on the same shape is not part of the ReLU gradient: only one follows a Step.
    expect(by['other']).toMatchObject({ calls: 2, ms: 3, kernels: ['Relu', 'Multiply'] });
    expect(by['BatchMatMul']).toMatchObject({ calls: 1, ms: 1 });
    expect(by['optimizer']).toMatchObject({ calls: 2, kernels: ['Multiply', 'Add'] });
    expect(by['Conv2DBackpropFilter']).toMatchObject({ calls: 1, ms: 0 });
    expect(untimed).toBe(1);
    // The op-level wrapper is not a dispatch of its own.
    expect(dispatches).toBe(12);
  });
});

describe('profileTrainingBatch', () => {
  let model: tf.LayersModel;
  let xs: tf.Tensor;
  let ys: tf.Tensor;
  beforeAll(async () => {
    await useWasm();
    model = buildCnn(TINY_CNN);
    xs = tf.randomUniform([8, 16, 16, 3], 0, 1, 'float32', 3);
    ys = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2);
  });
  afterAll(() => {
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('sorts every kernel of a trainer-like step into families, leaves the model alone and leaks nothing', async () => {
    const before = await Promise.all(model.getWeights().map((w) => w.data()));
    const tensors = tf.memory().numTensors;
    const a = await profileTrainingBatch(model, xs, ys, { repeats: 2, warmup: 1 });
    const b = await profileTrainingBatch(model, xs, ys, { repeats: 2, warmup: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await Promise.all(model.getWeights().map((w) => w.data()))).toEqual(before);
    for (const r of [a, b]) {
      const by = Object.fromEntries(r.families.map((f) => [f.family, f]));
      expect(r).toMatchObject({ backend: 'wasm', batchSize: 8, repeats: 2, untimedKernels: 0, timing: 'backend timer' });
      // The trainer's Adam on wasm: one fused update per variable, all inside applyGradients (tfjs's own: 14 per variable and 4 per step).
      expect(by['optimizer']).toMatchObject({ calls: model.trainableWeights.length, kernels: ['TslAdamUpdate'] });
      expect(by['Conv2D']!.calls).toBe(TINY_CNN.depth);
      expect(by['Conv2DBackpropFilter']!.calls).toBe(TINY_CNN.depth);
      // The first conv layer needs no input gradient.
      expect(by['Conv2DBackpropInput']!.calls).toBe(TINY_CNN.depth - 1);
      expect(by['MaxPoolGrad']!.calls).toBe(TINY_CNN.depth);
      // One ReLU per conv layer and one for the hidden dense layer, each one TslReluGrad on wasm (tfjs's own: Step, Cast, Multiply).
      expect(by['ReLU gradient']).toMatchObject({ calls: TINY_CNN.depth + 1, kernels: ['TslReluGrad'] });
      expect(r.dispatches).toBe(r.families.reduce((s, f) => s + f.calls, 0));
      expect(r.kernelSumMs).toBeCloseTo(r.families.reduce((s, f) => s + f.ms, 0), 9);
      expect(r.kernelSumMs).toBeGreaterThan(0);
      expect(r.batchMs).toBeGreaterThan(0);
    }
  });
});
