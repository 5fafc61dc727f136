// The Serve view's controller: deploys the selected model (the registry's artifacts of a finished
// model, never the weights a run is training) to serving workers and runs the latency protocol,
// the open-loop sweep, the backend comparison and "Try it". Long tasks go through one task runner
// (Stop keeps what was measured); every result is kept under its model's id, and every latency
// run is recorded in the registry as a measurement of (model, serving backend).
import type { LabelledDataset } from '../data/image-set.ts';
import type { BackendCapabilities } from '../metrics/report.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { ModelEntry } from '../registry/records.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { decodeImageToRgb } from '../data/decode.ts';
import { describeCapabilities } from '../metrics/describe-capabilities.ts';
import { ServeClient } from '../serve/client.ts';
import { soakQueries, type MemorySample, type SoakServeResult } from '../serve/soak.ts';
import { runServeBench, warmUp } from '../serve/bench.ts';
import { compareInterleaved, type CompareArmInput } from '../serve/bench-compare.ts';
import { suggestRates, sweepOpenLoop } from '../serve/bench-open-loop.ts';
import type { BenchProgress, ServeBenchResult } from '../serve/bench-types.ts';
import { argmax } from '../serve/query-order.ts';
import type { ModelRegistry } from './model-registry.ts';
import { grabWebcamFrame } from './serve-camera.ts';
import { initialServeState, NO_SERVE_RESULTS, parseServeSettings, serveResultsOf, type ModelServeResults, type ServeSettings, type ServeState, type ServeTask } from './serve-state.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';
import { BATCHING_OFF, type BatchingPolicy } from '../serve/batcher.ts';
import { checkSloRate, runSloSearch, type SloCheck, type SloRun } from '../serve/bench-slo.ts';
import { runBatchingCurve, type BatchingCurve, type CurveOptions } from '../serve/bench-batching.ts';
import { NO_SCALE_RESULTS, parseScaleSettings, withSloRun, type ScaleField, type ScaleResults } from './serve-scale-state.ts';
import { fleetPlansOf, type ModelFleet } from './serve-fleet.ts';
import type { ScaleRecords } from '../metrics/scale-records.ts';
import { batchingRecord, fleetRecord, sloRecord } from '../serve/scale-load-records.ts';

const TRY_SIZE = 64;
/** Queries per offered rate in the open-loop sweep: enough for a p99 of 128 samples, short on SwiftShader. */
export const OPEN_LOOP_COUNT = 128;
/**
 * Offered rates as fractions of the closed-loop capacity, 1000 / mean e2e ms (one query at a time,
 * so the mean, not the p50, bounds the rate), from light load to overload.
 */
export const OPEN_LOOP_FRACTIONS: readonly number[] = [0.1, 0.25, 0.5, 0.7, 0.85, 1, 1.2, 1.5];

export const SERVE_TASK_LABELS: Record<ServeTask, string> = { bench: 'Deploy & run', 'open-loop': 'Open-loop sweep', compare: 'Backend comparison', slo: 'Latency-bound search', batching: 'Batching curve' };

export interface ServeLabDeps {
  registry: ModelRegistry;
  /** The dataset in use (its unseen test split is what the server answers). */
  dataset(): Promise<LabelledDataset>;
  backends(): Record<string, BackendCapabilities> | null;
}

export class ServeLab {
  readonly store = new Store<ServeState>(initialServeState());
  /** The bench, open loop and comparison: one at a time. */
  readonly task = new TaskRunner();
  /** The interactive server for Try it (no page spinning), redeployed when model or backend change. */
  private live: { client: ServeClient; backend: BackendName; modelId: string } | null = null;

  constructor(private readonly deps: ServeLabDeps) {
    // A newly selected model shows its own results (or none) and no other model's errors.
    deps.registry.store.select((s) => s.selectedId, () => {
      this.task.clearError();
      this.store.set({ tryError: null });
    });
  }

  private get state(): ServeState {
    return this.store.state;
  }

  get busy(): boolean {
    return this.task.busy || this.state.trying;
  }

