// Fine-tuning with masks re-applied after every step: exact sparsity afterwards, gradual
// schedules reaching their target, FLOP accounting, stopping, and no leaked tensors.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { buildCnn } from '../model/cnn.ts';
import { optimizerFlopsPerStep, trainableParamCount, trainFlopsPerSample } from '../model/flops.ts';
import { evaluate } from '../model/evaluate.ts';
import { KernelCounter, totalDispatches } from '../tf/kernel-counter.ts';
import { ADAM_UPDATE } from '../tf/wasm-adam.ts';
import { fineTune, type FineTuneOptions } from './fine-tune.ts';
import { inspectLayers } from './inspect.ts';
import { prunableKernels } from './masks.ts';
import { gradualScheduleFor } from './schedule.ts';
import { squaresSet, TINY_CNN, useWasm } from './test-fixtures.ts';

const models: tf.LayersModel[] = [];
const own = <M extends tf.LayersModel>(m: M): M => (models.push(m), m);
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});
beforeAll(useWasm);

const train = squaresSet(96, 16, 1);
const test = squaresSet(64, 16, 2);
const BASE: FineTuneOptions = { epochs: 2, batchSize: 16, learningRate: 0.003, seed: 5 };

describe('fineTune', () => {
  it('trains a dense model (no masks) and counts analytic FLOPs per batch', async () => {
    const m = own(buildCnn(TINY_CNN));
    const progress: number[] = [];
    const r = await fineTune(m, train, 2, { ...BASE, epochs: 3, onBatch: (p) => progress.push(p.step) });
    expect(r.steps).toBe(18);
    expect(progress).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(r.maskChecks).toEqual([]);
    expect(r.fineTuneMs).toBeGreaterThan(0);
    expect(r.trainFlops).toBe(3 * 96 * trainFlopsPerSample(m) + 18 * optimizerFlopsPerStep(trainableParamCount(m), 'adam'));
    expect((await evaluate(m, test, 2)).acc).toBeGreaterThan(0.8);
  });

  it('one-shot 90 %: sparsity exactly on target after fine-tuning, every masked weight zero', async () => {
    const m = own(buildCnn(TINY_CNN));
    const r = await fineTune(m, train, 2, { ...BASE, pruning: { schedule: { kind: 'one-shot', sparsity: 0.9 }, masks: { scope: 'per-layer' } } });
    expect(r.maskChecks.map((c) => c.layer)).toEqual(['conv2', 'dense1']);
    for (const c of r.maskChecks) {
      expect(c.violations).toBe(0);
      expect(Math.abs(c.masked - 0.9 * c.size)).toBeLessThanOrEqual(1);
      expect(c.zeros).toBeGreaterThanOrEqual(c.masked);
    }
    // Counted again independently, on the model itself.
    const layers = await inspectLayers(m);
    for (const k of prunableKernels(m)) {
      const l = layers.find((x) => x.layer === k.layer)!;
      expect(Math.abs(l.kernelZeros - 0.9 * l.kernelSize)).toBeLessThanOrEqual(1);
    }
    // Masks add one multiply per masked weight per step to the analytic count.
    const masked = r.maskChecks.reduce((s, c) => s + c.size, 0);
    expect(r.trainFlops).toBe(2 * 96 * trainFlopsPerSample(m) + 12 * (optimizerFlopsPerStep(trainableParamCount(m), 'adam') + masked));
  });

  it('gradual (cubic ramp, global threshold) reaches the final sparsity exactly', async () => {
    const m = own(buildCnn(TINY_CNN));
    const sparsities: number[] = [];
    const schedule = gradualScheduleFor(12, 0.8, 0.5, 3);
    const r = await fineTune(m, train, 2, { ...BASE, pruning: { schedule, masks: { scope: 'global' } }, onBatch: (p) => sparsities.push(p.sparsity) });
    expect(sparsities[0]).toBe(0);
    expect(sparsities.at(-1)).toBe(0.8);
    expect([...sparsities].sort((a, b) => a - b)).toEqual(sparsities);
    const masked = r.maskChecks.reduce((s, c) => s + c.masked, 0);
    const size = r.maskChecks.reduce((s, c) => s + c.size, 0);
    expect(Math.abs(masked - 0.8 * size)).toBeLessThanOrEqual(1);
    expect(r.maskChecks.every((c) => c.violations === 0)).toBe(true);
  });

  it('stops after the batch in progress when the signal aborts; masks still hold', async () => {
    const m = own(buildCnn(TINY_CNN));
    const controller = new AbortController();
    const r = await fineTune(m, train, 2, {
      ...BASE,
      pruning: { schedule: { kind: 'one-shot', sparsity: 0.5 } },
      signal: controller.signal,
      onBatch: (p) => p.step === 2 && controller.abort(),
    });
    expect(r).toMatchObject({ stopped: true, steps: 2 });
    expect(r.maskChecks.every((c) => c.violations === 0)).toBe(true);
  });

  it('counts the kernel dispatches of the fine-tuning, not those of the onBatch callback', async () => {
    const m = own(buildCnn(TINY_CNN));
    const marker = tf.tensor1d([1, 2, 3]);
    // An outer counter sees everything; onBatch dispatches one Cumsum per step, which the
    // fine-tune's own count must leave out.
    const outer = new KernelCounter();
    outer.install(tf.getBackend());
    outer.start();
    const r = await fineTune(m, train, 2, { ...BASE, onBatch: () => tf.cumsum(marker).dispose() });
    const all = outer.stop();
    marker.dispose();
    expect(r.steps).toBe(12);
    expect(r.dispatches).toBe(totalDispatches(r.kernelHistogram));
    expect(r.kernelHistogram['Cumsum']).toBeUndefined();
    expect(all['Cumsum']).toBe(12);
    expect(totalDispatches(all)).toBe(r.dispatches + 12);
    // The backward pass is in it: the filter gradient kernel runs once per conv layer per step.
    const convs = m.layers.filter((l) => l.getClassName() === 'Conv2D').length;
    expect(r.kernelHistogram['Conv2DBackpropFilter']).toBe(12 * convs);
  });

  it('counts the mask updates and the re-application after every step', async () => {
    const dense = await fineTune(own(buildCnn(TINY_CNN)), train, 2, BASE);
    const pruned = await fineTune(own(buildCnn(TINY_CNN)), train, 2, { ...BASE, pruning: { schedule: { kind: 'one-shot', sparsity: 0.5 }, masks: { scope: 'per-layer' } } });
    const layers = pruned.maskChecks.length;
    expect(layers).toBe(2);
    // Same batches and steps; re-applying w = w * mask + 0 is one Multiply and one Add per masked
    // kernel per step (and once more when the masks are made), on top of the same training.
    const extra = (kernel: string) => (pruned.kernelHistogram[kernel] ?? 0) - (dense.kernelHistogram[kernel] ?? 0);
    expect(extra('Multiply')).toBeGreaterThanOrEqual(12 * layers);
    expect(extra('Add')).toBeGreaterThanOrEqual(12 * layers);
    expect(pruned.dispatches).toBeGreaterThan(dense.dispatches + 24 * layers);
  });

  it('steps Adam through the fused kernel, as training does: the same weights as tfjs Adam to 1e-6', async () => {
    const fused = own(buildCnn(TINY_CNN));
    const stock = own(buildCnn(TINY_CNN));
    const options: FineTuneOptions = { ...BASE, epochs: 3, pruning: { schedule: gradualScheduleFor(18, 0.75, 0.5, 3), masks: { scope: 'per-layer' } } };
    const a = await fineTune(fused, train, 2, options);
    const b = await fineTune(stock, train, 2, { ...options, fusedAdam: false });
    expect(a.steps).toBe(18);
    // One fused update per variable per step instead of tfjs's ~14 elementwise kernels.
    expect(a.kernelHistogram[ADAM_UPDATE]).toBe(18 * fused.trainableWeights.length);
    expect(b.kernelHistogram[ADAM_UPDATE]).toBeUndefined();
    expect(a.dispatches).toBeLessThan(b.dispatches);
    let worst = 0;
    const wa = fused.getWeights();
    const wb = stock.getWeights();
    for (let i = 0; i < wa.length; i++) {
      const [x, y] = [wa[i]!.dataSync(), wb[i]!.dataSync()];
      for (let j = 0; j < x.length; j++) worst = Math.max(worst, Math.abs(x[j]! - y[j]!));
    }
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(a.loss).toBeCloseTo(b.loss, 5);
    expect(a.maskChecks).toEqual(b.maskChecks);
  });

  it('leaks no tensors (run twice)', async () => {
    const m = own(buildCnn(TINY_CNN));
    const options: FineTuneOptions = { ...BASE, epochs: 1, pruning: { schedule: gradualScheduleFor(6, 0.75, 0.5, 2) } };
    const before = tf.memory().numTensors;
    await fineTune(m, train, 2, options);
    await fineTune(m, train, 2, options);
    expect(tf.memory().numTensors).toBe(before);
  });
});
