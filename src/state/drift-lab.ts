// The Drift view's controller: runs one drifting stream under each chosen policy with the real
// workers (days drawn in the drawing worker, queries through the serving worker, retrainings in the
// training worker), records every retrained model in the registry as a child of the model it
// replaces, and keeps the comparison (the run report's lifecycle section) for the view and the Ledger.
import type { ImageSet, LabelledDataset } from '../data/image-set.ts';
import type { DriftDrawer } from '../data/drift-draw-client.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { ModelEntry } from '../registry/records.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { heldEpoch, keptEpochField } from '../train/held-epoch.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { RetrainJob, RetrainJobResult, WorkbenchPort } from '../workbench/protocol.ts';
import type { DeployOptions, DeployResult, RawImage } from '../serve/protocol.ts';
import type { ClientQueryResult } from '../serve/client.ts';
import { decodeFiles, spawnDecoder } from '../data/decode-client.ts';
import { DEFAULT_LIMITS } from '../data/prepare-image.ts';
import { pick } from '../drift/image-sets.ts';
import { describeOwn, isOwnDay, matchClasses, ownDayImages, placementProblem, streamDays, WEBCAM_FRAMES, WEBCAM_INTERVAL_MS, type OwnDayPlacement, type OwnDaySource } from '../drift/own-day.ts';
import { policyLabel, policyProblem } from '../drift/policy.ts';
import type { LifecycleRecord, LifecycleRun } from '../drift/records.ts';
import { describeDay, scenarioProblem, type DriftScenario } from '../drift/schedule.ts';
import { runLifecycle, type RetrainOutcome, type RetrainRequest, type RetrainStopped, type ServedDay } from '../drift/simulate.ts';
import type { IncomingFile } from './data-lab.ts';
import { captureWebcamDay, readOwnFolder, type DecodeImages, type OwnIntake } from './drift-own-intake.ts';
import { initialDriftState, type DriftState } from './drift-state.ts';
import { driftPatchOf, driftUrlSettingsOf, parseDriftUrlSettings, type DriftUrlErrors, type DriftUrlSettings } from './drift-url.ts';
import { openCamera, type OpenCamera } from './serve-camera.ts';
import type { ModelRegistry } from './model-registry.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

/** The part of a ServeClient the stream uses. */
export interface DriftServer {
  deploy(artifacts: SerializedModel, backend: BackendName, options: DeployOptions): Promise<DeployResult>;
  query(image: RawImage): Promise<ClientQueryResult>;
  terminate(): void;
}

export interface DriftLabDeps {
  registry: ModelRegistry;
  /** retrainOn for each retraining; stop() cuts one short when Stop is pressed during it. */
  port: Pick<WorkbenchPort, 'retrainOn' | 'stop'>;
  /** The dataset in use, loaded into the training worker (its training split is what "from scratch" learns from again). */
  dataset(): Promise<LabelledDataset>;
  /** The Train view's settings (the training backend, and the recipe for a base model without one). */
  settings(): TrainSettings;
  training(): boolean;
  spawnServer(): DriftServer;
  spawnDrawer(): DriftDrawer;
  /** Lets the page breathe between queries (a macrotask), as the bench loops do. */
  yieldNow?(): Promise<void>;
  /** Decodes a person's files (default: the Data view's decoding worker, spawned for the load and gone after). */
  decode?: DecodeImages;
  /** Opens the webcam (default: the Serve view's camera). */
  openCamera?(): Promise<OpenCamera>;
}

/** Decodes with a decoding worker of its own, which is gone once the load is done. */
function decodeInWorker(): { decode: DecodeImages; done(): void } {
  let decoder: ReturnType<typeof spawnDecoder> | null = null;
  return {
    decode: (files, size) => {
      decoder ??= spawnDecoder();
      return decodeFiles(decoder.remote, files, size, DEFAULT_LIMITS);
    },
    done: () => decoder?.terminate(),
  };
}

/** Images per day kept for the sample grid. */
export const SAMPLES_PER_DAY = 8;

