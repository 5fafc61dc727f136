// The Prune view's state and settings: plain data, validated with messages that name the field.
import type { P50Intervals } from '../metrics/intervals.ts';
import type { PruneRecord } from '../metrics/report.ts';
import type { ModelInspection } from '../workbench/protocol.ts';
import { DEFAULT_LEVELS, type FilterNorms, type SweepLevel } from '../prune/plan.ts';
import type { PruneMeasurement, SweepProgress } from '../workbench/protocol.ts';

export interface PruneSettings {
  /** Levels to run, in sweep order. */
  levels: SweepLevel[];
  /** Fine-tuning epochs per level. */
  epochs: number;
  schedule: 'gradual' | 'one-shot';
  /** Unstructured threshold: one over all pruned kernels, or the same fraction in each. */
  scope: 'global' | 'per-layer';
  /** Interleaved queries per model for the latency columns, at most: the rounds stop sooner once every p50 is within ±3%, or after 20 s. */
  queries: number;
}

export type PruneSettingErrors = Partial<Record<keyof PruneSettings, string>>;

export const DEFAULT_PRUNE_SETTINGS: PruneSettings = { levels: [...DEFAULT_LEVELS], epochs: 3, schedule: 'gradual', scope: 'global', queries: 2048 };

export const PRUNE_LIMITS = { epochs: { min: 0, max: 20 }, queries: { min: 16, max: 4096 } } as const;

/** A level's key in forms and lists, e.g. "structured:0.5". */
export const levelKey = (l: SweepLevel): string => `${l.method}:${l.sparsity}`;

/** "unstructured 90%" / "structured 50% of filters". */
export const levelLabel = (l: SweepLevel): string => `${l.method} ${Math.round(l.sparsity * 100)}%${l.method === 'structured' ? ' of filters' : ''}`;

/** Applies raw form values; bad fields keep their old values and get a message. */
export function parsePruneSettings(raw: Partial<Record<keyof PruneSettings, unknown>>, base: PruneSettings): { settings: PruneSettings; errors: PruneSettingErrors } {
  const settings = { ...base };
  const errors: PruneSettingErrors = {};
  if (raw.levels !== undefined) {
    const known = DEFAULT_LEVELS.map(levelKey);
    // Blank entries (a link's trailing comma) name nothing; an unknown key (a link naming a level
    // this app does not run) is named, not dropped.
    const keys = Array.isArray(raw.levels) ? raw.levels.map((k) => String(k).trim()).filter((k) => k !== '') : null;
    const unknown = keys?.filter((k) => !known.includes(k)) ?? [];
    const levels = DEFAULT_LEVELS.filter((l) => keys?.includes(levelKey(l)));
    if (!keys) errors.levels = `The pruning levels must be a list such as ["structured:0.5"], got "${String(raw.levels)}".`;
    else if (unknown.length > 0) errors.levels = `Unknown pruning level ${unknown.map((k) => `"${k}"`).join(', ')}; the levels are ${known.join(', ')}.`;
    else if (levels.length === 0) errors.levels = 'Choose at least one pruning level.';
    else settings.levels = levels;
  }
  const int = (key: 'epochs' | 'queries', label: string): void => {
    if (raw[key] === undefined) return;
    const { min, max } = PRUNE_LIMITS[key];
    // Read from the text, as the other settings are: null or true is not 0 or 1, and a symbol cannot throw.
    const text = String(raw[key]).trim();
    const n = typeof raw[key] === 'number' ? raw[key] : text === '' ? NaN : Number(text);
    if (!Number.isInteger(n) || n < min || n > max) errors[key] = `${label} must be a whole number between ${min} and ${max}, got "${String(raw[key])}".`;
    else settings[key] = n;
  };
  int('epochs', 'Fine-tune epochs');
  int('queries', 'Latency queries per model');
  if (raw.schedule !== undefined) {
    if (raw.schedule === 'gradual' || raw.schedule === 'one-shot') settings.schedule = raw.schedule;
    else errors.schedule = `Schedule must be "gradual" or "one-shot", got "${String(raw.schedule)}".`;
  }
  if (raw.scope !== undefined) {
    if (raw.scope === 'global' || raw.scope === 'per-layer') settings.scope = raw.scope;
    else errors.scope = `Threshold scope must be "global" or "per-layer", got "${String(raw.scope)}".`;
  }
  return { settings, errors };
}

/** One level's row: the report's PruneRecord (latency NaN until measured) plus what the view shows. */
export type PruneRow = PruneRecord & PruneMeasurement & {
  /** Accuracy of the served model over the distinct test images it answered (cross-check of testAcc). */
  servedAcc?: number;
  /** Each p50's 95% interval from this level's own queries in the interleaved run. */
  latency?: P50Intervals;
};

export interface PruneLevelState {
  row: PruneRow;
  inspection: ModelInspection;
  /** The level's registry model, once the sweep has registered it. */
  modelId: string | null;
}

export interface DenseState {
  testAcc: number;
  weightBytes: number;
  gzipBytes: number;
  nonzeroParams: number;
  params: number;
  flopsPerQuery: number;
  /** End-to-end and model-only p50 of the dense model, measured in the same interleaved run. */
  p50Ms: number;
  modelP50Ms: number;
  inspection: ModelInspection;
  filterNorms: FilterNorms[];
  /** Each p50's 95% interval from the dense model's own queries in the same run. */
  latency?: P50Intervals;
}

export type PrunePhase = 'idle' | 'fine-tuning' | 'measuring' | 'stopping' | 'finished' | 'failed';

export interface PruneState {
  settings: PruneSettings;
  errors: PruneSettingErrors;
  phase: PrunePhase;
  /** Latest fine-tuning batch. */
  progress: SweepProgress | null;
  /** Interleaved latency rounds done / planned, over `arms` models. */
  latency: { done: number; total: number; arms: number } | null;
  dense: DenseState | null;
  levels: PruneLevelState[];
  /** Backend the fine-tuning ran on; latency is always measured on wasm. */
  fineTuneBackend: string | null;
  /** Stop was pressed: the table holds the levels (and latencies) finished by then. */
  stopped: boolean;
  /** Registry id of the model the sweep pruned: the results belong to it. */
  modelId: string | null;
  /** Level chosen for the before/after histograms (index into levels). */
  selected: number;
}

export function initialPruneState(): PruneState {
  return { settings: DEFAULT_PRUNE_SETTINGS, errors: {}, phase: 'idle', progress: null, latency: null, dense: null, levels: [], fineTuneBackend: null, stopped: false, modelId: null, selected: 0 };
}

export const LATENCY_BACKEND = 'wasm' as const;
/** Queries each model answers in a row before the next model's turn (same images for all). */
export const LATENCY_BLOCK = 16;