  /** What was measured of the selected model. */
  get results(): ModelServeResults {
    return serveResultsOf(this.state, this.deps.registry.state.selectedId);
  }

  /** Applies raw form values; bad fields keep their old values and get a message. */
  updateSettings(raw: Partial<Record<keyof ServeSettings, unknown>>): void {
    const { settings, errors } = parseServeSettings(raw, this.state.settings);
    const remaining = { ...this.state.errors };
    for (const key of Object.keys(raw) as (keyof ServeSettings)[]) delete remaining[key];
    this.store.set({ settings, errors: { ...remaining, ...errors } });
  }

  /** Latency bound, batching and traffic from raw form values; bad fields keep their old values and get a message. */
  updateScale(raw: Partial<Record<ScaleField, unknown>>): void {
    const { settings, errors } = parseScaleSettings(raw, this.state.scale);
    const remaining = { ...this.state.scaleErrors };
    for (const key of Object.keys(raw) as ScaleField[]) delete remaining[key];
    this.store.set({ scale: settings, scaleErrors: { ...remaining, ...errors } });
  }

  /** The SLO searches and batching curve of the selected model. */
  get scaleResults(): ScaleResults {
    const id = this.deps.registry.state.selectedId;
    return (id && this.state.scaleResults[id]) || NO_SCALE_RESULTS;
  }

  private setScale(modelId: string, patch: Partial<ScaleResults>): void {
    const current = this.state.scaleResults[modelId] ?? NO_SCALE_RESULTS;
    this.store.set({ scaleResults: { ...this.state.scaleResults, [modelId]: { ...current, ...patch } } });
  }

  /** Every available backend (the probe's), or the chosen one when the probe has not run. */
  private availableBackends(): BackendName[] {
    const all = this.deps.backends();
    if (!all) return [this.state.settings.backend];
    return (Object.keys(all) as BackendName[]).filter((b) => all[b]?.available);
  }

  /**
   * The latency-bound search: for each backend (default the chosen one; 'all' for every available)
   * and each batching choice (default the one set), the highest Poisson rate whose p99 stays under
   * the bound. Each run deploys a fresh server; results replace the same (backend, batching) run.
   */
  runSlo(which: { backends?: readonly BackendName[] | 'all'; batching?: readonly BatchingPolicy[]; confirmCount?: number } = {}): Promise<SloRun[] | null> {
    return this.runTask('slo', async (signal, onProgress) => {
      const { entry, artifacts, dataset } = await this.deployable();
      const sc = this.state.scale;
      const backends = which.backends === 'all' ? this.availableBackends() : (which.backends ?? [this.state.settings.backend]);
      backends.forEach((b) => this.checkBackend(b));
      const choices = which.batching ?? [sc.batching];
      const out: SloRun[] = [];
      for (const backend of backends) {
        for (const batching of choices) {
          if (signal.aborted) return out;
          const run = await runSloSearch(artifacts, backend, dataset.test, batching, {
            p99TargetMs: sc.sloTargetMs, minCount: sc.sloMinCount, minDurationMs: sc.sloMinDurationMs, confirmCount: which.confirmCount ?? 0, signal, onProgress, queryDeadlineMs: this.state.settings.deadlineMs,
          });
          out.push(run);
          const before = this.state.scaleResults[entry.id] ?? NO_SCALE_RESULTS;
          this.setScale(entry.id, { slo: withSloRun(before.slo, run) });
        }
      }
      return out;
    });
  }

  /**
   * The bench's check of a search's answer: fresh open-loop runs of `count` queries (new seeds, a
   * new server) at the reported rate, where p99 should stay under the bound, and at `over` x it.
   */
  checkSlo(run: SloRun, count = 2000, over = 1.25): Promise<SloCheck | null> {
    return this.runTask('slo', async (signal, onProgress) => {
      const rate = run.search.capacityQps;
      if (rate === null) throw new Error(`The search on ${run.backend} found no rate under ${run.search.p99TargetMs} ms: nothing to check.`);
      const { artifacts, dataset } = await this.deployable();
      return checkSloRate(artifacts, run.backend as BackendName, dataset.test, run.batching, rate, run.search.p99TargetMs, count, over, { signal, onProgress });
    });
  }

