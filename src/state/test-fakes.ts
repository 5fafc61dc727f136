// Stand-ins for what a controller talks to, so controllers run in Node without workers: a fake
// workbench port (no TF.js: it hands out small made-up artifacts and records, and can hold a run
// open to test what happens during one), an in-memory registry storage, and a tiny dataset.
import type { LabelledDataset } from '../data/image-set.ts';
import type { EpochRecord } from '../metrics/report.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { CompareResult } from '../serve/bench-types.ts';
import type { InterleavedLatency } from '../serve/interleaved-models.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { Measurement, ModelEntry } from '../registry/records.ts';
import type { AugmentSamples, DistillRequest, DistillResult, ModelCheck, PruneCallbacks, PruneSweepOutcome, PruneSweepRequest, RetrainJob, RetrainJobResult, TrainingCheckpoint, TrainResult, WorkbenchPort } from '../workbench/protocol.ts';
import type { CheckpointStore, StoredCheckpoint } from './checkpoint-db.ts';
import { WorkbenchError } from '../workbench/protocol.ts';
import type { RegistryStorage, RegistrySync } from './model-registry.ts';

/** Valid artifacts whose one weight tensor holds `tag`, so a test can tell models apart by their bytes. */
export function taggedArtifacts(tag: number): SerializedModel {
  return { modelTopology: { class_name: 'Sequential', config: { name: `fake-${tag}`, layers: [] } }, weightSpecs: [{ name: 'w', shape: [4], dtype: 'float32' }], weightData: new Float32Array([tag, tag, tag, tag]).buffer };
}

export const tagOf = (a: SerializedModel): number => new Float32Array(a.weightData)[0]!;

export function tinyDataset(): LabelledDataset {
  const set = (count: number) => ({ pixels: new Uint8Array(count * 4 * 4 * 3), labels: new Uint8Array(count).map((_, i) => i % 2), count, height: 4, width: 4, ids: Array.from({ length: count }, (_, i) => `img-${i}`) });
  return { name: 'tiny', classNames: ['cat', 'dog'], train: set(8), val: set(4), test: set(6) };
}

function epochRecord(epoch: number): EpochRecord {
  return { epoch, wallMs: 1000 * epoch, samplesPerSec: 100, kernelCount: 300, kernelHistogram: { Conv2D: 3 }, kernelCountMethod: 'counted', trainFlops: 1e9, gflops: 1, loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 32, numBytes: 1000, instrumentationMs: 1, batches: 1, valMs: 10 };
}

/** A workbench without TF.js. `hold()` makes the next train() wait until `release()`. */
export class FakeWorkbench implements WorkbenchPort {
  /** The artifacts the "worker" holds: the model being trained, or the last finished or adopted one. */
  held: SerializedModel | null = null;
  private nextTag = 1;
  private gate: { promise: Promise<void>; open: () => void } | null = null;
  /** Resolves when the held run has started (its first weights exist). */
  started: Promise<void> = Promise.resolve();
  private markStarted: () => void = () => undefined;
  readonly adopted: number[] = [];
  /** The next run loses its backend after its first epoch, as a lost WebGL context does. */
  loseNext = false;
  /** The next run stops answering after this epoch, as when its tab is closed. */
  dieAfterEpoch: number | null = null;
  readonly calls: string[] = [];
  private training = false;

  hold(): void {
    let open = () => undefined as void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
  }

  release(): void {
    this.gate?.open();
  }

  async setDataset(): Promise<void> {
    this.calls.push('setDataset');
  }

  async probe() {
    return { wasm: { available: true, simd: true, threads: false } };
  }

