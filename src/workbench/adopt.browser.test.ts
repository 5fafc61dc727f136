// Models out and back in: a trained model written as model.json + weights files is read back,
// checked against the dataset and adopted by the training service with the same test accuracy;
// files that do not fit are refused with the reason; nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { saveToArtifacts } from '../model/artifacts.ts';
import { buildCnn } from '../model/cnn.ts';
import { fromModelFiles, toModelFiles } from '../model/model-files.ts';
import { useBackend } from '../tf/backends.ts';
import { checkModel, loadForDataset } from '../train/adopt.ts';
import { Workbench } from './workbench.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';

const dataset = syntheticDataset({ train: 64, val: 32, test: 48, size: 32 });
const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 2, batchSize: 16, trainSize: 64, width: 4, depth: 2, learningRate: 0.01 };

function asFiles(f: ReturnType<typeof toModelFiles>): File[] {
  return [new File([f.json], f.jsonName, { type: 'application/json' }), new File([f.bin], f.binName)];
}

describe('saving and adopting models', () => {
  it('round-trips a trained model through files into the service with the same test accuracy, leak-free', async () => {
    await useBackend('wasm');
    const service = new Workbench();
    service.setDataset(dataset);
    await service.train(settings, {});
    const saved = await service.checkCurrent();
    const files = toModelFiles(await service.exportModel(), 'my model/1', { name: 'my model' });
    expect(files.jsonName).toBe('my-model-1.json');
    const read = await fromModelFiles(asFiles(files));
    expect(read.metadata).toEqual({ name: 'my model' });

    // The first adoption frees the trained model and its Adam slots; from then on, adopting and
    // checking again leave the count where it was.
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const adopted = await service.adoptModel(read.artifacts, settings);
      expect(adopted.testAcc).toBe(saved.testAcc);
      expect(adopted.params).toBe(saved.params);
      // checkArtifacts loads, tests and frees its copy.
      expect((await service.checkArtifacts(read.artifacts, 'wasm')).testAcc).toBe(saved.testAcc);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[2]).toBe(counts[1]);
    expect(counts[1]).toBe(counts[0]);
    // The adopted model trains again (fine-tuning / pruning start from it).
    await service.train({ ...settings, epochs: 1 }, {});
  });

  it('refuses a model for another input size or class count, and frees it', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const wrongSize = buildCnn({ inputSize: 16, numClasses: 2, width: 4, depth: 2, denseUnits: 8, dropout: 0, seed: 1 });
    const wrongClasses = buildCnn({ inputSize: 32, numClasses: 3, width: 4, depth: 2, denseUnits: 8, dropout: 0, seed: 1 });
    const [a, b] = [await saveToArtifacts(wrongSize), await saveToArtifacts(wrongClasses)];
    wrongSize.dispose();
    wrongClasses.dispose();
    await expect(loadForDataset(a, dataset)).rejects.toThrow('Wrong input size: the model takes 16x16 images, the dataset "synthetic-halves" has 32x32.');
    await expect(loadForDataset(b, dataset)).rejects.toThrow('Wrong number of classes: the model outputs 3, the dataset "synthetic-halves" has 2 (left, right).');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses files that are not a model, lack weights or hold truncated weights', async () => {
    const model = buildCnn({ inputSize: 32, numClasses: 2, width: 4, depth: 2, denseUnits: 8, dropout: 0, seed: 1 });
    const files = toModelFiles(await saveToArtifacts(model), 'm');
    model.dispose();
    await expect(fromModelFiles([new File(['hello'], 'notes.txt')])).rejects.toThrow('Not a model: pick the model\'s .json file');
    await expect(fromModelFiles([new File(['{oops'], 'm.json')])).rejects.toThrow('"m.json" is not valid JSON');
    await expect(fromModelFiles([new File(['{"a":1}'], 'm.json')])).rejects.toThrow('has no weightsManifest');
    await expect(fromModelFiles([new File([files.json], files.jsonName)])).rejects.toThrow('Missing weights: "m.json" needs "m.weights.bin"');
    const cut = new File([files.bin.slice(0, files.bin.byteLength - 10)], files.binName);
    await expect(fromModelFiles([new File([files.json], files.jsonName), cut])).rejects.toThrow(/Weights truncated: weightData holds \d+ bytes but the \d+ weight specs need \d+ bytes/);
    const graph = JSON.stringify({ modelTopology: { node: [] }, weightsManifest: [] });
    await expect(fromModelFiles([new File([graph], 'g.json')])).rejects.toThrow('Not a Layers model');
  });

  it('tests a model on the whole unseen split', async () => {
    await useBackend('wasm');
    const model = await loadForDataset(await (async () => {
      const m = buildCnn({ inputSize: 32, numClasses: 2, width: 4, depth: 2, denseUnits: 8, dropout: 0, seed: 3 });
      const a = await saveToArtifacts(m);
      m.dispose();
      return a;
    })(), dataset);
    const check = await checkModel(model, dataset);
    model.dispose();
    expect(check.testCount).toBe(48);
    expect(check.testAcc * 48).toBeCloseTo(Math.round(check.testAcc * 48), 6);
  });
});
