// What pruning saved, in plain numbers: per-layer sparsity and magnitude histograms, nonzero
// parameters, weight bytes, gzip bytes of the weights, and FLOPs if zeros were skipped (theoretical).
import * as tf from '@tensorflow/tfjs';
import { layerCosts, weightBytes } from '../model/flops.ts';

/** |w| histogram of one kernel: exact zeros counted apart, the rest in equal bins over (0, maxAbs]. */
export interface MagnitudeHistogram {
  zeros: number;
  maxAbs: number;
  /** Width of each bin; bin i holds maxAbs-relative magnitudes in (i * binWidth, (i + 1) * binWidth]. */
  binWidth: number;
  counts: number[];
}

export interface LayerInspection {
  layer: string;
  className: string;
  /** Kernel elements (biases excluded). */
  kernelSize: number;
  kernelZeros: number;
  /** kernelZeros / kernelSize. */
  sparsity: number;
  /** All weights of the layer, biases included. */
  params: number;
  nonzeroParams: number;
  /** Analytic FLOPs of the layer per image, dense kernels (what TF.js runs). */
  flops: number;
  /** Theoretical: the layer's 2 x MACs scaled by its kernel density, plus its element-wise work. */
  theoreticalFlops: number;
  histogram: MagnitudeHistogram;
}

export interface ModelInspection {
  layers: LayerInspection[];
  params: number;
  nonzeroParams: number;
  /** float32 bytes of all weights: zeros still take 4 bytes each in a dense tensor. */
  weightBytes: number;
  /** gzip of those same bytes (CompressionStream('gzip')), measured. */
  gzipBytes: number;
  /** Analytic forward FLOPs per query as the dense kernels run it. */
  flopsPerQuery: number;
  /** Theoretical forward FLOPs per query if every zero weight were skipped. */
  theoreticalFlopsPerQuery: number;
}

export const DEFAULT_HISTOGRAM_BINS = 32;

/** Bytes out of gzip for `bytes`, streamed through CompressionStream (Node 18+ and browsers). */
export async function gzipBytes(bytes: ArrayBuffer | ArrayBufferView): Promise<number> {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Copied into a fresh buffer: Blob wants ArrayBuffer-backed parts (not SharedArrayBuffer).
  const stream = new Blob([view.slice()]).stream().pipeThrough(new CompressionStream('gzip'));
  const reader = stream.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return total;
    total += value.byteLength;
  }
}

/** All weights as float32, in model.weights order: the bytes model.save writes as weightData. */
export async function weightValues(model: tf.LayersModel): Promise<Float32Array> {
  const parts = await Promise.all(model.weights.map(async (w) => (await w.read().data()) as Float32Array));
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function magnitudeHistogram(values: ArrayLike<number>, bins = DEFAULT_HISTOGRAM_BINS): MagnitudeHistogram {
  let maxAbs = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a === 0) zeros++;
    else if (a > maxAbs) maxAbs = a;
  }
  const counts = new Array<number>(bins).fill(0);
  const binWidth = maxAbs / bins;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]!);
    if (a !== 0) counts[Math.min(bins - 1, Math.ceil(a / binWidth) - 1)]!++;
  }
  return { zeros, maxAbs, binWidth, counts };
}

function countNonzero(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) n++;
  return n;
}

/** Per weighted layer: sparsity, histogram and dense vs theoretical FLOPs, in plain numbers. */
export async function inspectLayers(model: tf.LayersModel, bins = DEFAULT_HISTOGRAM_BINS): Promise<LayerInspection[]> {
  const costs = new Map(layerCosts(model).map((c) => [c.name, c]));
  const out: LayerInspection[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = await Promise.all(layer.weights.map(async (w) => ({ kernel: w.originalName.endsWith('/kernel'), data: await w.read().data() })));
    const kernel = values.find((v) => v.kernel)?.data ?? new Float32Array(0);
    const kernelZeros = kernel.length - countNonzero(kernel);
    const cost = costs.get(layer.name)!;
    const density = kernel.length === 0 ? 1 : 1 - kernelZeros / kernel.length;
    out.push({
      layer: layer.name,
      className: layer.getClassName(),
      kernelSize: kernel.length,
      kernelZeros,
      sparsity: kernel.length === 0 ? 0 : kernelZeros / kernel.length,
      params: values.reduce((s, v) => s + v.data.length, 0),
      nonzeroParams: values.reduce((s, v) => s + countNonzero(v.data), 0),
      flops: cost.flops,
      // A sparse kernel would skip the multiply-adds of zero weights, not the activations or pooling.
      theoreticalFlops: cost.flops - 2 * cost.macs + 2 * cost.macs * density,
      histogram: magnitudeHistogram(kernel, bins),
    });
  }
  return out;
}

/** Everything the prune view and the PruneRecord need about one model. */
export async function inspectModel(model: tf.LayersModel, bins = DEFAULT_HISTOGRAM_BINS): Promise<ModelInspection> {
  const layers = await inspectLayers(model, bins);
  const weightless = layerCosts(model).filter((c) => !layers.some((l) => l.layer === c.name));
  const otherFlops = weightless.reduce((s, c) => s + c.flops, 0);
  return {
    layers,
    params: layers.reduce((s, l) => s + l.params, 0),
    nonzeroParams: layers.reduce((s, l) => s + l.nonzeroParams, 0),
    weightBytes: weightBytes(model),
    gzipBytes: await gzipBytes(await weightValues(model)),
    flopsPerQuery: otherFlops + layers.reduce((s, l) => s + l.flops, 0),
    theoreticalFlopsPerQuery: otherFlops + layers.reduce((s, l) => s + l.theoreticalFlops, 0),
  };
}
