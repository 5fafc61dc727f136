// A model as a first-class record: identity (id, family, version, unique name), lineage (parent
// and what made it), and the measurements taken of it on each serving backend. Plain,
// JSON-serializable data: the registry, its storage, the report and the Ledger all share it.
import type { EpochRecord, PruneRecord, ServeRecord } from '../metrics/report.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { DatasetIdentityRecord } from '../data/dataset-identity.ts';

/** Which data a model was made from: its name, image counts, and a content hash of the pixels and labels ('' when not known). */
export type DatasetIdentity = DatasetIdentityRecord;

/** What made a model. */
export type ModelOrigin =
  | {
      kind: 'trained';
      settings: TrainSettings;
      /** How the run ended: completed, stopped, early-stopped, or backend-lost (the finished epochs kept). */
      end: string;
      /** Backend the training ran on. */
      trainBackend: string;
      /** Every epoch's measured record. */
      epochs: EpochRecord[];
      /** Set when the model has the weights of this epoch (lowest validation loss), not the last one's. */
      keptEpoch?: number;
      /** Set when the model is a student trained on a teacher's softened outputs (the teacher is its parent). */
      distill?: DistillRecipe;
      /** Set when the model is a retraining in a drifting world (the model it replaces is its parent). */
      retrain?: RetrainRecipe;
    }
  | {
      kind: 'pruned';
      method: 'unstructured' | 'structured';
      sparsity: number;
      schedule: string;
      scope: string;
      fineTuneEpochs: number;
      /** The sweep's record of this level: fine-tuning's measured time, analytic FLOPs, counted dispatches, sizes. */
      record: PruneRecord;
    }
  | {
      kind: 'imported';
      /** The model.json it was read from. */
      file: string;
      settings: TrainSettings | null;
    };

/** How a student was distilled: its teacher, the softening and the mix with the true labels. */
export interface DistillRecipe {
  teacherId: string;
  /** Softmax temperature applied to teacher and student logits. */
  temperature: number;
  /** Weight of the true-label loss; the softened teacher loss takes 1 - hardWeight. */
  hardWeight: number;
  /** Measured wall time spent computing the teacher's outputs for the student's training (part of its training cost). */
  teacherMs: number;
}

/** Why and how a model was retrained in a drifting world. */
export interface RetrainRecipe {
  /** The policy that asked for it, e.g. "every 2 days" or "accuracy below 85%". */
  policy: string;
  /** Simulated day the retraining happened on. */
  day: number;
  /** Fine-tune of the current model on recent labelled data, or from scratch on everything labelled so far. */
  from: 'fine-tune' | 'scratch';
}

export type ModelSource =
  /** Made in this tab since it opened. */
  | 'session'
  /** Restored from this browser's storage. */
  | 'saved'
  /** Read from a run report file: measurements only, no weights. */
  | 'report';

export interface ModelEntry {
  /** Stable: the same model keeps it across reloads, downloads and reports. */
  id: string;
  /** Id of the family's root model (the first training run); a root's familyId is its own id. */
  familyId: string;
  /** Number of the family across the registry, 1, 2, 3… ("model 3.2" is family 3). */
  family: number;
  /** 1 for the root; each later model of the family takes the next number. */
  version: number;
  /** Unique readable name, e.g. "model 3.2 · structured 50% of filters". */
  name: string;
  parentId: string | null;
  origin: ModelOrigin;
  dataset: DatasetIdentity;
  /** ISO 8601 time the model was made (or imported). */
  createdAt: string;
  /** Measured in the training worker on every unseen test image; null when never measured. */
  testAcc: number | null;
  /** Images behind testAcc. */
  testCount: number;
  /** Validation accuracy of the epoch whose weights the model has (the last, or the kept one), else null. */
  valAcc: number | null;
  params: number;
  weightBytes: number;
  /** Analytic forward FLOPs of one query. */
  flopsPerQuery: number;
  inputSize: number;
  numClasses: number;
  source: ModelSource;
  /** The weights are kept (in memory or in storage), so the model can be served, pruned, downloaded. */
  hasWeights: boolean;
}

/** Where a latency measurement came from. */
export type MeasurementKind =
  /** The Serve view's closed-loop protocol. */
  | 'serve'
  /** The Serve view's backend comparison (interleaved rounds). */
  | 'compare'
  /** The Prune view's interleaved latency rounds (the dense model and every level). */
  | 'sweep'
  /** The Inside view's per-layer profile of a batch on the training backend (not a per-query latency: the Ledger leaves it out). */
  | 'profile';

/** One latency measurement of one model on one serving backend. */
export interface Measurement {
  id: string;
  modelId: string;
  backend: string;
  kind: MeasurementKind;
  /** ISO 8601. */
  date: string;
  /** Measured queries behind the percentiles. */
  count: number;
  /** End-to-end p50 (page to page). */
  p50Ms: number;
  /** Model-only p50 (predict + data in the worker). */
  modelP50Ms: number;
  /** Test accuracy of the answers (NaN when not recorded). */
  testAcc: number;
  /** 95% order-statistic interval of modelP50Ms from this measurement's own queries (null: an end they cannot bound); absent when not kept. */
  modelP50LowMs?: number | null;
  modelP50HighMs?: number | null;
  /**
   * Shared by the measurements one interleaved run made of several models (the same rounds, at the
   * same moment), so their intervals may be set against each other; absent for a measurement made alone.
   */
  runId?: string;
  /** The whole record of a Serve-view run, for the report and the CSV. */
  serve?: ServeRecord;
  /** A profile's figures: batch size, the layers' summed medians and the whole model's median, per batch. */
  profile?: { batchSize: number; sumMs: number; wholeMs: number; layers: number };
}

/** Everything the registry holds, as plain data (what is persisted, exported and imported). */
export interface RegistrySnapshot {
  models: ModelEntry[];
  measurements: Measurement[];
}
