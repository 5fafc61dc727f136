// Real training in headless Chromium on wasm and webgl: the loss falls, records are complete,
// and no tensor is left behind between epochs.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../tf/backends.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from './settings.ts';
import { syntheticDataset } from './synthetic-data.ts';
import { calibrateCounterCost, TrainingRun } from './trainer.ts';
import { evaluate } from '../model/evaluate.ts';
import { loadFromArtifacts, saveToArtifacts } from '../model/artifacts.ts';

const dataset = syntheticDataset({ train: 64, val: 32, test: 16, size: 32 });

for (const backend of ['wasm', 'webgl'] as const) {
  describe(`training on ${backend}`, () => {
    it('lowers the loss, fills every record field, and keeps tensors flat across epochs', async () => {
      await useBackend(backend);
      const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend, epochs: 3, batchSize: 16, trainSize: 64, width: 4, depth: 2, learningRate: 0.01 };
      const before = tf.memory().numTensors;
      const run = new TrainingRun(settings, dataset, calibrateCounterCost());
      const batchLosses: number[] = [];
      const end = await run.run({ onBatch: (p) => batchLosses.push(p.loss) });
      expect(end).toBe('completed');
      expect(run.records).toHaveLength(3);
      expect(batchLosses).toHaveLength(12);
      const first = run.records[0]!;
      const last = run.records[2]!;
      expect(last.loss).toBeLessThan(first.loss);
      expect(last.valAcc).toBeGreaterThan(0.6);
      // Tensors after each epoch stay the same: nothing leaks per batch or per validation pass.
      expect(new Set(run.records.map((r) => r.numTensors)).size).toBe(1);
      for (const r of run.records) {
        expect(r.wallMs).toBeGreaterThan(0);
        expect(r.kernelCount).toBeGreaterThan(100);
        expect(r.kernelHistogram['Conv2D']).toBeGreaterThan(0);
        expect(r.kernelHistogram['Conv2DBackpropFilter']).toBeGreaterThan(0);
        expect(r.trainFlops).toBeGreaterThan(0);
        expect(r.gflops).toBeGreaterThan(0);
        expect(r.instrumentationMs).toBeGreaterThanOrEqual(0);
        expect(r.valMs).toBeLessThan(r.wallMs);
      }
      // After the first epoch (which also creates the optimizer's slots) every epoch runs the
      // same kernels, so the dispatch count repeats exactly.
      expect(last.kernelCount).toBe(run.records[1]!.kernelCount);
      expect(first.kernelCount).toBeGreaterThanOrEqual(last.kernelCount);
      run.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}

describe('determinism', () => {
  it('repeats the same curve for the same seed on the same backend', async () => {
    await useBackend('wasm');
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, epochs: 2, batchSize: 16, trainSize: 32, width: 4, depth: 2 };
    const losses = async () => {
      const run = new TrainingRun(settings, dataset);
      await run.run();
      run.dispose();
      return run.records.map((r) => [r.loss, r.valLoss]);
    };
    expect(await losses()).toEqual(await losses());
  });
});

describe('pause, resume and stop', () => {
  it('pauses between batches and stops keeping finished epochs', async () => {
    await useBackend('wasm');
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, epochs: 5, batchSize: 16, trainSize: 64, width: 4, depth: 2 };
    const run = new TrainingRun(settings, dataset);
    let batches = 0;
    const done = run.run({
      onBatch: (p) => {
        batches++;
        if (p.epoch === 2 && p.batch === 1) {
          run.pause();
          setTimeout(() => {
            expect(run.paused).toBe(true);
            run.resume();
            run.stop();
          }, 50);
        }
      },
    });
    expect(await done).toBe('stopped');
    expect(run.records).toHaveLength(1);
    expect(batches).toBe(5);
    run.dispose();
  });
});

describe('early stopping', () => {
  it('stops once validation loss has not improved for `patience` epochs', async () => {
    await useBackend('wasm');
    // Validation labels flipped: the better the model learns the training rule, the worse its
    // validation loss, so it never improves after the first epoch.
    const flipped = { ...dataset, val: { ...dataset.val, labels: dataset.val.labels.map((l) => 1 - l) } };
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, epochs: 10, batchSize: 16, trainSize: 64, width: 4, depth: 2, learningRate: 0.01, patience: 2 };
    const run = new TrainingRun(settings, flipped);
    expect(await run.run()).toBe('early-stopped');
    expect(run.records).toHaveLength(3);
    expect(run.records[2]!.valLoss).toBeGreaterThan(run.records[0]!.valLoss);
    run.dispose();
  });
});

