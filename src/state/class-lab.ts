// A whole class's run reports side by side: the instructor drops many report files, and each is
// read through the report parser into one row per device and backend (epoch wall time, training
// GFLOP/s, test accuracy, serve p50 and p99, break-even). Files that are not reports, reports of
// another schema version and duplicates are listed by name with the reason; what is loaded stays.
import { median, type BreakEven } from '../metrics/ledger.ts';
import type { Environment, RunReport } from '../metrics/report.ts';
import { ledgerRows } from '../registry/ledger-rows.ts';
import { parseRegistryReport } from '../registry/report-models.ts';
import type { RegistrySnapshot } from '../registry/records.ts';
import { Store } from './store.ts';

/** The figures a row has, and the ones it can be ranked by. */
export const CLASS_FIGURES = ['epochWallMs', 'gflops', 'testAcc', 'p50Ms', 'p99Ms', 'breakEvenQueries'] as const;
export type ClassFigure = (typeof CLASS_FIGURES)[number];

export const FIGURE_INFO: Record<ClassFigure, { label: string; unit: string; higherIsBetter: boolean }> = {
  epochWallMs: { label: 'Epoch wall time', unit: 'ms', higherIsBetter: false },
  gflops: { label: 'Training GFLOP/s', unit: 'GFLOP/s', higherIsBetter: true },
  testAcc: { label: 'Test accuracy', unit: '', higherIsBetter: true },
  p50Ms: { label: 'Serve p50', unit: 'ms', higherIsBetter: false },
  p99Ms: { label: 'Serve p99', unit: 'ms', higherIsBetter: false },
  breakEvenQueries: { label: 'Break-even', unit: 'queries', higherIsBetter: false },
};

/** The device as a report's environment describes it. */
export interface ClassDevice {
  userAgent: string;
  cores: number;
  /** The WebGL renderer string, or "" when the report has none. */
  renderer: string;
  crossOriginIsolated: boolean;
}

export interface ClassRow extends Record<ClassFigure, number> {
  /** Unique: report and backend. */
  key: string;
  fileName: string;
  device: ClassDevice;
  backend: string;
  /** The break-even as the Ledger states it (queries, "never" or "not measured"). */
  breakEven: BreakEven;
  /** The device this page runs on (same user agent, cores and isolation). */
  thisDevice: boolean;
  /** Unseen test images behind testAcc (NaN when the report does not say). */
  testCount: number;
  /**
   * What each median is of, counting only the values it took: epochs with a wall time and with a
   * GFLOP/s, serve runs with a p99, and for the p50 the dense models with one (each the median of
   * its own latency measurements) and those measurements in all.
   */
  counts: { wallEpochs: number; gflopsEpochs: number; serveRuns: number; models: number; measurements: number };
}

export interface RejectedFile {
  name: string;
  reason: string;
}

export interface ClassState {
  rows: ClassRow[];
  /** Reports loaded, by file name, in load order. */
  loaded: string[];
  rejected: RejectedFile[];
  rankBy: ClassFigure;
  /** The last load: files read, reports added, and how long reading them took (wall ms). */
  lastLoad: { files: number; added: number; wallMs: number } | null;
  loading: boolean;
}

/** A file as the drop or the file picker gives it. */
export interface ClassFile {
  name: string;
  text(): Promise<string>;
}

export interface ClassDeps {
  /** The device this page runs on, to mark its rows. */
  thisDevice: () => Pick<Environment, 'userAgent' | 'hardwareConcurrency' | 'crossOriginIsolated'> | null;
  now?: () => number;
}

export function deviceOf(env: Environment): ClassDevice {
  return { userAgent: env.userAgent, cores: env.hardwareConcurrency, renderer: env.backends['webgl']?.renderer ?? '', crossOriginIsolated: env.crossOriginIsolated };
}

/** "Chrome 131 · Linux" from a user agent; the whole string stays in the row for a tooltip. */
export function shortUserAgent(ua: string): string {
  // Edge and Opera also say "Chrome", and Chrome also says "Safari": the most specific name first.
  const browser = [/(Edg|OPR|Firefox)\/(\d+)/, /(Chrome)\/(\d+)/, /(Version)\/(\d+)/].map((re) => re.exec(ua)).find(Boolean);
  const name = browser ? ({ Edg: 'Edge', OPR: 'Opera', Version: 'Safari' } as Record<string, string>)[browser[1]!] ?? browser[1]! : ua.slice(0, 24) || 'unknown browser';
  const os = /Windows|Mac OS X|Android|iPhone|iPad|CrOS|Linux/.exec(ua)?.[0]?.replace('Mac OS X', 'macOS').replace('CrOS', 'ChromeOS');
  return [browser ? `${name} ${browser[2]}` : name, os].filter(Boolean).join(' · ');
}

const finiteCount = (values: readonly number[]): number => values.filter(Number.isFinite).length;

