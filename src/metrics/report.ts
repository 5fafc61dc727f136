// The run report (docs/methods.md, section 10): the one definition of every record the app shows,
// exports, and `npm run bench` writes. Units are in the names.

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
  train: { epochs: EpochRecord[] };
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
