// The Ledger view's controller: its settings, the rows of the cost ledger from the run history,
// the session's run report for export, and importing a report file as runs to compare against.
import { buildReport, reportConfig } from '../metrics/build-report.ts';
import { ledgerRows, type LedgerRow } from '../metrics/ledger.ts';
import type { Environment, RunReport } from '../metrics/report.ts';
import { parseReport } from '../metrics/report-import.ts';
import type { Lab } from './lab.ts';
import { initialLedgerState, parseLedgerSettings, type LedgerSettings, type LedgerState } from './ledger-state.ts';
import type { RunHistoryEntry } from './run-history.ts';
import { Store } from './store.ts';

/** The report of these entries: their run records, each with its settings and dataset. */
export function reportFromEntries(entries: readonly RunHistoryEntry[], environment: Environment, model: { denseUnits: number; inputSize: number }): RunReport {
  const last = entries.at(-1);
  const s = (last?.settings ?? {}) as Record<string, number>;
  const config = reportConfig(last?.dataset.name ?? 'none', { seed: s.seed ?? 0, epochs: s.epochs ?? 0, batchSize: s.batchSize ?? 0, learningRate: s.learningRate ?? 0, trainSize: s.trainSize ?? 0, width: s.width ?? 0, depth: s.depth ?? 0, ...(last?.settings ?? {}) }, model);
  return buildReport({ environment, config, runs: entries.map((e) => ({ ...e.run, settings: e.settings, dataset: e.dataset, label: e.label })) });
}

/** A report's runs as history entries to compare against (ids from the file, so importing twice adds nothing). */
export function entriesFromReport(report: RunReport, file: string): RunHistoryEntry[] {
  return report.runs.map((run, i) => {
    const { settings, dataset, label, ...record } = run as typeof run & { label?: unknown };
    const epochs = record.train.epochs.length;
    return {
      id: `import:${file}:${report.createdAt}:${i}`,
      date: report.createdAt,
      label: `${file}: ${typeof label === 'string' ? label : `${run.backend}, ${epochs} epoch${epochs === 1 ? '' : 's'}`}`,
      source: 'imported' as const,
      run: record,
      settings: settings ?? { ...report.config },
      dataset: dataset ?? { name: report.config.dataset, counts: {} },
      file,
    };
  });
}

/**
 * The CNN's fixed parts the report's config names besides the settings: DEFAULT_MODEL of
 * src/model/cnn.ts, which the page cannot import without pulling in TF.js (a test checks they agree).
 */
export const MODEL_SHAPE = { denseUnits: 64, inputSize: 64 };

export class LedgerLab {
  readonly store = new Store<LedgerState>(initialLedgerState());

  constructor(private readonly lab: Lab) {}

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

  chooseChart(run: string | null, level: string | null): void {
    this.store.set({ chartRun: run, chartLevel: level });
  }

  /** Every ledger row, run by run in history order (saved, this session's, imported). */
  rows(): LedgerRow[] {
    return this.lab.history.entries.flatMap((e) => ledgerRows({ id: e.id, label: e.label, run: e.run }));
  }

  /** The entries the export writes: this session's and saved ones (imported files are already files). */
  ownEntries(): RunHistoryEntry[] {
    return this.lab.history.entries.filter((e) => e.source !== 'imported');
  }

  environment(): Environment {
    return {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: globalThis.crossOriginIsolated,
      backends: this.lab.store.state.backends ?? {},
    };
  }

  /** The run report (DESIGN.md section 6) of this session's runs. */
  report(): RunReport {
    return reportFromEntries(this.ownEntries(), this.environment(), MODEL_SHAPE);
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
    const result = parseReport(text, name);
    if (!result.ok) {
      this.store.set({ importMessage: { kind: 'error', text: result.message } });
      return false;
    }
    const entries = entriesFromReport(result.report, file.name ?? 'report.json');
    for (const e of entries) this.lab.history.add(e);
    const n = entries.length;
    this.store.set({ importMessage: { kind: 'ok', text: `Imported ${n} run${n === 1 ? '' : 's'} from ${name} (written ${result.report.createdAt || 'at an unknown date'}); they appear in the ledger marked "imported".` } });
    return true;
  }
}