  async train(settings: TrainSettings, callbacks: Parameters<WorkbenchPort['train']>[1], _resume = false, from: TrainingCheckpoint | null = null): Promise<TrainResult> {
    if (this.training) throw new WorkbenchError('busy', 'A training run is already in progress.');
    this.training = true;
    try {
      const tag = this.nextTag++;
      // Half-trained weights are in the worker from the first batch on.
      this.held = taggedArtifacts(tag + 0.5);
      callbacks.onBatch?.({ epoch: 1, batch: 1, batches: 1, loss: 0.6, acc: 0.7 });
      this.markStarted();
      await this.gate?.promise;
      this.gate = null;
      const lost = this.loseNext;
      this.loseNext = false;
      const first = from ? from.epoch + 1 : 1;
      const fresh = Array.from({ length: lost ? 1 : settings.epochs - first + 1 }, (_, i) => epochRecord(first + i));
      const records = [...(from?.records ?? []), ...fresh];
      for (const record of fresh) {
        callbacks.onEpoch?.({ record, validation: { predicted: new Uint8Array(0), confidence: new Float32Array(0), confusion: [] } });
        callbacks.onCheckpoint?.({ epoch: record.epoch, settings, records: records.slice(0, record.epoch), artifacts: taggedArtifacts(tag), optimizer: [{ name: 'iter', shape: [], dtype: 'int32', data: new Int32Array([record.epoch]).buffer }] });
        // A tab closed after this epoch: the run never returns.
        if (record.epoch === this.dieAfterEpoch) {
          this.dieAfterEpoch = null;
          return new Promise<never>(() => undefined);
        }
      }
      this.held = taggedArtifacts(tag);
      if (lost) return { end: 'backend-lost', lost: 'The WebGL context was lost.', records, backend: 'wasm', capabilities: { available: true } };
      return { end: 'completed', records, backend: settings.backend, capabilities: { available: true } };
    } finally {
      this.training = false;
    }
  }

  async resumeCheckpoint(checkpoint: TrainingCheckpoint, callbacks: Parameters<WorkbenchPort['train']>[1]): Promise<TrainResult> {
    this.calls.push(`resume:${checkpoint.epoch}`);
    this.resumedFrom = checkpoint;
    return this.train(checkpoint.settings, callbacks, false, checkpoint);
  }

  /** The last checkpoint a run was resumed from. */
  resumedFrom: TrainingCheckpoint | null = null;

  /** Distillation requests seen (teacher tag, student width and depth, T, α), in order. */
  readonly distilled: { teacher: number; width: number; depth: number; temperature: number; hardWeight: number }[] = [];

  async distill(request: DistillRequest, callbacks: Parameters<WorkbenchPort['train']>[1]): Promise<DistillResult> {
    this.distilled.push({ teacher: tagOf(request.teacher), width: request.student.width, depth: request.student.depth, temperature: request.temperature, hardWeight: request.hardWeight });
    const result = await this.train(request.student, callbacks);
    return { ...result, teacherMs: 5 * result.records.length };
  }

  /** Retraining jobs seen (start tag or null, labelled and held images), in order. */
  readonly retrained: { start: number | null; labelled: number; held: number }[] = [];

  private retrainGate: { promise: Promise<void>; open: () => void; stopped: boolean; skip: number } | null = null;
  /** Resolves when the held retraining has finished its first epoch and waits. */
  retrainStarted: Promise<void> = Promise.resolve();
  private markRetrainStarted: () => void = () => undefined;

  /** The next retrainOn (after `skip` that run through) finishes its first epoch, then waits: stop() ends it as stopped (no model), releaseRetrain() lets it finish. */
  holdRetrain(skip = 0): void {
    let open = () => undefined as void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.retrainGate = { promise, open, stopped: false, skip };
    this.retrainStarted = new Promise<void>((resolve) => (this.markRetrainStarted = resolve));
  }

  releaseRetrain(): void {
    this.retrainGate?.open();
  }

  async retrainOn(job: RetrainJob, callbacks: Parameters<WorkbenchPort['train']>[1]): Promise<RetrainJobResult> {
    this.retrained.push({ start: job.start ? tagOf(job.start) : null, labelled: job.labelled.count, held: job.heldTrainImages });
    const records = Array.from({ length: job.settings.epochs }, (_, i) => epochRecord(i + 1));
    const gate = this.retrainGate && this.retrainGate.skip-- <= 0 ? this.retrainGate : null;
    if (gate) {
      callbacks.onEpoch?.({ record: records[0]!, validation: { predicted: new Uint8Array(0), confusion: [], confidence: new Float32Array(0) } });
      this.markRetrainStarted();
      await gate.promise;
      this.retrainGate = null;
      if (gate.stopped) return { end: 'stopped', records: records.slice(0, 1), backend: job.settings.backend, capabilities: { available: true }, artifacts: null, check: null };
    }
    const tag = this.nextTag++;
    for (const record of gate ? records.slice(1) : records) callbacks.onEpoch?.({ record, validation: { predicted: new Uint8Array(0), confusion: [], confidence: new Float32Array(0) } });
    return { end: 'completed', records, backend: job.settings.backend, capabilities: { available: true }, artifacts: taggedArtifacts(tag), check: { inputSize: 4, numClasses: 2, params: 10, weightBytes: 40, testAcc: 0.8, testCount: 10, flopsPerQuery: 100 } };
  }

