// The contract between the page and the training worker (the workbench: training, pruning,
// inspection and adoption around the one model the worker holds). Every type that crosses the
// boundary is here or named here; all of it is plain data, so nothing of the implementation
// leaks to the page, and a fake port can stand in for the worker in Node tests.
// Failures cross as a WorkbenchError with a code, so the page branches on codes, never on text.
import * as Comlink from 'comlink';
import type { ImageSet, LabelledDataset } from '../data/image-set.ts';
import type { BackendCapabilities, BatchBreakdownRecord, EpochRecord } from '../metrics/report.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { BackendName } from '../tf/backend-names.ts';
import type { FilterNorms, SweepLevel } from '../prune/plan.ts';
import type { ModelInspection } from '../prune/inspect.ts';
import type { PruneMeasurement, SweepProgress, SweepResult } from '../prune/sweep.ts';
import type { BatchProgress, EpochDetail, RunEnd, TrainCallbacks } from '../train/trainer.ts';
import type { ModelCheck } from '../train/adopt.ts';
import type { AugmentSamples } from '../train/augment-samples.ts';
import type { ActivationSnapshot, InsideCallbacks, LayerProfile, LayerRow, LiveConfig, WeightSnapshot } from '../inspect/types.ts';

export type { AugmentSamples, BatchProgress, EpochDetail, RunEnd, TrainCallbacks, ModelCheck, ModelInspection, PruneMeasurement, SweepProgress, SweepResult, InsideCallbacks };

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
    /** L1 norm of every conv filter of the model pruned (what structured pruning ranks). */
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
  /** end 'backend-lost': what happened and what was kept, for the person. */
  lost?: string;
  records: EpochRecord[];
  backend: BackendName;
  capabilities: BackendCapabilities;
  /**
   * The epoch whose weights the model has (1-based) when the run kept the one with the lowest
   * validation loss (the keepBest setting; always for a retraining); absent: the last epoch's.
   */
  keptEpoch?: number;
}

/** A distillation run: the student's training settings (its own width, depth, epochs), the teacher's weights and the softening. */
export interface DistillRequest {
  teacher: SerializedModel;
  student: TrainSettings;
  /** Softmax temperature (1 to 20). */
  temperature: number;
  /** Weight of the true-label loss, 0 to 1; the softened teacher loss takes the rest. */
  hardWeight: number;
}

export interface DistillResult extends TrainResult {
  /** Measured wall time of the teacher's forward passes over the whole run (part of the records' wall times). */
  teacherMs: number;
}

/** A retraining in a drifting world: labelled images handed over by the page; the held dataset and model stay as they are. */
export interface RetrainJob {
  /** Epochs, batch size, learning rate, seed and backend (the training-set size is what is handed over). */
  settings: TrainSettings;
  /** The model to fine-tune; null trains a fresh model from `settings` (from scratch). */
  start: SerializedModel | null;
  /** Labelled images to learn from (the feedback that came back). */
  labelled: ImageSet;
  /** Also learn from the first N images of the worker's own training split (from scratch on everything labelled so far). */
  heldTrainImages: number;
  /** Held-out labelled images for each epoch's validation. */
  val: ImageSet;
}

export interface RetrainJobResult extends TrainResult {
  /** The retrained model, and its size and accuracy on the worker's unseen test split; null when Stop ended it (end 'stopped'): a partial retraining makes no model. */
  artifacts: SerializedModel | null;
  check: ModelCheck | null;
}

/** One slot of the optimizer's state (Adam: the step count, then m and v per weight), as bytes. */
export interface OptimizerSlot {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: ArrayBuffer;
}

/** A run after a finished epoch: everything a reload needs to go on as if it had never stopped. */
export interface TrainingCheckpoint {
  /** Epochs finished (= records.length). */
  epoch: number;
  settings: TrainSettings;
  records: EpochRecord[];
  artifacts: SerializedModel;
  optimizer: OptimizerSlot[];
}

/** What a run calls back on the page: batch progress, epoch records, live Inside snapshots, and a checkpoint after each epoch. */
export type RunCallbacks = TrainCallbacks &
  InsideCallbacks & {
    /** After each finished epoch (when given): the run's resumable state; the next epoch waits until it settles. */
    onCheckpoint?(checkpoint: TrainingCheckpoint): void | Promise<void>;
  };

/** The Inside view's calls (feature maps, layer table and profile, weights) on the worker's model. */
export interface InsideApi {
  setLive(config: LiveConfig | null): void;
  activations(pixels: Uint8Array, size: number): Promise<ActivationSnapshot>;
  layerTable(settings: TrainSettings): { rows: LayerRow[]; source: 'current' | 'settings' };
  profile(batchSize: number): Promise<LayerProfile>;
  weights(): Promise<WeightSnapshot>;
  /** One training batch of a copy of the held model, profiled by kernel family (the bench prints it). */
  trainingBreakdown(batchSize: number): Promise<BatchBreakdownRecord>;
}

