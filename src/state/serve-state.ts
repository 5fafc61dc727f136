// The shape of the Serve view's state: settings, the task running, and the plain-number results
// of the serving bench (no tensors, no clients), so views render it as is.
import { isBackendName, type BackendName } from '../tf/backend-names.ts';
import { QUERY_DEADLINE_MS } from '../serve/client.ts';
import type { BenchProgress, CompareResult, OpenLoopSweep, ServeBenchResult } from '../serve/bench-types.ts';
import { DEFAULT_SCALE_SETTINGS, type ScaleErrors, type ScaleResults, type ScaleSettings } from './serve-scale-state.ts';

export interface ServeSettings {
  /** Backend the server runs on (may differ from the training backend). */
  backend: BackendName;
  /** Run one prediction at deploy so the first real query finds its shaders compiled. */
  warmShaders: boolean;
  /** Measured closed-loop queries (1024 by default: docs/methods.md, section 3.3). */
  queries: number;
  /** Interleaved rounds per backend in the side-by-side comparison. */
  compareQueries: number;
  /** A query unanswered after this many ms counts as a hung worker, which is then restarted. */
  deadlineMs: number;
}

export type ServeSettingErrors = Partial<Record<keyof ServeSettings, string>>;

/** The long tasks of the serve lab (one at a time, so runs never disturb each other). */
export type ServeTask = 'bench' | 'open-loop' | 'compare' | 'slo' | 'batching';

/** One "Try it" prediction, shown with its own latency. */
export interface TryResult {
  /** Where the image came from: a file name or "webcam frame". */
  source: string;
  /** The 64x64 RGB pixels the model saw. */
  pixels: Uint8Array;
  size: number;
  className: string;
  /** Probability of the predicted class (0..1). */
  confidence: number;
  probs: number[];
  /** Page-side wall time: raw pixels handed over -> probabilities held (decode excluded). */
  e2eMs: number;
  /** predict + data() inside the worker. */
  modelMs: number;
  /** Decoding the file or grabbing the frame, before the query. */
  decodeMs: number;
  backend: BackendName;
}

export interface CompareOutcome {
  result: CompareResult;
  /** Capability line per arm label (SIMD, threads, renderer). */
  capabilities: Record<string, string>;
  /** Deploy (load) time per arm label, ms. */
  loadMs: Record<string, number>;
}

/** What the Serve view measured of one model (results on screen always belong to a model). */
export interface ModelServeResults {
  result: ServeBenchResult | null;
  openLoop: OpenLoopSweep | null;
  compare: CompareOutcome | null;
  tryResult: TryResult | null;
}

export const NO_SERVE_RESULTS: ModelServeResults = { result: null, openLoop: null, compare: null, tryResult: null };

export interface ServeState {
  settings: ServeSettings;
  errors: ServeSettingErrors;
  /** Progress of the running task (its status and error are the task runner's). */
  progress: BenchProgress | null;
  /** Results by registry model id. */
  results: Record<string, ModelServeResults>;
  /** A Try it query is in flight. */
  trying: boolean;
  /** Last failure of Try it (decode error naming the file, camera denied...). */
  tryError: string | null;
  /** Serving at scale: the latency bound, batching and traffic (src/state/serve-scale-state.ts). */
  scale: ScaleSettings;
  scaleErrors: ScaleErrors;
  /** SLO searches and batching curves by registry model id. */
  scaleResults: Record<string, ScaleResults>;
}

export const DEFAULT_SERVE_SETTINGS: ServeSettings = { backend: 'wasm', warmShaders: true, queries: 1024, compareQueries: 256, deadlineMs: QUERY_DEADLINE_MS };

export function initialServeState(): ServeState {
  return { settings: DEFAULT_SERVE_SETTINGS, errors: {}, progress: null, results: {}, trying: false, tryError: null, scale: DEFAULT_SCALE_SETTINGS, scaleErrors: {}, scaleResults: {} };
}

/** The results of model `id` (none yet: all null). */
export function serveResultsOf(state: Pick<ServeState, 'results'>, id: string | null): ModelServeResults {
  return (id && state.results[id]) || NO_SERVE_RESULTS;
}

const LIMITS = { queries: [1, 100_000], compareQueries: [1, 10_000], deadlineMs: [100, 600_000] } as const;
const LABELS = { queries: 'Query count', compareQueries: 'Queries per backend', deadlineMs: 'Query deadline (ms)' } as const;

/** Applies raw field values; a bad one keeps the old value and gets a message naming the field. */
export function parseServeSettings(raw: Partial<Record<keyof ServeSettings, unknown>>, current: ServeSettings): { settings: ServeSettings; errors: ServeSettingErrors } {
  const settings = { ...current };
  const errors: ServeSettingErrors = {};
  if (raw.backend !== undefined) {
    if (isBackendName(raw.backend)) settings.backend = raw.backend;
    else errors.backend = `Backend must be wasm, webgl, cpu or webgpu, got "${String(raw.backend)}".`;
  }
  if (raw.warmShaders !== undefined) {
    // Only a yes or no: "0" or "maybe" must not quietly turn the warm-up off.
    if (raw.warmShaders === true || raw.warmShaders === 'true') settings.warmShaders = true;
    else if (raw.warmShaders === false || raw.warmShaders === 'false') settings.warmShaders = false;
    else errors.warmShaders = `Warm shaders must be true or false, got "${String(raw.warmShaders)}".`;
  }
  for (const key of ['queries', 'compareQueries', 'deadlineMs'] as const) {
    if (raw[key] === undefined) continue;
    const text = String(raw[key]).trim();
    const n = Number(text);
    const [lo, hi] = LIMITS[key];
    const label = LABELS[key];
    if (text === '' || !Number.isInteger(n) || n < lo || n > hi) errors[key] = `${label} must be a whole number between ${lo} and ${hi.toLocaleString('en')}, got "${text}".`;
    else settings[key] = n;
  }
  return { settings, errors };
}
