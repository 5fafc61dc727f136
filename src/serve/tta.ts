// Test-time augmentation in the serving worker: one query becomes k views of the image (the
// original, its mirror, crops), predicted as one batch, and the answer is the mean of their
// class probabilities. No training: the same weights, more compute per query.
import * as tf from '@tensorflow/tfjs';
import { TTA_CROP_MARGIN, TTA_VIEW_NAMES, type TtaViews } from './tta-views.ts';

export { TTA_CROP_MARGIN };

export { isTtaViews, TTA_VIEW_COUNTS, TTA_VIEW_NAMES, ttaViewsProblem, type TtaViews } from './tta-views.ts';

/** One view: a box on the image (normalised [y1, x1, y2, x2]) taken from the image or its mirror. */
export interface TtaViewSpec {
  name: string;
  box: [number, number, number, number];
  mirrored: boolean;
}

const m = TTA_CROP_MARGIN;
/** In order: the first k are the views of k-view TTA (2 = original + mirror, 4 adds the centre crop and its mirror, 8 the four corners). */
const VIEWS: readonly TtaViewSpec[] = [
  { name: TTA_VIEW_NAMES[0], box: [0, 0, 1, 1], mirrored: false },
  { name: TTA_VIEW_NAMES[1], box: [0, 0, 1, 1], mirrored: true },
  { name: TTA_VIEW_NAMES[2], box: [m / 2, m / 2, 1 - m / 2, 1 - m / 2], mirrored: false },
  { name: TTA_VIEW_NAMES[3], box: [m / 2, m / 2, 1 - m / 2, 1 - m / 2], mirrored: true },
  { name: TTA_VIEW_NAMES[4], box: [0, 0, 1 - m, 1 - m], mirrored: false },
  { name: TTA_VIEW_NAMES[5], box: [0, m, 1 - m, 1], mirrored: false },
  { name: TTA_VIEW_NAMES[6], box: [m, 0, 1, 1 - m], mirrored: false },
  { name: TTA_VIEW_NAMES[7], box: [m, m, 1, 1], mirrored: false },
];

/** The k views a k-view query is answered from. */
export function ttaViewSpecs(k: TtaViews): readonly TtaViewSpec[] {
  return VIEWS.slice(0, k);
}

/** Bilinear sample positions along one side for a box edge pair, as cropAndResize places them. */
function samples(lo: number, hi: number, n: number, mirrored: boolean): { a: Int32Array; b: Int32Array; t: Float32Array } {
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const at = lo * (n - 1) + i * (hi - lo);
    const first = Math.floor(at);
    // The mirror's position p is the original's n − 1 − p.
    a[i] = mirrored ? n - 1 - first : first;
    b[i] = mirrored ? n - 1 - Math.min(n - 1, Math.ceil(at)) : Math.min(n - 1, Math.ceil(at));
    t[i] = at - first;
  }
  return { a, b, t };
}

/**
 * The k views of one image's pixels (H × W × 3 floats, row-major) as one batch of k images, built in
 * plain JS with the sampling of tf.image.cropAndResize: the original is a copy, a crop a bilinear
 * resample from per-row and per-column sample tables. Building four views with four TF.js ops on
 * wasm here cost about as much as one prediction (each op's dispatch and its own output).
 */
export function viewPixels(pixels: Float32Array, height: number, width: number, k: TtaViews): Float32Array {
  const size = height * width * 3;
  if (pixels.length !== size) throw new Error(`viewPixels: expected ${size} values for ${height}×${width}×3, got ${pixels.length}.`);
  const out = new Float32Array(k * size);
  out.set(pixels);
  writeViews(out, height, width, k);
  return out;
}

/**
 * Fills views 2..k of `batch` (k × H × W × 3 floats) from the image in its first slot, in place: the
 * serving fast path writes a query's pixels into its input's memory once and the views beside them.
 * A view whose box an earlier view has, mirrored the other way, is that view with its rows reversed
 * (exact, and far cheaper than resampling); a crop is resampled in two passes (along rows, then
 * down columns) with the arithmetic of one bilinear step, so the values are the same.
 */
export function writeViews(batch: Float32Array, height: number, width: number, k: TtaViews): void {
  const size = height * width * 3;
  if (batch.length < k * size) throw new Error(`writeViews: expected room for ${k} views of ${height}×${width}×3, got ${batch.length} values.`);
  for (const [v, step] of viewSteps(height, width, k).entries()) {
    if (step.kind === 'mirror') mirrorInto(batch, step.from * size, (v + 1) * size, height, width);
    else if (step.kind === 'resample') resampleInto(batch, (v + 1) * size, step, height, width);
  }
}

