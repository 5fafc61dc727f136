// The Inside view's controller: picks the image to look at (validation set, a dropped file, a
// webcam frame), asks the training worker for feature maps, the layer table, its time profile and
// weight snapshots, and takes the live snapshots the worker pushes while it trains.
import { decodeImageToRgb } from '../data/decode.ts';
import { layerSignature } from '../inspect/signature.ts';
import { checkLiveRate } from '../inspect/live-budget.ts';
import type { ActivationSnapshot, InsideCallbacks, LiveRate, WeightSnapshot } from '../inspect/types.ts';
import type { TrainerRemote } from '../train/client.ts';
import { initialInsideState, type InsideImage, type InsideState } from './inside-state.ts';
import type { Lab } from './lab.ts';
import type { LabState } from './lab-state.ts';
import { grabWebcamFrame } from './serve-camera.ts';
import { Store } from './store.ts';

/** Errors that only mean "nothing to show yet", not a failure. */
const NO_MODEL = /No model yet/;

export class InsideLab {
  readonly store = new Store<InsideState>(initialInsideState());
  private active = false;
  private lastLab: LabState | null = null;

  constructor(
    private readonly lab: Lab,
    private readonly worker: () => TrainerRemote,
  ) {}

  private get state(): InsideState {
    return this.store.state;
  }

  private get training(): boolean {
    return ['starting', 'running', 'paused', 'stopping'].includes(this.lab.store.state.training.phase);
  }

  /** Callbacks Lab.train hands to the worker: live feature maps and per-epoch weights. */
  liveCallbacks(): Required<InsideCallbacks> {
    return {
      onActivations: (snapshot: ActivationSnapshot) => {
        const live = this.state.live;
        this.store.set({ snapshot, live: { count: live.count + 1, computeMs: live.computeMs + snapshot.computeMs } });
      },
      onWeights: (weights: WeightSnapshot) => this.store.set({ weights }),
    };
  }

  /** Starts following the lab (first time the view opens, or from the bench): picks an image, turns live snapshots on. */
  async activate(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.lastLab = this.lab.store.state;
    this.lab.store.subscribe((s) => this.onLabChange(s));
    // The dataset loads at start-up; until it is ready there is nothing to look at (onLabChange picks up then).
    if (!this.lab.dataset) return;
    if (!this.state.image) await this.pickValidation(0);
    await this.refresh();
  }

  private onLabChange(s: LabState): void {
    const prev = this.lastLab;
    this.lastLab = s;
    if (!prev) return;
    const phase = s.training.phase;
    if (phase === 'starting' && prev.training.phase !== 'starting') this.store.set({ live: { count: 0, computeMs: 0 } });
    // The worker's model changes when a run starts (first batch) and is final when it ends.
    const started = phase === 'running' && prev.training.phase === 'starting';
    const ended = ['finished', 'failed'].includes(phase) && phase !== prev.training.phase;
    if (started || ended || (s.settings !== prev.settings && this.state.rowsSource !== 'current')) void this.refreshRows();
    if (ended) void this.refresh();
    if (s.dataset !== prev.dataset && s.dataset.kind === 'ready' && this.state.image?.source.kind !== 'file' && this.state.image?.source.kind !== 'camera') {
      void this.pickValidation(0).then(() => this.refresh());
    }
  }

  /** Layer table of the current model (or of the configured one before any training). */
  async refreshRows(): Promise<void> {
    try {
      const { rows, source } = await this.worker().inside.layerTable(this.lab.store.state.settings);
      const profile = this.state.profile;
      // A profile outlives a new run of the same architecture (weights do not change the time), not a different one.
      this.store.set({ rows, rowsSource: source, profile: profile && profile.signature === layerSignature(rows) ? profile : null });
    } catch (err) {
      if (!/No dataset/.test((err as Error).message)) this.store.set({ error: (err as Error).message });
    }
  }

  /** Feature maps of the chosen image and a weight snapshot, from the model as it is now. */
  async refresh(): Promise<void> {
    await this.refreshRows();
    try {
      const image = this.state.image;
      if (image) this.store.set({ snapshot: await this.worker().inside.activations(image.pixels, image.size) });
      this.store.set({ weights: await this.worker().inside.weights() });
    } catch (err) {
      if (!NO_MODEL.test((err as Error).message)) this.store.set({ error: (err as Error).message });
    }
  }

  private inputSize(): number {
    const d = this.lab.dataset;
    if (!d) throw new Error('The dataset is not loaded yet.');
    return d.train.height;
  }

  /** Looks at image `index` of the validation split. */
  async pickValidation(index: number): Promise<void> {
    const d = this.lab.dataset;
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
      this.store.set({ snapshot: await this.worker().inside.activations(image.pixels, image.size) });
    } catch (err) {
      if (!NO_MODEL.test((err as Error).message)) this.store.set({ error: (err as Error).message });
    }
  }

  private async pushLive(): Promise<void> {
    const image = this.state.image;
    await this.worker().inside.setLive({ image: image?.pixels ?? null, size: image?.size ?? 0, rate: this.state.rate, weights: true });
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

  /** Times every layer of the current model on a batch of validation images (refused while training runs). */
  async profile(batchSize = 32): Promise<void> {
    this.store.set({ profiling: true, error: null });
    try {
      const profile = await this.worker().inside.profile(batchSize);
      await this.refreshRows();
      this.store.set({ profile });
    } catch (err) {
      this.store.set({ error: (err as Error).message });
    } finally {
      this.store.set({ profiling: false });
    }
  }
}