/** The workbench as the worker implements it. */
export interface WorkbenchApi {
  setDataset(dataset: LabelledDataset): void;
  probe(): Promise<Record<string, BackendCapabilities>>;
  /** Trains with `settings`; with `resume`, goes on from the kept epochs of a run whose backend was lost. */
  train(settings: TrainSettings, callbacks: RunCallbacks, resume?: boolean): Promise<TrainResult>;
  /** Trains a student on the teacher's softened outputs mixed with the labels; the student becomes the held model. */
  distill(request: DistillRequest, callbacks: RunCallbacks): Promise<DistillResult>;
  /** The first `count` images of the first batch of epoch 1 under `settings`, before and after augmentation (the held model is not touched). */
  augmentSamples(settings: TrainSettings, count: number): Promise<AugmentSamples>;
  /** Trains on handed-over labelled images (fine-tune or from scratch) without touching the held dataset or model. */
  retrainOn(job: RetrainJob, callbacks: TrainCallbacks): Promise<RetrainJobResult>;
  /** Goes on from a checkpoint saved after an epoch, weights and optimizer state included. */
  resumeCheckpoint(checkpoint: TrainingCheckpoint, callbacks: RunCallbacks): Promise<TrainResult>;
  pause(): void;
  resume(): void;
  /** Stops the Train view's run and a retraining in progress, each after its batch in progress. */
  stop(): void;
  /** The model the worker holds, as artifacts (the same bytes a saved file holds). */
  exportModel(): Promise<SerializedModel>;
  measureInference(batchSize: number): Promise<InferenceSpeed>;
  pruneSweep(request: PruneSweepRequest, callbacks: PruneCallbacks): Promise<PruneSweepOutcome>;
  stopPrune(): void;
  /** Size and test accuracy of the model the worker holds. */
  checkCurrent(): Promise<ModelCheck>;
  /** Loads artifacts on `backend`, checks them against the dataset and tests them; the held model stays. */
  checkArtifacts(artifacts: SerializedModel, backend: BackendName): Promise<ModelCheck>;
  /** Makes artifacts the held model on `settings.backend`; a model the dataset cannot feed is refused. */
  adoptModel(artifacts: SerializedModel, settings: TrainSettings): Promise<ModelCheck>;
  loseWebGLContext(): boolean;
  loseWebGPUDevice(): boolean;
  /** Fault drill and tests: blocks the worker's thread for good, as a hung kernel would; only a restart ends it. */
  hang(): void;
  memory(): { numTensors: number; numBytes: number };
  inside: InsideApi;
}

type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** The page's view of the workbench: every call answers asynchronously. */
export type WorkbenchPort = { [K in Exclude<keyof WorkbenchApi, 'inside'>]: Promised<WorkbenchApi[K]> } & {
  inside: { [K in keyof InsideApi]: Promised<InsideApi[K]> };
};

/** Why a workbench call failed, for the page to act on. */
export type WorkbenchErrorCode =
  /** No dataset has been handed to the worker yet. */
  | 'no-dataset'
  /** The worker holds no model yet (nothing trained, adopted or loaded). */
  | 'no-model'
  /** Training or pruning is running, so the call would disturb it. */
  | 'busy'
  /** Resume asked for, but no finished epoch was kept. */
  | 'nothing-to-resume'
  /** Artifacts that are not a model this dataset can use. */
  | 'bad-model'
  /** A setting or argument out of range. */
  | 'bad-input'
  /** The worker was restarted (it had stopped answering) while the call was in flight. */
  | 'restarted'
  /** Anything else (a backend that will not start, a TF.js failure). */
  | 'internal';

export class WorkbenchError extends Error {
  override name = 'WorkbenchError';
  constructor(
    readonly code: WorkbenchErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The code of a failed workbench call (after crossing the worker boundary), 'internal' for anything uncoded. */
export function errorCode(err: unknown): WorkbenchErrorCode {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (CODES as readonly string[]).includes(code) ? (code as WorkbenchErrorCode) : 'internal';
}

const CODES = ['no-dataset', 'no-model', 'busy', 'nothing-to-resume', 'bad-model', 'bad-input', 'restarted', 'internal'] as const satisfies readonly WorkbenchErrorCode[];

/**
 * Worker side: makes thrown errors carry their code across. Comlink's own handler sends only
 * name, message and stack; the page's side assigns every sent field onto a new Error, code included.
 */
export function sendErrorCodes(): void {
  const original = Comlink.transferHandlers.get('throw')!;
  Comlink.transferHandlers.set('throw', {
    canHandle: original.canHandle,
    serialize(thrown: unknown) {
      const value = (thrown as { value?: unknown }).value;
      if (value instanceof Error) {
        const code = (value as { code?: unknown }).code ?? 'internal';
        return [{ isError: true, value: { message: value.message, name: value.name, stack: value.stack, code } }, []];
      }
      return original.serialize(thrown);
    },
    deserialize: original.deserialize,
  });
}
