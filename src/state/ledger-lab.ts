// The Ledger view's controller: its settings, the cost ledger's rows from the registry (one per
// model and serving backend), the run report of this tab's models for export, and importing a
// report file as models to compare against.
import type { ReportModel } from '../metrics/build-report.ts';
import type { BackendCapabilities, Environment, RunRecord } from '../metrics/report.ts';
import { DEFAULT_MODEL } from '../model/shape.ts';
import { ledgerRows, type LedgerRow } from '../registry/ledger-rows.ts';
import type { ModelEntry, RegistrySnapshot } from '../registry/records.ts';
import { parseRegistryReport, reportFromRegistry, type RegistryReport } from '../registry/report-models.ts';
import { initialLedgerState, parseLedgerSettings, type LedgerSettings, type LedgerState } from './ledger-state.ts';
import type { ModelRegistry } from './model-registry.ts';
import { Store } from './store.ts';

/** The CNN's fixed parts the report's config names besides the settings. */
export const MODEL_SHAPE: ReportModel = { denseUnits: DEFAULT_MODEL.denseUnits, inputSize: DEFAULT_MODEL.inputSize };

export interface LedgerDeps {
  registry: ModelRegistry;
  /** What the backend probe found (null before it ran), for the report's environment. */
  backends: () => Record<string, BackendCapabilities> | null;
}

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
  /** The rows of the registry state they were made from: views ask several times a render. */
  private cached: { models: readonly ModelEntry[]; measurements: readonly unknown[]; rows: LedgerRow[] } | null = null;

  constructor(deps: LedgerDeps) {
    this.registry = deps.registry;
    this.backends = deps.backends;
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

  /** The run report of this tab's models: runs as older readers know them, and the models and measurements. */
  report(): RegistryReport {
    return reportFromRegistry(this.ownSnapshot(), this.environment(), MODEL_SHAPE);
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
    const when = `written ${result.report.createdAt || 'at an unknown date'}`;
    if (fresh.length === 0) {
      this.store.set({ importMessage: { kind: 'ok', text: `Nothing new in ${name} (${when}): its ${plural(result.snapshot.models.length, 'model')} are already in the ledger.` } });
      return true;
    }
    const runs = fresh.filter((m) => m.origin.kind === 'trained').length;
    this.store.set({ importMessage: { kind: 'ok', text: `Imported ${plural(runs, 'run')} (${plural(fresh.length, 'model')}) from ${name} (${when}); they appear in the ledger marked "imported".` } });
    return true;
  }
}
