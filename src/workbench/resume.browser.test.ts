// Resuming from a checkpoint on wasm: a run checkpointed after epoch 1 and resumed in a fresh
// workbench ends with the same weights and validation loss as the same run never interrupted
// (weights, Adam's moments and step count, records and batch order all carried over), and the
// checkpoints and resumes leak no tensors. A checkpoint of a model the dataset cannot feed is refused.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import type { TrainingCheckpoint } from './protocol.ts';
import { Workbench } from './workbench.ts';

const dataset = syntheticDataset({ train: 96, val: 32, test: 32, size: 32 });
const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 3, batchSize: 16, trainSize: 96, width: 4, depth: 2, learningRate: 0.005 };

async function weightsOf(bench: Workbench): Promise<Float32Array> {
  return new Float32Array((await bench.exportModel()).weightData);
}

describe('Workbench.resumeCheckpoint on wasm', () => {
  it('ends where the uninterrupted run ends, to 1e-5', async () => {
    const straight = new Workbench();
    straight.setDataset(dataset);
    const checkpoints: TrainingCheckpoint[] = [];
    const whole = await straight.train(settings, { onCheckpoint: (c) => void checkpoints.push(c) });
    expect(whole.end).toBe('completed');
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3]);
    // Adam's state: its step count, then m and v for each of the model's weights.
    const first = checkpoints[0]!;
    expect(first.optimizer[0]).toMatchObject({ name: 'iter', dtype: expect.any(String) });
    expect(first.optimizer.length % 2).toBe(1);
    expect(first.records).toEqual([whole.records[0]]);
    const expected = await weightsOf(straight);

    const resumedBench = new Workbench();
    resumedBench.setDataset(dataset);
    const resumed = await resumedBench.resumeCheckpoint(first, {});
    expect(resumed.end).toBe('completed');
    expect(resumed.records.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(resumed.records[0]).toEqual(whole.records[0]);
    expect(Math.abs(resumed.records[2]!.valLoss - whole.records[2]!.valLoss)).toBeLessThan(1e-5);
    expect(Math.abs(resumed.records[1]!.loss - whole.records[1]!.loss)).toBeLessThan(1e-5);
    const got = await weightsOf(resumedBench);
    expect(got.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('leaks no tensors over checkpointing and resuming', async () => {
    const bench = new Workbench();
    bench.setDataset(dataset);
    const short = { ...settings, epochs: 2 };
    let last: TrainingCheckpoint | null = null;
    await bench.train(short, { onCheckpoint: (c) => void (last = c) });
    await bench.resumeCheckpoint(last!, {});
    const before = tf.memory().numTensors;
    await bench.resumeCheckpoint(last!, { onCheckpoint: () => undefined });
    await bench.resumeCheckpoint(last!, { onCheckpoint: () => undefined });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a checkpoint whose model this dataset cannot feed, and keeps the model it holds', async () => {
    const bench = new Workbench();
    bench.setDataset(dataset);
    let cp: TrainingCheckpoint | null = null;
    await bench.train({ ...settings, epochs: 1 }, { onCheckpoint: (c) => void (cp = c) });
    const held = await weightsOf(bench);
    const other = new Workbench();
    other.setDataset(syntheticDataset({ train: 32, val: 16, test: 16, size: 16 }));
    await expect(other.resumeCheckpoint(cp!, {})).rejects.toMatchObject({ code: 'bad-model', message: expect.stringMatching(/Wrong input size/) });
    expect(await weightsOf(bench)).toEqual(held);
  });
});
