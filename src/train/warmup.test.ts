// The learning-rate warm-up: its schedule, and that the optimizer really takes steps of that size.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { WARMUP_BATCHES, WarmupAdam, warmupLearningRate } from './warmup.ts';

describe('warmupLearningRate', () => {
  it('climbs linearly from peak / n to the peak over n steps, then stays there', () => {
    expect(warmupLearningRate(0.003, 0, 30)).toBeCloseTo(0.0001, 12);
    expect(warmupLearningRate(0.003, 14, 30)).toBeCloseTo(0.0015, 12);
    expect(warmupLearningRate(0.003, 29, 30)).toBe(0.003);
    expect(warmupLearningRate(0.003, 500, 30)).toBe(0.003);
    expect(warmupLearningRate(0.003, 0, 0)).toBe(0.003);
    expect(WARMUP_BATCHES).toBe(30);
  });

  it('refuses steps and lengths that are not whole numbers', () => {
    expect(() => warmupLearningRate(1e-3, -1)).toThrow(/step/);
    expect(() => warmupLearningRate(1e-3, 1.5)).toThrow(/step/);
    expect(() => warmupLearningRate(1e-3, 0, -2)).toThrow(/warmupBatches/);
  });
});

describe('WarmupAdam', () => {
  // With a constant gradient Adam's normalised step m^ / sqrt(v^) is 1, so each step moves the
  // weight by exactly the rate in force: the positions show the schedule the optimizer applied.
  async function positions(optimizer: tf.Optimizer, steps: number): Promise<number[]> {
    const w = tf.tidy(() => tf.variable(tf.scalar(0))); // tidy frees the initial scalar, keeps the variable
    const out: number[] = [];
    try {
      for (let s = 0; s < steps; s++) {
        optimizer.minimize(() => tf.mul(w, 1) as tf.Scalar); // returns no cost: nothing to free
        out.push((await w.data())[0]!);
      }
      return out;
    } finally {
      w.dispose();
    }
  }

  it('steps by peak * k / n on its k-th step, then by the peak, like plain Adam after warm-up', async () => {
    await tf.setBackend('cpu');
    const peak = 0.01;
    const warm = new WarmupAdam(peak, 4);
    const xs = await positions(warm, 6);
    const steps = xs.map((x, i) => (i === 0 ? x : x - xs[i - 1]!));
    [0.0025, 0.005, 0.0075, 0.01, 0.01, 0.01].forEach((lr, i) => expect(steps[i]).toBeCloseTo(-lr, 6));
    expect(warm.currentLearningRate).toBe(peak);
    warm.dispose();

    const plain = tf.train.adam(peak);
    const ys = await positions(plain, 2);
    expect(ys[1]! - ys[0]!).toBeCloseTo(-peak, 6);
    plain.dispose();
  });

  it('serializes as Adam with the rate in force and frees its slots on dispose', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const warm = new WarmupAdam(1e-3);
    await positions(warm, 3);
    expect(warm.getClassName()).toBe('Adam');
    expect(warm.getConfig()).toMatchObject({ beta1: 0.9, beta2: 0.999 });
    // Three steps done: the fourth will use 4 / 30 of the peak (getConfig reports the last one used).
    expect(warm.currentLearningRate).toBeCloseTo((4 * 1e-3) / WARMUP_BATCHES, 12);
    expect(warm.getConfig()['learningRate']).toBeCloseTo((3 * 1e-3) / WARMUP_BATCHES, 12);
    warm.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