type Samples = ReturnType<typeof samples>;
/** How view 2..k is made: reversed rows of an earlier view, or a crop's sample tables (and room for its rows). */
type ViewStep = { kind: 'mirror'; from: number } | { kind: 'resample'; ys: Samples; xs: Samples; rows: Float64Array };

/** The steps per (height, width, k), worked out once: a query only runs them. */
const stepCache = new Map<string, ViewStep[]>();

function viewSteps(height: number, width: number, k: TtaViews): ViewStep[] {
  const key = `${height}x${width}x${k}`;
  let steps = stepCache.get(key);
  if (!steps) {
    const specs = ttaViewSpecs(k);
    steps = specs.slice(1).map((view, i): ViewStep => {
      const twin = specs.findIndex((w, j) => j <= i && w.mirrored !== view.mirrored && w.box.every((e, n) => e === view.box[n]));
      if (twin >= 0) return { kind: 'mirror', from: twin };
      const [y1, x1, y2, x2] = view.box;
      // (hi − lo) × (n − 1) / (n − 1) per step: the sample spacing of cropAndResize at the input's own size.
      return { kind: 'resample', ys: samples(y1, y2, height, false), xs: samples(x1, x2, width, view.mirrored), rows: new Float64Array(height * width * 3) };
    });
    stepCache.set(key, steps);
  }
  return steps;
}

/** The image at `from` mirrored left-right into `to` (3 channels). */
function mirrorInto(batch: Float32Array, from: number, to: number, height: number, width: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) {
      const src = from + row + (width - 1 - x) * 3;
      const dst = to + row + x * 3;
      batch[dst] = batch[src]!;
      batch[dst + 1] = batch[src + 1]!;
      batch[dst + 2] = batch[src + 2]!;
    }
  }
}

/**
 * The first image of `batch` cropped and resized back by `step`'s sample tables, written at `to`.
 * The rows resampled along x stay in double precision, as the one-step formula keeps them.
 */
function resampleInto(batch: Float32Array, to: number, step: { ys: Samples; xs: Samples; rows: Float64Array }, height: number, width: number): void {
  const { ys, xs, rows } = step;
  const line = width * 3;
  const first = Math.min(ys.a[0]!, ys.b[0]!);
  const last = Math.max(ys.a[height - 1]!, ys.b[height - 1]!);
  for (let sy = first; sy <= last; sy++) {
    const src = sy * line;
    for (let x = 0; x < width; x++) {
      const l = src + xs.a[x]! * 3;
      const r = src + xs.b[x]! * 3;
      const dx = xs.t[x]!;
      for (let c = 0; c < 3; c++) {
        const left = batch[l + c]!;
        rows[sy * line + x * 3 + c] = left + (batch[r + c]! - left) * dx;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    const top = ys.a[y]! * line;
    const bottom = ys.b[y]! * line;
    const dy = ys.t[y]!;
    const out = to + y * line;
    for (let i = 0; i < line; i++) {
      const t = rows[top + i]!;
      batch[out + i] = t + (rows[bottom + i]! - t) * dy;
    }
  }
}

/** The mean over k answers of `classes` probabilities each (k × classes, view-major), in float32 as tf.mean sums them. */
export function meanOfViews(probs: Float32Array, k: number, classes: number): Float32Array {
  const out = new Float32Array(classes);
  for (let c = 0; c < classes; c++) {
    let sum = 0;
    for (let v = 0; v < k; v++) sum = Math.fround(sum + probs[v * classes + c]!);
    out[c] = Math.fround(sum / k);
  }
  return out;
}

/** The k views of one image [1, H, W, 3] as one batch [k, H, W, 3]; the caller owns it. */
export function buildViews(image: tf.Tensor4D, k: TtaViews): tf.Tensor4D {
  const [n, h, w] = image.shape;
  if (n !== 1) throw new Error(`buildViews takes one image [1, H, W, 3], got a batch of ${n}.`);
  if (k === 1) return image.clone();
  // A query's input was just made from page bytes: reading it back is a copy, not a GPU sync.
  return tf.tensor4d(viewPixels(image.dataSync() as Float32Array, h, w, k), [k, h, w, 3]);
}

/** The mean class probabilities of the k views, [1, classes]; k = 1 is the model's own answer. Synchronous: call inside tidy or dispose the result. */
export function predictTta(model: tf.LayersModel, image: tf.Tensor4D, k: TtaViews): tf.Tensor {
  if (k === 1) return model.predict(image) as tf.Tensor;
  return tf.tidy(() => {
    const probs = model.predict(buildViews(image, k)) as tf.Tensor;
    return tf.mean(probs, 0, true);
  });
}