export class DriftLab {
  readonly store = new Store<DriftState>(initialDriftState());
  readonly task = new TaskRunner();
  /** Lifecycle records read from reports (the Ledger shows them beside this tab's). */
  private imported: LifecycleRecord[] = [];
  /** A retraining is in the training worker: Stop must reach it there, not wait for the day's end. */
  private retraining = false;

  constructor(private readonly deps: DriftLabDeps) {}

  get state(): DriftState {
    return this.store.state;
  }

  /** Changes the scenario or the policies; a problem is named and nothing changes. */
  configure(patch: Partial<Pick<DriftState, 'scenario' | 'scenarioName' | 'policies' | 'servingBackend' | 'fineTuneEpochs' | 'trafficPerDay' | 'floorAcc' | 'floorFromDay' | 'energy'>>): string | null {
    const next = { ...this.state, ...patch };
    const problem = scenarioProblem(next.scenario) ?? next.policies.map(policyProblem).find((p) => p !== null) ?? null;
    if (problem) {
      this.store.set({ configError: problem });
      return problem;
    }
    if (!(Number.isInteger(next.fineTuneEpochs) && next.fineTuneEpochs >= 1 && next.fineTuneEpochs <= 50)) return this.refuse(`Fine-tune epochs must be a whole number from 1 to 50, got ${next.fineTuneEpochs}.`);
    if (!(next.trafficPerDay >= 1)) return this.refuse(`Traffic must be at least 1 query per day, got ${next.trafficPerDay}.`);
    if (!(next.floorAcc > 0 && next.floorAcc < 1)) return this.refuse(`The accuracy floor must be between 0% and 100%, got ${next.floorAcc * 100}%.`);
    if (!(Number.isInteger(next.floorFromDay) && next.floorFromDay >= 0 && next.floorFromDay < next.scenario.days)) return this.refuse(`The floor must be judged from a day of the stream (0 to ${next.scenario.days - 1}), got ${next.floorFromDay}.`);
    if (!(next.energy.watts > 0 && next.energy.watts < 10_000)) return this.refuse(`Device power must be above 0 and below 10,000 W, got ${next.energy.watts} W.`);
    if (!(next.energy.pue >= 1 && next.energy.pue <= 3)) return this.refuse(`The PUE must be from 1 to 3, got ${next.energy.pue}.`);
    this.store.set({ ...patch, configError: null });
    return null;
  }

  /** Settings from a link or a preset (text fields): each refused value is named and keeps the one it had. */
  updateSettings(raw: Partial<Record<keyof DriftUrlSettings, unknown>>): DriftUrlErrors {
    if (this.task.busy) return Object.fromEntries(Object.keys(raw).map((k) => [k, 'a stream is running: stop it first, then open the link again.']));
    const { settings, errors } = parseDriftUrlSettings(raw, driftUrlSettingsOf(this.state));
    const patch = driftPatchOf(settings);
    const own = this.state.own;
    this.store.set({ ...patch, own: own ? { ...own, placement: patch.ownPlacement } : null, configError: null });
    return errors;
  }

  private refuse(problem: string): string {
    this.store.set({ configError: problem });
    return problem;
  }

  /** Every lifecycle comparison to show in the Ledger and write to the report: this tab's newest and the imported ones. */
  records(): LifecycleRecord[] {
    return [...(this.state.result ? [this.state.result] : []), ...this.imported];
  }

  importRecords(records: readonly LifecycleRecord[]): void {
    this.imported = [...records];
    this.store.set({ importedCount: this.imported.length });
  }

  /** A report just imported into the Ledger: its lifecycle section (already checked by the report's import) is shown beside this tab's. */
  importReport(report: object): void {
    const lifecycle = (report as { lifecycle?: LifecycleRecord[] }).lifecycle;
    if (Array.isArray(lifecycle)) this.importRecords([...this.imported.filter((r) => !lifecycle.some((l) => l.date === r.date)), ...lifecycle]);
  }

  /** The report's lifecycle section: this tab's newest comparison (none before a stream ran). */
  reportRecords(): { lifecycle?: LifecycleRecord[] } {
    return this.state.result ? { lifecycle: [this.state.result] } : {};
  }

