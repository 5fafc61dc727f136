// The Inside view's state: the chosen image, the latest feature maps, the layer table with its
// time profile, the latest weight snapshot, and the live-snapshot rate. Plain data only.
import type { ActivationSnapshot, LayerProfile, LayerRow, LiveRate, WeightSnapshot } from '../inspect/types.ts';
import { DEFAULT_LIVE_RATE } from '../inspect/types.ts';

export type ImageSource = { kind: 'validation'; index: number } | { kind: 'file'; name: string } | { kind: 'camera' };

export interface InsideImage {
  source: ImageSource;
  /** RGB bytes at the model's input size. */
  pixels: Uint8Array;
  size: number;
  /** The class it belongs to, for validation images. */
  trueClass: string | null;
}

export interface InsideState {
  image: InsideImage | null;
  snapshot: ActivationSnapshot | null;
  /** Live snapshots received in the current training run, and their summed worker time. */
  live: { count: number; computeMs: number };
  rows: LayerRow[] | null;
  /** 'current': the model in the worker; 'settings': the model the Train settings would build. */
  rowsSource: 'current' | 'settings' | null;
  profile: LayerProfile | null;
  profiling: boolean;
  weights: WeightSnapshot | null;
  rate: LiveRate;
  /** Fraction of each conv layer's filters marked as structured pruning's cut. */
  cutFraction: number;
  busy: 'image' | 'camera' | null;
  error: string | null;
  /** The registry model the maps, table and weights are of; null for the run being trained (or none). */
  modelId: string | null;
}

export function initialInsideState(): InsideState {
  return {
    image: null,
    snapshot: null,
    live: { count: 0, computeMs: 0 },
    rows: null,
    rowsSource: null,
    profile: null,
    profiling: false,
    weights: null,
    rate: DEFAULT_LIVE_RATE,
    cutFraction: 0.5,
    busy: null,
    error: null,
    modelId: null,
  };
}

/** "validation image 12 (cat)", "file photo.jpg", "webcam frame". */
export function describeImage(image: InsideImage): string {
  const s = image.source;
  if (s.kind === 'validation') return `validation image ${s.index}${image.trueClass ? ` (${image.trueClass})` : ''}`;
  if (s.kind === 'file') return `your file ${s.name}`;
  return 'a webcam frame';
}
