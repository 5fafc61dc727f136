// The training worker's API (exposed with comlink): holds the dataset and the trained model,
// runs one training at a time, and hands out plain numbers and serialized models.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { saveToArtifacts, type SerializedModel } from '../model/artifacts.ts';
import type { LabelledDataset } from '../data/image-set.ts';
import type { BackendCapabilities, EpochRecord } from '../metrics/report.ts';
import { ALL_BACKENDS, type BackendName, useBackend } from '../tf/backends.ts';
import { activeCapabilities, probeBackends } from '../tf/capabilities.ts';
import { calibrateCounterCost, type RunEnd, type TrainCallbacks, TrainingRun } from './trainer.ts';
import type { TrainSettings } from './settings.ts';
import { batchTensors } from './batches.ts';
import { forwardFlops } from '../model/flops.ts';
import { validateArtifacts } from '../model/artifact-check.ts';
import type { ModelInspection } from '../prune/inspect.ts';
import type { FilterNorms, SweepLevel } from '../prune/plan.ts';
import { filterL1Norms } from '../prune/structured.ts';
import { DEFAULT_SWEEP_OPTIONS, runPruneSweep, type PruneMeasurement, type SweepProgress, type SweepResult } from '../prune/sweep.ts';

/** What the Prune view asks for; batch size and learning rate are the sweep's defaults, seed and subset the training run's. */
export interface PruneSweepRequest {
  levels: SweepLevel[];
  /** Fine-tuning epochs per level. */
  epochs: number;
  schedule: 'gradual' | 'one-shot';
  scope: 'global' | 'per-layer';
}

/** One finished level in plain numbers (no artifacts: those come with the final result). */
export interface PrunedLevel {
  record: PruneMeasurement;
  inspection: ModelInspection;
}

export interface PruneCallbacks {
  onDense?(dense: SweepResult['dense']): void;
  onProgress?(progress: SweepProgress): void;
  onLevel?(level: PrunedLevel, index: number): void;
}

export interface PruneSweepOutcome {
  dense: SweepResult['dense'] & {
    /** L1 norm of every conv filter of the trained model (what structured pruning ranks). */
    filterNorms: FilterNorms[];
    artifacts: SerializedModel;
  };
  levels: (PrunedLevel & { artifacts: SerializedModel })[];
  /** Stop was pressed: `levels` holds the ones that finished. */
  stopped: boolean;
  /** Backend the fine-tuning ran on (the training backend). */
  backend: string;
}

export interface InferenceSpeed {
  batchSize: number;
  msPerBatch: number;
  /** Analytic forward FLOPs x batch / measured seconds. */
  gflops: number;
}

export interface TrainResult {
  end: RunEnd;
  records: EpochRecord[];
  backend: BackendName;
  capabilities: BackendCapabilities;
}

export class TrainerService {
  private dataset: LabelledDataset | null = null;
  private current: TrainingRun | null = null;
  private running = false;
  private pruneAbort: AbortController | null = null;

  setDataset(dataset: LabelledDataset): void {
    if (this.running) throw new Error('Cannot change the dataset while training runs.');
    this.dataset = dataset;
  }

  async probe(): Promise<Record<string, BackendCapabilities>> {
    return probeBackends(ALL_BACKENDS, 'wasm');
  }

  async train(settings: TrainSettings, callbacks: TrainCallbacks): Promise<TrainResult> {
    if (this.running) throw new Error('A training run is already in progress.');
    if (!this.dataset) throw new Error('No dataset loaded yet.');
    this.running = true;
    try {
      await useBackend(settings.backend);
      const capabilities = await activeCapabilities();
      // The previous model is replaced only once the new run exists, so a failed start
      // (say, a backend that will not load) keeps the last trained model.
      const run = new TrainingRun(settings, this.dataset, calibrateCounterCost());
      this.current?.dispose();
      this.current = run;
      const end = await run.run(callbacks);
      return { end, records: run.records, backend: settings.backend, capabilities };
    } finally {
      this.running = false;
    }
  }

