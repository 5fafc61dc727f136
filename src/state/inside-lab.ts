// The Inside view's controller: picks the image to look at (validation set, a dropped file, a
// webcam frame), asks the workbench for feature maps, the layer table, its time profile and
// weight snapshots of the selected model (loaded into the worker when it holds another), and
// takes the live snapshots the worker pushes while a run trains (those are of the run's model).
import type { LabelledDataset } from '../data/image-set.ts';
import { decodeImageToRgb } from '../data/decode.ts';
import { layerSignature } from '../inspect/signature.ts';
import { checkLiveRate } from '../inspect/live-budget.ts';
import type { ActivationSnapshot, InsideCallbacks, LiveRate, WeightSnapshot } from '../inspect/types.ts';
import { errorCode, type WorkbenchPort } from '../workbench/protocol.ts';
import { initialInsideState, type InsideImage, type InsideState } from './inside-state.ts';
import { isTrainingBusy, type LabState } from './lab-state.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { ModelSession } from './model-session.ts';
import { grabWebcamFrame } from './serve-camera.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

export interface InsideLabDeps {
  lab: Store<LabState>;
  port: Pick<WorkbenchPort, 'inside'>;
  registry: ModelRegistry;
  session: Pick<ModelSession, 'ensureLoaded'>;
}

/** Failures that only mean "nothing to show yet". */
const nothingYet = (err: unknown): boolean => ['no-model', 'no-dataset'].includes(errorCode(err));

export class InsideLab {
  readonly store = new Store<InsideState>(initialInsideState());
  /** Profiling: one at a time, refused while another runs. */
  readonly profiler = new TaskRunner();
  /** Feature maps and weights of the model in view: a newer request replaces an older one. */
  private readonly refresher = new TaskRunner();
  private active = false;

  constructor(private readonly deps: InsideLabDeps) {}

  private get state(): InsideState {
    return this.store.state;
  }

  private get training(): boolean {
    return isTrainingBusy(this.deps.lab.state);
  }

  private get dataset(): LabelledDataset | null {
    const d = this.deps.lab.state.dataset;
    return d.kind === 'ready' ? d.dataset : null;
  }

  /** Callbacks the training run hands to the worker: live feature maps and per-epoch weights. */
  liveCallbacks(): Required<InsideCallbacks> {
    return {
      onActivations: (snapshot: ActivationSnapshot) => {
        const live = this.state.live;
        this.store.set({ snapshot, modelId: null, live: { count: live.count + 1, computeMs: live.computeMs + snapshot.computeMs } });
      },
      onWeights: (weights: WeightSnapshot) => this.store.set({ weights, modelId: null }),
    };
  }

  /** Starts following the lab (first time the view opens, or from the bench): picks an image, turns live snapshots on. */
  async activate(): Promise<void> {
    if (this.active) return;
    this.active = true;
    const { lab, registry } = this.deps;
    lab.select((s) => s.training.phase, (phase, prev) => this.onPhase(phase, prev));
    lab.select((s) => s.settings, () => {
      if (this.state.rowsSource !== 'current') void this.refreshRows();
    });
    lab.select((s) => s.dataset, (d) => {
      if (d.kind === 'ready' && this.state.image?.source.kind !== 'file' && this.state.image?.source.kind !== 'camera') void this.pickValidation(0).then(() => this.refresh());
    });
    registry.store.select((s) => s.selectedId, () => {
      if (!this.training) void this.refresh();
    });
    // The dataset loads at start-up; until it is ready there is nothing to look at (the dataset selector picks up then).
    if (!this.dataset) return;
    if (!this.state.image) await this.pickValidation(0);
    await this.refresh();
  }

  private onPhase(phase: LabState['training']['phase'], prev: LabState['training']['phase']): void {
    if (phase === 'starting') this.store.set({ live: { count: 0, computeMs: 0 } });
    // The worker's model changes when a run starts (first batch); when it ends the run's model is selected.
    if (phase === 'running' && prev === 'starting') void this.refreshRows();
    if ((phase === 'finished' || phase === 'failed') && phase !== prev) void this.refresh();
  }

  /** Layer table of the model in the worker (or of the configured one before any model exists). */
  async refreshRows(): Promise<void> {
    try {
      const { rows, source } = await this.deps.port.inside.layerTable(this.deps.lab.state.settings);
      const profile = this.state.profile;
      // A profile outlives a new model of the same architecture (weights do not change the time), not a different one.
      this.store.set({ rows, rowsSource: source, profile: profile && profile.signature === layerSignature(rows) ? profile : null });
    } catch (err) {
      if (!nothingYet(err)) this.store.set({ error: (err as Error).message });
    }
  }