  /** Capacity under the bound with batching off and with the T and B set, on the chosen backend. */
  runSloOffOn(): Promise<SloRun[] | null> {
    const { batchDelayMs, batchMax } = this.state.scale;
    return this.runSlo({ batching: [BATCHING_OFF, { kind: 'on', maxDelayMs: batchDelayMs, maxBatch: batchMax }] });
  }

  /** Throughput and p99 against T and B (and batching off) at a light and a heavy load, on the chosen backend. */
  runBatching(options: Omit<CurveOptions, 'signal' | 'onProgress'> = {}): Promise<BatchingCurve | null> {
    return this.runTask('batching', async (signal, onProgress) => {
      const backend = this.state.settings.backend;
      this.checkBackend(backend);
      const { entry, artifacts, dataset } = await this.deployable();
      const curve = await runBatchingCurve(artifacts, backend, dataset.test, { queryDeadlineMs: this.state.settings.deadlineMs, ...options, signal, onProgress });
      this.setScale(entry.id, { batchingCurve: curve });
      return curve;
    });
  }

  /** The fleet plans of the selected model at the traffic set: one per SLO search that found a capacity. */
  fleet(): ModelFleet | null {
    const entry = this.deps.registry.selected;
    if (!entry) return null;
    return fleetPlansOf(this.deps.registry, entry.id, this.state.scaleResults[entry.id]?.slo ?? [], this.state.scale);
  }

  /** The report's serving-at-scale records of the models in `modelIds` (the fleet plan at the traffic set now). */
  scaleRecords(modelIds: ReadonlySet<string>): ScaleRecords {
    const out: ScaleRecords = { slo: [], batching: [], fleet: [] };
    for (const [modelId, r] of Object.entries(this.state.scaleResults)) {
      const entry = this.deps.registry.get(modelId);
      if (!entry || !modelIds.has(modelId)) continue;
      const who = { modelId, model: entry.name };
      out.slo.push(...r.slo.map((run) => sloRecord(run, who)));
      if (r.batchingCurve && r.batchingCurve.points.length > 0) out.batching.push(batchingRecord(r.batchingCurve, who));
      const fleet = fleetPlansOf(this.deps.registry, modelId, r.slo, this.state.scale);
      if (fleet.plans.length > 0) out.fleet.push(fleetRecord(fleet.plans, fleet.traffic, fleet.trainingSeconds, who, r.slo.at(-1)?.measuredAt ?? ''));
    }
    return out;
  }

  /** Stop: the running task ends at its next query and keeps what it measured. */
  stop(): void {
    this.task.stop();
  }

  /**
   * The selected model and its artifacts: always a finished model from the registry, so a
   * training run in progress can never be deployed half-trained.
   */
  async deployable(): Promise<{ entry: ModelEntry; artifacts: SerializedModel; dataset: LabelledDataset }> {
    const entry = this.deps.registry.selected;
    if (!entry) throw new Error('No model selected: train one in the Train view, or pick a saved one in the Models view.');
    const dataset = await this.deps.dataset();
    if (entry.numClasses !== dataset.classNames.length || entry.inputSize !== dataset.test.height) {
      throw new Error(`"${entry.name}" takes ${entry.inputSize}×${entry.inputSize} images and ${entry.numClasses} classes; the dataset in use ("${dataset.name}") has ${dataset.test.height}×${dataset.test.width} and ${dataset.classNames.length}. Switch datasets in the Data view or pick another model.`);
    }
    if (dataset.test.count === 0) throw new Error('The dataset has no unseen test images to serve.');
    return { entry, artifacts: await this.deps.registry.artifacts(entry.id), dataset };
  }

  private checkBackend(backend: string): void {
    const caps = this.deps.backends()?.[backend];
    if (caps && !caps.available) throw new Error(`Backend ${backend} is not available here: ${caps.error ?? 'unknown reason'}.`);
  }

  private setResults(modelId: string, patch: Partial<ModelServeResults>): void {
    const current = this.state.results[modelId] ?? NO_SERVE_RESULTS;
    this.store.set({ results: { ...this.state.results, [modelId]: { ...current, ...patch } } });
  }