  /** Lifecycle records read from reports. */
  get importedRecords(): readonly LifecycleRecord[] {
    return this.imported;
  }

  /** Ends the stream: between days, or during a retraining after its batch in progress (the worker's own stop; it makes no version). */
  stop(): void {
    if (!this.task.busy) return;
    this.task.stop();
    if (this.retraining) {
      this.progress('stopping the retraining after its batch in progress');
      void this.deps.port.stop().catch(() => undefined);
    }
  }

  /** A picked folder (one subfolder per class, named after the model's classes) becomes the own day; a refusal is named and the old day stays. */
  async useOwnFolder(files: readonly IncomingFile[]): Promise<string | null> {
    return this.intake('reading the folder', async (decode) => {
      const dataset = await this.deps.dataset();
      return readOwnFolder(files, dataset.classNames, dataset.train.height, this.state.ownPlacement, decode, (done, total) => this.store.set({ ownLoading: `decoding ${done} of ${total} images` }));
    });
  }

  /** A burst of webcam frames becomes the own day (no labels: only the label-free signal watches it). */
  async useWebcam(frames = WEBCAM_FRAMES): Promise<string | null> {
    return this.intake('opening the webcam', async (decode) => {
      const dataset = await this.deps.dataset();
      return captureWebcamDay(this.deps.openCamera ?? openCamera, dataset.train.height, frames, WEBCAM_INTERVAL_MS, this.state.ownPlacement, decode, (done, total) => this.store.set({ ownLoading: `captured ${done} of ${total} frames` }));
    });
  }

  private async intake(what: string, read: (decode: DecodeImages) => Promise<OwnIntake>): Promise<string | null> {
    if (this.task.busy) return this.ownRefuse('A stream is running: stop it or wait for it to finish before changing its days.');
    if (this.state.ownLoading) return this.ownRefuse('Images are still being read: wait for them.');
    this.store.set({ ownLoading: what, ownMessage: null });
    const worker = this.deps.decode ? null : decodeInWorker();
    try {
      const out = await read(this.deps.decode ?? worker!.decode);
      if (out.problem !== null) return this.ownRefuse(out.problem);
      const left = out.notes.length;
      this.store.set({
        own: out.source,
        ownMessage: { kind: left ? 'warn' : 'info', text: `${out.source.name}: ${describeOwn(out.source)} will be served ${placementText(out.source.placement, this.state.scenario.days)}${left ? `; ${left} file${left === 1 ? '' : 's'} left out (${out.notes.slice(0, 3).map((n) => `${n.subject}: ${n.reason}`).join('; ')}${left > 3 ? '; …' : ''})` : ''}.` },
      });
      return null;
    } catch (err) {
      return this.ownRefuse(`${(err as Error).message} Nothing was changed.`);
    } finally {
      worker?.done();
      this.store.set({ ownLoading: null });
    }
  }

  private ownRefuse(problem: string): string {
    this.store.set({ ownMessage: { kind: 'error', text: problem } });
    return problem;
  }

  /** Moves the own day: from day N on, or one extra day after the drawn ones. */
  placeOwn(placement: OwnDayPlacement): string | null {
    const problem = placementProblem(placement, this.state.scenario.days);
    if (problem) return this.ownRefuse(problem);
    const own = this.state.own;
    this.store.set({ ownPlacement: placement, own: own ? { ...own, placement } : null, ownMessage: own ? { kind: 'info', text: `${own.name} will be served ${placementText(placement, this.state.scenario.days)}.` } : null });
    return null;
  }

  /** Back to drawn days only. */
  clearOwn(): void {
    if (!this.task.busy) this.store.set({ own: null, ownMessage: null });
  }

  /** Runs the stream under every policy, starting from the selected model; null when refused or failed (the reason is in the task state). */
  async run(): Promise<LifecycleRecord | null> {
    const { registry } = this.deps;
    const base = registry.selected;
    if (!base?.hasWeights) {
      this.task.fail('Select a trained model with weights first (train one in the Train view): the stream starts from it.');
      return null;
    }
    if (this.deps.training()) {
      this.task.fail('A training run holds the training worker: wait for it to finish or stop it, then run the stream.');
      return null;
    }
    return this.task.run('Drift stream', (signal) => this.stream(base, signal));
  }

