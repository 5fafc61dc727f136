// Training-time augmentation on a real backend: the same seed gives the same augmented batch, a
// flip alone is an exact mirror, values stay in [0, 1], and nothing leaks; an augmented training
// run records its augmentation time. Also the distillation loss against a hand computation.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../tf/backends.ts';
import { applyAugmentation, augmentBatch } from './augment.ts';
import { drawAugmentation } from './augment-params.ts';
import { distillLoss, softTargets } from './distill.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from './settings.ts';
import { syntheticDataset } from './synthetic-data.ts';
import { TrainingRun } from './trainer.ts';

const ALL_ON = { augFlip: true, augCrop: 0.25, augBrightness: 0.2, augContrast: 0.3, augSaturation: 0.4, seed: 7 };

function batch(n: number, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.randomUniform([n, size, size, 3], 0, 1, 'float32', 11) as tf.Tensor4D);
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`augmentation on ${backend}`, () => {
    it('repeats exactly for the same seed, differs for another batch, and leaks no tensors (twice)', async () => {
      await useBackend(backend);
      const xs = batch(6, 16);
      for (let run = 0; run < 2; run++) {
        const before = tf.memory().numTensors;
        const a = augmentBatch(xs, ALL_ON, 1, 0);
        const b = augmentBatch(xs, ALL_ON, 1, 0);
        const c = augmentBatch(xs, ALL_ON, 1, 1);
        const [da, db, dc, dx] = await Promise.all([a.data(), b.data(), c.data(), xs.data()]);
        expect(Array.from(da)).toEqual(Array.from(db));
        expect(Array.from(da)).not.toEqual(Array.from(dc));
        expect(Array.from(da)).not.toEqual(Array.from(dx));
        expect(Math.min(...da)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...da)).toBeLessThanOrEqual(1);
        a.dispose();
        b.dispose();
        c.dispose();
        expect(tf.memory().numTensors).toBe(before);
      }
      xs.dispose();
    });

    it('a flip alone mirrors each flipped image exactly and leaves the others as they were', async () => {
      await useBackend(backend);
      const xs = batch(8, 12);
      const settings = { augFlip: true };
      const draws = drawAugmentation(settings, 8, 3);
      expect(draws.some((d) => d.flip)).toBe(true);
      expect(draws.some((d) => !d.flip)).toBe(true);
      const out = applyAugmentation(xs, draws, settings);
      const mirrored = tf.reverse(xs, 2);
      const [o, x, m] = await Promise.all([out.array(), xs.array(), mirrored.array()]);
      draws.forEach((d, i) => {
        const want = (d.flip ? m : x)[i]!.flat(2);
        const got = o[i]!.flat(2);
        got.forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 5));
      });
      tf.dispose([xs, out, mirrored]);
    });

    it('with every lever off, returns an equal copy the caller owns', async () => {
      await useBackend(backend);
      const xs = batch(2, 8);
      const out = augmentBatch(xs, { seed: 1 }, 1, 0);
      expect(out).not.toBe(xs);
      expect(Array.from(await out.data())).toEqual(Array.from(await xs.data()));
      tf.dispose([xs, out]);
    });
  });
}

describe('an augmented training run on wasm', () => {
  it('records the augmentation wall time per epoch and keeps tensors flat', async () => {
    await useBackend('wasm');
    const dataset = syntheticDataset({ train: 48, val: 16, test: 16, size: 16 });
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, ...ALL_ON, backend: 'wasm', epochs: 2, batchSize: 16, trainSize: 48, width: 4, depth: 2 };
    const run = new TrainingRun(settings, dataset);
    expect(await run.run()).toBe('completed');
    for (const r of run.records) {
      expect(r.augmentMs).toBeGreaterThan(0);
      expect(r.augmentMs!).toBeLessThan(r.wallMs);
      expect(r.kernelHistogram['CropAndResize']).toBe(r.batches);
    }
    expect(run.records[0]!.numTensors).toBe(run.records[1]!.numTensors);
    run.dispose();
  });
});

describe('the distillation loss', () => {
  it('equals a hand computation of α·CE(y, p) + (1 − α)·T²·CE(q_T, p_T)', async () => {
    await useBackend('cpu');
    const student = [
      [0.7, 0.2, 0.1],
      [0.25, 0.25, 0.5],
    ];
    const teacher = [
      [0.9, 0.08, 0.02],
      [0.1, 0.3, 0.6],
    ];
    const labels = [
      [1, 0, 0],
      [0, 1, 0],
    ];
    const T = 3;
    const alpha = 0.4;
    const soften = (p: number[]) => {
      const z = p.map((v) => Math.exp(Math.log(v) / T));
      const sum = z.reduce((a, b) => a + b, 0);
      return z.map((v) => v / sum);
    };
    const ce = (a: number[], b: number[]) => -a.reduce((s, v, i) => s + v * Math.log(b[i]!), 0);
    const perImage = student.map((p, i) => alpha * ce(labels[i]!, p) + (1 - alpha) * T * T * ce(soften(teacher[i]!), soften(p)));
    const want = (perImage[0]! + perImage[1]!) / 2;

    const before = tf.memory().numTensors;
    const got = tf.tidy(() => {
      const soft = softTargets(tf.tensor2d(teacher), T);
      return distillLoss(tf.tensor2d(labels), soft, tf.tensor2d(student), { temperature: T, hardWeight: alpha });
    });
    expect((await got.data())[0]).toBeCloseTo(want, 5);
    got.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // softmax(log(p) / T) equals softmax(z / T) for p = softmax(z).
    const z = [2, -1, 0.5];
    const viaLogits = tf.tidy(() => tf.softmax(tf.div(tf.tensor2d([z]), T)));
    const viaProbs = tf.tidy(() => softTargets(tf.softmax(tf.tensor2d([z])) as tf.Tensor2D, T));
    const [a, b] = await Promise.all([viaLogits.data(), viaProbs.data()]);
    Array.from(a).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 6));
    tf.dispose([viaLogits, viaProbs]);
  });
});
