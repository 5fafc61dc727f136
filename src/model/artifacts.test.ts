import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { expectedWeightBytes, loadFromArtifacts, saveToArtifacts, transferableCopy, validateArtifacts } from './artifacts.ts';

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
