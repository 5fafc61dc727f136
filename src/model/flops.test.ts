// Unit tests for the analytic FLOP and parameter counts, against layers computed by hand.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from './cnn.ts';
import {
  epochTrainFlops,
  forwardFlops,
  layerCosts,
  OPTIMIZER_FLOPS_PER_PARAM,
  optimizerFlopsPerStep,
  paramCount,
  RESCALING_FLOPS_PER_ELEMENT,
  trainableParamCount,
  trainFlopsPerSample,
  weightBytes,
} from './flops.ts';

const models: tf.LayersModel[] = [];
/** Registers a model for disposal after the test, so a failing assertion cannot leak it. */
function own<M extends tf.LayersModel>(m: M): M {
  models.push(m);
  return m;
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});

const sumFlops = (m: tf.LayersModel): number => layerCosts(m).reduce((s, c) => s + c.flops, 0);

describe('layerCosts by hand', () => {
  it('counts a 3x3 conv, 8 -> 16 channels, on 10x10 with same padding', () => {
    const m = own(tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [10, 10, 8], filters: 16, kernelSize: 3, padding: 'same' })] }));
    const [c] = layerCosts(m);
    const macs = 10 * 10 * 16 * 3 * 3 * 8; // 115,200
    expect(c).toMatchObject({ className: 'Conv2D', outputShape: [10, 10, 16], params: 3 * 3 * 8 * 16 + 16, macs, flops: 2 * macs, activationFlops: 0 });
  });

  it('uses the output size for strided valid convs and adds a fused relu per output element', () => {
    const m = own(tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 4, kernelSize: [3, 2], strides: 2, activation: 'relu' })] }));
    const [c] = layerCosts(m);
    // Valid, stride 2: H_out = floor((9 - 3) / 2) + 1 = 4, W_out = floor((9 - 2) / 2) + 1 = 4.
    expect(c!.outputShape).toEqual([4, 4, 4]);
    expect(c!.macs).toBe(4 * 4 * 4 * 3 * 2 * 2);
    expect(c!.activationFlops).toBe(4 * 4 * 4);
    expect(c!.flops).toBe(2 * c!.macs + 4 * 4 * 4);
  });

  it('reads input channels from axis 1 for channelsFirst convs', () => {
    // Only shapes are read; nothing runs (the CPU backend cannot execute NCHW convs).
    const m = own(tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 10, 10], filters: 16, kernelSize: 3, padding: 'same', dataFormat: 'channelsFirst' })] }));
    expect(layerCosts(m)[0]!.macs).toBe(10 * 10 * 16 * 3 * 3 * 8);
  });

  it('counts a dense 100 -> 10 with softmax at 5 FLOPs per element', () => {
    const m = own(tf.sequential({ layers: [tf.layers.dense({ inputShape: [100], units: 10, activation: 'softmax' })] }));
    const [c] = layerCosts(m);
    expect(c).toMatchObject({ className: 'Dense', outputShape: [10], params: 1010, macs: 1000, activationFlops: 50, flops: 2050 });
  });

  it('counts pooling per input element touched and global pooling per input element', () => {
    const m = own(
      tf.sequential({
        layers: [
          tf.layers.maxPooling2d({ inputShape: [8, 8, 3], poolSize: 2, strides: 2 }),
          tf.layers.averagePooling2d({ poolSize: 3, strides: 1 }),
          tf.layers.globalAveragePooling2d({}),
        ],
      }),
    );
    const [max, avg, glob] = layerCosts(m);
    expect(max).toMatchObject({ outputShape: [4, 4, 3], macs: 0, flops: 2 * 2 * 4 * 4 * 3, params: 0 });
    expect(avg).toMatchObject({ outputShape: [2, 2, 3], flops: 3 * 3 * 2 * 2 * 3 });
    expect(glob).toMatchObject({ outputShape: [3], flops: 2 * 2 * 3 });
  });

  it('counts activation layers, batch norm and depthwise convs; flatten and dropout are free', () => {
    const m = own(
      tf.sequential({
        layers: [
          tf.layers.depthwiseConv2d({ inputShape: [6, 6, 4], kernelSize: 3, padding: 'same' }),
          tf.layers.batchNormalization({}),
          tf.layers.activation({ activation: 'sigmoid' }),
          tf.layers.leakyReLU({}),
          tf.layers.flatten({}),
          tf.layers.dropout({ rate: 0.5 }),
          tf.layers.reLU({}),
        ],
      }),
    );
    const costs = layerCosts(m);
    const n = 6 * 6 * 4;
    expect(costs.map((c) => c.className)).toEqual(['DepthwiseConv2D', 'BatchNormalization', 'Activation', 'LeakyReLU', 'Flatten', 'Dropout', 'ReLU']);
    expect(costs[0]).toMatchObject({ macs: n * 9, flops: 2 * n * 9, params: 3 * 3 * 4 + 4 });
    expect(costs[1]).toMatchObject({ flops: 4 * n, params: 4 * 4 });
    expect(costs[2]).toMatchObject({ flops: 4 * n, activationFlops: 4 * n });
    expect(costs[3]!.flops).toBe(2 * n);
    expect(costs[4]!.flops).toBe(0);
    expect(costs[5]!.flops).toBe(0);
    expect(costs[6]!.flops).toBe(n);
  });

  it('counts a Rescaling layer as one multiply and one add per element, with no parameters', () => {
    const m = own(tf.sequential({ layers: [tf.layers.rescaling({ inputShape: [5, 4, 3], scale: 2, offset: -1 })] }));
    const [c] = layerCosts(m);
    expect(RESCALING_FLOPS_PER_ELEMENT).toBe(2);
    expect(c).toMatchObject({ className: 'Rescaling', outputShape: [5, 4, 3], params: 0, macs: 0, flops: 2 * 5 * 4 * 3, activationFlops: 0 });
  });

  it('refuses layers it has no count for instead of calling them free', () => {
    const m = own(tf.sequential({ layers: [tf.layers.lstm({ inputShape: [5, 3], units: 4 })] }));
    expect(() => layerCosts(m)).toThrow(/is a LSTM, which has no analytic count/);
    const g = own(tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'gelu' })] }));
    expect(() => layerCosts(g)).toThrow(/activation "gelu", which has no analytic count/);
  });
});

