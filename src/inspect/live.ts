// Live inspection during training, in the worker: between batches (never inside one) it takes an
// activation snapshot of the chosen image when the budget allows, and at the end of each epoch a
// weight snapshot, and pushes them to the page. The trainer times every call (activationsMs).
import type * as tf from '@tensorflow/tfjs';
import { extractActivations } from './activations.ts';
import { SnapshotBudget } from './live-budget.ts';
import { weightSnapshot } from './weights.ts';
import { DEFAULT_LIVE_RATE, type InsideCallbacks, type LiveConfig } from './types.ts';

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Where a training run is when it calls between batches: all a snapshot needs of its progress. */
export interface BatchPosition {
  epoch: number;
  /** 1-based batch within the epoch; `batches` per epoch. */
  batch: number;
  batches: number;
}

/**
 * Fits the trainer's BatchObserver by shape alone: inspect/ is a building block that the workbench
 * plugs into a training run, so it does not import the trainer.
 */
export class InsideObserver {
  private config: LiveConfig | null = null;
  private readonly budget = new SnapshotBudget(DEFAULT_LIVE_RATE);
  private epoch = 0;
  /** The image changed: take the next snapshot as soon as the interval allows, whatever the budget. */
  private imageChanged = false;
  callbacks: InsideCallbacks = {};

  configure(config: LiveConfig | null): void {
    // Every call brings a fresh copy of the image: compare bytes, so a new rate alone forces nothing.
    if (!sameBytes(config?.image ?? null, this.config?.image ?? null)) this.imageChanged = true;
    this.config = config;
    if (config) this.budget.setRate(config.rate);
  }

  get live(): LiveConfig | null {
    return this.config;
  }

  async afterBatch(model: tf.LayersModel, progress: BatchPosition): Promise<void> {
    const config = this.config;
    if (!config) return;
    const now = performance.now();
    // Batch 1 also starts an account: a new run's first epoch has the same number as the last run's.
    if (progress.epoch !== this.epoch || progress.batch === 1) {
      this.epoch = progress.epoch;
      this.budget.startEpoch(now);
    }
    if (config.image && (this.budget.allows(now) || (this.imageChanged && progress.batch > 0))) {
      this.imageChanged = false;
      const snapshot = await extractActivations(model, config.image, config.size, progress);
      this.callbacks.onActivations?.(snapshot);
      this.budget.spent(now, performance.now() - now);
    }
    if (config.weights && progress.batch === progress.batches) {
      const weights = await weightSnapshot(model, progress.epoch);
      this.callbacks.onWeights?.(weights);
      this.budget.charge(weights.computeMs);
    }
  }
}