  private async stream(base: ModelEntry, signal: AbortSignal): Promise<LifecycleRecord> {
    const { scenario, scenarioName, policies, servingBackend, own } = this.state;
    const dataset = await this.deps.dataset();
    const mapping = own ? this.ownMapping(own, dataset, base, scenario) : null;
    const days = streamDays(scenario, own);
    const ownDays = own ? Object.fromEntries(Array.from({ length: days }, (_, d) => d).filter((d) => isOwnDay(scenario, own, d)).map((d) => [d, { name: own.name, labelsKnown: own.labelsKnown }])) : undefined;
    const drawer = this.deps.spawnDrawer();
    const server = this.deps.spawnServer();
    const dayImages = new Map<number, ImageSet>();
    const initial = initialCost(base);
    const record: LifecycleRecord = { scenario, scenarioName, runs: [], planned: policies.map(policyLabel), date: new Date().toISOString() };
    this.store.set({ result: null, samples: [], progress: null, baseModelId: base.id });
    try {
      const dayOf = async (d: number): Promise<ImageSet> => {
        const known = dayImages.get(d);
        if (known) return known;
        const mine = own !== null && isOwnDay(scenario, own, d);
        this.progress(mine ? `day ${d}: ${own.name}` : `drawing day ${d}`);
        const set = mine ? { ...ownDayImages(own, mapping, scenario, d), drawMs: 0 } : await drawer.drawDay(scenario, d);
        dayImages.set(d, set);
        // A person's folder comes class by class: its samples are spread over the day to show every class.
        const shown = Math.min(SAMPLES_PER_DAY, set.count);
        const first = pick(set, Array.from({ length: shown }, (_, i) => (mine ? Math.floor((i * set.count) / shown) : i)));
        this.store.set({
          samples: [...this.state.samples, mine
            ? { day: d, description: own.labelsKnown ? `${own.name}: ${describeOwn({ ...own, images: set, classNames: dataset.classNames })}` : describeOwn(own), drawMs: 0, count: set.count, images: first, own: { classNames: own.labelsKnown ? dataset.classNames : null } }
            : { day: d, description: describeDay(scenario, d), drawMs: set.drawMs, count: set.count, images: first }],
        });
        return set;
      };
      for (const [p, policy] of policies.entries()) {
        if (signal.aborted) break;
        this.store.set({ progress: { policy: p, policies: policies.length, day: 0, days, what: 'starting' } });
        const run = await runLifecycle(
          scenario,
          policy,
          { baseModelId: base.id, initialTrainMs: initial.trainMs, initialTrainFlops: initial.trainFlops, servingBackend, trainBackend: this.deps.settings().backend, days, ...(ownDays ? { ownDays } : {}) },
          {
            day: dayOf,
            deploy: async (modelId) => {
              this.progress(`deploying ${this.deps.registry.get(modelId)?.name ?? modelId}`);
              const result = await server.deploy(await this.deps.registry.artifacts(modelId), servingBackend, { warmShaders: false });
              return { loadMs: result.loadMs, flopsPerQuery: result.flopsPerQuery };
            },
            serve: (images) => this.serveDay(server, images),
            retrain: (request) => this.retrain(request, scenario, signal),
            onDay: (day, partial) => {
              this.store.set({ progress: { policy: p, policies: policies.length, day: day.day + 1, days, what: `day ${day.day} served` } });
              this.publish(record, partial, p);
            },
            signal,
          },
        );
        this.publish(record, run, p);
        // A retraining stopped in the worker (its stop() stops one whoever asks): the stream ends there.
        if (run.stopped) break;
      }
      return this.state.result ?? record;
    } finally {
      server.terminate();
      drawer.terminate();
      this.store.set({ progress: null });
    }
  }

