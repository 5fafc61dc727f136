// One training run: a seeded model trained batch by batch with pause/resume/stop, early
// stopping, and the per-epoch instrumentation of docs/methods.md, section 2. Plain numbers out.
import * as tf from '@tensorflow/tfjs';
import type { LabelledDataset } from '../data/image-set.ts';
import { batchIndices, epochOrder, trainingSubset } from './batch-order.ts';
import { buildCnn, modelConfigOf } from '../model/cnn.ts';
import { epochTrainFlops, forwardFlops } from '../model/flops.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { batchTensors } from '../data/batches.ts';
import { evaluate, type Evaluation } from '../model/evaluate.ts';
import { KernelCounter, totalDispatches } from '../tf/kernel-counter.ts';
import type { TrainSettings } from './settings.ts';
import { yieldToEventLoop } from '../tf/yield.ts';
import { saveToArtifacts, type SerializedModel } from '../model/artifacts.ts';
import { onGpuBackend, whileContextAlive } from '../tf/gpu-context.ts';
import { WarmupAdam } from './warmup.ts';
import { augmentBatch } from './augment.ts';
import { augmentationOn } from './augment-params.ts';
import { batchAccuracy, distillLoss, softTargets, type DistillParams } from './distill.ts';

/** A teacher whose softened outputs a student run learns from (distillation). */
export interface Teacher extends DistillParams {
  model: tf.LayersModel;
}

export interface BatchProgress {
  epoch: number;
  batch: number;
  batches: number;
  loss: number;
  acc: number;
}

/** What the UI needs from an epoch besides the record: validation predictions. */
export interface EpochDetail {
  record: EpochRecord;
  validation: Pick<Evaluation, 'predicted' | 'confidence' | 'confusion'>;
}

/** backend-lost: the GPU context died; the finished epochs and their weights are kept. */
export type RunEnd = 'completed' | 'stopped' | 'early-stopped' | 'backend-lost';

export interface TrainCallbacks {
  onBatch?(progress: BatchProgress): void;
  onEpoch?(detail: EpochDetail): void;
}

/** Work done in the worker between batches (the Inside view's live snapshots); its wall time is the record's activationsMs. */
export interface BatchObserver {
  afterBatch(model: tf.LayersModel, progress: BatchProgress): Promise<void>;
}

export class TrainingRun {
  readonly model: tf.LayersModel;
  readonly records: EpochRecord[] = [];
  private readonly counter = new KernelCounter();
  private stopRequested = false;
  private resumeWaiter: { promise: Promise<void>; resolve: () => void } | null = null;
  /** GPU backends: the weights after the last finished epoch, kept outside the GPU. */
  checkpoint: { epoch: number; artifacts: SerializedModel } | null = null;
  /** Runs between batches, outside the kernel count; set by the service (Inside view). */
  observer: BatchObserver | null = null;
  /** Called after each finished epoch, before the next starts (the workbench saves a resumable checkpoint there). */
  afterEpoch: ((epoch: number) => Promise<void>) | null = null;
  /** Set before run() to distil: each batch's loss mixes the labels with this teacher's softened outputs. Not owned by the run. */
  teacher: Teacher | null = null;
  /**
   * End with the weights of the epoch with the lowest validation loss rather than the last
   * epoch's: the `keepBest` setting, and always for a retraining (on a small validation set one
   * bad last step can undo it). The epoch kept is `keptEpoch` (1-based) once the run has ended.
   */
  keepBestWeights: boolean;
  keptEpoch: number | null = null;
  private best: { epoch: number; valLoss: number; weights: tf.Tensor[] } | null = null;

