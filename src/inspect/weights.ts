// The weights side of the Inside view: the first conv layer's kernels (drawn as RGB tiles), every
// conv filter's L1 norm (what structured pruning ranks) and a |w| histogram of each layer's kernel.
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_HISTOGRAM_BINS, magnitudeHistogram } from '../prune/inspect.ts';
import { isConvLayer } from './activations.ts';
import type { LayerHistogram, WeightSnapshot } from './types.ts';

const isKernel = (w: tf.LayerVariable) => w.originalName.endsWith('/kernel');

/**
 * Reads every layer's kernel once. The values are cloned inside a tidy first, so an optimizer
 * step that replaces a variable while the read is pending cannot free the data under it.
 */
export async function weightSnapshot(model: tf.LayersModel, epoch = 0, bins = DEFAULT_HISTOGRAM_BINS): Promise<WeightSnapshot> {
  const start = performance.now();
  const layers = model.layers.filter((l) => l.weights.some(isKernel));
  const kernels = tf.tidy(() => layers.map((l) => l.weights.find(isKernel)!.read().clone()));
  try {
    const histograms: LayerHistogram[] = [];
    const filterNorms = [];
    let firstConv: WeightSnapshot['firstConv'] = null;
    for (const [i, layer] of layers.entries()) {
      const kernel = kernels[i]!;
      const values = (await kernel.data()) as Float32Array;
      histograms.push({ layer: layer.name, className: layer.getClassName(), count: values.length, histogram: magnitudeHistogram(values, bins) });
      if (!isConvLayer(layer) || kernel.rank !== 4) continue;
      const [kh, kw, inChannels, filters] = kernel.shape as [number, number, number, number];
      // L1 norm of each output filter: the filter axis is last, so filter f is every filters-th value.
      const norms = new Array<number>(filters).fill(0);
      for (let j = 0; j < values.length; j++) norms[j % filters]! += Math.abs(values[j]!);
      filterNorms.push({ layer: layer.name, norms });
      if (!firstConv && inChannels === 3) firstConv = { layer: layer.name, kh, kw, inChannels, filters, values: values.slice() };
    }
    return { epoch, firstConv, filterNorms, histograms, computeMs: performance.now() - start };
  } finally {
    for (const k of kernels) k.dispose();
  }
}
