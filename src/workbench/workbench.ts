// The workbench, the training worker's side of the protocol: holds the dataset and one model,
// runs one training or pruning sweep at a time, inspects and adopts models, and hands out plain
// numbers and serialized models. Failures are WorkbenchErrors with a code the page acts on.
import { hangThisThread } from '../tf/hang.ts';
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { ArtifactError, loadFromArtifacts, saveToArtifacts, type SerializedModel } from '../model/artifacts.ts';
import { BackendLostError, loseWebGLContext, loseWebGPUDevice, replaceLostBackend } from '../tf/gpu-context.ts';
import { headOf, type LabelledDataset } from '../data/image-set.ts';
import { concatSets } from '../drift/image-sets.ts';
import type { BackendCapabilities, EpochRecord } from '../metrics/report.ts';
import { ALL_BACKENDS, type BackendName, useBackend } from '../tf/backends.ts';
import { activeCapabilities, probeBackends } from '../tf/capabilities.ts';
import { calibrateCounterCost, TrainingRun } from '../train/trainer.ts';
import { augmentSamples } from '../train/augment-samples.ts';
import { checkDistillParams } from '../train/levers-settings.ts';
import type { TrainSettings } from '../train/settings.ts';
import { batchTensors } from '../data/batches.ts';
import { forwardFlops } from '../model/flops.ts';
import { validateArtifacts } from '../model/artifact-check.ts';
import { checkModel, loadForDataset, type ModelCheck } from '../train/adopt.ts';
import { filterL1Norms } from '../prune/structured.ts';
import { InsideService } from './inside.ts';
import { WorkbenchError, type AugmentSamples, type DistillRequest, type DistillResult, type InferenceSpeed, type OptimizerSlot, type PruneCallbacks, type PruneSweepOutcome, type PruneSweepRequest, type RetrainJob, type RetrainJobResult, type RunCallbacks, type TrainCallbacks, type TrainingCheckpoint, type TrainResult, type WorkbenchApi } from './protocol.ts';
import { DEFAULT_SWEEP_OPTIONS, runPruneSweep } from '../prune/sweep.ts';

export class Workbench implements WorkbenchApi {
  private dataset: LabelledDataset | null = null;
  private current: TrainingRun | null = null;
  private running = false;
  private pruneAbort: AbortController | null = null;
  /** The drift lab's retraining while one goes on, so stop() reaches it (a Stop before its run exists is kept for when it does). */
  private retraining: { run: TrainingRun | null; stopped: boolean } | null = null;
  /** The Inside view's methods (remote.inside.*): feature maps, layer table and profile, weights. */
  readonly inside = Comlink.proxy(new InsideService({
    model: () => this.current?.model ?? null,
    dataset: () => this.dataset,
    busy: () => this.running && !this.current?.paused,
  })); // proxy-marked, so comlink types remote.inside.* as calls

  setDataset(dataset: LabelledDataset): void {
    if (this.running) throw new WorkbenchError('busy', 'Cannot change the dataset while training runs.');
    this.dataset = dataset;
  }

  async probe(): Promise<Record<string, BackendCapabilities>> {
    const probing = probeBackends(ALL_BACKENDS, 'wasm');
    this.probing = probing;
    return probing;
  }

  /** The start-up probe switches backends one by one: work that needs a backend waits for it. */
  private probing: Promise<unknown> | null = null;

  private async switchBackend(name: BackendName): Promise<void> {
    await this.probing?.catch(() => undefined);
    await useBackend(name);
  }

  /**
   * Trains with `settings`. With `resume` (after a lost backend) the kept model and its
   * finished epochs go on from the next epoch on `settings.backend` (a fresh optimizer: Adam's
   * moments lived on the lost GPU).
   */
  async train(settings: TrainSettings, callbacks: RunCallbacks, resume = false): Promise<TrainResult> {
    if (resume && !this.current?.records.length) throw new WorkbenchError('nothing-to-resume', 'Nothing to resume: no finished epoch was kept.');
    return this.runWith(settings, callbacks, async () => {
      if (!resume || !this.current) return { model: undefined, records: [] };
      const artifacts = await saveToArtifacts(this.current.model);
      return { model: (await loadFromArtifacts(artifacts)).model, records: this.current.records };
    });
  }

