// Inspection numbers on known weights: histograms, nonzero counts, theoretical FLOPs, gzip sizes.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn, DEFAULT_MODEL } from '../model/cnn.ts';
import { forwardFlops, layerCosts, paramCount } from '../model/flops.ts';
import { gzipBytes, inspectModel, magnitudeHistogram } from './inspect.ts';
import { magnitudeMasks } from './masks.ts';
import { TINY_CNN, useWasm } from './test-fixtures.ts';

const models: tf.LayersModel[] = [];
const own = <M extends tf.LayersModel>(m: M): M => (models.push(m), m);
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});
beforeAll(useWasm);

async function pruneTo(m: tf.LayersModel, sparsity: number): Promise<void> {
  const masks = await magnitudeMasks(m, sparsity, { scope: 'per-layer' });
  masks.apply(m);
  masks.dispose();
}

describe('magnitudeHistogram', () => {
  it('counts zeros apart and bins |w| over (0, max]', () => {
    const h = magnitudeHistogram([0, -0, 0.05, -0.15, 0.18, 0.4, -0.4], 4);
    expect(h).toMatchObject({ zeros: 2, maxAbs: 0.4, counts: [1, 2, 0, 2] });
    expect(h.binWidth).toBeCloseTo(0.1, 12);
    expect(magnitudeHistogram([0, 0], 3)).toMatchObject({ zeros: 2, maxAbs: 0, counts: [0, 0, 0] });
  });
});

describe('gzipBytes', () => {
  it('compresses zeros to almost nothing and random floats hardly at all', async () => {
    expect(await gzipBytes(new Float32Array(10_000))).toBeLessThan(200);
    const noise = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    expect(await gzipBytes(noise)).toBeGreaterThan(0.8 * 40_000);
    expect(await gzipBytes(noise.buffer)).toBe(await gzipBytes(noise));
  });
});

describe('inspectModel', () => {
  it('reports a dense model: no zeros, theoretical FLOPs equal to the analytic ones', async () => {
    const m = own(buildCnn(TINY_CNN));
    const insp = await inspectModel(m);
    expect(insp.layers.map((l) => l.layer)).toEqual(['conv1', 'conv2', 'dense1', 'output']);
    expect(insp.params).toBe(paramCount(m));
    expect(insp.weightBytes).toBe(4 * paramCount(m));
    // Biases start at zero: nonzero params are all kernels.
    expect(insp.nonzeroParams).toBe(insp.layers.reduce((s, l) => s + l.kernelSize, 0));
    expect(insp.flopsPerQuery).toBe(forwardFlops(m));
    expect(insp.theoreticalFlopsPerQuery).toBe(forwardFlops(m));
  });

  it('counts zeros per layer and scales each layer\'s MACs by its kernel density', async () => {
    const m = own(buildCnn(TINY_CNN));
    await pruneTo(m, 0.75);
    const insp = await inspectModel(m);
    const costs = new Map(layerCosts(m).map((c) => [c.name, c]));
    const conv2 = insp.layers.find((l) => l.layer === 'conv2')!;
    expect(conv2.kernelZeros).toBe(Math.round(0.75 * conv2.kernelSize));
    expect(conv2.sparsity).toBeCloseTo(0.75, 2);
    expect(conv2.histogram.zeros).toBe(conv2.kernelZeros);
    expect(conv2.histogram.counts.reduce((a, b) => a + b, 0)).toBe(conv2.kernelSize - conv2.kernelZeros);
    const c = costs.get('conv2')!;
    expect(conv2.theoreticalFlops).toBeCloseTo(c.flops - 2 * c.macs * (conv2.kernelZeros / conv2.kernelSize), 6);
    expect(insp.layers.find((l) => l.layer === 'conv1')!.sparsity).toBe(0); // skipped
    expect(insp.theoreticalFlopsPerQuery).toBeLessThan(insp.flopsPerQuery);
    expect(insp.weightBytes).toBe(4 * paramCount(m)); // zeros still stored
  });

  it('a 90 %-sparse default model gzips to well under 0.3x of the dense one', async () => {
    const m = own(buildCnn({ ...DEFAULT_MODEL, numClasses: 2, seed: 1 }));
    const dense = await inspectModel(m);
    await pruneTo(m, 0.9);
    const sparse = await inspectModel(m);
    expect(dense.gzipBytes).toBeGreaterThan(0.85 * dense.weightBytes);
    expect(sparse.gzipBytes / dense.gzipBytes).toBeLessThan(0.3);
    expect(sparse.nonzeroParams).toBeLessThan(0.12 * dense.nonzeroParams);
  });

  it('leaks no tensors (run twice)', async () => {
    const m = own(buildCnn(TINY_CNN));
    const before = tf.memory().numTensors;
    await inspectModel(m);
    await inspectModel(m);
    expect(tf.memory().numTensors).toBe(before);
  });
});
