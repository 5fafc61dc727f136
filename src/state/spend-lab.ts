// The "where to spend" controller: measures test-time augmentation of the selected model (one
// serving worker per view count, interleaved on the same test images), keeps those records apart
// from the model's measurements (saved in this browser, carried by the report), turns the
// registry, the Ledger's rows and them into options and an answer, and repeats an option's
// recipe with more seeds.
import type { LabelledDataset } from '../data/image-set.ts';
import type { RunReport, SpendRecords, TtaRecord } from '../metrics/report.ts';
import type { Json } from '../metrics/field-checks.ts';
import { checkTta } from '../metrics/report-import.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import type { LedgerRow } from '../metrics/ledger.ts';
import type { ModelEntry } from '../registry/records.ts';
import { decide, type SpendAnswer } from '../spend/decide.ts';
import { groupBySeed, spendOptions, type SpendGroup, type SpendOption } from '../spend/options.ts';
import type { BackendName } from '../tf/backend-names.ts';
import type { TrainSettings } from '../train/settings.ts';
import { measureTta } from '../serve/tta-bench.ts';
import { TTA_VIEW_COUNTS, type TtaViews } from '../serve/tta-views.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { TextStorage } from './local-text-storage.ts';
import { initialSpendState, parseSpendSettings, type SpendSettings, type SpendState } from './spend-state.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

/** The localStorage key of the page's TTA records (src/state/local-text-storage.ts; a refused write is swallowed in keep()). */
export const TTA_STORAGE_KEY = 'tsl-tta-v1';

/** The records a text holds, or none when it is not a valid list (a bad stored value is dropped, not shown). */
export function ttaFromText(text: string | null): TtaRecord[] {
  if (!text) return [];
  try {
    const data = { tta: JSON.parse(text) as unknown } as Json;
    checkTta(data);
    return data.tta as TtaRecord[];
  } catch {
    return [];
  }
}

export interface SpendDeps {
  registry: ModelRegistry;
  rows: () => LedgerRow[];
  /** The Ledger's traffic, the one typed-in figure. */
  queriesPerDay: () => number;
  dataset: () => Promise<LabelledDataset>;
  /**
   * Trains the recipe of `settings` (another seed) and resolves with the new model's id, or null
   * when no model was kept. Wired to the training lab.
   */
  trainRecipe?: (settings: TrainSettings) => Promise<string | null>;
  /** Distils a student from `teacherId` with the levers controller's settings; resolves with the student's id, or null. */
  distill?: (teacherId: string) => Promise<string | null>;
  /** Measures a new model's cost per query (the Serve view's closed loop on the chosen backend), so its seed has a p50 too. */
  serveModel?: (modelId: string, backend: string) => Promise<void>;
  storage?: TextStorage | null;
}

/** Seeds a repeat asks for: three in all. */
export const REPEAT_SEEDS = 3;

export class SpendLab {
  readonly store: Store<SpendState>;
  readonly task = new TaskRunner();

  constructor(private readonly deps: SpendDeps) {
    this.store = new Store<SpendState>(initialSpendState(ttaFromText(deps.storage?.read() ?? null)));
  }

  private get state(): SpendState {
    return this.store.state;
  }

  updateSettings(raw: Partial<Record<keyof SpendSettings, unknown>>): void {
    const { settings, errors } = parseSpendSettings(raw, this.state.settings);
    const remaining = { ...this.state.errors };
    for (const key of Object.keys(raw) as (keyof SpendSettings)[]) delete remaining[key];
    this.store.set({ settings, errors: { ...remaining, ...errors } });
  }

  /** Every option on the chosen serving backend. */
  options(): SpendOption[] {
    const { models, measurements } = this.deps.registry.state;
    return spendOptions({ models, measurements }, this.deps.rows(), this.state.tta, this.state.settings.backend);
  }

  groups(): SpendGroup[] {
    return groupBySeed(this.options());
  }

  answer(groups: readonly SpendGroup[] = this.groups()): SpendAnswer {
    const s = this.state.settings;
    return decide(groups, { targetAcc: s.targetPct / 100, rule: s.rule, unit: s.unit, queriesPerDay: this.deps.queriesPerDay(), days: s.days });
  }

  private keep(records: readonly TtaRecord[]): void {
    const ids = new Set(records.map((r) => r.id));
    const tta = [...this.state.tta.filter((r) => !ids.has(r.id)), ...records];
    this.store.set({ tta });
    try {
      this.deps.storage?.write(JSON.stringify(tta));
    } catch {
      // Storage refused (private mode, full): the records stay in memory for this tab and go into its report.
    }
  }

  /** Records of models still in the registry: the report's `tta`. */
  records(): SpendRecords {
    const ids = new Set(this.deps.registry.models.map((m) => m.id));
    return { tta: this.state.tta.filter((r) => ids.has(r.modelId)) };
  }

  /** A report's TTA records join this browser's (the same id once). */
  importReport(report: RunReport): number {
    const data = structuredClone(report) as unknown as Json;
    checkTta(data);
    const records = (data.tta as TtaRecord[] | undefined) ?? [];
    const have = new Set(this.state.tta.map((r) => r.id));
    const fresh = records.filter((r) => !have.has(r.id));
    if (fresh.length > 0) this.keep(fresh);
    return fresh.length;
  }

