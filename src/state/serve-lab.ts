// The Serve view's controller: deploys the trained model to serving workers and runs the latency
// protocol, the open-loop sweep, the backend comparison and "Try it", one task at a time with an
// AbortController (Stop keeps what was measured). Views call these methods; the bench does too.
import type { SerializedModel } from '../model/artifact-check.ts';
import type { BackendName } from '../tf/backends.ts';
import { decodeImageToRgb } from '../data/decode.ts';
import { describeCapabilities } from '../metrics/describe-capabilities.ts';
import { ServeClient } from '../serve/client.ts';
import { soakQueries, type MemorySample, type SoakServeResult } from '../serve/soak.ts'; // issue 7
import { runServeBench } from '../serve/bench.ts';
import { compareInterleaved, type CompareArmInput } from '../serve/bench-compare.ts';
import { suggestRates, sweepOpenLoop } from '../serve/bench-open-loop.ts';
import type { BenchProgress, ServeBenchResult } from '../serve/bench-types.ts';
import { argmax, imageAt, queryOrder } from '../serve/query-order.ts';
import type { Lab } from './lab.ts';
import type { LabState } from './lab-state.ts';
import { grabWebcamFrame } from './serve-camera.ts';
import { initialServeState, parseServeSettings, type ServeSettings, type ServeState, type ServeTask } from './serve-state.ts';
import { Store } from './store.ts';

const TRY_SIZE = 64;
/** Queries per offered rate in the open-loop sweep: enough for a p99 of 128 samples, short on SwiftShader. */
export const OPEN_LOOP_COUNT = 128;
/**
 * Offered rates as fractions of the closed-loop capacity, 1000 / mean e2e ms (one query at a time,
 * so the mean, not the p50, bounds the rate), from light load to overload.
 */
export const OPEN_LOOP_FRACTIONS: readonly number[] = [0.1, 0.25, 0.5, 0.7, 0.85, 1, 1.2, 1.5];

export class ServeLab {
  readonly store = new Store<ServeState>(initialServeState());
  private abort: AbortController | null = null;
  private artifacts: { key: LabState['training']; model: SerializedModel } | null = null;
  /** The interactive server for Try it (no page spinning), redeployed when model or backend change. */
  private live: { client: ServeClient; backend: BackendName; key: LabState['training'] } | null = null;

  constructor(private readonly lab: Lab) {}

  private get state(): ServeState {
    return this.store.state;
  }

  get busy(): boolean {
    return this.state.task !== 'idle';
  }

  /** Applies raw form values; bad fields keep their old values and get a message. */
  updateSettings(raw: Partial<Record<keyof ServeSettings, unknown>>): void {
    const { settings, errors } = parseServeSettings(raw, this.state.settings);
    const remaining = { ...this.state.errors };
    for (const key of Object.keys(raw) as (keyof ServeSettings)[]) delete remaining[key];
    this.store.set({ settings, errors: { ...remaining, ...errors } });
  }

  /** Stop: the running task ends at its next query and keeps what it measured. */
  stop(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.store.set({ stopping: true });
  }

  /** The trained model's artifacts, exported once per training run. */
  private async model(): Promise<SerializedModel> {
    const key = this.lab.store.state.training;
    if (!this.lab.store.state.hasModel) throw new Error('No trained model yet: train one in the Train view first.');
    if (this.artifacts?.key !== key) this.artifacts = { key, model: await this.lab.exportModel() };
    return this.artifacts.model;
  }

  private async testSet() {
    const dataset = await this.lab.loadDataset();
    if (dataset.test.count === 0) throw new Error('The dataset has no unseen test images to serve.');
    return dataset;
  }

  private checkBackend(backend: string): void {
    const caps = this.lab.store.state.backends?.[backend];
    if (caps && !caps.available) throw new Error(`Backend ${backend} is not available here: ${caps.error ?? 'unknown reason'}.`);
  }

