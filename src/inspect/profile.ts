// The measured half of the layer table: each layer's forward pass on a batch timed on its own
// (apply + reading back one element, median of several runs) on the current backend, with the kernels it
// dispatched, and the whole model's predict on the same batch for comparison.
import * as tf from '@tensorflow/tfjs';
import { percentile, sortedCopy } from '../metrics/stats.ts';
import { layerTable } from './layer-table.ts';
import { layerSignature } from './signature.ts';
import type { LayerProfile } from './types.ts';

/** Nearest-rank median (p50), an observed sample. */
const median = (xs: number[]): number => percentile(sortedCopy(xs), 50);

/**
 * Times f() until its output exists: reading back one element makes an asynchronous backend
 * (WebGL, WebGPU) finish the work in order, without paying to download a whole activation (on wasm
 * a full read-back of conv1's output copied 8 MB and cost more than the convolution).
 */
async function timeOnce(f: () => tf.Tensor): Promise<number> {
  const start = performance.now();
  const out = f();
  const first = tf.tidy(() => tf.slice(tf.reshape(out, [-1]), 0, 1));
  await first.data();
  const ms = performance.now() - start;
  tf.dispose([out, first]);
  return ms;
}

/**
 * Times every layer of `model` on `xs`. Each layer gets its real input (the previous layers'
 * output, computed once beforehand) and runs `repeats` times after one untimed warm-up (which
 * also lists its kernels with tf.profile). Reading one output element back makes every backend
 * finish the work, so the figures are wall times of the layer's kernels.
 */
export async function profileLayers(model: tf.LayersModel, xs: tf.Tensor4D, repeats = 5): Promise<LayerProfile> {
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new Error(`profileLayers: repeats must be a whole number >= 1, got ${repeats}.`);
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  // inputs[i] is layer i's input; inputs[0] is xs itself (not ours to dispose).
  const inputs: tf.Tensor[] = [xs];
  for (const layer of layers) inputs.push(tf.tidy(() => layer.apply(inputs.at(-1)!, { training: false }) as tf.Tensor));
  try {
    const timings = [];
    for (const [i, layer] of layers.entries()) {
      const run = () => tf.tidy(() => layer.apply(inputs[i]!, { training: false }) as tf.Tensor);
      const info = await tf.profile(run);
      (info.result as tf.Tensor).dispose();
      // tf.profile also lists op-level wrappers ('fusedConv2d__op'); the kernels are the rest.
      const kernels = [...new Set(info.kernels.map((k) => k.name).filter((n) => !n.endsWith('__op')))];
      const samples: number[] = [];
      for (let r = 0; r < repeats; r++) samples.push(await timeOnce(run));
      timings.push({ name: layer.name, ms: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), kernels });
    }
    await timeOnce(() => model.predict(xs) as tf.Tensor); // warm-up
    const whole: number[] = [];
    for (let r = 0; r < repeats; r++) whole.push(await timeOnce(() => model.predict(xs) as tf.Tensor));
    const sumMs = timings.reduce((s, t) => s + t.ms, 0);
    return {
      backend: tf.getBackend(),
      batchSize: xs.shape[0],
      repeats,
      layers: timings.map((t) => ({ ...t, share: sumMs > 0 ? t.ms / sumMs : 0 })),
      sumMs,
      wholeMs: median(whole),
      signature: layerSignature(layerTable(model)),
    };
  } finally {
    for (const t of inputs.slice(1)) t.dispose();
  }
}