  async augmentSamples(settings: TrainSettings, count: number): Promise<AugmentSamples> {
    const bytes = new Uint8Array(count * 4 * 4 * 3);
    return { count, size: 4, original: bytes, augmented: bytes.map((v) => (settings.augFlip ? 255 - v : v)), indices: Array.from({ length: count }, (_, i) => i), augmentMs: 1 };
  }

  async pause() {}
  async resume() {}
  /** Stops a held retraining (the Train view's held run is stopped through release() in these fakes). */
  async stop() {
    if (this.retrainGate && this.retrainGate.skip < 0) {
      this.retrainGate.stopped = true;
      this.retrainGate.open();
    }
  }

  async exportModel(): Promise<SerializedModel> {
    if (!this.held) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
    return structuredClone(this.held);
  }

  async measureInference(batchSize: number) {
    return { batchSize, msPerBatch: 10, gflops: 1 };
  }

  async pruneSweep(request: PruneSweepRequest, callbacks: PruneCallbacks): Promise<PruneSweepOutcome> {
    if (this.training) throw new WorkbenchError('busy', 'The training worker is busy (training or pruning).');
    if (!this.held) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
    this.calls.push(`prune:${tagOf(this.held)}`);
    const inspection = { layers: [], params: 100, nonzeroParams: 100, weightBytes: 400, gzipBytes: 300, flopsPerQuery: 1000, theoreticalFlopsPerQuery: 1000 };
    const dense = { sparsity: 0, testAcc: 0.9, weightBytes: 400, gzipBytes: 300, nonzeroParams: 100, params: 100, flopsPerQuery: 1000, inspection };
    callbacks.onDense?.(dense);
    const levels = request.levels.map((l, i) => {
      const record = { method: l.method, sparsity: l.sparsity, testAcc: 0.88, weightBytes: 200, gzipBytes: 150, nonzeroParams: 50, params: 50, flopsPerQuery: 500, fineTuneMs: 2000, fineTuneFlops: 2e9, fineTuneDispatches: 900, flopsKind: 'analytic' as const };
      callbacks.onLevel?.({ record, inspection }, i);
      return { record, inspection, artifacts: taggedArtifacts(100 + i) };
    });
    return { dense: { ...dense, filterNorms: [], artifacts: structuredClone(this.held) }, levels, stopped: false, backend: 'wasm' };
  }

  async stopPrune() {}

  async checkCurrent(): Promise<ModelCheck> {
    if (!this.held) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
    return { inputSize: 4, numClasses: 2, params: 100, weightBytes: 400, testAcc: 0.9, testCount: 6, flopsPerQuery: 1000 };
  }

  async checkArtifacts(): Promise<ModelCheck> {
    return { inputSize: 4, numClasses: 2, params: 100, weightBytes: 400, testAcc: 0.85, testCount: 6, flopsPerQuery: 1000 };
  }

  async adoptModel(artifacts: SerializedModel): Promise<ModelCheck> {
    if (this.training) throw new WorkbenchError('busy', 'The training worker is busy (training or pruning).');
    this.held = structuredClone(artifacts);
    this.adopted.push(tagOf(artifacts));
    return this.checkArtifacts();
  }

  async loseWebGLContext() {
    return false;
  }

  async loseWebGPUDevice() {
    return false;
  }

  async hang(): Promise<void> {
    return new Promise<void>(() => undefined);
  }