  /** Runs `body` as the one task; refused with a message while settings are wrong. */
  private runTask<T>(task: ServeTask, body: (signal: AbortSignal, onProgress: (p: BenchProgress) => void) => Promise<T>): Promise<T | null> {
    const errors = Object.values(this.state.errors);
    if (errors.length > 0) {
      this.task.fail(errors.join(' '));
      return Promise.resolve(null);
    }
    if (this.state.trying) {
      this.task.fail('Try it is answering: wait for it, then run the bench.');
      return Promise.resolve(null);
    }
    return this.task.run(SERVE_TASK_LABELS[task], async (signal) => {
      this.store.set({ progress: null });
      try {
        return await body(signal, (progress) => this.store.set({ progress }));
      } finally {
        this.store.set({ progress: null });
      }
    });
  }

  /** Deploy & run: the closed-loop protocol on the chosen backend, then offline throughput. */
  run(overrides: { batchSizes?: readonly number[]; throughputImages?: number } = {}): Promise<ServeBenchResult | null> {
    return this.runTask('bench', async (signal, onProgress) => {
      const { backend, warmShaders, queries, deadlineMs } = this.state.settings;
      this.checkBackend(backend);
      const { entry, artifacts, dataset } = await this.deployable();
      const result = await runServeBench({ artifacts, backend, testSet: dataset.test, queries, warmShaders, signal, onProgress, modelName: entry.name, queryDeadlineMs: deadlineMs, ...overrides });
      // A new closed-loop result makes an open-loop sweep sized from another backend's stale.
      const before = serveResultsOf(this.state, entry.id);
      this.setResults(entry.id, { result, openLoop: before.openLoop && before.result?.record.backend === backend ? before.openLoop : null });
      const r = result.record;
      this.deps.registry.measure({ modelId: entry.id, backend, kind: 'serve', count: r.count, p50Ms: r.p50Ms, modelP50Ms: r.modelP50Ms ?? Number.NaN, testAcc: r.testAcc, serve: r });
      return result;
    });
  }

  /**
   * Open loop: Poisson arrivals at every rate of OPEN_LOOP_FRACTIONS of the measured capacity (a
   * failing rate does not stop it), then the idle wake-up probe.
   */
  runOpenLoop(countPerRate = OPEN_LOOP_COUNT) {
    return this.runTask('open-loop', async (signal, onProgress) => {
      const { entry, artifacts, dataset } = await this.deployable();
      const base = serveResultsOf(this.state, entry.id).result;
      if (!base || !(base.e2e.meanMs > 0)) throw new Error('Run the closed-loop bench first: the offered rates are set around the capacity it measured.');
      const backend = base.record.backend as BackendName;
      const client = ServeClient.spawn({ name: `open-loop-${backend}`, queryDeadlineMs: this.state.settings.deadlineMs });
      try {
        onProgress({ phase: 'deploy', done: 0, total: 1 });
        await client.deploy(artifacts, backend, { warmShaders: true });
        await warmUp(client, dataset.test, 7);
        const rateLabels = OPEN_LOOP_FRACTIONS.map((f) => `${Math.round(f * 100)}% of capacity`);
        const sweep = await sweepOpenLoop(client, dataset.test, { ratesQps: suggestRates(base.e2e.meanMs, OPEN_LOOP_FRACTIONS), rateLabels, countPerRate, signal, onProgress });
        this.setResults(entry.id, { openLoop: sweep });
        return sweep;
      } finally {
        client.terminate();
      }
    });
  }

