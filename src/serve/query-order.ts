// Which test image each query uses, and how an answer is scored: pure logic, no tensors, so the
// same seed gives the same query order in Node and in the browser.
import { shuffledIndices } from '../data/prng.ts';
import type { ImageSet } from '../data/image-set.ts';
import type { RawImage } from './protocol.ts';

/**
 * `count` image indices over a set of `setSize`: a seeded shuffle, then another shuffle (next seed)
 * when the run is longer than the set, so every image is used before any repeats.
 */
export function queryOrder(setSize: number, count: number, seed: number): Uint32Array {
  if (!(Number.isInteger(setSize) && setSize > 0)) throw new Error(`queryOrder: the test set is empty (size ${setSize}).`);
  if (!(Number.isInteger(count) && count >= 0)) throw new Error(`queryOrder: count must be a non-negative integer, got ${count}.`);
  const out = new Uint32Array(count);
  for (let start = 0, cycle = 0; start < count; start += setSize, cycle++) {
    const perm = shuffledIndices(setSize, (seed + cycle) >>> 0);
    out.set(perm.subarray(0, Math.min(setSize, count - start)), start);
  }
  return out;
}

/** Image `index` of the set as a raw RGB image (a view into the set's pixels, no copy). */
export function imageAt(set: ImageSet, index: number): RawImage {
  const stride = set.height * set.width * 3;
  return { data: set.pixels.subarray(index * stride, (index + 1) * stride), width: set.width, height: set.height, channels: 3 };
}

/** Index of the largest probability (first one on ties). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Accuracy over distinct images: an image queried twice counts once (its first answer). */
export function distinctAccuracy(samples: readonly { imageIndex: number; correct: boolean; error?: string }[]): number {
  const seen = new Map<number, boolean>();
  for (const s of samples) if (s.error === undefined && !seen.has(s.imageIndex)) seen.set(s.imageIndex, s.correct);
  if (seen.size === 0) return Number.NaN;
  let right = 0;
  for (const ok of seen.values()) if (ok) right++;
  return right / seen.size;
}