  /**
   * Distillation: a fresh student built from `request.student` learns from the teacher's
   * softened outputs (the teacher is loaded on the training backend for the run and freed after).
   * The student becomes the held model, as a trained one does.
   */
  async distill(request: DistillRequest, callbacks: RunCallbacks): Promise<DistillResult> {
    const problem = checkDistillParams(request);
    if (problem) throw new WorkbenchError('bad-input', problem);
    let teacher: tf.LayersModel | null = null;
    try {
      const result = await this.runWith(request.student, callbacks, async () => ({ model: undefined, records: [] }), async (run, dataset) => {
        teacher = await loadChecked(request.teacher, dataset);
        run.teacher = { model: teacher, temperature: request.temperature, hardWeight: request.hardWeight };
      });
      return { ...result, teacherMs: result.records.reduce((sum, r) => sum + (r.teacherMs ?? 0), 0) };
    } finally {
      if (this.current) this.current.teacher = null;
      (teacher as tf.LayersModel | null)?.dispose();
    }
  }

  /** Training images before and after augmentation (the trainer's own draws for epoch 1, batch 1); no model needed. */
  async augmentSamples(settings: TrainSettings, count: number): Promise<AugmentSamples> {
    if (!this.dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    if (!(Number.isInteger(count) && count >= 1 && count <= 64)) throw new WorkbenchError('bad-input', `Sample count must be a whole number from 1 to 64, got ${count}.`);
    await this.probing?.catch(() => undefined);
    return augmentSamples(this.dataset, settings, count);
  }

  /**
   * A retraining in a drifting world: trains on the labelled images handed over (plus, from scratch,
   * the first `heldTrainImages` of the held training split), fine-tuning `job.start` or a fresh model.
   * Its own run from start to end: the held dataset and model stay, and everything it made is freed.
   */
  async retrainOn(job: RetrainJob, callbacks: TrainCallbacks = {}): Promise<RetrainJobResult> {
    if (this.running) throw new WorkbenchError('busy', 'The training worker is busy (training or pruning).');
    if (!this.dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    if (job.labelled.count + job.heldTrainImages < 1 || job.val.count < 1) throw new WorkbenchError('bad-input', `A retraining needs images to learn from and to validate on, got ${job.labelled.count} labelled and ${job.val.count} for validation.`);
    const held = this.dataset;
    this.running = true;
    const retraining: { run: TrainingRun | null; stopped: boolean } = { run: null, stopped: false };
    this.retraining = retraining;
    let run: TrainingRun | null = null;
    let start: tf.LayersModel | undefined;
    try {
      await this.switchBackend(job.settings.backend);
      const capabilities = await activeCapabilities();
      start = job.start ? await loadChecked(job.start, held) : undefined;
      const train = job.heldTrainImages > 0 ? concatSets([headOf(held.train, job.heldTrainImages), job.labelled]) : job.labelled;
      run = new TrainingRun({ ...job.settings, trainSize: train.count }, { ...held, train, val: job.val }, calibrateCounterCost(), start);
      retraining.run = run;
      // A retraining validates on a few dozen labelled images; one bad last step should not be what serves.
      run.keepBestWeights = true;
      if (retraining.stopped) run.stop();
      const end = await run.run(callbacks);
      // A stopped retraining is not a model: its finished epochs are told, nothing is tested or saved.
      if (end === 'stopped') return { end, records: [...run.records], backend: job.settings.backend, capabilities, artifacts: null, check: null };
      const check = await checkModel(run.model, held);
      const artifacts = await saveToArtifacts(run.model);
      const result: RetrainJobResult = { end, records: [...run.records], backend: job.settings.backend, capabilities, artifacts, check, ...(run.keptEpoch !== null ? { keptEpoch: run.keptEpoch } : {}) };
      return Comlink.transfer(result, [artifacts.weightData]);
    } finally {
      // The run owns the start model once it exists.
      if (run) run.dispose();
      else start?.dispose();
      this.retraining = null;
      this.running = false;
    }
  }

  /**
   * Goes on from a checkpoint saved after an epoch (the tab was closed or reloaded mid-run): its
   * weights, Adam's moments and step count, and its records, so the run continues as if never
   * interrupted (the same seeded batch order from the next epoch). A model this dataset cannot
   * feed is refused ('bad-model'), and the model held stays.
   */
  async resumeCheckpoint(checkpoint: TrainingCheckpoint, callbacks: RunCallbacks): Promise<TrainResult> {
    if (checkpoint.records.length !== checkpoint.epoch || checkpoint.epoch < 1) throw new WorkbenchError('bad-input', `The checkpoint is inconsistent: ${checkpoint.records.length} epoch records for epoch ${checkpoint.epoch}.`);
    return this.runWith(checkpoint.settings, callbacks, async (dataset) => ({ model: await loadChecked(checkpoint.artifacts, dataset), records: checkpoint.records, optimizer: checkpoint.optimizer }));
  }

  /** One run: switch backend, build the run from `start` (a fresh model, a kept one, a checkpoint), train, keep what a lost backend leaves. */
  private async runWith(
    settings: TrainSettings,
    callbacks: RunCallbacks,
    start: (dataset: LabelledDataset) => Promise<{ model: tf.LayersModel | undefined; records: EpochRecord[]; optimizer?: OptimizerSlot[] }>,
    /** Prepares the new run on the training backend before it replaces the held one (a distillation's teacher). */
    configure?: (run: TrainingRun, dataset: LabelledDataset) => Promise<void>,
  ): Promise<TrainResult> {
    if (this.running) throw new WorkbenchError('busy', 'A training run is already in progress.');
    if (!this.dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    const dataset = this.dataset;
    this.running = true;
    try {
      const from = await start(dataset);
      await this.switchBackend(settings.backend);
      const capabilities = await activeCapabilities();
      // The previous model is replaced only once the new run exists, so a failed start
      // (say, a backend that will not load) keeps the last trained model.
      const run = new TrainingRun(settings, dataset, calibrateCounterCost(), from.model, from.records);
      if (from.optimizer) await restoreOptimizer(run, from.optimizer);
      if (configure) await configure(run, dataset).catch((err: unknown) => {
        run.dispose();
        throw err;
      });
      this.current?.dispose();
      this.current = run;
      run.observer = this.inside.observer;
      this.inside.observer.callbacks = callbacks;
      if (callbacks.onCheckpoint) run.afterEpoch = async () => callbacks.onCheckpoint?.(await checkpointOf(run));
      let lost: string | undefined;
      const end = await run.run(callbacks).catch(async (err: unknown) => {
        if (!(err instanceof BackendLostError)) throw err;
        lost = await this.keepLostRun(run, err);
        return 'backend-lost' as const;
      });
      const kept = this.current === run ? run.keptEpoch : null;
      return { end, records: this.current?.records ?? [], backend: settings.backend, capabilities, ...(lost ? { lost } : {}), ...(kept !== null ? { keptEpoch: kept } : {}) };
    } finally {
      this.running = false;
    }
  }

  /**
   * The GPU under the run died (a lost WebGL context or WebGPU device): keeps the epochs up to the last checkpoint and their weights,
   * moved to wasm (so the model stays usable), and replaces the dead backend. Returns what to tell.
   */
  private async keepLostRun(run: TrainingRun, err: BackendLostError): Promise<string> {
    const checkpoint = run.checkpoint;
    const records = run.records.slice(0, checkpoint?.epoch ?? 0);
    try {
      run.dispose();
    } catch {
      // Its textures went with the context.
    }
    this.current = null;
    if (run.settings.backend === 'webgl' || run.settings.backend === 'webgpu') replaceLostBackend(run.settings.backend);
    await this.switchBackend('wasm');
    if (checkpoint && this.dataset) {
      const { model } = await loadFromArtifacts(checkpoint.artifacts);
      this.current = new TrainingRun(run.settings, this.dataset, 0, model, records);
    }
    const kept = records.length > 0 ? `The ${records.length} finished epoch${records.length === 1 ? '' : 's'} and their weights are kept (now on wasm); resume on another backend to train the rest.` : 'No epoch had finished, so there is no model to keep.';
    return `${err.message} Training stopped. ${kept}`;
  }

  /** Test hook and fault drill: loses the training backend's WebGL context, as a GPU reset would. */
  loseWebGLContext(): boolean {
    return loseWebGLContext();
  }

  /** Fault drill and tests: blocks this worker's thread for good, as a hung kernel would (the page's watchdog then restarts the worker). */
  hang(): void {
    hangThisThread();
  }

  /** Test hook and fault drill: destroys the training backend's WebGPU device, as a driver reset would. */
  loseWebGPUDevice(): boolean {
    return loseWebGPUDevice();
  }

  pause(): void {
    this.current?.pause();
  }

  resume(): void {
    this.current?.resume();
  }

  /** Stops the held run and a retraining in progress (the same between-batches stop: the batch in progress finishes). */
  stop(): void {
    this.current?.stop();
    if (this.retraining) {
      this.retraining.stopped = true;
      this.retraining.run?.stop();
    }
  }

  /** The trained model as in-memory artifacts (topology + weights), the same as a saved file. */
  async exportModel(): Promise<SerializedModel> {
    if (!this.current) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
    const artifacts = await saveToArtifacts(this.current.model);
    // The weights buffer was made for this call alone, so it can move rather than be copied.
    return Comlink.transfer(artifacts, [artifacts.weightData]);
  }

  /**
   * Forward-pass speed of the trained model at a given batch size on the training backend:
   * the reference that training GFLOP/s is compared against (same model, same batch).
   */
  async measureInference(batchSize: number, repeats = 10): Promise<InferenceSpeed> {
    if (!this.current || !this.dataset) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
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
    if (this.running) throw new WorkbenchError('busy', 'The training worker is busy (training or pruning).');
    if (!this.current || !this.dataset) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
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

  /** Size and test accuracy of the current model, measured on the unseen test split (when a model is saved). */
  async checkCurrent(): Promise<ModelCheck> {
    if (!this.current || !this.dataset) throw new WorkbenchError('no-model', 'No trained model yet: train first.');
    return checkModel(this.current.model, this.dataset);
  }

  /** Loads artifacts on `backend`, checks them against the dataset and tests them; the current model stays. */
  async checkArtifacts(artifacts: SerializedModel, backend: BackendName): Promise<ModelCheck> {
    if (!this.dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    if (this.running) throw new WorkbenchError('busy', 'The training worker is busy (training or pruning).');
    await this.switchBackend(backend);
    const model = await loadChecked(artifacts, this.dataset);
    try {
      return await checkModel(model, this.dataset);
    } finally {
      model.dispose();
    }
  }

  /**
   * Makes saved artifacts the current model (to serve, prune or fine-tune again) on
   * `settings.backend`; a model the dataset cannot feed is refused and the current one stays.
   */
  async adoptModel(artifacts: SerializedModel, settings: TrainSettings): Promise<ModelCheck> {
    if (!this.dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    if (this.running) throw new WorkbenchError('busy', 'The training worker is busy (training or pruning).');
    await this.switchBackend(settings.backend);
    const model = await loadChecked(artifacts, this.dataset);
    const check = await checkModel(model, this.dataset).catch((err: unknown) => {
      model.dispose();
      throw err;
    });
    this.current?.dispose();
    this.current = new TrainingRun(settings, this.dataset, 0, model);
    return check;
  }

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}

/** Loads artifacts for the dataset; a model it cannot feed is a 'bad-model' failure, with the reason. */
async function loadChecked(artifacts: SerializedModel, dataset: LabelledDataset): Promise<tf.LayersModel> {
  try {
    return await loadForDataset(artifacts, dataset);
  } catch (err) {
    if (err instanceof ArtifactError) throw new WorkbenchError('bad-model', err.message);
    throw err;
  }
}

/** The run after its latest epoch, as plain data: weights, Adam's step count and moments, records. */
async function checkpointOf(run: TrainingRun): Promise<TrainingCheckpoint> {
  const artifacts = await saveToArtifacts(run.model);
  // Adam hands out its live slot variables: they are read, never disposed.
  const slots: { name: string; tensor: tf.Tensor }[] = await run.model.optimizer.getWeights();
  const optimizer = await Promise.all(slots.map(async ({ name, tensor }) => ({ name, shape: tensor.shape, dtype: tensor.dtype as OptimizerSlot['dtype'], data: (await tensor.data()).slice().buffer as ArrayBuffer })));
  // The step count is a fresh scalar made for this call.
  slots[0]?.tensor.dispose();
  const checkpoint: TrainingCheckpoint = { epoch: run.records.length, settings: run.settings, records: [...run.records], artifacts, optimizer };
  return Comlink.transfer(checkpoint, [artifacts.weightData, ...optimizer.map((o) => o.data)]);
}

/** Puts a checkpoint's Adam state into a run's fresh optimizer (its slots are copied into new variables). */
async function restoreOptimizer(run: TrainingRun, slots: readonly OptimizerSlot[]): Promise<void> {
  const named = slots.map(({ name, shape, dtype, data }) => ({ name, tensor: tf.tensor(dtype === 'int32' ? new Int32Array(data) : new Float32Array(data), shape, dtype) }));
  try {
    await run.model.optimizer.setWeights(named);
  } finally {
    for (const n of named) n.tensor.dispose();
  }
}
