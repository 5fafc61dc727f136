// The Train view's controller: settings, one run at a time in the training worker (start, pause,
// resume, stop, resume after a lost backend), batch progress and epoch records into the store.
// A finished run is handed to `onFinished` (the wiring registers it as a model) before train()
// resolves, so whoever awaits a run finds its model in the registry.
import type { LabelledDataset } from '../data/image-set.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { checkAgainstData, parseSettings, type TrainSettings } from '../train/settings.ts';
import type { BackendName } from '../tf/backend-names.ts';
import type { BatchProgress, EpochDetail, InsideCallbacks, TrainResult, WorkbenchPort } from '../workbench/protocol.ts';
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
  port: Pick<WorkbenchPort, 'train' | 'pause' | 'resume' | 'stop'>;
  loadDataset(): Promise<LabelledDataset>;
  frames: FrameGapMonitor;
  /** The Inside view's live snapshots, passed to the worker with the run. */
  liveCallbacks(): InsideCallbacks;
  /** Called when a run starts (the worker's model becomes the one being trained). */
  onStarted(): void;
  /** Registers a run that kept a model; resolves with its registry id. */
  onFinished(run: FinishedRun): Promise<string | null>;
}

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
    await this.task.run('Training', () => this.run(dataset, settings, resumeLost));
    if (this.task.state.status === 'error') this.patch({ phase: 'failed', error: this.task.state.error });
    return this.state.training;
  }

  private async run(dataset: LabelledDataset, settings: TrainSettings, resumeLost: boolean): Promise<void> {
    this.deps.onStarted();
    const frames = this.deps.frames;
    frames.start();
    const batchLosses: number[] = [];
    const callbacks = {
      onBatch: (p: BatchProgress) => {
        batchLosses.push(p.loss);
        const phase = this.state.training.phase === 'starting' ? 'running' : this.state.training.phase;
        this.patch({ phase, epoch: p.epoch, batch: p.batch, batches: p.batches, batchLosses: [...batchLosses], maxFrameGapMs: frames.maxGapMs });
      },
      onEpoch: (d: EpochDetail) => this.patch({ records: [...this.state.training.records, d.record], validation: d.validation }),
      ...this.deps.liveCallbacks(),
    };
    try {
      const result = await this.deps.port.train(settings, callbacks, resumeLost);
      // The records streamed in per epoch are the run's records: keeping that array spares the
      // Train view redrawing every chart and table at the run's end for the same numbers.
      const records = sameEpochs(this.state.training.records, result.records) ? this.state.training.records : result.records;
      this.patch({ records, capabilities: result.capabilities, error: result.lost ?? null });
      // A lost backend keeps a model only if an epoch had finished. The run ends (and says how) only
      // once its model is in the registry, so whoever sees "completed" finds the model selected.
      const modelId = result.records.length > 0 ? await this.deps.onFinished({ dataset, settings, result, resumed: resumeLost }) : null;
      this.patch({ phase: 'finished', end: result.end, modelId });
    } finally {
      frames.stop();
      this.patch({ maxFrameGapMs: frames.maxGapMs });
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
