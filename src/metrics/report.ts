// The run report (docs/methods.md, section 10): the one definition of every record the app shows,
// exports, and `npm run bench` writes. Units are in the names.
import type { BatchingRecord, FleetPlanRecord, SloRecord } from './scale-records.ts';
import type { EnvelopeSegment, SpendChange, SpendFigures } from '../spend/spend-record.ts';

/** One epoch of training, measured (docs/methods.md, section 2). */
export interface EpochRecord {
  epoch: number;
  wallMs: number;
  samplesPerSec: number;
  /** Kernel dispatches in the epoch (see kernelCountMethod). */
  kernelCount: number;
  /** Dispatches per kernel name. */
  kernelHistogram: Record<string, number>;
  /** 'counted': every dispatch hooked; 'profiled-sample': one batch profiled, scaled by batches. */
  kernelCountMethod: 'counted' | 'profiled-sample';
  /** Analytic training FLOPs of the epoch (3 x forward per sample + optimizer update). */
  trainFlops: number;
  /** trainFlops / wall seconds / 1e9. */
  gflops: number;
  loss: number;
  acc: number;
  valLoss: number;
  valAcc: number;
  /** tf.memory() after the epoch. */
  numTensors: number;
  numBytes: number;
  /** Wall time the instrumentation itself took in this epoch. */
  instrumentationMs: number;
  /** Batches in this epoch. */
  batches: number;
  /** Wall time of evaluating the validation set (part of wallMs). */
  valMs: number;
  /** Wall time of the Inside view's live snapshots in the worker (part of wallMs, not of samplesPerSec); 0 when off. */
  activationsMs?: number;
  /** Wall time of training-time augmentation of the epoch's batches in the worker (part of training time); absent when augmentation is off. Serving pays nothing for it. */
  augmentMs?: number;
  /** Wall time of the teacher's forward passes in a distillation run (part of training time); absent for other runs. */
  teacherMs?: number;
}

/** Capabilities of one backend as read from tf.env() and the browser. */
export interface BackendCapabilities {
  available: boolean;
  error?: string;
  /** wasm */
  simd?: boolean;
  threads?: boolean;
  threadCount?: number;
  /** webgl */
  webglVersion?: number;
  renderer?: string;
  /** webgpu */
  adapter?: string;
}

export interface Environment {
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  backends: Record<string, BackendCapabilities>;
}

export interface ThroughputPoint {
  batchSize: number;
  imagesPerSec: number;
  msPerImage: number;
}

export interface ServeRecord {
  model: string;
  backend?: string;
  loadMs?: number;
  coldMs: number;
  /** Cold first query after shader warm-up at deploy (when measured). */
  coldWarmedMs?: number;
  count: number;
  meanMs: number;
  minMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Model-only part (predict + data) of the same queries. */
  modelP50Ms?: number;
  modelMeanMs?: number;
  throughput: ThroughputPoint[];
  testAcc: number;
  flopsPerQuery: number;
  numTensorsLeaked: number;
}

export interface PruneRecord {
  method: 'unstructured' | 'structured';
  sparsity: number;
  testAcc: number;
  p50Ms: number;
  modelP50Ms?: number;
  weightBytes: number;
  gzipBytes: number;
  nonzeroParams: number;
  flopsPerQuery: number;
  fineTuneMs: number;
  /** Analytic training FLOPs of the fine-tuning (cost ledger). */
  fineTuneFlops?: number;
  /**
   * Counted kernel dispatches of the whole fine-tuning (batches, optimizer steps, mask updates
   * and re-application). Absent in reports written before it was recorded.
   */
  fineTuneDispatches?: number;
  /** The registry id of the pruned model (reports that carry the registry). */
  modelId?: string;
}

/** The dense model measured in the same interleaved latency run as the prune levels (wasm). */
export interface PruneDenseRecord {
  testAcc: number;
  p50Ms: number;
  modelP50Ms: number;
  weightBytes: number;
  gzipBytes: number;
  nonzeroParams: number;
  params: number;
  flopsPerQuery: number;
}

export interface RunRecord {
  backend: string;
  /** keptEpoch: the epoch whose weights the model has, when not the last (the keepBest setting). */
  train: { epochs: EpochRecord[]; keptEpoch?: number };
  serve: ServeRecord[];
  prune: PruneRecord[];
  /** The dense baseline of the prune levels (same run, same images). */
  pruneDense?: PruneDenseRecord;
  /** This run's training settings, when they differ from the report's config. */
  settings?: Record<string, unknown>;
  /** Dataset name and image counts per split. */
  dataset?: { name: string; counts: Record<string, number> };
  /** The registry id of the trained model this run made (reports that carry the registry). */
  modelId?: string;
  /** The run's name as the app showed it. */
  label?: string;
  /** Where a training batch's time went, by kernel family (the bench's profile of one batch; absent in older reports). */
  kernelBreakdown?: BatchBreakdownRecord;
}

