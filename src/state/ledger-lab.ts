// The Ledger view's controller: its settings, the cost ledger's rows from the registry (one per
// model and serving backend), the run report of this tab's models for export, and importing a
// report file as models to compare against.
import type { ReportModel } from '../metrics/build-report.ts';
import type { BackendCapabilities, CompareRecord, Environment, OpenLoopRecord, RunRecord, RunReport, ServingRecords } from '../metrics/report.ts';
import { DEFAULT_MODEL } from '../model/shape.ts';
import { ledgerRows, type LedgerRow } from '../registry/ledger-rows.ts';
import type { ModelEntry, RegistrySnapshot } from '../registry/records.ts';
import { parseRegistryReport, reportFromRegistry, type RegistryReport } from '../registry/report-models.ts';
import { compareRecord, openLoopRecord } from '../serve/load-records.ts';
import { initialLedgerState, parseLedgerSettings, type LedgerSettings, type LedgerState } from './ledger-state.ts';
import type { ModelRegistry } from './model-registry.ts';
import type { ModelServeResults } from './serve-state.ts';
import { Store } from './store.ts';
import { mergeScale, type ScaleRecords } from '../metrics/scale-records.ts';

/** The CNN's fixed parts the report's config names besides the settings. */
export const MODEL_SHAPE: ReportModel = { denseUnits: DEFAULT_MODEL.denseUnits, inputSize: DEFAULT_MODEL.inputSize };

export interface LedgerDeps {
  registry: ModelRegistry;
  /** What the backend probe found (null before it ran), for the report's environment. */
  backends: () => Record<string, BackendCapabilities> | null;
  /** The Serve view's latest results per model id (its open-loop sweep and backend comparison go into the report). */
  serveResults?: () => Readonly<Record<string, Pick<ModelServeResults, 'openLoop' | 'compare'>>>;
  /** Further records the report carries (keys added to schema 1, e.g. test-time augmentation's `tta`). */
  extraRecords?: () => object;
  /** Called with a report file just imported, so the owners of those records read theirs. */
  onImported?: (report: RunReport) => void;
  /** The Serve view's latency-bound searches, batching curves and fleet plans of these models. */
  scaleRecords?: (modelIds: ReadonlySet<string>) => ScaleRecords;
}

/** Serving records to show, each marked with where it came from. */
export interface ShownServing {
  openLoop: (OpenLoopRecord & { imported: boolean })[];
  compare: (CompareRecord & { imported: boolean })[];
}

const openLoopKey = (r: Pick<OpenLoopRecord, 'modelId' | 'backend'>) => `${r.modelId}|${r.backend}`;