  /** As a restarted worker: the held run never answers again (its caller is told by the restartable port). */
  restarts = 0;
  restart(): void {
    this.restarts++;
    this.training = false;
    this.gate = null;
    this.held = null;
  }

  async memory() {
    return { numTensors: 0, numBytes: 0 };
  }

  readonly inside = {
    setLive: async () => undefined,
    activations: async (): Promise<never> => {
      throw new WorkbenchError('no-model', 'No model yet.');
    },
    layerTable: async () => ({ rows: [], source: 'settings' as const }),
    profile: async (batchSize: number) => {
      if (!this.held) throw new WorkbenchError('no-model', 'No model yet.');
      return { backend: 'wasm', batchSize, repeats: 5, layers: [], sumMs: 12, wholeMs: 10, signature: 'fake' };
    },
    weights: async (): Promise<never> => {
      throw new WorkbenchError('no-model', 'No model yet.');
    },
    trainingBreakdown: async (): Promise<never> => {
      throw new WorkbenchError('no-model', 'No model yet.');
    },
  };
}

/** Interleaved latency without server workers: model i answers in (i + 1) ms model-only, +0.1 ms end to end. */
export const fakeLatency: InterleavedLatency = async (models, labels, _backend, _test, options): Promise<CompareResult> => {
  const queries = options.queries ?? 16;
  const summary = (ms: number) => ({ count: queries, stdMs: 0, meanMs: ms, minMs: ms, p50Ms: ms, p90Ms: ms, p99Ms: ms, maxMs: ms });
  return {
    arms: models.map((_, i) => ({ label: labels[i]!, e2e: summary(i + 1.1), model: summary(i + 1), testAcc: 0.9, samples: [], errorCount: 0 })),
    rounds: queries,
    aborted: false,
  };
};

/** A RegistryStorage in memory: survives a new Lab over the same instance, as IndexedDB survives a reload. */
export class MemoryRegistryStorage implements RegistryStorage {
  models = new Map<string, ModelEntry>();
  weights = new Map<string, SerializedModel>();
  measurements = new Map<string, Measurement>();
  selection: string | null = null;

  async loadAll() {
    return { models: structuredClone([...this.models.values()]), measurements: structuredClone([...this.measurements.values()]), selectedId: this.selection };
  }
  async putModel(entry: ModelEntry, artifacts: SerializedModel | null) {
    this.models.set(entry.id, structuredClone(entry));
    if (artifacts) this.weights.set(entry.id, structuredClone(artifacts));
  }
  async updateModel(entry: ModelEntry) {
    this.models.set(entry.id, structuredClone(entry));
  }
  async deleteModel(id: string) {
    this.models.delete(id);
    this.weights.delete(id);
    for (const [k, m] of this.measurements) if (m.modelId === id) this.measurements.delete(k);
  }
  async putMeasurement(m: Measurement) {
    this.measurements.set(m.id, structuredClone(m));
  }
  async loadWeights(id: string) {
    const w = this.weights.get(id);
    if (!w) throw new Error(`No stored weights for "${id}".`);
    return structuredClone(w);
  }
  async putSelection(id: string | null) {
    this.selection = id;
  }
}

/** A CheckpointStore in memory: survives a new Lab over the same instance, as IndexedDB survives a reload. */
export class MemoryCheckpointStore implements CheckpointStore {
  stored: StoredCheckpoint | null = null;
  saves = 0;
  async save(c: StoredCheckpoint) {
    this.saves++;
    this.stored = structuredClone(c);
  }
  async load() {
    return this.stored ? structuredClone(this.stored) : null;
  }
  async clear() {
    this.stored = null;
  }
}

/** A message bus between registries in one process, as a BroadcastChannel is between tabs (never back to the sender). */
export function memorySyncBus(): () => RegistrySync {
  const members = new Set<{ listeners: Set<() => void> }>();
  return () => {
    const me = { listeners: new Set<() => void>() };
    members.add(me);
    return {
      announce: () => {
        for (const m of members) if (m !== me) for (const l of m.listeners) queueMicrotask(l);
      },
      listen: (listener) => {
        me.listeners.add(listener);
        return () => me.listeners.delete(listener);
      },
    };
  };
}