/** Kernel families of a training batch: the named kernels, the ReLU gradient, the optimizer's step, and the rest. */
export type KernelFamily = 'Conv2D' | 'Conv2DBackpropFilter' | 'Conv2DBackpropInput' | 'MaxPoolGrad' | 'ReLU gradient' | 'BatchMatMul' | 'optimizer' | 'other';

export interface KernelFamilyTime {
  family: KernelFamily;
  /** Summed kernel time in the profiled batch, ms. */
  ms: number;
  calls: number;
  /** The distinct kernel names in the family. */
  kernels: string[];
}

/** One training batch profiled kernel by kernel (src/train/batch-breakdown.ts), and the same step timed without the profiler. */
export interface BatchBreakdownRecord {
  backend: string;
  batchSize: number;
  families: KernelFamilyTime[];
  /** Sum of the families, ms. */
  kernelSumMs: number;
  /** Wall time of the profiled step, ms. */
  profiledWallMs: number;
  /** Median wall time of the same step without the profiler (interleaved with the profiled ones), ms. */
  batchMs: number;
  repeats: number;
  /** Kernels dispatched in the profiled step (op-level wrappers not counted). */
  dispatches: number;
  /** Kernels the backend could not time (counted in their family, without time). */
  untimedKernels: number;
  /** How a kernel's time was read: the backend's timer, or wall time with a read-back after each kernel. */
  timing: string;
}

export interface RunConfig {
  dataset: string;
  model: Record<string, number | string>;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  trainSize: number;
  [key: string]: unknown;
}

export interface RunReport {
  schema: 1;
  createdAt: string;
  environment: Environment;
  config: RunConfig;
  runs: RunRecord[];
}

/** One offered rate of an open-loop sweep: Poisson arrivals, latency from each query's intended send time. */
export interface OpenLoopPointRecord {
  targetQps: number;
  /**
   * The rate this step's seeded schedule actually offered: count / last intended send time (a
   * Poisson sample of 128 runs about 9% off targetQps). Absent in reports written before it was kept.
   */
  offeredQps?: number;
  achievedQps: number;
  count: number;
  /** From the intended send time (queueing included). */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /**
   * The p99's 95% order-statistic interval (null: the sample bounds no such side; 128 queries give
   * no upper end). Absent in reports written before it was kept.
   */
  p99LowMs?: number | null;
  p99HighMs?: number | null;
  maxMs: number;
  /** Median of done - actual send: what a closed-loop bench would have shown. */
  serviceP50Ms: number;
  /**
   * That median's 95% order-statistic interval (null: the sample bounds no such side). Absent in
   * reports written before it was kept.
   */
  serviceP50LowMs?: number | null;
  serviceP50HighMs?: number | null;
  /** Largest lag of an actual send behind its intended time. */
  maxSendLagMs: number;
  errorCount: number;
  /**
   * Share of the queries that reached an idle worker, one that had finished its last query longer
   * ago than it polls for work before it sleeps. Absent in reports written before it was measured.
   */
  idleShare?: number;
}

/** Queries sent after an idle gap against queries sent back to back (the worker's wake-up). */
export interface IdleWakeRecord {
  /** Idle time before each "after idle" query. */
  gapMs: number;
  /** Rounds measured: one query after the gap, then three back to back, the last of which is the "busy" one. */
  pairs: number;
  /** End to end, medians and 90th percentiles over the rounds. */
  idleP50Ms: number;
  idleP90Ms: number;
  busyP50Ms: number;
  busyP90Ms: number;
  /**
   * The median over rounds of (idle query − back-to-back query), end to end, with its 95%
   * order-statistic interval: the rounds are paired, so this is the sign test's interval for the
   * wake-up's extra time. Absent in reports written before it was kept.
   */
  extraP50Ms?: number;
  extraP50LowMs?: number | null;
  extraP50HighMs?: number | null;
  /** How long the worker polls for the next query before it sleeps. */
  workerSpinMs: number;
}

/** The latest open-loop sweep of one model on one serving backend. */
export interface OpenLoopRecord {
  modelId: string;
  /** The model's name when it was measured. */
  model: string;
  backend: string;
  /** ISO 8601. */
  date: string;
  points: OpenLoopPointRecord[];
  /** Offered rate of the capacity knee (the last rate before the first failure); null when the lowest failed. */
  kneeQps: number | null;
  /** Offered rate of the first failing step; null when every rate passed. */
  firstFailureQps: number | null;
  reason: 'throughput' | 'latency' | 'both' | null;
  /** The p99 bound applied: 3 x the lowest p99 of the sweep. */
  p99LimitMs: number;
  aborted: boolean;
  wake?: IdleWakeRecord;
}

