// The CNN's first layer: it centres [0, 1] pixels on zero, inside the model, for training and serving alike.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn, CENTER_LAYER, INPUT_CENTERING, type ModelConfig } from './cnn.ts';

const TINY: ModelConfig = { inputSize: 8, numClasses: 2, width: 2, depth: 2, denseUnits: 4, dropout: 0, seed: 3 };

describe('buildCnn input centring', () => {
  it('starts with a Rescaling layer that maps [0, 1] to [-0.5, 0.5], before conv1', async () => {
    await tf.setBackend('cpu');
    const model = buildCnn(TINY);
    try {
      const [first, second] = model.layers;
      expect(first!.name).toBe(CENTER_LAYER);
      expect(first!.getClassName()).toBe('Rescaling');
      expect(first!.getConfig()).toMatchObject(INPUT_CENTERING);
      expect(second!.name).toBe('conv1');
      expect(model.inputs[0]!.shape).toEqual([null, 8, 8, 3]);
      const x = tf.tensor4d([0, 0.25, 0.5, 1], [1, 1, 1, 4]);
      const y = first!.apply(x) as tf.Tensor;
      expect(Array.from(await y.data())).toEqual([-0.5, -0.25, 0, 0.5]);
      tf.dispose([x, y]);
    } finally {
      model.dispose();
    }
  });

  it('leaves the rest of the model as it was: same layer names and weights as before the centring layer', () => {
    const model = buildCnn(TINY);
    try {
      expect(model.layers.slice(1).map((l) => l.name)).toEqual(['conv1', 'pool1', 'conv2', 'pool2', 'flatten', 'dense1', 'output']);
      expect(model.layers[0]!.countParams()).toBe(0);
    } finally {
      model.dispose();
    }
  });
});
