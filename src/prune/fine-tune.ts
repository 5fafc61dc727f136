// Fine-tunes a (pruned) model batch by batch with Adam, re-applying the magnitude masks after
// every optimizer step (trainOnBatch knows nothing of masks) and updating them on a schedule.
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set.ts';
import { shuffledIndices } from '../data/prng.ts';
import { optimizerFlopsPerStep, trainableParamCount, trainFlopsPerSample } from '../model/flops.ts';
import { batchTensors } from '../data/batches.ts';
import { KernelCounter, totalDispatches } from '../tf/kernel-counter.ts';
import { FusedAdam } from '../tf/fused-adam.ts';
import { yieldToEventLoop } from '../tf/yield.ts';
import { magnitudeMasks, verifyMasks, type MaskCheck, type MaskOptions, type MaskSet } from './masks.ts';
import { isUpdateStep, sparsityAt, validateSchedule, type PruningSchedule } from './schedule.ts';

export interface FineTuneProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Optimizer steps done so far. */
  step: number;
  loss: number;
  acc: number;
  /** Target sparsity of the masks in force (0 without pruning). */
  sparsity: number;
}

export interface FineTuneOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Seeds the per-epoch shuffles (and the training subset). */
  seed: number;
  /** Use only the first N images of a seeded shuffle of the set (default: all). */
  trainSize?: number;
  /** Unstructured pruning during fine-tuning; omit to fine-tune without masks (e.g. structured). */
  pruning?: { schedule: PruningSchedule; masks?: Partial<MaskOptions> };
  onBatch?(progress: FineTuneProgress): void;
  /** Stops after the batch in progress; the masks are still applied and verified. */
  signal?: AbortSignal;
  /** Adam through the fused kernel where the backend has it, as training does (default true; false is tfjs's stock step). */
  fusedAdam?: boolean;
}

export interface FineTuneResult {
  /** Measured wall time of the fine-tuning (mask updates and re-application included). */
  fineTuneMs: number;
  /** Analytic training FLOPs: 3 x forward per sample, Adam per step, one multiply per masked weight per step. */
  trainFlops: number;
  /**
   * Counted kernel dispatches of the fine-tuning: batches, optimizer steps, mask updates and
   * re-application (not the onBatch callback, the yields, or the final mask check).
   */
  dispatches: number;
  /** The same dispatches by kernel name, most frequent first. */
  kernelHistogram: Record<string, number>;
  steps: number;
  /** Samples-weighted mean loss and accuracy of the last epoch run. */
  loss: number;
  acc: number;
  stopped: boolean;
  /** Exact zero counts of the masked kernels at the end (empty without pruning). */
  maskChecks: MaskCheck[];
}

const ADAM_STEP = 'adam' as const;

/**
 * Compiles `model` with a fresh Adam (disposed at the end, so the model must be compiled again
 * before further training) and fine-tunes it in place. Masks are owned and freed here.
 */
export async function fineTune(model: tf.LayersModel, set: ImageSet, numClasses: number, options: FineTuneOptions): Promise<FineTuneResult> {
  const { epochs, batchSize, seed, signal } = options;
  if (!(Number.isSafeInteger(epochs) && epochs >= 0)) throw new Error(`fineTune: epochs must be a non-negative integer, got ${epochs}.`);
  if (!(Number.isSafeInteger(batchSize) && batchSize >= 1)) throw new Error(`fineTune: batchSize must be a positive integer, got ${batchSize}.`);
  const schedule = options.pruning ? validateSchedule(options.pruning.schedule) : null;
  const count = Math.min(options.trainSize ?? set.count, set.count);
  if (count < 1) throw new Error('fineTune: the training set is empty.');
  // A fixed sample, as in the trainer, so a smaller trainSize is a seeded subset, not the first files.
  const subset = shuffledIndices(set.count, seed).subarray(0, count);
  const batches = Math.ceil(count / batchSize);

  // The trainer's fused Adam (same numbers as tf.train.adam, one dispatch per variable on wasm).
  const optimizer = new FusedAdam(options.learningRate, options.fusedAdam ?? true);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const flopsPerSample = trainFlopsPerSample(model);
  const stepFlops = optimizerFlopsPerStep(trainableParamCount(model), ADAM_STEP);

  // A holder rather than a `let`, so TypeScript follows the updates made inside updateMasks.
  const pruned: { masks: MaskSet | null; elements: number; sparsity: number } = { masks: null, elements: 0, sparsity: 0 };
  let step = 0;
  let trainFlops = 0;
  let loss = NaN;
  let acc = NaN;
  let stopped = false;
  const counter = new KernelCounter();
  counter.install(tf.getBackend());
  const start = performance.now();
  counter.start();
  try {
    const updateMasks = async (): Promise<void> => {
      if (!schedule || !isUpdateStep(schedule, step)) return;
      pruned.sparsity = sparsityAt(schedule, step);
      pruned.masks?.dispose();
      pruned.masks = null;
      // Recomputed from the current (already masked) weights, so pruned weights stay pruned.
      pruned.masks = await magnitudeMasks(model, pruned.sparsity, options.pruning?.masks);
      pruned.elements = [...pruned.masks.masks.values()].reduce((s, m) => s + m.size, 0);
      pruned.masks.apply(model);
    };

    for (let epoch = 1; epoch <= epochs && !stopped; epoch++) {
      const order = shuffledIndices(count, seed * 1000 + epoch);
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      for (let b = 0; b < batches; b++) {
        if (signal?.aborted) {
          stopped = true;
          break;
        }
        await updateMasks();
        const begin = b * batchSize;
        const indices = Array.from(order.subarray(begin, Math.min(count, begin + batchSize)), (i) => subset[i]!);
        const { xs, ys } = batchTensors(set, indices, numClasses);
        let batchLoss: number;
        let batchAcc: number;
        try {
          [batchLoss, batchAcc] = (await model.trainOnBatch(xs, ys)) as number[] as [number, number];
        } finally {
          xs.dispose();
          ys.dispose();
        }
        // Adam moves pruned weights off zero; putting them back after every step keeps the
        // sparsity exact (TF-MOT does the same in its pruning wrapper's update op).
        pruned.masks?.apply(model);
        step++;
        trainFlops += indices.length * flopsPerSample + stepFlops + pruned.elements;
        lossSum += batchLoss * indices.length;
        accSum += batchAcc * indices.length;
        seen += indices.length;
        counter.pause();
        options.onBatch?.({ epoch, epochs, batch: b + 1, batches, step, loss: batchLoss, acc: batchAcc, sparsity: pruned.sparsity });
        await yieldToEventLoop();
        counter.resume();
      }
      if (seen > 0) {
        loss = lossSum / seen;
        acc = accSum / seen;
      }
    }
    // With no step run (epochs 0), a one-shot schedule still prunes: its update is at step 0.
    if (pruned.masks === null && !stopped && step === 0) await updateMasks();
    const fineTuneMs = performance.now() - start;
    const kernelHistogram = counter.stop();
    const maskChecks = pruned.masks ? await verifyMasks(model, pruned.masks) : [];
    return { fineTuneMs, trainFlops, dispatches: totalDispatches(kernelHistogram), kernelHistogram, steps: step, loss, acc, stopped, maskChecks };
  } finally {
    // A throw mid-batch must not leave this counter listening.
    counter.stop();
    pruned.masks?.dispose();
    optimizer.dispose();
  }
}
