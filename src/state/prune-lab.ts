// The Prune view's controller: prunes the selected model. The training worker fine-tunes every
// level (the selected model is loaded there first if it holds another); each finished level
// becomes a registry model with the selected one as its parent; then the page measures every
// model's serving latency on wasm, interleaved on the same unseen test images, and records it
// in the registry as a measurement of each (model, wasm). The bench calls the same methods.
import type { LabelledDataset } from '../data/image-set.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { PruneRecord } from '../metrics/report.ts';
import { p50Intervals } from '../metrics/intervals.ts';
import { measureInterleaved, type InterleavedLatency } from '../serve/interleaved-models.ts';
import type { PrunedLevel, SweepResult, WorkbenchPort } from '../workbench/protocol.ts';
import type { ModelRecorder } from './model-recorder.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { ModelSession } from './model-session.ts';
import { initialPruneState, LATENCY_BACKEND, LATENCY_BLOCK, parsePruneSettings, type PruneRow, type PruneSettings, type PruneState } from './prune-state.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

export interface PruneLabDeps {
  registry: ModelRegistry;
  session: Pick<ModelSession, 'ensureLoaded'>;
  port: Pick<WorkbenchPort, 'pruneSweep' | 'stopPrune'>;
  recorder: Pick<ModelRecorder, 'pruned'>;
  dataset(): LabelledDataset | null;
  training(): boolean;
  /** How the models' latency is measured (server workers by default; a fake in Node tests). */
  latency?: InterleavedLatency;
}

export class PruneLab {
  readonly store = new Store<PruneState>(initialPruneState());
  readonly task = new TaskRunner();

  constructor(private readonly deps: PruneLabDeps) {}

  private get state(): PruneState {
    return this.store.state;
  }

  get busy(): boolean {
    return this.task.busy;
  }

  /** The sweep on screen is of the selected model (results of another model are never shown as this one's). */
  get showsSelected(): boolean {
    return this.state.modelId !== null && this.state.modelId === this.deps.registry.state.selectedId;
  }

  /** Applies raw form values; bad fields keep their old values and get a message. */
  updateSettings(raw: Partial<Record<keyof PruneSettings, unknown>>): void {
    const { settings, errors } = parsePruneSettings(raw, this.state.settings);
    const remaining = { ...this.state.errors };
    for (const key of Object.keys(raw) as (keyof PruneSettings)[]) delete remaining[key];
    this.store.set({ settings, errors: { ...remaining, ...errors } });
  }

  select(index: number): void {
    this.store.set({ selected: index });
  }

  /** The report's records, one per finished level. */
  records(): PruneRecord[] {
    return this.state.levels.map((l) => ({ ...l.row }));
  }

  /** Runs the sweep on the selected model with the current settings; resolves when it ends (any way). */
  async run(): Promise<PruneState> {
    await this.task.run('Pruning sweep', (signal) => this.sweep(signal));
    if (this.task.state.error && (this.state.phase === 'fine-tuning' || this.state.phase === 'measuring' || this.state.phase === 'stopping')) this.store.set({ phase: 'failed' });
    return this.state;
  }

