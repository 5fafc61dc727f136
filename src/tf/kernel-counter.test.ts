// KernelCounter against real TF.js dispatches on the cpu backend: exact counts, pauses, several counters at once.
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

describe('KernelCounter, more than one', () => {
  // The wrapper is installed once per kernel, by the first counter; later counters (the next
  // TrainingRun in the same worker, a pruning fine-tune) must count through it all the same.
  it('counts with a second counter installed after the first', async () => {
    await tf.setBackend('cpu');
    const a = tf.tensor1d([1, -2, 3]);
    const first = new KernelCounter();
    first.install('cpu');
    first.start();
    tf.neg(a).dispose();
    expect(first.stop()).toEqual({ Neg: 1 });

    const second = new KernelCounter();
    second.install('cpu');
    second.start();
    tf.neg(a).dispose();
    tf.abs(a).dispose();
    expect(second.stop()).toEqual({ Neg: 1, Abs: 1 });
    a.dispose();
  });

  it('counts into every active counter, and not into a paused or stopped one', async () => {
    await tf.setBackend('cpu');
    const a = tf.tensor1d([1, -2, 3]);
    const outer = new KernelCounter();
    const inner = new KernelCounter();
    const idle = new KernelCounter();
    outer.install('cpu');
    inner.install('cpu');
    idle.install('cpu');
    idle.start();
    idle.stop();
    outer.start();
    inner.start();
    tf.neg(a).dispose();
    inner.pause();
    tf.abs(a).dispose();
    inner.resume();
    tf.relu(a).dispose();
    expect(inner.stop()).toEqual({ Neg: 1, Relu: 1 });
    tf.square(a).dispose();
    expect(outer.stop()).toEqual({ Neg: 1, Abs: 1, Relu: 1, Square: 1 });
    expect(idle.stop()).toEqual({});
    a.dispose();
  });
});