  /** The own day's classes as the model's (checked again: the dataset or model may have changed since the folder was read). */
  private ownMapping(own: OwnDaySource, dataset: LabelledDataset, base: ModelEntry, scenario: DriftScenario): number[] | null {
    const where = placementProblem(own.placement, scenario.days);
    if (where) throw new Error(where);
    if (own.images.height !== base.inputSize) throw new Error(`${own.name} was read at ${own.images.height} px, but the model takes ${base.inputSize} px: read the images again.`);
    if (!own.labelsKnown) return null;
    if (dataset.classNames.length !== base.numClasses) throw new Error(`The model knows ${base.numClasses} classes but the dataset in use has ${dataset.classNames.length} (${dataset.classNames.join(', ')}): ${own.name}'s labels cannot be matched. Pick the model trained on this dataset.`);
    const match = matchClasses(own.classNames, dataset.classNames);
    if (match.problem !== null) throw new Error(match.problem);
    return match.mapping;
  }

  private progress(what: string): void {
    const p = this.state.progress;
    if (p) this.store.set({ progress: { ...p, what } });
  }

  /** Shows a run so far: the record holds the finished policies' runs and this one's days. */
  private publish(record: LifecycleRecord, run: LifecycleRun, index: number): void {
    const runs = [...record.runs];
    runs[index] = structuredClone(run);
    record.runs = runs;
    this.store.set({ result: { ...record, runs } });
  }

  /** Every image of the day through the serving worker, one query at a time, timed end to end. */
  // Stop ends the stream between days: a day is served whole, so its figures stay comparable.
  private async serveDay(server: DriftServer, images: ImageSet): Promise<ServedDay> {
    const n = images.count;
    const stride = images.height * images.width * 3;
    const served: ServedDay = { predicted: new Int16Array(n), confidence: new Float32Array(n), e2eMs: new Float64Array(n), modelMs: new Float64Array(n), failed: 0 };
    for (let i = 0; i < n; i++) {
      const answer = await server.query({ data: images.pixels.subarray(i * stride, (i + 1) * stride), width: images.width, height: images.height, channels: 3 });
      served.e2eMs[i] = answer.e2eMs;
      if (answer.ok) {
        let best = 0;
        for (let c = 1; c < answer.probs.length; c++) if (answer.probs[c]! > answer.probs[best]!) best = c;
        served.predicted[i] = best;
        served.confidence[i] = answer.probs[best]!;
        served.modelMs[i] = answer.modelMs;
      } else {
        served.predicted[i] = -1;
        served.failed++;
      }
      if (i % 32 === 31) await (this.deps.yieldNow?.() ?? new Promise<void>((r) => setTimeout(r, 0)));
    }
    return served;
  }