/** The report's runs with the names the CSV files give them. */
export interface LabelledRun {
  label: string;
  run: RunRecord;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class LedgerLab {
  readonly store = new Store<LedgerState>(initialLedgerState());
  private readonly registry: ModelRegistry;
  private readonly backends: LedgerDeps['backends'];
  private readonly serveResults: NonNullable<LedgerDeps['serveResults']>;
  /** Open-loop sweeps and comparisons read from report files, the latest per key. */
  readonly imported = new Store<ServingRecords>({ openLoop: [], compare: [] });
  /** The rows of the registry state they were made from: views ask several times a render. */
  private cached: { models: readonly ModelEntry[]; measurements: readonly unknown[]; rows: LedgerRow[] } | null = null;

  constructor(private readonly deps: LedgerDeps) {
    this.registry = deps.registry;
    this.backends = deps.backends;
    this.serveResults = deps.serveResults ?? (() => ({}));
  }

  private get state(): LedgerState {
    return this.store.state;
  }

  /** Applies raw form/URL values; bad fields keep their old values and get a message. */
  updateSettings(raw: Partial<Record<keyof LedgerSettings, unknown>>): void {
    const { settings, errors } = parseLedgerSettings(raw, this.state.settings);
    const remaining = { ...this.state.errors };
    for (const key of Object.keys(raw) as (keyof LedgerSettings)[]) delete remaining[key];
    this.store.set({ settings, errors: { ...remaining, ...errors } });
  }

  /** The family (its root model's id) and the pruned model the chart draws; null picks them. */
  chooseChart(run: string | null, level: string | null): void {
    this.store.set({ chartRun: run, chartLevel: level });
  }

  /** Every ledger row: one per model and serving backend, families in the registry's order. */
  rows(): LedgerRow[] {
    const { models, measurements } = this.registry.state;
    if (this.cached?.models !== models || this.cached.measurements !== measurements) {
      // ledgerRows reads and never writes, so the registry's own arrays serve without a copy.
      this.cached = { models, measurements, rows: ledgerRows({ models, measurements } as RegistrySnapshot) };
    }
    return this.cached.rows;
  }

  /** What the export writes: this tab's and saved models with their measurements (a report's models are already a file). */
  ownSnapshot(): RegistrySnapshot {
    const snapshot = this.registry.snapshot();
    const models = snapshot.models.filter((m) => m.source !== 'report');
    const ids = new Set(models.map((m) => m.id));
    return { models, measurements: snapshot.measurements.filter((m) => ids.has(m.modelId)) };
  }

  /** Models the export would write. */
  ownModels(): ModelEntry[] {
    return this.registry.models.filter((m) => m.source !== 'report');
  }

  environment(): Environment {
    const nav = globalThis.navigator as Navigator | undefined;
    return {
      userAgent: nav?.userAgent ?? '',
      hardwareConcurrency: nav?.hardwareConcurrency ?? 0,
      crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
      backends: this.backends() ?? {},
    };
  }

  /** The latest open-loop sweep (per backend) and backend comparison of each of this tab's and the saved models. */
  ownServing(): ServingRecords {
    const results = this.serveResults();
    const out: ServingRecords = { openLoop: [], compare: [] };
    for (const m of this.ownModels()) {
      const r = results[m.id];
      const who = { modelId: m.id, model: m.name };
      if (r?.openLoop && r.openLoop.points.length > 0) out.openLoop.push(openLoopRecord(r.openLoop, who));
      if (r?.compare) out.compare.push(compareRecord(r.compare.result, who, r.compare.capabilities, r.compare.loadMs));
    }
    if (this.deps.scaleRecords) Object.assign(out, this.deps.scaleRecords(new Set(this.ownModels().map((m) => m.id))));
    return out;
  }

  /** This tab's serving records and the imported ones of models still in the registry (this tab's win on the same key). */
  shownServing(): ShownServing {
    const own = this.ownServing();
    const present = new Set(this.registry.models.map((m) => m.id));
    const ownLoops = new Set(own.openLoop.map(openLoopKey));
    const ownCompares = new Set(own.compare.map((r) => r.modelId));
    const { openLoop, compare } = this.imported.state;
    return {
      openLoop: [...own.openLoop.map((r) => ({ ...r, imported: false })), ...openLoop.filter((r) => present.has(r.modelId) && !ownLoops.has(openLoopKey(r))).map((r) => ({ ...r, imported: true }))],
      compare: [...own.compare.map((r) => ({ ...r, imported: false })), ...compare.filter((r) => present.has(r.modelId) && !ownCompares.has(r.modelId)).map((r) => ({ ...r, imported: true }))],
    };
  }

  /** The run report of this tab's models: runs as older readers know them, the models and measurements, and their serving under load. */
  report(): RegistryReport {
    return Object.assign(reportFromRegistry(this.ownSnapshot(), this.environment(), MODEL_SHAPE, undefined, this.ownServing()), this.deps.extraRecords?.() ?? {});
  }

  /** The report's runs, named for the CSV files. */
  ownRuns(report: RegistryReport = this.report()): LabelledRun[] {
    return report.runs.map((run) => ({ label: run.label ?? run.backend, run }));
  }

  /** Reads a report file; a bad or foreign file gets a message naming the problem and changes nothing. */
  async importFile(file: Blob & { name?: string }): Promise<boolean> {
    const name = file.name ? `"${file.name}"` : 'The file';
    let text: string;
    try {
      text = await file.text();
    } catch (err) {
      this.store.set({ importMessage: { kind: 'error', text: `${name} could not be read: ${(err as Error).message}` } });
      return false;
    }
    const result = parseRegistryReport(text, name, file.name ?? 'report.json');
    if (!result.ok) {
      this.store.set({ importMessage: { kind: 'error', text: result.message } });
      return false;
    }
    const have = new Set(this.registry.models.map((m) => m.id));
    const fresh = result.snapshot.models.filter((m) => !have.has(m.id));
    this.registry.addFromReport(result.snapshot);
    this.keepImported(result.serving);
    this.deps.onImported?.(result.report);
    const when = `written ${result.report.createdAt || 'at an unknown date'}`;
    if (fresh.length === 0) {
      this.store.set({ importMessage: { kind: 'ok', text: `Nothing new in ${name} (${when}): its ${plural(result.snapshot.models.length, 'model')} are already in the ledger.` } });
      return true;
    }
    const runs = fresh.filter((m) => m.origin.kind === 'trained').length;
    const { openLoop, compare } = result.serving;
    const serving = openLoop.length + compare.length > 0 ? ` With them: ${plural(openLoop.length, 'open-loop sweep')} and ${plural(compare.length, 'backend comparison')}.` : '';
    this.store.set({ importMessage: { kind: 'ok', text: `Imported ${plural(runs, 'run')} (${plural(fresh.length, 'model')}) from ${name} (${when}); they appear in the ledger marked "imported".${serving}` } });
    return true;
  }

  /** Adds a file's serving records; one of the same model (and backend) read earlier gives way to it. */
  private keepImported(serving: ServingRecords): void {
    const loops = new Set(serving.openLoop.map(openLoopKey));
    const compares = new Set(serving.compare.map((r) => r.modelId));
    const { openLoop, compare } = this.imported.state;
    this.imported.set({
      openLoop: [...openLoop.filter((r) => !loops.has(openLoopKey(r))), ...serving.openLoop],
      compare: [...compare.filter((r) => !compares.has(r.modelId)), ...serving.compare],
      ...mergeScale(this.imported.state, serving),
    });
  }
}
