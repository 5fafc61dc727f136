// The Train view's augmentation preview: the first images of the first batch of epoch 1, before
// and after the trainer's own augmentation draws for that batch, as RGB bytes for the page.
import type { LabelledDataset } from '../data/image-set.ts';
import { batchTensors } from '../data/batches.ts';
import { augmentBatch } from './augment.ts';
import { batchIndices, epochOrder, trainingSubset } from './batch-order.ts';
import type { TrainSettings } from './settings.ts';

/** Training images before and after augmentation, as the trainer's first batch of epoch 1 saw them. */
export interface AugmentSamples {
  count: number;
  /** Side of each square image, pixels. */
  size: number;
  /** RGB bytes, count x size x size x 3. */
  original: Uint8Array;
  augmented: Uint8Array;
  /** Indices of the images in the training split. */
  indices: number[];
  /** Measured wall time of augmenting them in the worker (the ops and reading both back). */
  augmentMs: number;
}

export async function augmentSamples(dataset: LabelledDataset, settings: TrainSettings, count: number): Promise<AugmentSamples> {
  const subset = trainingSubset(dataset.train.count, settings);
  const order = epochOrder(subset.length, settings.seed, 1);
  // The batch's first `count` images get the batch's first `count` draws (they are drawn in order).
  const indices = batchIndices(subset, order, settings.batchSize, 0).slice(0, count);
  const { xs, ys } = batchTensors(dataset.train, indices, dataset.classNames.length);
  ys.dispose();
  try {
    const start = performance.now();
    const augmented = augmentBatch(xs, settings, 1, 0);
    const [before, after] = await Promise.all([xs.data(), augmented.data()]).finally(() => augmented.dispose());
    const augmentMs = performance.now() - start;
    const toBytes = (v: ArrayLike<number>) => Uint8Array.from(v as ArrayLike<number>, (x) => Math.round(x * 255));
    return { count: indices.length, size: dataset.train.height, original: toBytes(before), augmented: toBytes(after), indices, augmentMs };
  } finally {
    xs.dispose();
  }
}
