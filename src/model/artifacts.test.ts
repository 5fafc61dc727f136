import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { expectedWeightBytes, loadFromArtifacts, saveToArtifacts, transferableCopy, validateArtifacts, type SerializedModel } from './artifacts.ts';
import { buildCnn, CENTER_LAYER, INPUT_CENTERING } from './cnn.ts';

function tinyImageModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 2, kernelSize: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

describe('artifacts', () => {
  it('round-trips a model with the same predictions and no leaked tensors', async () => {
    await tf.setBackend('cpu');
    const model = tinyImageModel();
    const a = await saveToArtifacts(model);
    expect(a.weightData).toBeInstanceOf(ArrayBuffer);
    expect(a.weightData.byteLength).toBe(expectedWeightBytes(a.weightSpecs));
    const before = tf.memory().numTensors;
    const { model: loaded, shape } = await loadFromArtifacts(a);
    expect(shape).toEqual({ height: 8, width: 8, channels: 3, numClasses: 2 });
    const x = tf.randomUniform([3, 8, 8, 3], 0, 1, 'float32', 5);
    const [y1, y2] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await y2.data())).toEqual(Array.from(await y1.data()));
    tf.dispose([x, y1, y2]);
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('joins sharded weights and copies for transfer', async () => {
    const model = tinyImageModel();
    const a = await saveToArtifacts(model);
    model.dispose();
    const half = a.weightData.byteLength / 2;
    const sharded = validateArtifacts({ ...a, weightData: [a.weightData.slice(0, half), a.weightData.slice(half)] });
    expect(new Uint8Array(sharded.weightData)).toEqual(new Uint8Array(a.weightData));
    const { artifacts, transfer } = transferableCopy(a);
    expect(transfer).toEqual([artifacts.weightData]);
    expect(artifacts.weightData).not.toBe(a.weightData);
  });

  it('refuses bad artifacts with clear messages', async () => {
    const model = tinyImageModel();
    const a = await saveToArtifacts(model);
    model.dispose();
    expect(() => validateArtifacts(null)).toThrow(/Not a model/);
    expect(() => validateArtifacts({ modelTopology: { node: [] }, weightSpecs: [] })).toThrow(/Not a Layers model/);
    expect(() => validateArtifacts({ ...a, weightData: undefined })).toThrow(/no weightData/);
    expect(() => validateArtifacts({ ...a, weightData: a.weightData.slice(0, 10) })).toThrow(
      new RegExp(`Weights truncated: weightData holds 10 bytes but the ${a.weightSpecs.length} weight specs need ${a.weightData.byteLength} bytes`),
    );
    const flat = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2 })] });
    const flatArtifacts = await saveToArtifacts(flat);
    flat.dispose();
    await expect(loadFromArtifacts(flatArtifacts)).rejects.toThrow(/Wrong input shape/);
  });
});

describe('artifacts of the CNN with its centring layer', () => {
  const config = { inputSize: 16, numClasses: 2, width: 2, depth: 2, denseUnits: 4, dropout: 0, seed: 5 };

  it('keeps the centring layer through save and load: same config, same predictions on [0, 1] inputs', async () => {
    await tf.setBackend('cpu');
    const model = buildCnn(config);
    const { model: loaded } = await loadFromArtifacts(await saveToArtifacts(model));
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 9);
    try {
      expect(loaded.layers[0]!.name).toBe(CENTER_LAYER);
      expect(loaded.layers[0]!.getClassName()).toBe('Rescaling');
      expect(loaded.layers[0]!.getConfig()).toMatchObject(INPUT_CENTERING);
      const [y1, y2] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
      expect(Array.from(await y2.data())).toEqual(Array.from(await y1.data()));
      tf.dispose([y1, y2]);
    } finally {
      tf.dispose(x);
      loaded.dispose();
      model.dispose();
    }
  });

  it('still loads a model saved before the centring layer existed, which takes its inputs unshifted', async () => {
    await tf.setBackend('cpu');
    const model = buildCnn(config);
    const saved = await saveToArtifacts(model);
    // Today's topology without its first layer is what the previous version saved: conv1 took the input.
    const topology = JSON.parse(JSON.stringify(saved.modelTopology)) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const layers = topology.config.layers;
    const centerAt = layers.findIndex((l) => l.class_name === 'Rescaling');
    expect(centerAt).toBeGreaterThanOrEqual(0);
    const [center] = layers.splice(centerAt, 1);
    const conv1 = layers.find((l) => l.config['name'] === 'conv1')!;
    conv1.config['batch_input_shape'] = center!.config['batch_input_shape'];
    const old: SerializedModel = { ...saved, modelTopology: topology };
    const { model: loaded, shape } = await loadFromArtifacts(old);
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 9);
    const shifted = tf.sub(x, 0.5);
    try {
      expect(shape).toEqual({ height: 16, width: 16, channels: 3, numClasses: 2 });
      expect(loaded.layers.map((l) => l.getClassName())).not.toContain('Rescaling');
      // The same weights fed x - 0.5 answer exactly what the centring model answers on x.
      const [y1, y2] = [model.predict(x) as tf.Tensor, loaded.predict(shifted) as tf.Tensor];
      const [a, b] = [await y1.data(), await y2.data()];
      a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 6));
      tf.dispose([y1, y2]);
    } finally {
      tf.dispose([x, shifted]);
      loaded.dispose();
      model.dispose();
    }
  });
});