  /** Feature maps of the chosen image and a weight snapshot of the selected model (or the run's, while training). */
  async refresh(): Promise<void> {
    await this.refresher.run(
      'Looking inside the model',
      async (signal) => {
        const selected = this.deps.registry.selected;
        const modelId = this.training ? null : selected?.hasWeights ? selected.id : null;
        if (modelId) await this.deps.session.ensureLoaded(modelId);
        await this.refreshRows();
        if (signal.aborted) return;
        try {
          const image = this.state.image;
          const snapshot = image ? await this.deps.port.inside.activations(image.pixels, image.size) : null;
          const weights = await this.deps.port.inside.weights();
          if (!signal.aborted) this.store.set({ snapshot, weights, modelId, error: null });
        } catch (err) {
          if (!nothingYet(err)) throw err;
          if (!signal.aborted) this.store.set({ snapshot: null, weights: null, modelId: null });
        }
      },
      { mode: 'latest' },
    );
    const error = this.refresher.state.error;
    if (error) this.store.set({ error });
  }

  private inputSize(): number {
    const d = this.dataset;
    if (!d) throw new Error('The dataset is not loaded yet.');
    return d.train.height;
  }

  /** Looks at image `index` of the validation split. */
  async pickValidation(index: number): Promise<void> {
    const d = this.dataset;
    if (!d) return;
    if (!(Number.isInteger(index) && index >= 0 && index < d.val.count)) {
      this.store.set({ error: `Validation image must be a whole number from 0 to ${d.val.count - 1}, got ${index}.` });
      return;
    }
    const stride = d.val.height * d.val.width * 3;
    await this.useImage({ source: { kind: 'validation', index }, pixels: d.val.pixels.slice(index * stride, (index + 1) * stride), size: d.val.height, trueClass: d.classNames[d.val.labels[index]!] ?? null });
  }

  /** Looks at a person's own image; a file that cannot be decoded leaves the current image as it is. */
  async pickFile(file: Blob & { name?: string }): Promise<void> {
    this.store.set({ busy: 'image', error: null });
    try {
      const size = this.inputSize();
      const pixels = await decodeImageToRgb(file, size);
      await this.useImage({ source: { kind: 'file', name: file.name ?? 'image' }, pixels, size, trueClass: null });
    } catch (err) {
      this.store.set({ error: (err as Error).message });
    } finally {
      this.store.set({ busy: null });
    }
  }

  /** Looks at one webcam frame (the camera is released at once). */
  async pickCamera(): Promise<void> {
    this.store.set({ busy: 'camera', error: null });
    try {
      const size = this.inputSize();
      const pixels = await decodeImageToRgb(await grabWebcamFrame(), size);
      await this.useImage({ source: { kind: 'camera' }, pixels, size, trueClass: null });
    } catch (err) {
      this.store.set({ error: (err as Error).message });
    } finally {
      this.store.set({ busy: null });
    }
  }

  private async useImage(image: InsideImage): Promise<void> {
    this.store.set({ image, error: null });
    await this.pushLive();
    // While training runs the worker shows the new image at the next batch; otherwise ask now.
    if (this.training) return;
    try {
      this.store.set({ snapshot: await this.deps.port.inside.activations(image.pixels, image.size) });
    } catch (err) {
      if (!nothingYet(err)) this.store.set({ error: (err as Error).message });
    }
  }

  private async pushLive(): Promise<void> {
    const image = this.state.image;
    await this.deps.port.inside.setLive({ image: image?.pixels ?? null, size: image?.size ?? 0, rate: this.state.rate, weights: true });
  }

  /** Applies a new live rate (budget as a fraction, interval in ms); a bad value gets a message and the old rate stays. */
  async setRate(rate: LiveRate): Promise<void> {
    const errors = checkLiveRate(rate);
    if (errors.length > 0) {
      this.store.set({ error: errors.join(' ') });
      return;
    }
    this.store.set({ rate, error: null });
    await this.pushLive();
  }

  setCutFraction(fraction: number): void {
    this.store.set({ cutFraction: fraction });
  }

  /** Times every layer of the model in view on a batch of validation images (refused while training runs). */
  async profile(batchSize = 32): Promise<void> {
    this.store.set({ profiling: true, error: null });
    await this.profiler.run('Profiling the layers', async () => {
      const selected = this.deps.registry.selected;
      const modelId = !this.training && selected?.hasWeights ? selected.id : null;
      if (modelId) await this.deps.session.ensureLoaded(modelId);
      const profile = await this.deps.port.inside.profile(batchSize);
      await this.refreshRows();
      this.store.set({ profile });
      // A finished model's profile is kept as a measurement of it on the training backend.
      if (modelId) {
        const { backend, repeats, sumMs, wholeMs, layers } = profile;
        this.deps.registry.measure({ modelId, backend, kind: 'profile', count: repeats, p50Ms: Number.NaN, modelP50Ms: Number.NaN, testAcc: Number.NaN, profile: { batchSize, sumMs, wholeMs, layers: layers.length } });
      }
    });
    this.store.set({ profiling: false, ...(this.profiler.state.error ? { error: this.profiler.state.error } : {}) });
  }
}
