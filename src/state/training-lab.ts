// The Train view's controller: settings, one run at a time in the training worker (start, pause,
// resume, stop, resume after a lost backend or after a reload), batch progress and epoch records
// into the store. After every finished epoch the run's checkpoint is stored, so a closed tab loses
// at most the epoch in progress; it is deleted when the run ends. A finished run is handed to
// `onFinished` (the wiring registers it as a model) before train() resolves, so whoever awaits a
// run finds its model in the registry.
import type { LabelledDataset } from '../data/image-set.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { checkAgainstData, parseSettings, type TrainSettings } from '../train/settings.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { datasetIdentity } from '../data/dataset-identity.ts';
import type { BatchProgress, EpochDetail, InsideCallbacks, RunCallbacks, TrainingCheckpoint, TrainResult, WorkbenchPort } from '../workbench/protocol.ts';
import type { CheckpointStore } from './checkpoint-db.ts';
import type { FrameGapMonitor } from './frame-gap-monitor.ts';
import { IDLE_TRAINING, isTrainingBusy, type LabState, type TrainingState } from './lab-state.ts';
import type { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

/** A run that ended with at least one finished epoch: what the registry needs to record it. */
export interface FinishedRun {
  dataset: LabelledDataset;
  settings: TrainSettings;
  result: TrainResult;
  /** The run went on from a model kept after a lost backend. */
  resumed: boolean;
}

export interface TrainingLabDeps {
  store: Store<LabState>;
  port: Pick<WorkbenchPort, 'train' | 'resumeCheckpoint' | 'pause' | 'resume' | 'stop'>;
  /** Where each epoch's checkpoint goes (null: runs are not resumable after a reload). */
  checkpoints: CheckpointStore | null;
  loadDataset(): Promise<LabelledDataset>;
  frames: FrameGapMonitor;
  /** The Inside view's live snapshots, passed to the worker with the run. */
  liveCallbacks(): InsideCallbacks;
  /** Called when a run starts (the worker's model becomes the one being trained). */
  onStarted(): void;
  /** Registers a run that kept a model; resolves with its registry id. */
  onFinished(run: FinishedRun): Promise<string | null>;
  /** Ends a worker that stopped answering and starts a fresh one (its calls in flight fail). */
  restartWorker(): void;
  /** When silence counts as a possible hang: max(minSilentMs, factor x the slowest gap between heartbeats so far), checked every checkEveryMs. */
  watchdog?: { minSilentMs: number; factor: number; checkEveryMs: number };
}

/** A batch, an epoch's end or a checkpoint is a heartbeat; validation and backend start fall between them, so the floor is generous. */
export const DEFAULT_WATCHDOG = { minSilentMs: 30_000, factor: 10, checkEveryMs: 1_000 };

export class TrainingLab {
  /** One run at a time; its failure is kept as the run's error. */
  readonly task = new TaskRunner();

  constructor(private readonly deps: TrainingLabDeps) {}

  private get state(): LabState {
    return this.deps.store.state;
  }

  private patch(patch: Partial<TrainingState>): void {
    this.deps.store.set({ training: { ...this.state.training, ...patch } });
  }

  get busy(): boolean {
    return isTrainingBusy(this.state);
  }

  /** Applies raw form/URL values; bad fields keep their old values and get a message. */
  updateSettings(raw: Partial<Record<keyof TrainSettings, unknown>>): void {
    const { settings, errors } = parseSettings(raw, this.state.settings);
    const remaining = { ...this.state.settingErrors };
    for (const key of Object.keys(raw) as (keyof TrainSettings)[]) delete remaining[key];
    this.deps.store.set({ settings, settingErrors: { ...remaining, ...errors } });
  }

  /** Trains with the current settings; resolves when the run ends (any way) and its model is registered. */
  async train(resumeLost = false): Promise<TrainingState> {
    if (this.busy) throw new Error('A training run is already in progress.');
    const dataset = await this.deps.loadDataset();
    const settings = this.state.settings;
    const errors = { ...this.state.settingErrors, ...checkAgainstData(settings, dataset.train.count) };
    if (Object.keys(errors).length > 0) {
      this.deps.store.set({ settingErrors: errors });
      throw new Error(Object.values(errors).join(' '));
    }
    this.deps.store.set({ training: { ...IDLE_TRAINING, phase: 'starting', settings, records: resumeLost ? this.state.training.records : [] } });
    // A new run replaces an interrupted one: its checkpoint is overwritten by the first epoch.
    this.deps.store.set({ interrupted: null });
    await this.task.run('Training', () => this.run(dataset, settings, resumeLost, (callbacks) => this.deps.port.train(settings, callbacks, resumeLost)));
    if (this.task.state.status === 'error') this.patch({ phase: 'failed', error: this.task.state.error });
    return this.state.training;
  }

  /** Looks for a run interrupted by a reload or a closed tab (call once at start). */
  async loadInterrupted(): Promise<void> {
    const c = await this.deps.checkpoints?.load().catch(() => null);
    if (!c) return;
    this.deps.store.set({ interrupted: { epoch: c.epoch, epochs: c.settings.epochs, settings: c.settings, datasetName: c.dataset.name, savedAt: c.savedAt, refused: null } });
  }

  /**
   * Goes on with the interrupted run from its next epoch, as if it had never stopped (its weights,
   * optimizer state, records and batch order). A checkpoint of another dataset, or of a model this
   * dataset cannot feed, is refused with the reason, and nothing else changes.
   */
  async resumeInterrupted(): Promise<TrainingState> {
    if (this.busy) throw new Error('A training run is already in progress.');
    const c = await this.deps.checkpoints?.load();
    if (!c) {
      this.deps.store.set({ interrupted: null });
      throw new Error('There is no interrupted run to resume: its checkpoint is gone (it may have been resumed or discarded in another tab).');
    }
    const dataset = await this.deps.loadDataset();
    const now = await datasetIdentity(dataset);
    if (c.dataset.hash && c.dataset.hash !== now.hash) {
      const refused = `This run was trained on "${c.dataset.name}" (${c.dataset.counts.train} training images); the dataset in use is "${now.name}" (${now.counts.train}), so it cannot go on here. Switch to that dataset in the Data view, or discard the run.`;
      this.deps.store.set({ interrupted: { ...this.state.interrupted!, refused } });
      throw new Error(refused);
    }
    this.deps.store.set({ settings: c.settings, settingErrors: {}, training: { ...IDLE_TRAINING, phase: 'starting', settings: c.settings, records: c.records } });
    await this.task.run('Training', () => this.run(dataset, c.settings, false, (callbacks) => this.deps.port.resumeCheckpoint(c, callbacks)));
    if (this.task.state.status === 'error') {
      const error = this.task.state.error;
      this.patch({ phase: 'failed', error });
      // A refused checkpoint stays offered (with why), so nothing is lost by trying.
      const offered = this.state.interrupted;
      if (offered) this.deps.store.set({ interrupted: { ...offered, refused: error } });
    } else this.deps.store.set({ interrupted: null });
    return this.state.training;
  }

  /** Drops the interrupted run's checkpoint. */
  async discardInterrupted(): Promise<void> {
    await this.deps.checkpoints?.clear();
    this.deps.store.set({ interrupted: null });
  }

  /** The worker looks hung, and the person chose to wait: the watch starts over from now. */
  keepWaiting(): void {
    this.lastBeatAt = performance.now();
    this.patch({ stalled: null });
  }

  /**
   * The worker looks hung, and the person chose to stop: the worker is ended and replaced, the run
   * fails with a message, and its last checkpoint (if an epoch had finished) is offered to resume.
   */
  async abandonHungWorker(): Promise<void> {
    this.deps.restartWorker();
    await this.task.settled();
    await this.loadInterrupted();
  }

  private lastBeatAt = 0;

  /** Watches the run's heartbeats until `done` settles; flags a silence much longer than the slowest gap so far. */
  private watch(done: Promise<unknown>): { beat(): void } {
    const { minSilentMs, factor, checkEveryMs } = this.deps.watchdog ?? DEFAULT_WATCHDOG;
    let slowestGapMs = 0;
    this.lastBeatAt = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      // Paused time is nobody's silence.
      if (this.state.training.phase === 'paused') this.lastBeatAt = now;
      const silentMs = now - this.lastBeatAt;
      const thresholdMs = Math.max(minSilentMs, factor * slowestGapMs);
      if (silentMs > thresholdMs) this.patch({ stalled: { silentMs, thresholdMs, slowestGapMs } });
    }, checkEveryMs);
    void done.finally(() => clearInterval(timer));
    return {
      beat: () => {
        const now = performance.now();
        slowestGapMs = Math.max(slowestGapMs, now - this.lastBeatAt);
        this.lastBeatAt = now;
        if (this.state.training.stalled) this.patch({ stalled: null });
      },
    };
  }

  private async run(dataset: LabelledDataset, settings: TrainSettings, resumeLost: boolean, start: (callbacks: RunCallbacks) => Promise<TrainResult>): Promise<void> {
    this.deps.onStarted();
    const store = this.deps.checkpoints;
    const identity = await datasetIdentity(dataset);
    // One write at a time, in epoch order; a storage failure is shown and the run goes on.
    let saving: Promise<void> = Promise.resolve();
    // The worker waits for this before its next epoch, so a reload then finds this epoch's checkpoint.
    const save = (c: TrainingCheckpoint): Promise<void> => {
      saving = saving.then(() => store?.save({ ...c, dataset: identity, savedAt: new Date().toISOString() })).catch((err: unknown) => {
        this.patch({ error: `The run goes on, but could not be made resumable: ${(err as Error).message}` });
      });
      return saving;
    };
    const frames = this.deps.frames;
    frames.start();
    const batchLosses: number[] = [];
    let settle = () => undefined as void;
    const watchdog = this.watch(new Promise<void>((resolve) => (settle = resolve)));
    const callbacks = {
      onBatch: (p: BatchProgress) => {
        watchdog.beat();
        batchLosses.push(p.loss);
        const phase = this.state.training.phase === 'starting' ? 'running' : this.state.training.phase;
        this.patch({ phase, epoch: p.epoch, batch: p.batch, batches: p.batches, batchLosses: [...batchLosses], maxFrameGapMs: frames.maxGapMs });
      },
      onEpoch: (d: EpochDetail) => {
        watchdog.beat();
        this.patch({ records: [...this.state.training.records, d.record], validation: d.validation });
      },
      ...this.deps.liveCallbacks(),
      ...(store
        ? {
            onCheckpoint: (c: TrainingCheckpoint) => {
              watchdog.beat();
              return save(c);
            },
          }
        : {}),
    };
    try {
      const result = await start(callbacks);
      // The records streamed in per epoch are the run's records: keeping that array spares the
      // Train view redrawing every chart and table at the run's end for the same numbers.
      const records = sameEpochs(this.state.training.records, result.records) ? this.state.training.records : result.records;
      this.patch({ records, capabilities: result.capabilities, error: result.lost ?? null });
      // A lost backend keeps a model only if an epoch had finished. The run ends (and says how) only
      // once its model is in the registry, so whoever sees "completed" finds the model selected.
      const modelId = result.records.length > 0 ? await this.deps.onFinished({ dataset, settings, result, resumed: resumeLost }) : null;
      this.patch({ phase: 'finished', end: result.end, modelId });
      // The run is over and its model kept: its checkpoint has nothing left to resume. (A run that
      // failed keeps its last checkpoint, and a checkpoint the worker refused is still offered.)
      await saving;
      await store?.clear().catch(() => undefined);
    } finally {
      settle();
      frames.stop();
      this.patch({ maxFrameGapMs: frames.maxGapMs, stalled: null });
    }
  }

  /** After a lost backend: trains the remaining epochs of the kept model on `backend`. */
  resumeOn(backend: BackendName): Promise<TrainingState> {
    this.updateSettings({ backend });
    return this.train(true);
  }

  pause(): void {
    if (this.state.training.phase !== 'running') return;
    void this.deps.port.pause();
    this.patch({ phase: 'paused' });
  }

  resume(): void {
    if (this.state.training.phase !== 'paused') return;
    void this.deps.port.resume();
    this.patch({ phase: 'running' });
  }

  /** Stops after the batch in progress; the finished epochs are kept. */
  stop(): void {
    if (!this.busy) return;
    this.task.stop();
    void this.deps.port.stop();
    this.patch({ phase: 'stopping' });
  }
}

/** Same epochs with the same measured wall times: the run's result repeats what was streamed. */
function sameEpochs(a: readonly EpochRecord[], b: readonly EpochRecord[]): boolean {
  return a.length === b.length && a.every((r, i) => r.epoch === b[i]!.epoch && r.wallMs === b[i]!.wallMs);
}
