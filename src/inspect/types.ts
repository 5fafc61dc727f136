// Plain-number records of what the Inside view shows (no TF.js here, so the page can import them):
// feature maps, the layer table, the per-layer time profile, filters and weight histograms.
import type { MagnitudeHistogram } from '../prune/inspect.ts';
import type { FilterNorms } from '../prune/plan.ts';

/** One conv layer's output for one image, each channel scaled to 0..255 by its own maximum. */
export interface FeatureMaps {
  layer: string;
  height: number;
  width: number;
  channels: number;
  /** Channel-major bytes: channel c's map is bytes[c*height*width .. (c+1)*height*width). */
  bytes: Uint8Array;
  /** Largest activation of each channel (what 255 stands for; 0 = a channel dark for this image). */
  channelMax: number[];
}

/** Every conv layer's feature maps plus the model's final output for one image. */
export interface ActivationSnapshot {
  layers: FeatureMaps[];
  /** Class probabilities: the model's final output (softmax), same as model.predict. */
  probabilities: number[];
  /** Where it was taken: the epoch and batch during training, 0/0 on demand. */
  epoch: number;
  batch: number;
  /** Wall time in the worker to compute, read back and scale the snapshot. */
  computeMs: number;
}

/** One row of the layer table: analytic, from src/model/flops.ts. */
export interface LayerRow {
  name: string;
  className: string;
  /** Output shape of one image, e.g. [64, 64, 16]. */
  outputShape: number[];
  params: number;
  /** Analytic forward FLOPs per query. */
  flops: number;
  /** flops / the model's forward FLOPs. */
  flopsShare: number;
}

/** A layer's measured forward time on a batch (each layer timed on its own). */
export interface LayerTiming {
  name: string;
  /** Median over the repeats of apply + reading back one element, for this layer alone. */
  ms: number;
  /** The fastest and slowest of the repeats: with 5 of them, a 94% interval for the median (1 − 2 × 0.5^5). */
  minMs: number;
  maxMs: number;
  /** ms / the sum over layers. */
  share: number;
  /** Kernels the layer dispatched (tf.profile of one untimed call), e.g. ['FusedConv2D']. */
  kernels: string[];
}

export interface LayerProfile {
  backend: string;
  batchSize: number;
  repeats: number;
  layers: LayerTiming[];
  /** Sum of the per-layer medians. */
  sumMs: number;
  /** Median of the whole model's predict on the same batch, timed the same way, for comparison. */
  wholeMs: number;
  /** Layer names and shapes the profile was taken on: still valid while they match. */
  signature: string;
}

/** The first conv layer's kernels: kh x kw x 3 per filter, as RGB tiles. */
export interface FirstConvFilters {
  layer: string;
  kh: number;
  kw: number;
  inChannels: number;
  filters: number;
  /** The kernel as TF.js stores it: [kh, kw, inChannels, filters], row-major. */
  values: Float32Array;
}

export interface LayerHistogram {
  layer: string;
  className: string;
  /** Kernel weights counted (biases excluded). */
  count: number;
  histogram: MagnitudeHistogram;
}

/** The weights side of the Inside view, taken at the end of an epoch or on demand. */
export interface WeightSnapshot {
  epoch: number;
  firstConv: FirstConvFilters | null;
  filterNorms: FilterNorms[];
  histograms: LayerHistogram[];
  computeMs: number;
}

/** How often live snapshots are taken while training runs. */
export interface LiveRate {
  /** At most this fraction of the elapsed epoch time goes to snapshots (0.02 = 2%). */
  maxShare: number;
  /** And at most one snapshot per this many ms. */
  minIntervalMs: number;
}

export const DEFAULT_LIVE_RATE: LiveRate = { maxShare: 0.02, minIntervalMs: 400 };

/** What the page asks the training worker to watch while it trains. */
export interface LiveConfig {
  /** RGB bytes of the chosen image at the model's input size (size*size*3), or null for none. */
  image: Uint8Array | null;
  size: number;
  rate: LiveRate;
  /** Push a WeightSnapshot at the end of each epoch. */
  weights: boolean;
}

/** Page-side callbacks the worker calls during training (through comlink). */
export interface InsideCallbacks {
  onActivations?(snapshot: ActivationSnapshot): void;
  onWeights?(snapshot: WeightSnapshot): void;
}