/** One backend of an interleaved comparison. */
export interface CompareArmRecord {
  backend: string;
  /** Successful queries. */
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  modelP50Ms: number;
  /**
   * The two p50s' 95% order-statistic intervals from the arm's own queries (null: the sample bounds
   * no such side). Absent in reports written before they were kept.
   */
  p50LowMs?: number | null;
  p50HighMs?: number | null;
  modelP50LowMs?: number | null;
  modelP50HighMs?: number | null;
  testAcc: number;
  errorCount: number;
  /** Deploy (load) time. */
  loadMs?: number;
  /** The capability line the app showed (SIMD, threads, renderer). */
  capabilities?: string;
}

/** The latest backend comparison of one model: every backend deployed side by side, queried interleaved. */
export interface CompareRecord {
  modelId: string;
  model: string;
  date: string;
  /** Rounds completed (one query per backend each, same image). */
  rounds: number;
  aborted: boolean;
  arms: CompareArmRecord[];
}

/**
 * What a report written from the registry adds to schema 1 for serving under load: the latest
 * open-loop sweep per (model, backend) and the latest backend comparison per model. Older readers
 * skip these keys; reports written before them have none.
 */
export interface ServingRecords {
  openLoop: OpenLoopRecord[];
  compare: CompareRecord[];
  /** Serving at scale (src/metrics/scale-records.ts): latency-bound searches, batching curves, fleet plans. Absent in older reports. */
  slo?: SloRecord[];
  batching?: BatchingRecord[];
  fleet?: FleetPlanRecord[];
}

/**
 * One test-time augmentation setting of one model on one serving backend: every query answered
 * with the mean of `views` views, measured in interleaved rounds against the model's other view
 * counts on the same test images. A serving choice of an existing model, so it is kept apart from
 * the model's measurements (the Ledger's rows stay the plain model's).
 */
export interface TtaRecord {
  id: string;
  modelId: string;
  /** The model's name when it was measured. */
  model: string;
  backend: string;
  /** 1, 2, 4 or 8; 1 is the plain model measured in the same rounds. */
  views: number;
  /** ISO 8601. */
  date: string;
  /** Successful measured queries behind the percentiles. */
  count: number;
  /** End-to-end and model-only (views built + predict + data() in the worker) p50. */
  p50Ms: number;
  modelP50Ms: number;
  /** 95% order-statistic interval of the model-only p50; NaN (null in the file) for an end the sample cannot give. */
  modelP50LowMs: number;
  modelP50HighMs: number;
  /** Accuracy of the averaged answers over the distinct test images queried. */
  testAcc: number;
  /** Distinct test images behind testAcc. */
  testImages: number;
  /** Tensors left in the worker after the measured queries (0 expected). */
  numTensorsLeaked: number;
}

/**
 * What the "where to spend" comparison adds to schema 1: the test-time augmentation records and,
 * from the bench, the side-by-side table it printed. Older readers skip these keys.
 */
export interface SpendRecords {
  tta: TtaRecord[];
  /** The bench's side-by-side table (`npm run bench -- --spend`); the app's export has none. */
  spend?: SpendTableRecord;
}

/** One option of the side-by-side table: a where-to-spend row's figures (src/spend/options.ts) and its first model. */
export interface SpendRowRecord extends SpendFigures {
  modelId: string;
  /** The model's name without its version suffix. */
  name: string;
  /** Seeds behind the row's medians (1: a single sample). */
  seeds: number;
}

/** The cheapest option over all traffic: each change point, the envelope's segments (the last one's toQueries is Infinity, null in the file), the cheapest option's key. */
export interface SpendAnswerRecord {
  changes: SpendChange[];
  segments: EnvelopeSegment[];
  cheapest: string | null;
}

/** The side-by-side table and its answers as the bench printed them. */
export interface SpendTableRecord {
  rows: SpendRowRecord[];
  /** At the accuracy asked for (targetPct, percent), after `queries` = queriesPerDay × days. */
  answer: SpendAnswerRecord & { queries: number; targetPct: number };
  /** At any accuracy. */
  anyAccuracy: SpendAnswerRecord;
  queriesPerDay: number;
  days: number;
  /** Why an option could not be made, and the student's recipe, in words. */
  notes: string[];
}

/**
 * A report's `lifecycle` (absent in older reports): each a drifting stream served under several
 * retraining policies, with every day's monitored accuracy, drift signal and measured cost
 * (src/drift/records.ts holds the record; docs/drift.md how each figure is measured).
 */
export type { LifecycleRecord } from '../drift/records.ts';
