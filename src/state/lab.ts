// The lab's main-thread controller: loads the dataset, drives the training worker, and
// keeps the store current. Views call these methods; the bench calls the same ones.
import type { LabelledDataset } from '../data/image-set.ts';
import { loadShippedInWorker } from '../data/decode-client.ts';
import { spawnTrainer, proxyCallbacks, type TrainerRemote } from '../train/client.ts';
import { checkAgainstData, parseSettings, type TrainSettings } from '../train/settings.ts';
import type { BatchProgress, EpochDetail } from '../train/trainer.ts';
import { FrameGapMonitor } from './frame-gap-monitor.ts';
import type { EpochRecord } from '../metrics/report.ts';
import type { PruneCallbacks, PruneSweepRequest } from '../train/service.ts'; // prune (issue 4)
import { PruneLab } from './prune-lab.ts'; // prune (issue 4)
import { IDLE_TRAINING, initialLabState, type LabState, type TrainingState } from './lab-state.ts';
import { Store } from './store.ts';
import { ServeLab } from './serve-lab.ts'; // serve (issue 3)
import { InsideLab } from './inside-lab.ts'; // inside the network (issue 8)
import { DataLab } from './data-lab.ts'; // own images (issue 5)
import { DEFAULT_SETTINGS } from '../train/settings.ts'; // own images (issue 5)
import { RunHistory } from './run-history.ts'; // cost ledger (issue 6)
import { LedgerLab } from './ledger-lab.ts'; // cost ledger (issue 6)
import { recordTrainingRun } from './record-run.ts'; // cost ledger (issue 6)
import { ModelsLab } from './models-lab.ts'; // saved models (issue 7)
import { persistRunHistory } from './history-store.ts'; // saved models (issue 7)
import type { SerializedModel } from '../model/artifact-check.ts'; // saved models (issue 7)
import type { BackendName } from '../tf/backends.ts'; // saved models (issue 7)

export class Lab {
  readonly store = new Store<LabState>(initialLabState());
  /** Serving: deploy, latency protocol, open loop, comparison, Try it (Serve view). */
  readonly serve: ServeLab = new ServeLab(this); // serve (issue 3)
  private trainer: TrainerRemote | null = null;
  private readonly frames = new FrameGapMonitor();
  /** The Prune view's controller (issue 4). */
  readonly prune = new PruneLab(this);
  /** The Inside view's controller: feature maps, layer table and profile, filters, weights (issue 8). */
  readonly inside: InsideLab = new InsideLab(this, () => this.worker());
  /** The Data view's controller: a person's own images (issue 5). */
  readonly data = new DataLab(this);
  /** The shipped dataset once loaded, kept so training can switch back to it (issue 5). */
  private shipped: LabelledDataset | null = null;
  /** Completed runs of this session (and saved/imported ones), for the Ledger (issue 6). */
  readonly history = new RunHistory();
  /** The Ledger view's controller: traffic, chart, export and import (issue 6). */
  readonly ledger: LedgerLab = new LedgerLab(this);
  /** Saved models and run history in IndexedDB, the Models view's controller (issue 7). */
  readonly models = new ModelsLab(this);

  private get state(): LabState {
    return this.store.state;
  }

  private patchTraining(patch: Partial<TrainingState>): void {
    this.store.set({ training: { ...this.state.training, ...patch } });
  }

  private worker(): TrainerRemote {
    this.trainer ??= spawnTrainer().remote;
    return this.trainer;
  }

  get dataset(): LabelledDataset | null {
    return this.state.dataset.kind === 'ready' ? this.state.dataset.dataset : null;
  }

  /** The shipped set's load in flight: callers that ask meanwhile share it, not a second download. */
  private loading: Promise<LabelledDataset> | null = null;

