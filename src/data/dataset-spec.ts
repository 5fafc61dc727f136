// The shipped cats-vs-dogs dataset: its fixed parameters and the manifest's shape, shared by the
// generator (scripts/make-dataset.ts), the browser loader (load-shipped.ts) and the tests.

export const DATASET_NAME = 'catsdogs';
export const CLASS_NAMES = ['cat', 'dog'] as const;
export const IMAGE_SIZE = 64;
export const DEFAULT_SEED = 20240611;

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

/**
 * Each split draws from its own block of image indices, so changing one split's count never
 * changes another split's images (image = pure function of (seed, index)).
 */
export const SPLIT_INDEX_BASE: Readonly<Record<SplitName, number>> = {
  train: 0,
  val: 1_000_000,
  test: 2_000_000,
};

export const DEFAULT_COUNTS: Readonly<Record<SplitName, number>> = {
  train: 2000,
  val: 500,
  test: 1200,
};

/** Labels alternate cat, dog, cat, ... so every prefix of a split is balanced. */
export function labelOf(indexInSplit: number): number {
  return indexInSplit % CLASS_NAMES.length;
}

export function imageId(split: SplitName, indexInSplit: number): string {
  return `${split}-${String(indexInSplit).padStart(5, '0')}`;
}

export interface ManifestSplit {
  /** Pack file name, relative to the manifest: the split's encoded images, concatenated. */
  file: string;
  /** sha256 (hex) of the whole pack file. */
  sha256: string;
  bytes: number;
  count: number;
  /** Images per class, indexed like `classes`. */
  perClass: number[];
  /** First image index (seed space) of this split: image i is drawn from (seed, indexBase + i). */
  indexBase: number;
  /** Per image, columnar so the JSON stays small. */
  ids: string[];
  labels: number[];
  offsets: number[];
  lengths: number[];
  /** sha256 (hex) of each encoded image. */
  imageSha256: string[];
}

export interface DatasetManifest {
  schema: number;
  name: string;
  description: string;
  /** Images are width x height pixels, RGB once decoded. */
  width: number;
  height: number;
  channels: number;
  /** MIME type of every encoded image in the packs. */
  format: string;
  jpegQuality: number;
  seed: number;
  /** Version of the renderer that produced the bytes: same seed + same renderer = same bytes. */
  renderer: string;
  generatorVersion: number;
  classes: string[];
  splits: Record<SplitName, ManifestSplit>;
}