  /** Runs `body` as the one task, with progress, Stop and errors kept in the store. */
  private async runTask<T>(task: ServeTask, body: (signal: AbortSignal, onProgress: (p: BenchProgress) => void) => Promise<T>): Promise<T | null> {
    if (this.busy) throw new Error(`The serve lab is busy (${this.state.task}); stop it first.`);
    const errors = Object.values(this.state.errors);
    if (errors.length > 0) {
      this.store.set({ error: errors.join(' ') });
      return null;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.store.set({ task, progress: null, stopping: false, error: null });
    try {
      return await body(abort.signal, (progress) => this.store.set({ progress }));
    } catch (err) {
      this.store.set({ error: (err as Error).message });
      return null;
    } finally {
      this.abort = null;
      this.store.set({ task: 'idle', progress: null, stopping: false });
    }
  }

  /** Deploy & run: the closed-loop protocol of DESIGN.md 3 on the chosen backend, then offline throughput. */
  run(overrides: { batchSizes?: readonly number[]; throughputImages?: number } = {}): Promise<ServeBenchResult | null> {
    return this.runTask('bench', async (signal, onProgress) => {
      const { backend, warmShaders, queries } = this.state.settings;
      this.checkBackend(backend);
      const dataset = await this.testSet();
      const artifacts = await this.model();
      const result = await runServeBench({ artifacts, backend, testSet: dataset.test, queries, warmShaders, signal, onProgress, ...overrides });
      // A new closed-loop result makes the old open-loop sweep (sized from it) stale.
      this.store.set({ result, openLoop: this.state.openLoop && this.state.result?.record.backend === backend ? this.state.openLoop : null });
      if (result.record.count > 0) this.lab.history.attachServe(result.record); // cost ledger (issue 6)
      return result;
    });
  }

  /** Open loop: Poisson arrivals at rates around the measured capacity, until the knee is passed. */
  runOpenLoop(countPerRate = OPEN_LOOP_COUNT) {
    return this.runTask('open-loop', async (signal, onProgress) => {
      const base = this.state.result;
      if (!base || !(base.e2e.meanMs > 0)) throw new Error('Run the closed-loop bench first: the offered rates are set around the capacity it measured.');
      const backend = base.record.backend as BackendName;
      const dataset = await this.testSet();
      const client = ServeClient.spawn({ name: `open-loop-${backend}` });
      try {
        onProgress({ phase: 'deploy', done: 0, total: 1 });
        await client.deploy(await this.model(), backend, { warmShaders: true });
        const warm = queryOrder(dataset.test.count, 20, 7);
        for (const i of warm) await client.query(imageAt(dataset.test, i));
        const sweep = await sweepOpenLoop(client, dataset.test, { ratesQps: suggestRates(base.e2e.meanMs, OPEN_LOOP_FRACTIONS), countPerRate, signal, onProgress });
        this.store.set({ openLoop: sweep });
        return sweep;
      } finally {
        client.terminate();
      }
    });
  }

  /** Every available backend, deployed side by side and queried interleaved on the same images. */
  compareBackends(backends?: readonly BackendName[]) {
    return this.runTask('compare', async (signal, onProgress) => {
      const all = this.lab.store.state.backends ?? {};
      const names = backends ?? (Object.keys(all) as BackendName[]).filter((b) => all[b]?.available);
      if (names.length < 2) throw new Error(`Comparing needs at least two available backends; available here: ${names.join(', ') || 'none'}.`);
      const dataset = await this.testSet();
      const artifacts = await this.model();
      const arms: CompareArmInput[] = [];
      const capabilities: Record<string, string> = {};
      const loadMs: Record<string, number> = {};
      try {
        for (const [k, backend] of names.entries()) {
          onProgress({ phase: 'deploy', done: k, total: names.length });
          const client = ServeClient.spawn({ name: `compare-${backend}` });
          arms.push({ label: backend, client });
          const d = await client.deploy(artifacts, backend, { warmShaders: true });
          capabilities[backend] = describeCapabilities(backend, d.capabilities);
          loadMs[backend] = d.loadMs;
          if (signal.aborted) return null;
        }
        const result = await compareInterleaved(arms, dataset.test, { queries: this.state.settings.compareQueries, signal, onProgress });
        const outcome = { result, capabilities, loadMs };
        this.store.set({ compare: outcome });
        return outcome;
      } finally {
        for (const arm of arms) arm.client.terminate();
      }
    });
  }

  /** Try it with a file: decode, query the live server, show prediction, confidence and latency. */
  tryFile(file: Blob): Promise<void> {
    const name = file instanceof File && file.name ? `"${file.name}"` : 'the image';
    return this.tryImage(name, () => decodeImageToRgb(file, TRY_SIZE));
  }

  /** Try it with one webcam frame. */
  tryWebcam(): Promise<void> {
    return this.tryImage('webcam frame', async () => decodeImageToRgb(await grabWebcamFrame(), TRY_SIZE));
  }

  private async tryImage(source: string, decode: () => Promise<Uint8Array>): Promise<void> {
    if (this.busy) {
      this.store.set({ tryError: 'A bench is running: Try it waits until it ends, so it does not disturb the measurements.' });
      return;
    }
    this.store.set({ task: 'try', tryError: null });
    try {
      const t0 = performance.now();
      const pixels = await decode();
      const decodeMs = performance.now() - t0;
      const { client, backend } = await this.liveClient();
      const r = await client.query({ data: pixels, width: TRY_SIZE, height: TRY_SIZE, channels: 3 });
      if (!r.ok) throw new Error(`The server could not answer for ${source}: ${r.error}`);
      const best = argmax(r.probs);
      const classNames = this.lab.dataset?.classNames ?? [];
      this.store.set({
        tryResult: { source, pixels, size: TRY_SIZE, className: classNames[best] ?? `class ${best}`, confidence: r.probs[best]!, probs: r.probs, e2eMs: r.e2eMs, modelMs: r.modelMs, decodeMs, backend },
      });
    } catch (err) {
      this.store.set({ tryError: (err as Error).message });
    } finally {
      this.store.set({ task: 'idle' });
    }
  }

  private async liveClient(): Promise<{ client: ServeClient; backend: BackendName }> {
    const backend = this.state.settings.backend;
    const key = this.lab.store.state.training;
    if (this.live && this.live.backend === backend && this.live.key === key) return this.live;
    this.live?.client.terminate();
    this.live = null;
    this.checkBackend(backend);
    const artifacts = await this.model();
    const client = ServeClient.spawn({ name: `try-${backend}`, channel: { pageSpinMs: 0 } });
    try {
      await client.deploy(artifacts, backend, { warmShaders: true });
    } catch (err) {
      client.terminate();
      throw err;
    }
    this.live = { client, backend, key };
    return this.live;
  }

  /**
   * The serving half of `npm run soak` (issue 7): deploys the current model on `backend` in a fresh
   * worker and answers `queries` test images, sampling the worker's tensors and bytes every `sampleEvery`.
   */
  async soak(backend: BackendName, queries: number, sampleEvery: number, onSample?: (s: MemorySample) => void): Promise<SoakServeResult> {
    const dataset = await this.testSet();
    const client = ServeClient.spawn({ name: `soak-${backend}` });
    try {
      await client.deploy(await this.model(), backend, { warmShaders: true });
      return await soakQueries(client, dataset.test, { queries, sampleEvery, ...(onSample ? { onSample } : {}) });
    } finally {
      client.terminate();
    }
  }

  /** Fault drill and tests (issue 7): kills the Try it server's worker as a crash would; it restarts on the next query. */
  killLiveServer(): boolean {
    this.live?.client.kill();
    return this.live !== null;
  }

  /** Times the Try it server's worker died and was restarted. */
  get liveRestarts(): number {
    return this.live?.client.restarts ?? 0;
  }

  /** Frees the live server (e.g. when the page goes away). */
  dispose(): void {
    this.abort?.abort();
    this.live?.client.terminate();
    this.live = null;
  }
}
