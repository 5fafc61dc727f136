// Turns raw image bytes (RGB or RGBA, any size) into the model's input: [n, H, W, 3] floats in
// [0, 1]. Runs inside the server, so preprocessing is part of what a query costs.
import * as tf from '@tensorflow/tfjs';
import type { RawImage } from './protocol.ts';
import { rawImageProblem } from './raw-image.ts';

// One pass over the bytes: drop alpha and scale to [0, 1]; cheaper than building a uint8 tensor,
// slicing and dividing on the backend (three dispatches) for a 12k-value image.
function toRgbFloats(image: RawImage, out: Float32Array, offset: number): void {
  const { data, channels } = image;
  const n = image.width * image.height;
  const scale = 1 / 255;
  if (channels === 3) {
    for (let i = 0; i < n * 3; i++) out[offset + i] = data[i]! * scale;
  } else {
    for (let p = 0, q = 0; p < n; p++, q += 4) {
      const o = offset + p * 3;
      out[o] = data[q]! * scale;
      out[o + 1] = data[q + 1]! * scale;
      out[o + 2] = data[q + 2]! * scale;
    }
  }
}

/** One image as a [1, H, W, 3] input tensor; the caller owns it. Throws on a malformed image. */
export function imageToInput(image: RawImage, height: number, width: number): tf.Tensor4D {
  return imagesToInput([image], height, width);
}

/**
 * The server's hot path: like imageToInput, but converts into one reused Float32Array. A fresh
 * 48 KB array per query costs ~0.2 ms here (new backing store, page faults on first touch), as
 * much as a fifth of the model's own time. Contract: the tensor's values may alias the scratch
 * (the cpu backend keeps them), so it must be consumed (predict) and disposed before the next call.
 */
export class Preprocessor {
  private scratch = new Float32Array(0);

  toInput(image: RawImage, height: number, width: number): tf.Tensor4D {
    const problem = rawImageProblem(image);
    if (problem) throw new Error(problem);
    if (image.height !== height || image.width !== width) return imagesToInput([image], height, width);
    const size = height * width * 3;
    if (this.scratch.length !== size) this.scratch = new Float32Array(size);
    toRgbFloats(image, this.scratch, 0);
    return tf.tensor4d(this.scratch, [1, height, width, 3]);
  }
}

/** A batch of images as one [n, H, W, 3] tensor, each resized (bilinear) when its size differs. */
export function imagesToInput(images: readonly RawImage[], height: number, width: number): tf.Tensor4D {
  if (images.length === 0) throw new Error('Bad query: an empty batch.');
  for (const img of images) {
    const problem = rawImageProblem(img);
    if (problem) throw new Error(problem);
  }
  const sameSize = images.every((img) => img.height === height && img.width === width);
  if (sameSize) {
    const floats = new Float32Array(images.length * height * width * 3);
    images.forEach((img, i) => toRgbFloats(img, floats, i * height * width * 3));
    return tf.tensor4d(floats, [images.length, height, width, 3]);
  }
  return tf.tidy(() => {
    const resized = images.map((img) => {
      const floats = new Float32Array(img.height * img.width * 3);
      toRgbFloats(img, floats, 0);
      const t = tf.tensor4d(floats, [1, img.height, img.width, 3]);
      return img.height === height && img.width === width ? t : tf.image.resizeBilinear(t, [height, width]);
    });
    return resized.length === 1 ? resized[0]! : tf.concat(resized, 0);
  });
}
