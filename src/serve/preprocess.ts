// Turns raw image bytes (RGB or RGBA, any size) into the model's input: [n, H, W, 3] floats in
// [0, 1]. Runs inside the server, so preprocessing is part of what a query costs.
import * as tf from '@tensorflow/tfjs';
import type { RawImage } from './protocol.ts';

/** Why this image cannot be served, or null when it can. */
export function rawImageProblem(image: unknown): string | null {
  if (typeof image !== 'object' || image === null) return 'Bad query: expected an image object.';
  const { data, width, height, channels } = image as Partial<RawImage>;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) return 'Bad query: image data must be a Uint8Array of pixel bytes.';
  if (channels !== 3 && channels !== 4) return `Bad query: channels must be 3 (RGB) or 4 (RGBA), got ${String(channels)}.`;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width! < 1 || height! < 1) {
    return `Bad query: width and height must be positive integers, got ${String(width)} x ${String(height)}.`;
  }
  const need = width! * height! * channels;
  if (data.length !== need) return `Bad query: a ${width}x${height}x${channels} image needs ${need} bytes, got ${data.length}.`;
  return null;
}

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