describe('keeping the best epoch (the keepBest setting; always for a retraining)', () => {
  it('ends with the weights of the epoch with the lowest validation loss, and frees the copy', async () => {
    await useBackend('wasm');
    // A high rate on a tiny set makes the validation loss jump around, so the best is rarely the last.
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, epochs: 6, batchSize: 16, trainSize: 64, width: 4, depth: 2, learningRate: 0.05, seed: 3, keepBest: true };
    const before = tf.memory().numTensors;
    const run = new TrainingRun(settings, dataset);
    expect(run.keepBestWeights).toBe(true);
    expect(await run.run()).toBe('completed');
    const losses = run.records.map((r) => r.valLoss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(run.keptEpoch).toBe(best);
    // This seed's best epoch is not the last, so the weights were put back.
    expect(best).toBeLessThan(settings.epochs);
    // The model's validation loss now is the kept epoch's, measured the same way.
    const again = await evaluate(run.model, dataset.val, dataset.classNames.length);
    expect(again.loss).toBeCloseTo(losses[best - 1]!, 5);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  // Validation labels flipped: validation loss is lowest after the first epoch and grows after it.
  const flipped = { ...dataset, val: { ...dataset.val, labels: dataset.val.labels.map((l) => 1 - l) } };
  const wandering: TrainSettings = { ...DEFAULT_SETTINGS, epochs: 4, batchSize: 16, trainSize: 64, width: 4, depth: 2, learningRate: 0.01, keepBest: true };

  it('leaves the kept epoch when stopped inside a later one, not the half-trained weights', async () => {
    await useBackend('wasm');
    const before = tf.memory().numTensors;
    const run = new TrainingRun(wandering, flipped);
    const end = await run.run({ onBatch: (p) => { if (p.epoch === 3 && p.batch === 2) run.stop(); } });
    expect(end).toBe('stopped');
    expect(run.records).toHaveLength(2);
    const losses = run.records.map((r) => r.valLoss);
    expect(run.keptEpoch).toBe(losses.indexOf(Math.min(...losses)) + 1);
    const now = await evaluate(run.model, flipped.val, flipped.classNames.length);
    expect(now.loss).toBeCloseTo(losses[run.keptEpoch! - 1]!, 5);
    run.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts the epoch a resumed run starts from among the candidates', async () => {
    await useBackend('wasm');
    const first = new TrainingRun({ ...wandering, epochs: 1 }, flipped);
    await first.run();
    const artifacts = await saveToArtifacts(first.model);
    const earlier = [...first.records];
    first.dispose();
    const before = tf.memory().numTensors;
    const { model } = await loadFromArtifacts(artifacts);
    const resumed = new TrainingRun(wandering, flipped, 0, model, earlier);
    expect(await resumed.run()).toBe('completed');
    expect(resumed.records).toHaveLength(4);
    // Every epoch after the first fits the flipped validation labels worse.
    expect(Math.min(...resumed.records.slice(1).map((r) => r.valLoss))).toBeGreaterThan(earlier[0]!.valLoss);
    expect(resumed.keptEpoch).toBe(1);
    const now = await evaluate(resumed.model, flipped.val, flipped.classNames.length);
    expect(now.loss).toBeCloseTo(earlier[0]!.valLoss, 4);
    resumed.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