  private async artifactsOf(modelId: string): Promise<{ entry: ModelEntry; artifacts: SerializedModel; dataset: LabelledDataset }> {
    const entry = this.deps.registry.get(modelId);
    if (!entry) throw new Error(`No model with id "${modelId}" in the registry.`);
    if (!entry.hasWeights) throw new Error(`"${entry.name}" has no weights here (it was read from a report): test-time augmentation needs a model to serve.`);
    const dataset = await this.deps.dataset();
    if (entry.numClasses !== dataset.classNames.length || entry.inputSize !== dataset.test.height) {
      throw new Error(`"${entry.name}" takes ${entry.inputSize}×${entry.inputSize} images and ${entry.numClasses} classes; the dataset in use ("${dataset.name}") does not. Switch datasets in the Data view.`);
    }
    return { entry, artifacts: await this.deps.registry.artifacts(entry.id), dataset };
  }

  private async ttaOf(modelId: string, signal: AbortSignal, views: readonly TtaViews[], queries?: number): Promise<TtaRecord[]> {
    const { entry, artifacts, dataset } = await this.artifactsOf(modelId);
    const backend = this.state.settings.backend as BackendName;
    const { records } = await measureTta({
      artifacts, backend, testSet: dataset.test, modelId: entry.id, modelName: entry.name, views, signal,
      ...(queries ? { queries } : {}),
      onProgress: (progress) => this.store.set({ progress }),
    });
    // A stopped run keeps nothing: its view counts would have answered different images.
    if (signal.aborted) return [];
    this.keep(records);
    return records;
  }

  /** Measures 1, 2, 4 and 8 views of the selected model (or `modelId`) on the chosen backend; `queries` defaults to every test image once. */
  measureTta(modelId?: string, options: { views?: readonly TtaViews[]; queries?: number } = {}): Promise<TtaRecord[] | null> {
    const id = modelId ?? this.deps.registry.state.selectedId;
    return this.task.run('Test-time augmentation', async (signal) => {
      if (!id) throw new Error('No model selected: pick one in the Model picker.');
      try {
        return await this.ttaOf(id, signal, options.views ?? TTA_VIEW_COUNTS, options.queries);
      } finally {
        this.store.set({ progress: null });
      }
    });
  }

  stop(): void {
    this.task.stop();
  }

  /**
   * Repeats a group's recipe until it has three seeds: trains its model's settings with the next
   * unused seeds (a student: a teacher with that seed, then its student through the distillation
   * controller; test-time augmentation: the new models measured at the same views). Pruned models
   * come from a sweep, so they are refused here with why.
   */
  repeatWithSeeds(key: string): Promise<string[] | null> {
    const selected = this.deps.registry.state.selectedId;
    return this.task.run('Repeat with 3 seeds', async (signal) => {
      try {
        return await this.repeat(key, signal);
      } finally {
        // Training and serving the seeds selected each new model in turn; the person's choice comes back.
        if (selected && this.deps.registry.get(selected)) this.deps.registry.select(selected);
      }
    });
  }

  private async repeat(key: string, signal: AbortSignal): Promise<string[]> {
    const group = this.groups().find((g) => g.key === key);
    if (!group) throw new Error('That option is no longer in the comparison.');
    const first = this.deps.registry.get(group.options[0]!.modelId);
    const o = first?.origin;
    if (!first || o?.kind !== 'trained' || o.retrain) {
      throw new Error(`"${group.what}" is made by its own controller (a pruning sweep or a retraining), which this comparison cannot rerun yet: make its seeds there.`);
    }
    const train = this.deps.trainRecipe;
    if (!train) throw new Error('Repeating needs the training lab, which is not connected here.');
    // A student's seed is its teacher's: another seed is another teacher, then its student.
    const teacher = o.distill ? this.deps.registry.get(o.distill.teacherId) : null;
    const distill = this.deps.distill;
    if (o.distill && (teacher?.origin.kind !== 'trained' || !distill)) {
      throw new Error(!distill ? 'Repeating a student needs the distillation controller, which is not connected here.' : 'Its teacher is no longer a trained model in the registry, so its recipe cannot be repeated.');
    }
    const recipe = teacher?.origin.kind === 'trained' ? teacher.origin.settings : o.settings;
    const used = new Set(group.seeds);
    const made: string[] = [];
    for (let seed = o.settings.seed + 1; used.size < REPEAT_SEEDS && !signal.aborted; seed++) {
      if (used.has(seed)) continue;
      this.store.set({ message: `Training seed ${seed} (${used.size + 1} of ${REPEAT_SEEDS})${teacher ? ': its teacher, then the student' : ''}…` });
      const trained = await train({ ...recipe, seed });
      const id = trained && distill && teacher ? await distill(trained) : trained;
      if (!id) throw new Error(`The run with seed ${seed} kept no model; ${made.length} new seed${made.length === 1 ? '' : 's'} were trained.`);
      used.add(seed);
      made.push(id);
      if (group.views > 1) await this.ttaOf(id, signal, [1, group.views as TtaViews]);
      else await this.deps.serveModel?.(id, this.state.settings.backend);
    }
    // The seeds already there that were never served here: without them the cost per query would be a median of fewer seeds than the row says.
    if (group.views === 1 && !signal.aborted) {
      for (const option of group.options) if (!Number.isFinite(option.perQueryMs)) await this.deps.serveModel?.(option.modelId, this.state.settings.backend);
    }
    this.store.set({ message: `${made.length} more seed${made.length === 1 ? '' : 's'} trained: the row now shows medians and ranges over ${used.size} seeds.` });
    return made;
  }
}
