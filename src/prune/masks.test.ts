// Mask maths on small known kernels: per-layer vs global thresholds, skips, ties, apply, leaks.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from '../model/cnn.ts';
import { kernelOf, magnitudeMasks, prunableKernels, prunedCount, verifyMasks } from './masks.ts';
import { TINY_CNN, useWasm } from './test-fixtures.ts';

const models: tf.LayersModel[] = [];
const own = <M extends tf.LayersModel>(m: M): M => (models.push(m), m);
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});
beforeAll(useWasm);

/** Dense 4 -> 3 ('a', magnitudes 0.01..0.12) -> 2 ('b', 1..6) -> 2 ('out'). */
function knownModel(): tf.LayersModel {
  const m = own(
    tf.sequential({
      layers: [
        tf.layers.dense({ name: 'a', inputShape: [4], units: 3 }),
        tf.layers.dense({ name: 'b', units: 2 }),
        tf.layers.dense({ name: 'out', units: 2 }),
      ],
    }),
  );
  const a = Float32Array.from({ length: 12 }, (_, i) => (i % 2 ? -1 : 1) * (12 - i) * 0.01); // 0.12, -0.11, ..., -0.01
  const b = Float32Array.from([1, -2, 3, -4, 5, -6]);
  tf.tidy(() => {
    kernelOf(m.getLayer('a')).write(tf.tensor(a, [4, 3]));
    kernelOf(m.getLayer('b')).write(tf.tensor(b, [3, 2]));
  });
  return m;
}

const kernel = async (m: tf.LayersModel, name: string) => Array.from(await kernelOf(m.getLayer(name)).read().data());

describe('magnitudeMasks', () => {
  it('per layer: each kernel loses the same fraction, its own smallest magnitudes', async () => {
    const m = knownModel();
    const masks = await magnitudeMasks(m, 0.5, { scope: 'per-layer' });
    try {
      expect([...masks.masks.keys()]).toEqual(['a', 'b']); // output skipped
      expect(Array.from(await masks.masks.get('b')!.data())).toEqual([0, 0, 0, 1, 1, 1]);
      // a's six smallest |w| are its last six entries (0.06 .. 0.01).
      expect(Array.from(await masks.masks.get('a')!.data())).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
      expect(masks.sparsity).toBe(0.5);
    } finally {
      masks.dispose();
    }
  });

  it('global: one threshold over all kernels, so the small-weight layer loses most', async () => {
    const m = knownModel();
    const masks = await magnitudeMasks(m, 0.5, { scope: 'global' });
    try {
      // 18 weights, 9 pruned: all from a (0.01 .. 0.09), none from b.
      expect(Array.from(await masks.masks.get('a')!.data())).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
      expect(Array.from(await masks.masks.get('b')!.data())).toEqual([1, 1, 1, 1, 1, 1]);
      expect(masks.prunedCounts.get('a')).toBe(9);
    } finally {
      masks.dispose();
    }
  });

  it('apply multiplies the live kernels and leaves biases and skipped layers alone', async () => {
    const m = knownModel();
    const outBefore = await kernel(m, 'out');
    const biasBefore = Array.from(await m.getLayer('b').getWeights()[1]!.data());
    const masks = await magnitudeMasks(m, 0.5, { scope: 'per-layer' });
    masks.apply(m);
    try {
      expect(await kernel(m, 'b')).toEqual([0, 0, 0, -4, 5, -6]);
      expect(await kernel(m, 'out')).toEqual(outBefore);
      expect(Array.from(await m.getLayer('b').getWeights()[1]!.data())).toEqual(biasBefore);
      const checks = await verifyMasks(m, masks);
      expect(checks.map((c) => [c.layer, c.masked, c.zeros, c.violations])).toEqual([['a', 6, 6, 0], ['b', 3, 3, 0]]);
    } finally {
      masks.dispose();
    }
  });

  it('verifyMasks finds masked weights that training moved off zero', async () => {
    const m = knownModel();
    const masks = await magnitudeMasks(m, 0.5, { scope: 'per-layer' });
    masks.apply(m);
    tf.tidy(() => {
      kernelOf(m.getLayer('b')).write(tf.tensor([0.5, 0, 0, -4, 5, -6], [3, 2]));
    });
    try {
      expect((await verifyMasks(m, masks)).find((c) => c.layer === 'b')!.violations).toBe(1);
    } finally {
      masks.dispose();
    }
  });

  it('breaks ties by position, so the count is exact even when all magnitudes are equal', async () => {
    const m = own(tf.sequential({ layers: [tf.layers.dense({ name: 'd', inputShape: [5], units: 2, kernelInitializer: 'ones' }), tf.layers.dense({ units: 1 })] }));
    const masks = await magnitudeMasks(m, 0.3, { scope: 'per-layer' });
    try {
      expect(prunedCount(10, 0.3)).toBe(3);
      expect(Array.from(await masks.masks.get('d')!.data())).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    } finally {
      masks.dispose();
    }
  });

  it('skips the first conv and the output by default; both can be included', () => {
    const m = own(buildCnn(TINY_CNN));
    expect(prunableKernels(m).map((k) => k.layer)).toEqual(['conv2', 'dense1']);
    expect(prunableKernels(m, { skipFirstConv: false, skipOutput: false }).map((k) => k.layer)).toEqual(['conv1', 'conv2', 'dense1', 'output']);
  });

  it('hits the target to one element on a real CNN, per layer and globally', async () => {
    const m = own(buildCnn(TINY_CNN));
    for (const scope of ['per-layer', 'global'] as const) {
      const masks = await magnitudeMasks(m, 0.9, { scope });
      const sizes = [...masks.masks.values()].reduce((s, t) => s + t.size, 0);
      const pruned = [...masks.prunedCounts.values()].reduce((s, n) => s + n, 0);
      expect(Math.abs(pruned - 0.9 * sizes)).toBeLessThanOrEqual(1);
      masks.dispose();
    }
  });

  it('refuses sparsity outside [0, 1)', async () => {
    await expect(magnitudeMasks(knownModel(), 1)).rejects.toThrow(/sparsity must be in \[0, 1\)/);
  });

  it('leaks no tensors (run twice)', async () => {
    const m = own(buildCnn(TINY_CNN));
    const round = async () => {
      const masks = await magnitudeMasks(m, 0.75, { scope: 'global' });
      masks.apply(m);
      await verifyMasks(m, masks);
      masks.dispose();
      masks.dispose(); // idempotent
    };
    const before = tf.memory().numTensors;
    await round();
    await round();
    expect(tf.memory().numTensors).toBe(before);
  });
});