  constructor(
    readonly settings: TrainSettings,
    private readonly dataset: LabelledDataset,
    /** Cost of one counted dispatch, measured by calibrateCounterCost(). */
    private readonly counterCostMs = 0,
    /** A loaded model to continue from (a saved model, or weights kept when a backend was lost); built from settings otherwise. */
    model?: tf.LayersModel,
    /** Records of epochs already trained (resuming after a lost backend): training goes on from the next epoch. */
    earlier: readonly EpochRecord[] = [],
  ) {
    this.model = model ?? buildCnn(modelConfigOf(settings, dataset));
    this.records.push(...earlier);
    this.keepBestWeights = settings.keepBest === true;
    this.model.compile({
      // Adam at the set rate after a short warm-up (warmup.ts): without it some seeds stalled at chance.
      optimizer: new WarmupAdam(settings.learningRate),
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
  }

  pause(): void {
    if (this.resumeWaiter) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.resumeWaiter = { promise, resolve };
  }

  resume(): void {
    this.resumeWaiter?.resolve();
    this.resumeWaiter = null;
  }

  /** Stops after the batch in progress; epochs already finished are kept. */
  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  get paused(): boolean {
    return this.resumeWaiter !== null;
  }

  async run(callbacks: TrainCallbacks = {}): Promise<RunEnd> {
    const { settings, dataset } = this;
    const numClasses = dataset.classNames.length;
    const subset = trainingSubset(dataset.train.count, settings);
    const trainCount = subset.length;
    const batches = Math.ceil(trainCount / settings.batchSize);
    // A student's training also runs its teacher forward on every training image.
    const flopsPerEpoch = epochTrainFlops(this.model, trainCount, settings.batchSize) + (this.teacher ? forwardFlops(this.teacher.model) * trainCount : 0);
    const augmenting = augmentationOn(settings);
    this.counter.install(tf.getBackend());
    // Early stopping goes on from the epochs already trained (a resumed run), as if never interrupted.
    let bestValLoss = Infinity;
    let epochsSinceBest = 0;
    for (const r of this.records) {
      if (r.valLoss < bestValLoss - 1e-4) {
        bestValLoss = r.valLoss;
        epochsSinceBest = 0;
      } else epochsSinceBest++;
    }

    // A resumed run's earlier weights are gone but the ones it resumes from: they compete too.
    const resumedFrom = this.records.at(-1);
    if (this.keepBestWeights && resumedFrom && !this.best) this.noteIfBest(resumedFrom.epoch, resumedFrom.valLoss);

    const gpu = onGpuBackend();
    for (let epoch = this.records.length + 1; epoch <= settings.epochs; epoch++) {
      const order = epochOrder(trainCount, settings.seed, epoch);
      let pausedMs = 0;
      let lossSum = 0;
      let accSum = 0;
      let seen = 0;
      let observerMs = 0;
      let augmentMs = 0;
      let teacherMs = 0;
      const epochStart = performance.now();
      this.counter.start();
      for (let b = 0; b < batches; b++) {
        const indices = batchIndices(subset, order, settings.batchSize, b);
        const batch = batchTensors(dataset.train, indices, numClasses);
        let xs = batch.xs;
        const ys = batch.ys;
        let loss: number;
        let acc: number;
        try {
          if (augmenting) {
            const augmentStart = performance.now();
            const augmented = augmentBatch(xs, settings, epoch, b);
            xs.dispose();
            xs = augmented;
            // GPU backends queue the ops: one element read back makes them finish inside the timing.
            if (gpu) await whileContextAlive(finished(xs));
            augmentMs += performance.now() - augmentStart;
          }
          if (this.teacher) {
            const step = await whileContextAlive(this.distillStep(this.teacher, xs, ys));
            [loss, acc] = [step.loss, step.acc];
            teacherMs += step.teacherMs;
          } else {
            // whileContextAlive: a lost WebGL context makes TF.js wait forever for its fence.
            [loss, acc] = (await whileContextAlive(this.model.trainOnBatch(xs, ys))) as number[] as [number, number];
          }
        } finally {
          xs.dispose();
          ys.dispose();
        }
        lossSum += loss * indices.length;
        accSum += acc * indices.length;
        seen += indices.length;
        const progress = { epoch, batch: b + 1, batches, loss, acc };
        callbacks.onBatch?.(progress);
        this.counter.pause();
        if (this.observer) {
          const observedAt = performance.now();
          await this.observer.afterBatch(this.model, progress);
          observerMs += performance.now() - observedAt;
        }
        await yieldToEventLoop();
        if (this.resumeWaiter) {
          const pausedAt = performance.now();
          await this.resumeWaiter.promise;
          pausedMs += performance.now() - pausedAt;
        }
        this.counter.resume();
        if (this.stopRequested) break;
      }
      const kernelHistogram = this.counter.stop();
      // Stopped inside an epoch: the kept epoch, if any, is what a stopped run leaves.
      if (this.stopRequested && seen < trainCount) return this.endWithBest('stopped', null);

      const valStart = performance.now();
      const validation = await whileContextAlive(evaluate(this.model, dataset.val, numClasses));
      const epochEnd = performance.now();
      const instrumentStart = performance.now();
      const memory = tf.memory();
      const kernelCount = totalDispatches(kernelHistogram);
      const wallMs = epochEnd - epochStart - pausedMs;
      const valMs = epochEnd - valStart;
      // The live snapshots are part of the epoch's wall time but not of training's speed.
      const trainMs = wallMs - valMs - observerMs;
      const record: EpochRecord = {
        epoch,
        wallMs,
        samplesPerSec: (trainCount / trainMs) * 1000,
        kernelCount,
        kernelHistogram,
        kernelCountMethod: 'counted',
        trainFlops: flopsPerEpoch,
        gflops: flopsPerEpoch / (trainMs / 1000) / 1e9,
        loss: lossSum / seen,
        acc: accSum / seen,
        valLoss: validation.loss,
        valAcc: validation.acc,
        numTensors: memory.numTensors,
        numBytes: memory.numBytes,
        instrumentationMs: 0,
        batches,
        valMs,
        activationsMs: observerMs,
        ...(augmenting ? { augmentMs } : {}),
        ...(this.teacher ? { teacherMs } : {}),
      };
      // Instrumentation cost: the bookkeeping above, plus every counted dispatch at the
      // per-call cost measured by calibrateCounterCost().
      record.instrumentationMs = performance.now() - instrumentStart + kernelCount * this.counterCostMs;
      this.records.push(record);
      callbacks.onEpoch?.({ record, validation });
      // On a GPU backend the weights are copied out after every epoch, so a lost context keeps
      // the finished epochs' model; on wasm and cpu they cannot vanish like that.
      if (gpu) this.checkpoint = { epoch, artifacts: await whileContextAlive(saveToArtifacts(this.model)) };
      if (this.afterEpoch) await this.afterEpoch(epoch);

      if (this.keepBestWeights) this.noteIfBest(epoch, validation.loss);
      if (this.stopRequested) return this.endWithBest('stopped');
      if (settings.patience > 0) {
        if (validation.loss < bestValLoss - 1e-4) {
          bestValLoss = validation.loss;
          epochsSinceBest = 0;
        } else if (++epochsSinceBest >= settings.patience) {
          return this.endWithBest('early-stopped');
        }
      }
    }
    return this.endWithBest('completed');
  }

  /** Keeps a copy of the weights when this epoch's validation loss is the lowest so far. */
  private noteIfBest(epoch: number, valLoss: number): void {
    if (this.best && !(valLoss < this.best.valLoss)) return;
    const weights = this.model.getWeights().map((w) => tf.clone(w));
    if (this.best) tf.dispose(this.best.weights);
    this.best = { epoch, valLoss, weights };
  }

  /**
   * Puts the kept epoch's weights back (unless the model holds them already: `heldEpoch` is the
   * epoch whose weights the model has now, null when stopped inside an epoch) and frees the copy.
   */
  private endWithBest(end: RunEnd, heldEpoch: number | null = this.records.at(-1)?.epoch ?? null): RunEnd {
    if (this.best) {
      if (this.best.epoch !== heldEpoch) this.model.setWeights(this.best.weights);
      this.keptEpoch = this.best.epoch;
      tf.dispose(this.best.weights);
      this.best = null;
    }
    return end;
  }

  /**
   * One distillation step: the teacher's soft targets for the batch (timed, read back so GPU work
   * finishes inside the timing), then one optimizer step on the student's trainable weights only
   * (the teacher's variables are registered too, and must not move).
   */
  private async distillStep(teacher: Teacher, xs: tf.Tensor4D, ys: tf.Tensor2D): Promise<{ loss: number; acc: number; teacherMs: number }> {
    const teacherStart = performance.now();
    const soft = tf.tidy(() => softTargets(teacher.model.predict(xs) as tf.Tensor2D, teacher.temperature));
    let accT: tf.Scalar | null = null;
    let lossT: tf.Scalar | null = null;
    try {
      await soft.data();
      const teacherMs = performance.now() - teacherStart;
      const vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
      lossT = this.model.optimizer.minimize(() => {
        const probs = this.model.apply(xs, { training: true }) as tf.Tensor2D;
        accT = tf.keep(batchAccuracy(ys, probs));
        return distillLoss(ys, soft, probs, teacher);
      }, true, vars);
      const [loss, acc] = await Promise.all([lossT!.data(), (accT as tf.Scalar | null)!.data()]);
      return { loss: loss[0]!, acc: acc[0]!, teacherMs };
    } finally {
      soft.dispose();
      lossT?.dispose();
      (accT as tf.Scalar | null)?.dispose();
    }
  }

  dispose(): void {
    // A run stopped before its end still holds the kept epoch's copy.
    if (this.best) tf.dispose(this.best.weights);
    this.best = null;
    // model.dispose() leaves an optimizer instance passed to compile() alone: its Adam
    // slots (m and v per weight, beta powers) are ours to free.
    this.model.optimizer?.dispose();
    this.model.dispose();
  }
}

/** Resolves once the ops behind `t` have run (one element read back). */
async function finished(t: tf.Tensor): Promise<void> {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, 1));
  await one.data();
  one.dispose();
}

// Lives beside the counting wrapper it times; re-exported for the service and tests.
export { calibrateCounterCost } from '../tf/kernel-counter.ts';