/** One row per backend the report trained or served on. */
export function rowsOfReport(report: RunReport, snapshot: RegistrySnapshot, fileName: string, isThisDevice: boolean): ClassRow[] {
  const dense = ledgerRows(snapshot).filter((r) => r.kind === 'dense');
  const backends = [...new Set([...report.runs.map((r) => r.backend), ...dense.map((r) => r.serveBackend)])];
  const device = deviceOf(report.environment);
  return backends.map((backend) => {
    const trained = report.runs.filter((r) => r.backend === backend);
    const epochs = trained.flatMap((r) => r.train.epochs);
    const served = report.runs.flatMap((r) => r.serve.filter((s) => (s.backend ?? r.backend) === backend));
    const rows = dense.filter((r) => r.serveBackend === backend);
    const trainedModels = snapshot.models.filter((m) => m.origin.kind === 'trained' && m.origin.trainBackend === backend);
    const testAcc = served.length > 0 ? median(served.map((s) => s.testAcc)) : median(trainedModels.map((m) => m.testAcc ?? Number.NaN));
    const breakEvens = rows.map((r) => r.breakEvenTime);
    const at = breakEvens.flatMap((b) => (b.kind === 'at' ? [b.queries] : []));
    const breakEven: BreakEven = at.length > 0 ? { kind: 'at', queries: Math.ceil(median(at)) } : breakEvens[0] ?? { kind: 'unknown', reason: 'not measured' };
    return {
      key: `${fileName}:${backend}`,
      fileName,
      device,
      backend,
      epochWallMs: median(epochs.map((e) => e.wallMs)),
      gflops: median(epochs.map((e) => e.gflops)),
      testAcc,
      p50Ms: median(rows.map((r) => r.p50Ms)),
      p99Ms: median(served.map((s) => s.p99Ms)),
      breakEvenQueries: breakEven.kind === 'at' ? breakEven.queries : Number.NaN,
      breakEven,
      thisDevice: isThisDevice,
      testCount: served[0]?.count && served.length > 0 ? Math.min(served[0].count, trainedModels[0]?.testCount ?? Number.POSITIVE_INFINITY) : (trainedModels[0]?.testCount ?? Number.NaN),
      counts: {
        wallEpochs: finiteCount(epochs.map((e) => e.wallMs)),
        gflopsEpochs: finiteCount(epochs.map((e) => e.gflops)),
        serveRuns: finiteCount(served.map((x) => x.p99Ms)),
        models: finiteCount(rows.map((r) => r.p50Ms)),
        measurements: rows.filter((r) => Number.isFinite(r.p50Ms)).reduce((sum, r) => sum + r.measured.count, 0),
      },
    };
  });
}

/** Rows ordered by a figure, best first; rows without it last, in load order. */
export function rankRows(rows: readonly ClassRow[], by: ClassFigure): ClassRow[] {
  const sign = FIGURE_INFO[by].higherIsBetter ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const x = a.row[by];
      const y = b.row[by];
      if (!Number.isFinite(x) || !Number.isFinite(y)) return Number(!Number.isFinite(x)) - Number(!Number.isFinite(y)) || a.i - b.i;
      return sign * (x - y) || a.i - b.i;
    })
    .map((r) => r.row);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class ClassLab {
  readonly store = new Store<ClassState>({ rows: [], loaded: [], rejected: [], rankBy: 'epochWallMs', lastLoad: null, loading: false });
  /** Content hash and createdAt + environment of every loaded report, to its file name. */
  private readonly seen = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly deps: ClassDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** The rows ranked by the chosen figure. */
  ranked(): ClassRow[] {
    return rankRows(this.store.state.rows, this.store.state.rankBy);
  }

  rankBy(figure: ClassFigure): void {
    this.store.set({ rankBy: figure });
  }

  /** Reads the files one by one; a bad one is listed and skipped, never losing what is loaded. */
  async addFiles(files: readonly ClassFile[]): Promise<void> {
    const started = this.now();
    this.store.set({ loading: true });
    const rows: ClassRow[] = [];
    const loaded: string[] = [];
    const rejected: RejectedFile[] = [];
    const me = this.deps.thisDevice();
    for (const file of files) {
      let text: string;
      try {
        text = await file.text();
      } catch (err) {
        rejected.push({ name: file.name, reason: `could not be read: ${err instanceof Error ? err.message : String(err)}` });
        continue;
      }
      const parsed = parseRegistryReport(text, `"${file.name}"`, file.name);
      if (!parsed.ok) {
        rejected.push({ name: file.name, reason: parsed.message });
        continue;
      }
      const env = parsed.report.environment;
      const keys = [`hash:${await sha256Hex(text)}`, ...(parsed.report.createdAt ? [`made:${parsed.report.createdAt}|${JSON.stringify(deviceOf(env))}`] : [])];
      const earlier = keys.map((k) => this.seen.get(k)).find((n) => n !== undefined);
      if (earlier !== undefined) {
        rejected.push({ name: file.name, reason: `is a duplicate of "${earlier}" (the same report: same ${this.seen.get(keys[0]!) !== undefined ? 'content' : 'creation time and device'}); it was not added again.` });
        continue;
      }
      const isMe = me !== null && me.userAgent === env.userAgent && me.hardwareConcurrency === env.hardwareConcurrency && me.crossOriginIsolated === env.crossOriginIsolated;
      let own: ClassRow[];
      try {
        own = rowsOfReport(parsed.report, parsed.snapshot, file.name, isMe);
      } catch (err) {
        rejected.push({ name: file.name, reason: `could not be read as a report: ${err instanceof Error ? err.message : String(err)}` });
        continue;
      }
      if (own.length === 0) {
        rejected.push({ name: file.name, reason: 'is a run report with no training run and no serving measurement: nothing to compare.' });
        continue;
      }
      for (const k of keys) this.seen.set(k, file.name);
      rows.push(...own);
      loaded.push(file.name);
    }
    const s = this.store.state;
    this.store.set({
      rows: [...s.rows, ...rows],
      loaded: [...s.loaded, ...loaded],
      rejected: [...s.rejected, ...rejected],
      loading: false,
      lastLoad: { files: files.length, added: loaded.length, wallMs: this.now() - started },
    });
  }

  /** Empties the class (a new exercise). */
  clear(): void {
    this.seen.clear();
    this.store.set({ rows: [], loaded: [], rejected: [], lastLoad: null });
  }
}
