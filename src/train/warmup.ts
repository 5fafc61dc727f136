// Adam with a linear learning-rate warm-up: the first WARMUP_BATCHES steps of a fresh optimizer
// climb from lr / WARMUP_BATCHES to the set rate. Adam's second-moment estimate rests on a handful
// of gradients in those steps, and full-size steps then left some seeds at chance through epoch 1
// (measured by scripts/early-learning.ts); the warm-up costs no kernels, only a number per step.
import * as tf from '@tensorflow/tfjs';
import { applyFusedAdam, fusedAdamAvailable } from './fused-adam.ts';

/** Steps over which the rate rises to the set value: about half an epoch of 2,000 images at batch 32. */
export const WARMUP_BATCHES = 30;

/** The rate for 0-based optimizer step `step`: peak * (step + 1) / warmupBatches, then peak. */
export function warmupLearningRate(peak: number, step: number, warmupBatches = WARMUP_BATCHES): number {
  if (!(Number.isInteger(step) && step >= 0)) throw new Error(`warmupLearningRate: step must be a whole number >= 0, got ${step}.`);
  if (!(Number.isInteger(warmupBatches) && warmupBatches >= 0)) throw new Error(`warmupLearningRate: warmupBatches must be a whole number >= 0, got ${warmupBatches}.`);
  return warmupBatches === 0 ? peak : peak * Math.min(1, (step + 1) / warmupBatches);
}

/**
 * tf.train.adam's optimizer (same betas and epsilon) whose rate follows warmupLearningRate by its
 * own step count, so every trainOnBatch gets the schedule without the loop knowing of it. A fresh
 * instance starts from zeroed moments and warms up again (a run continued from saved weights);
 * one given a checkpoint's slots (setWeights restores the step count) goes on where it stopped.
 */
export class WarmupAdam extends tf.AdamOptimizer {
  constructor(
    /** The rate after warm-up: the run's learning-rate setting. */
    readonly peakLearningRate: number,
    readonly warmupBatches = WARMUP_BATCHES,
    /** Use the fused update where the backend has it (wasm): one dispatch per variable instead of 14, same numbers. */
    readonly fused = true,
  ) {
    super(warmupLearningRate(peakLearningRate, 0, warmupBatches), 0.9, 0.999);
  }

  /** The rate the next step will use. */
  get currentLearningRate(): number {
    return warmupLearningRate(this.peakLearningRate, this.iterations, this.warmupBatches);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    this.learningRate = this.currentLearningRate;
    if (!this.fused || !fusedAdamAvailable()) return super.applyGradients(variableGradients);
    applyFusedAdam(this, variableGradients);
    this.incrementIterations();
  }
}
