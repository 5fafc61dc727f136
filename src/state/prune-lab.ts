// The Prune view's controller: asks the training worker for the sweep (fine-tuning happens
// there), then measures every model's serving latency on wasm from the page, interleaved on the
// same unseen test images, and keeps the store current. The bench calls the same methods.
import type { SerializedModel } from '../model/artifact-check.ts';
import type { PruneRecord } from '../metrics/report.ts';
import { compareInterleaved } from '../serve/bench-compare.ts';
import { ServeClient } from '../serve/client.ts';
import type { PrunedLevel } from '../train/service.ts';
import type { SweepResult } from '../prune/sweep.ts';
import { proxyCallbacks } from '../train/client.ts';
import type { Lab } from './lab.ts';
import { initialPruneState, LATENCY_BACKEND, parsePruneSettings, type PruneSettings, type PruneState, type PruneRow } from './prune-state.ts';

/** Queries each model answers in a row before the next model's turn (same images for all). */
const LATENCY_BLOCK = 16;
import { Store } from './store.ts';
import { pruneDenseRecord } from './record-run.ts'; // cost ledger (issue 6)

export class PruneLab {
  readonly store = new Store<PruneState>(initialPruneState());
  private abort: AbortController | null = null;

  constructor(private readonly lab: Lab) {}

  /** The settings object of the model the last sweep started from: a new trained or loaded
   *  model comes with a new settings object, which is how `stale` notices it. */
  private sweptModel: object | null = null;

  /** True when the results shown came from an earlier model than the current one. */
  get stale(): boolean {
    return this.sweptModel !== null && this.sweptModel !== this.lab.store.state.training.settings;
  }

  private get state(): PruneState {
    return this.store.state;
  }

  get busy(): boolean {
    return ['fine-tuning', 'measuring', 'stopping'].includes(this.state.phase);
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

  /** The report's records (DESIGN.md section 6), one per finished level. */
  records(): PruneRecord[] {
    return this.state.levels.map((l) => ({ ...l.row }));
  }

  /** Runs the sweep with the current settings; resolves when it ends (any way). */
  async run(): Promise<PruneState> {
    if (this.busy) throw new Error('A pruning sweep is already running.');
    if (Object.keys(this.state.errors).length > 0) throw new Error(Object.values(this.state.errors).join(' '));
    if (!this.lab.store.state.hasModel) throw new Error('No trained model yet: train one in the Train view first.');
    if (this.lab.busy) throw new Error('Training is running: wait for it to finish before pruning.');
    const test = this.lab.dataset?.test;
    if (!test) throw new Error('The dataset is not loaded.');
    const { levels, epochs, schedule, scope, queries } = this.state.settings;
    const abort = new AbortController();
    this.abort = abort;
    this.sweptModel = this.lab.store.state.training.settings;
    this.store.set({ ...initialPruneState(), settings: this.state.settings, selected: this.state.selected, phase: 'fine-tuning' });
    try {
      const callbacks = proxyCallbacks({
        onDense: (d: SweepResult['dense']) => {
          this.store.set({ dense: { ...d, p50Ms: NaN, modelP50Ms: NaN, filterNorms: [] } });
        },
        onProgress: (p: PruneState['progress']) => this.store.set({ progress: p }),
        onLevel: (l: PrunedLevel) => {
          const row: PruneRow = { ...l.record, p50Ms: NaN, modelP50Ms: NaN };
          this.store.set({ levels: [...this.state.levels, { row, inspection: l.inspection }] });
        },
      });
      const outcome = await this.lab.pruneSweep({ levels, epochs, schedule, scope }, callbacks);
      const { artifacts: denseArtifacts, ...dense } = outcome.dense;
      // issue 7: the pruned models stay available so the Models view can save them.
      this.prunedModels = outcome.levels.map((l) => ({ artifacts: l.artifacts, label: `${l.record.method} ${Math.round(l.record.sparsity * 100)}%`, testAcc: l.record.testAcc, params: l.record.nonzeroParams, weightBytes: l.record.weightBytes }));
      this.store.set({
        dense: { ...dense, p50Ms: NaN, modelP50Ms: NaN },
        levels: outcome.levels.map((l) => ({ row: { ...l.record, p50Ms: NaN, modelP50Ms: NaN }, inspection: l.inspection })),
        fineTuneBackend: outcome.backend,
        stopped: outcome.stopped,
      });
      if (!abort.signal.aborted && outcome.levels.length > 0) {
        this.store.set({ phase: 'measuring', latency: { done: 0, total: queries, arms: outcome.levels.length + 1 } });
        await this.measure(denseArtifacts, outcome.levels.map((l) => l.artifacts), queries, abort.signal);
      }
      this.store.set({ phase: 'finished', stopped: this.state.stopped || abort.signal.aborted });
      this.lab.history.attachPrune(this.records(), pruneDenseRecord(this.state.dense)); // cost ledger (issue 6)
    } catch (err) {
      this.store.set({ phase: 'failed', error: (err as Error).message });
    } finally {
      this.abort = null;
    }
    return this.state;
  }

  private prunedModels: { artifacts: SerializedModel; label: string; testAcc: number; params: number; weightBytes: number }[] = [];

  /** The last sweep's pruned models with their measured test accuracy, for saving (issue 7). */
  savedArtifacts() {
    return this.prunedModels;
  }

  /** Stops fine-tuning after the batch in progress, or latency after the round in progress; finished levels stay. */
  stop(): void {
    if (!this.busy || !this.abort) return;
    this.abort.abort();
    if (this.state.phase === 'fine-tuning') void this.lab.stopPrune();
    this.store.set({ phase: 'stopping' });
  }

  /** One serving worker per model on wasm, queried in turn in blocks of 16 (A×16 B×16 …) on the same images, round after round. */
  private async measure(dense: SerializedModel, pruned: SerializedModel[], queries: number, signal: AbortSignal): Promise<void> {
    const test = this.lab.dataset!.test;
    const clients: ServeClient[] = [];
    try {
      const arms = [];
      for (const [i, artifacts] of [dense, ...pruned].entries()) {
        const client = ServeClient.spawn({ name: i === 0 ? 'prune-dense' : `prune-level-${i}` });
        clients.push(client);
        await client.deploy(artifacts, LATENCY_BACKEND, { warmShaders: true });
        arms.push({ label: i === 0 ? 'dense' : `level-${i}`, client });
        if (signal.aborted) return;
      }
      const result = await compareInterleaved(arms, test, {
        queries,
        // Blocks of queries per model, not one: with eight workers on two cores, switching
        // after every query put a ~1 ms cold-start floor under every model-only time.
        blockSize: LATENCY_BLOCK,
        signal,
        onProgress: (p) => this.store.set({ latency: { done: p.done, total: p.total, arms: arms.length } }),
      });
      const [denseArm, ...levelArms] = result.arms;
      const d = this.state.dense!;
      this.store.set({
        dense: { ...d, p50Ms: denseArm?.e2e?.p50Ms ?? NaN, modelP50Ms: denseArm?.model?.p50Ms ?? NaN },
        levels: this.state.levels.map((l, i) => {
          const arm = levelArms[i];
          return { ...l, row: { ...l.row, p50Ms: arm?.e2e?.p50Ms ?? NaN, modelP50Ms: arm?.model?.p50Ms ?? NaN, servedAcc: arm?.testAcc ?? NaN } };
        }),
        latency: { done: result.rounds, total: queries, arms: arms.length },
      });
    } finally {
      for (const c of clients) c.terminate();
    }
  }
}
