// Packs a person's decoded images into the LabelledDataset the training worker takes: split
// (stratified, seeded, duplicates together) and copied into one pixel buffer per split.
import type { ImageSet, LabelledDataset } from './image-set.ts';
import { stratifiedSplit, type SplitFractions, type SplitResult } from './split.ts';

export interface PoolImage {
  /** File path or capture name, shown in the grids and the report. */
  id: string;
  label: number;
  /** size * size * 3 RGB bytes. */
  rgb: Uint8Array;
  hash: string;
}

export interface BuiltDataset {
  dataset: LabelledDataset;
  split: SplitResult;
  /** Images per class in each split: perClass[split][class]. */
  perClass: Record<'train' | 'val' | 'test', number[]>;
}

export function buildOwnDataset(name: string, classNames: string[], images: readonly PoolImage[], size: number, fractions: SplitFractions, seed: number): BuiltDataset {
  const stride = size * size * 3;
  for (const image of images) {
    if (image.rgb.length !== stride) throw new Error(`Image ${image.id} has ${image.rgb.length} bytes; expected ${stride} (${size}x${size} RGB).`);
  }
  const split = stratifiedSplit(images, fractions, seed);
  const pack = (indices: number[]): ImageSet => {
    const pixels = new Uint8Array(indices.length * stride);
    indices.forEach((i, k) => pixels.set(images[i]!.rgb, k * stride));
    return { pixels, labels: Uint8Array.from(indices, (i) => images[i]!.label), count: indices.length, height: size, width: size, ids: indices.map((i) => images[i]!.id) };
  };
  const count = (indices: number[]) => {
    const n = new Array<number>(classNames.length).fill(0);
    for (const i of indices) n[images[i]!.label]!++;
    return n;
  };
  return {
    dataset: { name, classNames: [...classNames], train: pack(split.train), val: pack(split.val), test: pack(split.test) },
    split,
    perClass: { train: count(split.train), val: count(split.val), test: count(split.test) },
  };
}
