// The lab's main-thread controller: loads the dataset, drives the training worker, and
// keeps the store current. Views call these methods; the bench calls the same ones.
import type { LabelledDataset } from '../data/image-set.ts';
import { loadShippedDataset } from '../data/load-shipped.ts';
import { spawnTrainer, proxyCallbacks, type TrainerRemote } from '../train/client.ts';
import { checkAgainstData, parseSettings, type TrainSettings } from '../train/settings.ts';
import type { BatchProgress, EpochDetail } from '../train/trainer.ts';
import { FrameGapMonitor } from './frame-gap-monitor.ts';
import type { PruneCallbacks, PruneSweepRequest } from '../train/service.ts'; // prune (issue 4)
import { PruneLab } from './prune-lab.ts'; // prune (issue 4)
import { IDLE_TRAINING, initialLabState, type LabState, type TrainingState } from './lab-state.ts';
import { Store } from './store.ts';
import { ServeLab } from './serve-lab.ts'; // serve (issue 3)

export class Lab {
  readonly store = new Store<LabState>(initialLabState());
  /** Serving: deploy, latency protocol, open loop, comparison, Try it (Serve view). */
  readonly serve: ServeLab = new ServeLab(this); // serve (issue 3)
  private trainer: TrainerRemote | null = null;
  private readonly frames = new FrameGapMonitor();
  /** The Prune view's controller (issue 4). */
  readonly prune = new PruneLab(this);

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

  async loadDataset(): Promise<LabelledDataset> {
    const existing = this.dataset;
    if (existing) return existing;
    this.store.set({ dataset: { kind: 'loading', done: 0, total: 1 } });
    try {
      const dataset = await loadShippedDataset({
        onProgress: (done, total) => this.store.set({ dataset: { kind: 'loading', done, total } }),
      });
      await this.worker().setDataset(dataset);
      this.store.set({ dataset: { kind: 'ready', dataset } });
      return dataset;
    } catch (err) {
      this.store.set({ dataset: { kind: 'error', message: `Could not load the dataset: ${(err as Error).message}` } });
      throw err;
    }
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
  async train(): Promise<TrainingState> {
    if (this.busy) throw new Error('A training run is already in progress.');
    const dataset = await this.loadDataset();
    const settings = this.state.settings;
    const errors = { ...this.state.settingErrors, ...checkAgainstData(settings, dataset.train.count) };
    if (Object.keys(errors).length > 0) {
      this.store.set({ settingErrors: errors });
      throw new Error(Object.values(errors).join(' '));
    }
    this.store.set({ training: { ...IDLE_TRAINING, phase: 'starting', settings } });
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
    });
    try {
      const result = await this.worker().train(settings, callbacks);
      this.patchTraining({ phase: 'finished', end: result.end, records: result.records, capabilities: result.capabilities });
      this.store.set({ hasModel: true });
    } catch (err) {
      this.patchTraining({ phase: 'failed', error: (err as Error).message });
    } finally {
      this.frames.stop();
      this.patchTraining({ maxFrameGapMs: this.frames.maxGapMs });
    }
    return this.state.training;
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

  workerMemory() {
    return this.worker().memory();
  }
}