  loadDataset(): Promise<LabelledDataset> {
    const existing = this.dataset;
    if (existing) return Promise.resolve(existing);
    this.loading ??= this.loadShipped().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async loadShipped(): Promise<LabelledDataset> {
    this.store.set({ dataset: { kind: 'loading', done: 0, total: 1 } });
    try {
      // Decoded in a worker, like a person's own images: the page stays free to draw.
      const dataset = await loadShippedInWorker((done, total) => this.store.set({ dataset: { kind: 'loading', done, total } }));
      await this.worker().setDataset(dataset);
      this.shipped = dataset;
      this.store.set({ dataset: { kind: 'ready', dataset } });
      return dataset;
    } catch (err) {
      this.store.set({ dataset: { kind: 'error', message: `Could not load the dataset: ${(err as Error).message}` } });
      throw err;
    }
  }

  /**
   * Switches training to a person's dataset, or back to the shipped one (own images, issue 5).
   * Refused while training or pruning runs. The trained model belongs to the old dataset's
   * classes and test split, so the Train view's run and the model are set aside.
   */
  async useDataset(dataset: LabelledDataset | 'shipped'): Promise<LabelledDataset> {
    if (this.busy || this.prune.busy) throw new Error('Training or pruning is running: stop it before switching the dataset.');
    if (this.state.dataset.kind === 'loading') throw new Error('The shipped dataset is still loading: wait for it before switching.');
    if (dataset === 'shipped' && !this.shipped) {
      this.store.set({ dataset: { kind: 'idle' } });
      return this.loadDataset();
    }
    const next = dataset === 'shipped' ? this.shipped! : dataset;
    await this.worker().setDataset(next);
    this.store.set({ dataset: { kind: 'ready', dataset: next }, training: IDLE_TRAINING, hasModel: false });
    // The default training-set size is the whole shipped split; a smaller set trains on all it has.
    this.updateSettings({ trainSize: Math.min(DEFAULT_SETTINGS.trainSize, next.train.count), batchSize: Math.min(this.state.settings.batchSize, next.train.count) });
    return next;
  }

  async probeBackends(): Promise<void> {
    this.store.set({ backends: await this.worker().probe() });
  }

  /** Applies raw form/URL values; bad fields keep their old values and get a message. */
  updateSettings(raw: Partial<Record<keyof TrainSettings, unknown>>): void {
    const { settings, errors } = parseSettings(raw, this.state.settings);
    const remaining = { ...this.state.settingErrors };
    for (const key of Object.keys(raw) as (keyof TrainSettings)[]) delete remaining[key];
    this.store.set({ settings, settingErrors: { ...remaining, ...errors } });
  }

  get busy(): boolean {
    return ['starting', 'running', 'paused', 'stopping'].includes(this.state.training.phase);
  }

  /** Trains with the current settings; resolves when the run ends (any way). */
  /** `resumeLost` (issue 7): after a lost backend, goes on from the kept epochs on the backend now in the settings. */
  async train(resumeLost = false): Promise<TrainingState> {
    if (this.busy) throw new Error('A training run is already in progress.');
    const dataset = await this.loadDataset();
    const settings = this.state.settings;
    const errors = { ...this.state.settingErrors, ...checkAgainstData(settings, dataset.train.count) };
    if (Object.keys(errors).length > 0) {
      this.store.set({ settingErrors: errors });
      throw new Error(Object.values(errors).join(' '));
    }
    this.store.set({ training: { ...IDLE_TRAINING, phase: 'starting', settings, records: resumeLost ? this.state.training.records : [] } });
    this.frames.start();
    const batchLosses: number[] = [];
    const callbacks = proxyCallbacks({
      onBatch: (p: BatchProgress) => {
        batchLosses.push(p.loss);
        const phase = this.state.training.phase === 'starting' ? 'running' : this.state.training.phase;
        this.patchTraining({ phase, epoch: p.epoch, batch: p.batch, batches: p.batches, batchLosses: [...batchLosses], maxFrameGapMs: this.frames.maxGapMs });
      },
      onEpoch: (d: EpochDetail) => {
        this.patchTraining({ records: [...this.state.training.records, d.record], validation: d.validation });
      },
      ...this.inside.liveCallbacks(), // issue 8: live feature maps and per-epoch weights
    });
    try {
      const result = await this.worker().train(settings, callbacks, resumeLost);
      // The records streamed in per epoch are the run's records: keeping that array spares the
      // Train view redrawing every chart and table at the run's end for the same numbers.
      const records = sameEpochs(this.state.training.records, result.records) ? this.state.training.records : result.records;
      this.patchTraining({ phase: 'finished', end: result.end, records, capabilities: result.capabilities, error: result.lost ?? null });
      // A lost backend keeps a model only if an epoch had finished (issue 7).
      this.store.set({ hasModel: result.records.length > 0 || result.end !== 'backend-lost' });
      recordTrainingRun(this.history, { dataset, settings, backend: result.backend, records: result.records, end: result.end }); // issue 6
      if (this.state.hasModel) await this.models.saveTrained(); // issue 7: every trained model is kept (a storage failure shows in the Models view)
    } catch (err) {
      this.patchTraining({ phase: 'failed', error: (err as Error).message });
    } finally {
      this.frames.stop();
      this.patchTraining({ maxFrameGapMs: this.frames.maxGapMs });
    }
    return this.state.training;
  }

  /** After a lost backend (issue 7): trains the remaining epochs of the kept model on `backend`. */
  resumeOn(backend: BackendName): Promise<TrainingState> {
    this.updateSettings({ backend });
    return this.train(true);
  }

  /** Fault drill and tests (issue 7): loses the training worker's WebGL context mid-run. */
  loseTrainingContext(): Promise<boolean> {
    return this.worker().loseWebGLContext();
  }

  pause(): void {
    if (this.state.training.phase !== 'running') return;
    void this.worker().pause();
    this.patchTraining({ phase: 'paused' });
  }

  resume(): void {
    if (this.state.training.phase !== 'paused') return;
    void this.worker().resume();
    this.patchTraining({ phase: 'running' });
  }

  stop(): void {
    if (!this.busy) return;
    void this.worker().stop();
    this.patchTraining({ phase: 'stopping' });
  }

  exportModel() {
    return this.worker().exportModel();
  }

  measureInference(batchSize: number) {
    return this.worker().measureInference(batchSize);
  }

  // prune (issue 4): thin forwards to the training worker, which owns the model and fine-tunes.
  pruneSweep(request: PruneSweepRequest, callbacks: PruneCallbacks) {
    return this.worker().pruneSweep(request, callbacks);
  }

  stopPrune() {
    return this.worker().stopPrune();
  }

  // saved models (issue 7): check, test and adopt models in the training worker.
  /** Opens the library and brings back the saved run history; call once at start. */
  async startStorage(): Promise<void> {
    await this.models.library.open();
    await persistRunHistory(this.history, this.models.library);
  }

  checkCurrentModel() {
    return this.worker().checkCurrent();
  }

  checkArtifacts(artifacts: SerializedModel, backend: BackendName) {
    return this.worker().checkArtifacts(artifacts, backend);
  }

  adoptModel(artifacts: SerializedModel, settings: TrainSettings) {
    return this.worker().adoptModel(artifacts, settings);
  }

  workerMemory() {
    return this.worker().memory();
  }
}

/** Same epochs with the same measured wall times: the run's result repeats what was streamed. */
function sameEpochs(a: readonly EpochRecord[], b: readonly EpochRecord[]): boolean {
  return a.length === b.length && a.every((r, i) => r.epoch === b[i]!.epoch && r.wallMs === b[i]!.wallMs);
}
