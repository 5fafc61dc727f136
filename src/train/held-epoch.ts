// Which epoch's weights a trained model has: the one kept for its lowest validation loss (the
// keepBest setting, every drift retraining), else the last. One answer for the registry, the
// report and the views.
import type { EpochRecord } from '../metrics/report.ts';

/** The record of the epoch whose weights the model has; undefined when no epoch finished. */
export function heldEpoch(records: readonly EpochRecord[], keptEpoch: number | undefined): EpochRecord | undefined {
  return records.find((r) => r.epoch === keptEpoch) ?? records.at(-1);
}

/** `{ keptEpoch }` to spread into a trained origin or a run record, or nothing when the last epoch is held. */
export const keptEpochField = (keptEpoch: number | undefined): { keptEpoch?: number } => (keptEpoch !== undefined ? { keptEpoch } : {});
