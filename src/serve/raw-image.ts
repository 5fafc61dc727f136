// Checks a raw image before anything reads its bytes: shared by the page (to pick a transport) and
// the worker (to answer a bad query with a clear error instead of failing inside TF.js).
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