  private async sweep(signal: AbortSignal): Promise<void> {
    const { registry } = this.deps;
    if (Object.keys(this.state.errors).length > 0) throw new Error(Object.values(this.state.errors).join(' '));
    const source = registry.selected;
    if (!source) throw new Error('No model selected: train one in the Train view, or pick a saved one in the Models view.');
    if (this.deps.training()) throw new Error(`Training is running and holds the training worker: the sweep of "${source.name}" can start once the run ends.`);
    const test = this.deps.dataset()?.test;
    if (!test) throw new Error('The dataset is not loaded.');
    await this.deps.session.ensureLoaded(source.id);
    const { levels, epochs, schedule, scope, queries } = this.state.settings;
    const request = { levels, epochs, schedule, scope };
    this.store.set({ ...initialPruneState(), settings: this.state.settings, errors: this.state.errors, selected: this.state.selected, phase: 'fine-tuning', modelId: source.id });
    signal.addEventListener('abort', () => {
      if (this.state.phase === 'fine-tuning') void this.deps.port.stopPrune();
      this.store.set({ phase: 'stopping' });
    });
    const outcome = await this.deps.port.pruneSweep(request, {
      onDense: (d: SweepResult['dense']) => this.store.set({ dense: { ...d, p50Ms: NaN, modelP50Ms: NaN, filterNorms: [] } }),
      onProgress: (p) => this.store.set({ progress: p }),
      onLevel: (l: PrunedLevel) => this.store.set({ levels: [...this.state.levels, { row: unmeasured(l.record), inspection: l.inspection, modelId: null }] }),
    });
    const { artifacts: denseArtifacts, ...dense } = outcome.dense;
    const children = await this.deps.recorder.pruned(source.id, request, outcome);
    this.store.set({
      dense: { ...dense, p50Ms: NaN, modelP50Ms: NaN },
      levels: outcome.levels.map((l, i) => ({ row: unmeasured(l.record), inspection: l.inspection, modelId: children[i]?.id ?? null })),
      fineTuneBackend: outcome.backend,
      stopped: outcome.stopped,
    });
    if (!signal.aborted && outcome.levels.length > 0) {
      this.store.set({ phase: 'measuring', latency: { done: 0, total: queries, arms: outcome.levels.length + 1 } });
      await this.measure(source.id, denseArtifacts, outcome.levels.map((l) => l.artifacts), queries, test, signal);
    }
    this.store.set({ phase: 'finished', stopped: this.state.stopped || signal.aborted });
  }

  /** Stops fine-tuning after the batch in progress, or latency after the round in progress; finished levels stay. */
  stop(): void {
    this.task.stop();
  }

  /** Every model's latency on wasm, interleaved in blocks on the same images; recorded in the registry. */
  private async measure(denseId: string, dense: SerializedModel, pruned: SerializedModel[], queries: number, test: LabelledDataset['test'], signal: AbortSignal): Promise<void> {
    const models = [dense, ...pruned];
    const labels = models.map((_, i) => (i === 0 ? 'dense' : `level-${i}`));
    const result = await (this.deps.latency ?? measureInterleaved)(models, labels, LATENCY_BACKEND, test, {
      queries,
      // Blocks of queries per model, not one: with eight workers on two cores, switching
      // after every query put a ~1 ms cold-start floor under every model-only time.
      blockSize: LATENCY_BLOCK,
      signal,
      onProgress: (p) => this.store.set({ latency: { done: p.done, total: p.total, arms: models.length } }),
    });
    if (!result) return;
    // Each arm's p50 intervals, once: the Prune table shows them and the registry keeps them.
    const intervals = result.arms.map((arm) => p50Intervals(arm.samples));
    const [denseArm, ...levelArms] = result.arms;
    const d = this.state.dense!;
    this.store.set({
      dense: { ...d, p50Ms: denseArm?.e2e?.p50Ms ?? NaN, modelP50Ms: denseArm?.model?.p50Ms ?? NaN, ...(denseArm ? { latency: intervals[0]! } : {}) },
      levels: this.state.levels.map((l, i) => {
        const arm = levelArms[i];
        return { ...l, row: { ...l.row, p50Ms: arm?.e2e?.p50Ms ?? NaN, modelP50Ms: arm?.model?.p50Ms ?? NaN, servedAcc: arm?.testAcc ?? NaN, ...(arm ? { latency: intervals[i + 1]! } : {}) } };
      }),
      latency: { done: result.rounds, total: queries, arms: models.length },
    });
    // The dense model's rounds join its own ledger row: it is the same model, measured again.
    // One run id: the arms ran in the same rounds, so the Ledger may set their intervals side by side.
    const ids = [denseId, ...this.state.levels.map((l) => l.modelId)];
    this.deps.registry.measureOneRun(result.arms.flatMap((arm, i) => {
      const modelId = ids[i];
      if (!modelId || !arm.e2e) return [];
      const model = intervals[i]!.model;
      return [{ modelId, backend: LATENCY_BACKEND, kind: 'sweep' as const, count: arm.e2e.count, p50Ms: arm.e2e.p50Ms, modelP50Ms: arm.model?.p50Ms ?? Number.NaN, modelP50LowMs: model?.low ?? null, modelP50HighMs: model?.high ?? null, testAcc: arm.testAcc }];
    }));
  }
}

function unmeasured(record: PrunedLevel['record']): PruneRow {
  return { ...record, p50Ms: Number.NaN, modelP50Ms: Number.NaN };
}