  pause(): void {
    this.current?.pause();
  }

  resume(): void {
    this.current?.resume();
  }

  stop(): void {
    this.current?.stop();
  }

  /** The trained model as in-memory artifacts (topology + weights), the same as a saved file. */
  async exportModel(): Promise<SerializedModel> {
    if (!this.current) throw new Error('No trained model yet: train first.');
    const artifacts = await saveToArtifacts(this.current.model);
    // The weights buffer was made for this call alone, so it can move rather than be copied.
    return Comlink.transfer(artifacts, [artifacts.weightData]);
  }

  /**
   * Forward-pass speed of the trained model at a given batch size on the training backend:
   * the reference that training GFLOP/s is compared against (same model, same batch).
   */
  async measureInference(batchSize: number, repeats = 10): Promise<InferenceSpeed> {
    if (!this.current || !this.dataset) throw new Error('No trained model yet: train first.');
    const model = this.current.model;
    const set = this.dataset.val;
    const indices = Array.from({ length: batchSize }, (_, i) => i % set.count);
    const { xs, ys } = batchTensors(set, indices, this.dataset.classNames.length);
    ys.dispose();
    try {
      const once = async () => {
        const out = model.predict(xs) as tf.Tensor;
        await out.data();
        out.dispose();
      };
      await once(); // warm-up: shader compilation and first-call allocation are not speed
      const start = performance.now();
      for (let i = 0; i < repeats; i++) await once();
      const msPerBatch = (performance.now() - start) / repeats;
      const flops = forwardFlops(model) * batchSize;
      return { batchSize, msPerBatch, gflops: flops / (msPerBatch / 1000) / 1e9 };
    } finally {
      xs.dispose();
    }
  }

  /**
   * Runs the pruning sweep on the trained model (never changed: each level starts from a copy)
   * with the training split and scores each level on the unseen test split. Weight buffers are
   * transferred, not copied.
   */
  async pruneSweep(request: PruneSweepRequest, callbacks: PruneCallbacks = {}): Promise<PruneSweepOutcome> {
    if (this.running) throw new Error('The training worker is busy (training or pruning).');
    if (!this.current || !this.dataset) throw new Error('No trained model yet: train first.');
    const { model, settings } = this.current;
    const dataset = this.dataset;
    this.running = true;
    const abort = new AbortController();
    this.pruneAbort = abort;
    try {
      const filterNorms = await filterL1Norms(model);
      const denseArtifacts = await saveToArtifacts(model);
      const result = await runPruneSweep(model, { train: dataset.train, test: dataset.test, numClasses: dataset.classNames.length }, {
        levels: request.levels,
        epochs: request.epochs,
        batchSize: DEFAULT_SWEEP_OPTIONS.batchSize,
        learningRate: DEFAULT_SWEEP_OPTIONS.learningRate,
        seed: settings.seed,
        trainSize: settings.trainSize,
        schedule: request.schedule,
        masks: { scope: request.scope },
        signal: abort.signal,
        onDense: (d) => callbacks.onDense?.(d),
        onProgress: (p) => callbacks.onProgress?.(p),
        onLevel: (r, i) => callbacks.onLevel?.({ record: r.record, inspection: r.inspection }, i),
      });
      const levels = result.levels.map((l) => ({ record: l.record, inspection: l.inspection, artifacts: validateArtifacts(l.artifacts) }));
      const outcome: PruneSweepOutcome = {
        dense: { ...result.dense, filterNorms, artifacts: denseArtifacts },
        levels,
        stopped: result.stopped,
        backend: tf.getBackend(),
      };
      return Comlink.transfer(outcome, [denseArtifacts.weightData, ...levels.map((l) => l.artifacts.weightData)]);
    } finally {
      this.pruneAbort = null;
      this.running = false;
    }
  }

  /** Stops the sweep after the batch in progress; finished levels are kept. */
  stopPrune(): void {
    this.pruneAbort?.abort();
  }

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}
