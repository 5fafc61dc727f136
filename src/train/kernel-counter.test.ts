import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { KernelCounter, totalDispatches } from './kernel-counter.ts';

describe('KernelCounter', () => {
  it('counts exactly the kernels dispatched while active, and nothing when paused', async () => {
    await tf.setBackend('cpu');
    const counter = new KernelCounter();
    counter.install('cpu');
    counter.install('cpu'); // idempotent: a second install must not double-count
    const a = tf.tensor1d([1, 2, 3]);
    counter.start();
    const b = tf.tidy(() => tf.add(tf.mul(a, a), a));
    counter.pause();
    const c = tf.neg(a);
    counter.resume();
    const d = tf.relu(a);
    const histogram = counter.stop();
    expect(histogram).toEqual({ Multiply: 1, Add: 1, Relu: 1 });
    expect(totalDispatches(histogram)).toBe(3);
    // Results are unchanged by the wrapper.
    expect(Array.from(await b.data())).toEqual([2, 6, 12]);
    tf.dispose([a, b, c, d]);
  });
});
