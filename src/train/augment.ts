// Training-time augmentation as tensor ops on a batch (NHWC, values in [0, 1]): one
// cropAndResize does the flip and the crop (a box with x1 > x2 samples the crop mirrored), then
// per-image brightness, contrast and saturation, clipped back to [0, 1]. The draws come from
// augment-params.ts, so the same seed gives the same augmented batch. The caller owns the result.
import * as tf from '@tensorflow/tfjs';
import { augmentationOf, batchAugmentSeed, drawAugmentation, type AugmentDraw } from './augment-params.ts';
import type { AugmentSettings } from './settings.ts';

/** ITU-R BT.601 luma weights: the grey that saturation jitter pulls towards. */
const LUMA = [0.299, 0.587, 0.114];

/** Applies `draws` (one per image) to `xs`; returns a new tensor, `xs` is left as it was. */
export function applyAugmentation(xs: tf.Tensor4D, draws: readonly AugmentDraw[], settings: AugmentSettings): tf.Tensor4D {
  const [n, h, w] = xs.shape;
  if (draws.length !== n) throw new Error(`Augmentation needs one draw per image: ${draws.length} draws for ${n} images.`);
  const a = augmentationOf(settings);
  return tf.tidy(() => {
    let out: tf.Tensor4D = xs;
    if (a.augFlip || a.augCrop > 0) {
      const boxes = tf.tensor2d(draws.flatMap((d) => d.box), [n, 4]);
      const boxInd = tf.range(0, n, 1, 'int32') as tf.Tensor1D;
      out = tf.image.cropAndResize(out, boxes, boxInd, [h, w], 'bilinear');
    }
    const perImage = (values: number[]) => tf.tensor4d(values, [n, 1, 1, 1]);
    if (a.augBrightness > 0) out = tf.add(out, perImage(draws.map((d) => d.brightness)));
    if (a.augContrast > 0) {
      const mean = tf.mean(out, [1, 2, 3], true);
      out = tf.add(tf.mul(tf.sub(out, mean), perImage(draws.map((d) => d.contrast))), mean);
    }
    if (a.augSaturation > 0) {
      const grey = tf.sum(tf.mul(out, tf.tensor4d(LUMA, [1, 1, 1, 3])), 3, true);
      out = tf.add(tf.mul(tf.sub(out, grey), perImage(draws.map((d) => d.saturation))), grey);
    }
    // Nothing switched on: a copy, so the caller always owns (and disposes) what it gets.
    return out === xs ? tf.clone(xs) : tf.clipByValue(out, 0, 1);
  });
}

/** One training batch augmented as the trainer does it: the draws of (seed, epoch, batch). */
export function augmentBatch(xs: tf.Tensor4D, settings: AugmentSettings & { seed: number }, epoch: number, batch: number): tf.Tensor4D {
  return applyAugmentation(xs, drawAugmentation(settings, xs.shape[0], batchAugmentSeed(settings.seed, epoch, batch)), settings);
}