describe('the default CNN (64px, width 16, depth 3, dense 64, 2 classes)', () => {
  const config = { inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0, seed: 1 };
  // By hand: the centring layer multiplies and adds once per input value; conv MACs =
  // H*W*C_out*9*C_in at 64, 32, 16 px; pools halve H and W.
  const center = 2 * 64 * 64 * 3; // 24,576
  const conv1 = 64 * 64 * 16 * 9 * 3; // 1,769,472
  const conv2 = 32 * 32 * 32 * 9 * 16; // 4,718,592
  const conv3 = 16 * 16 * 64 * 9 * 32; // 4,718,592
  const dense1 = 4096 * 64; // 262,144
  const output = 64 * 2;
  const macs = conv1 + conv2 + conv3 + dense1 + output; // 11,468,928
  const relus = 64 * 64 * 16 + 32 * 32 * 32 + 16 * 16 * 64 + 64;
  const pools = 4 * (32 * 32 * 16 + 16 * 16 * 32 + 8 * 8 * 64);
  const softmax = 2 * 5;
  const forward = center + 2 * macs + relus + pools + softmax; // 23,191,882
  const params = (27 * 16 + 16) + (144 * 32 + 32) + (288 * 64 + 64) + (4096 * 64 + 64) + (64 * 2 + 2); // 285,922

  it('matches the hand count layer by layer and in total', () => {
    const m = own(buildCnn(config));
    const costs = layerCosts(m);
    expect(costs.map((c) => [c.name, c.macs])).toEqual([
      ['center', 0], ['conv1', conv1], ['pool1', 0], ['conv2', conv2], ['pool2', 0], ['conv3', conv3], ['pool3', 0],
      ['flatten', 0], ['dense1', dense1], ['output', output],
    ]);
    expect(costs.find((c) => c.name === 'flatten')!.outputShape).toEqual([4096]);
    expect(costs[0]).toMatchObject({ className: 'Rescaling', params: 0, flops: center });
    expect(forward).toBe(23_191_882);
    expect(forwardFlops(m)).toBe(forward);
    expect(sumFlops(m)).toBe(forwardFlops(m));
    expect(costs.reduce((s, c) => s + c.params, 0)).toBe(params);
    expect(paramCount(m)).toBe(285_922);
    expect(trainableParamCount(m)).toBe(285_922);
    expect(weightBytes(m)).toBe(4 * 285_922);
  });

  it('derives training FLOPs: 3x forward per sample plus one optimizer step per batch', () => {
    const m = own(buildCnn(config));
    expect(trainFlopsPerSample(m)).toBe(3 * forward);
    expect(optimizerFlopsPerStep(params, 'adam')).toBe(14 * params);
    expect(optimizerFlopsPerStep(params, 'sgd')).toBe(2 * params);
    expect(OPTIMIZER_FLOPS_PER_PARAM.adam).toBe(14);
    // 1000 samples in batches of 32 = 32 steps (the last one partial).
    expect(epochTrainFlops(m, 1000, 32)).toBe(1000 * 3 * forward + 32 * 14 * params);
    expect(epochTrainFlops(m, 1000, 32, 'sgd')).toBe(1000 * 3 * forward + 32 * 2 * params);
    expect(epochTrainFlops(m, 0, 32)).toBe(0);
  });

  it('adds nothing for dropout at inference', () => {
    const m = own(buildCnn({ ...config, dropout: 0.3 }));
    expect(layerCosts(m).map((c) => c.className)).toContain('Dropout');
    expect(forwardFlops(m)).toBe(forward);
  });

  it('rejects bad step arguments', () => {
    const m = own(buildCnn(config));
    expect(() => epochTrainFlops(m, 10, 0)).toThrow(/batchSize/);
    expect(() => epochTrainFlops(m, -1, 8)).toThrow(/samples/);
    expect(() => optimizerFlopsPerStep(1.5, 'adam')).toThrow(/paramCount/);
  });

  it('creates no tensors while counting', () => {
    const m = own(buildCnn(config));
    const before = tf.memory().numTensors;
    forwardFlops(m);
    epochTrainFlops(m, 100, 10);
    weightBytes(m);
    expect(tf.memory().numTensors).toBe(before);
  });
});