  /** A real training run in the training worker, recorded as a new registry version (a child of the model it replaces). */
  private async retrain(request: RetrainRequest, scenario: DriftScenario, signal: AbortSignal): Promise<RetrainOutcome | RetrainStopped> {
    const { registry, port } = this.deps;
    const parent = registry.get(request.parentId);
    if (!parent) throw new Error(`The model being replaced ("${request.parentId}") is no longer in the registry.`);
    const recipe = recipeOf(parent, this.deps.settings());
    const fineTune = request.from === 'fine-tune';
    // Every tenth labelled image validates each epoch (at least one: a day of few queries has fewer than ten labels); the rest are learned from.
    const all = Array.from({ length: request.labelled.count }, (_, i) => i);
    const held = all.filter((i) => i % 10 === 9);
    const valIdx = held.length > 0 ? held : all.slice(-1);
    const trainIdx = all.filter((i) => !valIdx.includes(i));
    const labelled = pick(request.labelled, trainIdx);
    const settings: TrainSettings = { ...recipe, backend: this.deps.settings().backend, epochs: fineTune ? this.state.fineTuneEpochs : recipe.epochs, seed: (recipe.seed + request.day + 1) % 2 ** 31 };
    const heldTrainImages = fineTune ? FINE_TUNE_REPLAY_IMAGES : recipe.trainSize;
    const job: RetrainJob = { settings, start: fineTune ? await registry.artifacts(parent.id) : null, labelled, heldTrainImages, val: pick(request.labelled, valIdx) };
    // Stop pressed while the day was served: the retraining it called for is not started.
    if (signal.aborted) return { stopped: true, epochsDone: 0, epochs: settings.epochs, trainMs: 0 };
    this.progress(`retraining (${request.from}) after day ${request.day}`);
    // The progress line keeps "stopping" once Stop is pressed.
    const tell = (what: string) => {
      if (!signal.aborted) this.progress(what);
    };
    this.retraining = true;
    let result: RetrainJobResult;
    try {
      // Both callbacks are given: across the worker boundary an absent one is still a (failing) proxy call.
      result = await port.retrainOn(job, {
        onBatch: (b) => tell(`retraining (${request.from}) after day ${request.day}: epoch ${b.epoch}/${settings.epochs}, batch ${b.batch}/${b.batches}`),
        onEpoch: ({ record }) => tell(`retraining (${request.from}) after day ${request.day}: epoch ${record.epoch}/${settings.epochs} done, validation ${(record.valAcc * 100).toFixed(1)}%`),
      });
    } finally {
      this.retraining = false;
    }
    if (result.end === 'stopped' || !result.artifacts || !result.check) return { stopped: true, epochsDone: result.records.length, epochs: settings.epochs, trainMs: result.records.reduce((a, r) => a + r.wallMs, 0) };
    const images = labelled.count + heldTrainImages;
    // The model holds the epoch with the lowest validation loss, which is not always the last.
    const kept = heldEpoch(result.records, result.keptEpoch);
    const entry = registry.add(
      {
        label: `retrained after day ${request.day} (${request.from}, ${images.toLocaleString('en')} images), ${request.policyLabel}`,
        parentId: parent.id,
        origin: { kind: 'trained', settings, end: result.end, trainBackend: result.backend, epochs: result.records, ...keptEpochField(result.keptEpoch), retrain: { policy: request.policyLabel, day: request.day, from: request.from } },
        dataset: { name: `${parent.dataset.name.split(' + ')[0]} + drift feedback to day ${request.day} (seed ${scenario.seed})`, hash: '', counts: { train: images, val: job.val.count, test: result.check.testCount, classes: result.check.numClasses } },
        testAcc: result.check.testAcc,
        testCount: result.check.testCount,
        valAcc: kept?.valAcc ?? null,
        params: result.check.params,
        weightBytes: result.check.weightBytes,
        flopsPerQuery: result.check.flopsPerQuery,
        inputSize: result.check.inputSize,
        numClasses: result.check.numClasses,
      },
      result.artifacts,
    );
    return {
      modelId: entry.id,
      images,
      epochs: result.records.length,
      trainMs: result.records.reduce((a, r) => a + r.wallMs, 0),
      trainFlops: result.records.reduce((a, r) => a + r.trainFlops, 0),
      valAcc: kept?.valAcc ?? Number.NaN,
      ...keptEpochField(result.keptEpoch),
    };
  }
}

/** "as one extra day (day 6) after the stream", "from day 3 on (days 3 to 5)". */
export function placementText(placement: OwnDayPlacement, days: number): string {
  return placement.mode === 'append' ? `as one extra day (day ${days}) after the drawn days` : `from day ${placement.day} on (${placement.day === days - 1 ? `day ${placement.day}` : `days ${placement.day} to ${days - 1}`}), in place of the drawn days`;
}

/** Original training images a fine-tune mixes in with the feedback, so the model keeps the world it knew. */
export const FINE_TUNE_REPLAY_IMAGES = 200;

/** The base model's measured training: its epochs' wall time and analytic FLOPs (0 for a model without training records). */
export function initialCost(model: ModelEntry): { trainMs: number; trainFlops: number } {
  if (model.origin.kind !== 'trained') return { trainMs: 0, trainFlops: 0 };
  return { trainMs: model.origin.epochs.reduce((a, r) => a + r.wallMs, 0), trainFlops: model.origin.epochs.reduce((a, r) => a + r.trainFlops, 0) };
}

/** The recipe a retraining repeats: the model's own settings when it was trained here, the Train view's otherwise. */
function recipeOf(model: ModelEntry, fallback: TrainSettings): TrainSettings {
  return model.origin.kind === 'trained' ? { ...model.origin.settings } : model.origin.kind === 'imported' && model.origin.settings ? { ...model.origin.settings } : { ...fallback };
}
