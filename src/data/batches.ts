// Turns plain image bytes into batch tensors: the caller owns what is returned.
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from './image-set.ts';

/** Float32 NHWC in [0, 1] for the images at `indices`, plus one-hot labels. */
export function batchTensors(
  set: ImageSet,
  indices: ArrayLike<number>,
  numClasses: number,
): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const pixelsPerImage = set.height * set.width * 3;
  const x = new Float32Array(indices.length * pixelsPerImage);
  const y = new Float32Array(indices.length * numClasses);
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]! * pixelsPerImage;
    const dst = i * pixelsPerImage;
    for (let p = 0; p < pixelsPerImage; p++) x[dst + p] = set.pixels[src + p]! / 255;
    y[i * numClasses + set.labels[indices[i]!]!] = 1;
  }
  return {
    xs: tf.tensor4d(x, [indices.length, set.height, set.width, 3]),
    ys: tf.tensor2d(y, [indices.length, numClasses]),
  };
}

/** Consecutive index ranges [start, end) of at most `batchSize`. */
export function* batchRanges(count: number, batchSize: number): Generator<[number, number]> {
  for (let start = 0; start < count; start += batchSize) yield [start, Math.min(count, start + batchSize)];
}
