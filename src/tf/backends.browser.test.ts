import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from './backends.ts';

describe('backends', () => {
  it('starts wasm from local files and computes', async () => {
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const y = tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)));
    expect(await y.data()).toEqual(new Float32Array([5]));
    y.dispose();
    expect(crossOriginIsolated).toBe(true);
  });
});