  /** Every available backend, deployed side by side and queried interleaved on the same images. */
  compareBackends(backends?: readonly BackendName[]) {
    return this.runTask('compare', async (signal, onProgress) => {
      const all = this.deps.backends() ?? {};
      const names = backends ?? (Object.keys(all) as BackendName[]).filter((b) => all[b]?.available);
      if (names.length < 2) throw new Error(`Comparing needs at least two available backends; available here: ${names.join(', ') || 'none'}.`);
      const { entry, artifacts, dataset } = await this.deployable();
      const arms: CompareArmInput[] = [];
      const capabilities: Record<string, string> = {};
      const loadMs: Record<string, number> = {};
      try {
        for (const [k, backend] of names.entries()) {
          onProgress({ phase: 'deploy', done: k, total: names.length });
          const client = ServeClient.spawn({ name: `compare-${backend}`, queryDeadlineMs: this.state.settings.deadlineMs });
          arms.push({ label: backend, client });
          const d = await client.deploy(artifacts, backend, { warmShaders: true });
          capabilities[backend] = describeCapabilities(backend, d.capabilities);
          loadMs[backend] = d.loadMs;
          if (signal.aborted) return null;
        }
        const result = await compareInterleaved(arms, dataset.test, { queries: this.state.settings.compareQueries, signal, onProgress });
        const outcome = { result, capabilities, loadMs };
        this.setResults(entry.id, { compare: outcome });
        for (const arm of result.arms) {
          if (arm.e2e) this.deps.registry.measure({ modelId: entry.id, backend: arm.label, kind: 'compare', count: arm.e2e.count, p50Ms: arm.e2e.p50Ms, modelP50Ms: arm.model?.p50Ms ?? Number.NaN, testAcc: arm.testAcc });
        }
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
    this.store.set({ trying: true, tryError: null });
    try {
      const t0 = performance.now();
      const pixels = await decode();
      const decodeMs = performance.now() - t0;
      const { client, backend, entry, dataset } = await this.liveClient();
      const r = await client.query({ data: pixels, width: TRY_SIZE, height: TRY_SIZE, channels: 3 });
      if (!r.ok) throw new Error(`The server could not answer for ${source}: ${r.error}`);
      const best = argmax(r.probs);
      this.setResults(entry.id, {
        tryResult: { source, pixels, size: TRY_SIZE, className: dataset.classNames[best] ?? `class ${best}`, confidence: r.probs[best]!, probs: r.probs, e2eMs: r.e2eMs, modelMs: r.modelMs, decodeMs, backend },
      });
    } catch (err) {
      this.store.set({ tryError: (err as Error).message });
    } finally {
      this.store.set({ trying: false });
    }
  }

  private async liveClient(): Promise<{ client: ServeClient; backend: BackendName; entry: ModelEntry; dataset: LabelledDataset }> {
    const backend = this.state.settings.backend;
    const { entry, artifacts, dataset } = await this.deployable();
    if (this.live && this.live.backend === backend && this.live.modelId === entry.id) return { ...this.live, entry, dataset };
    this.live?.client.terminate();
    this.live = null;
    this.checkBackend(backend);
    const client = ServeClient.spawn({ name: `try-${backend}`, channel: { pageSpinMs: 0 }, queryDeadlineMs: this.state.settings.deadlineMs });
    try {
      await client.deploy(artifacts, backend, { warmShaders: true });
    } catch (err) {
      client.terminate();
      throw err;
    }
    this.live = { client, backend, modelId: entry.id };
    return { ...this.live, entry, dataset };
  }

  /**
   * The serving half of `npm run soak`: deploys the selected model on `backend` in a fresh worker
   * and answers `queries` test images (or as many as fit in `budgetMs`), sampling the worker's
   * tensors and bytes every `sampleEvery`.
   */
  async soak(backend: BackendName, queries: number, sampleEvery: number, onSample?: (s: MemorySample) => void, budgetMs?: number): Promise<SoakServeResult> {
    const { artifacts, dataset } = await this.deployable();
    const client = ServeClient.spawn({ name: `soak-${backend}` });
    try {
      await client.deploy(artifacts, backend, { warmShaders: true });
      return await soakQueries(client, dataset.test, { queries, sampleEvery, ...(onSample ? { onSample } : {}), ...(budgetMs ? { signal: AbortSignal.timeout(budgetMs) } : {}) });
    } finally {
      client.terminate();
    }
  }

  /** Fault drill and tests: kills the Try it server's worker as a crash would; it restarts on the next query. */
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
    this.task.stop();
    this.live?.client.terminate();
    this.live = null;
  }
}
