// Which training images a run uses and in what order: the first trainSize images of one seeded
// shuffle of the train split, visited in a fresh seeded order each epoch. Shared by the trainer
// and the augmentation preview, so the preview shows the images the first batch really holds.
import { shuffledIndices } from '../data/prng.ts';

/** The training subset: a fixed seeded sample, so a smaller set stays balanced on average (not the first files on disk). */
export function trainingSubset(trainAvailable: number, settings: { trainSize: number; seed: number }): Uint32Array {
  return shuffledIndices(trainAvailable, settings.seed).subarray(0, Math.min(settings.trainSize, trainAvailable));
}

/** Positions into the subset, in the order epoch `epoch` (1-based) visits them. */
export function epochOrder(trainCount: number, seed: number, epoch: number): Uint32Array {
  return shuffledIndices(trainCount, seed * 1000 + epoch);
}

/** Train-split indices of batch `batch` (0-based) of epoch `epoch`. */
export function batchIndices(subset: Uint32Array, order: Uint32Array, batchSize: number, batch: number): number[] {
  const start = batch * batchSize;
  return Array.from(order.subarray(start, Math.min(subset.length, start + batchSize)), (i) => subset[i]!);
}
