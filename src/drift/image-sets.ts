// Picking and joining images of ImageSets (plain bytes, no tensors): a day's labelled share, the
// labelled days a retraining learns from.
import type { ImageSet } from '../data/image-set.ts';

/** The images at `indices` of a set, as a new set. */
export function pick(set: ImageSet, indices: ArrayLike<number>): ImageSet {
  const stride = set.height * set.width * 3;
  const pixels = new Uint8Array(indices.length * stride);
  const labels = new Uint8Array(indices.length);
  const ids: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i]!;
    pixels.set(set.pixels.subarray(j * stride, (j + 1) * stride), i * stride);
    labels[i] = set.labels[j]!;
    ids.push(set.ids[j] ?? String(j));
  }
  return { pixels, labels, count: indices.length, height: set.height, width: set.width, ids };
}

/** Concatenation of sets of one image size. */
export function concatSets(sets: readonly ImageSet[]): ImageSet {
  const first = sets[0]!;
  const stride = first.height * first.width * 3;
  const count = sets.reduce((a, s) => a + s.count, 0);
  const pixels = new Uint8Array(count * stride);
  const labels = new Uint8Array(count);
  const ids: string[] = [];
  let at = 0;
  for (const s of sets) {
    pixels.set(s.pixels.subarray(0, s.count * stride), at * stride);
    labels.set(s.labels.subarray(0, s.count), at);
    ids.push(...s.ids.slice(0, s.count));
    at += s.count;
  }
  return { pixels, labels, count, height: first.height, width: first.width, ids };
}
