// The Serve view's serving-at-scale settings (latency bound, batching, traffic) and results (SLO
// searches, the batching curve), parsed with messages naming the field; plain data only.
import { BATCHING_OFF, batchingLabel, parseBatching, type BatchingPolicy } from '../serve/batcher.ts';
import type { BatchingCurve } from '../serve/bench-batching.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import { DEFAULT_TRAFFIC, trafficProblem, type Traffic } from '../serve/fleet-plan.ts';
import { ALL_BACKENDS, isBackendName, type BackendName } from '../tf/backend-names.ts';

export interface ScaleSettings extends Traffic {
  /** The p99 bound of the SLO search, ms. */
  sloTargetMs: number;
  /** Fewest completed queries per tried rate. */
  sloMinCount: number;
  /** Shortest run per tried rate, ms. */
  sloMinDurationMs: number;
  /** The server's batching for the SLO search and the off/on capacity comparison. */
  batching: BatchingPolicy;
  /** T and B as last typed (kept while batching is off, so turning it on again restores them). */
  batchDelayMs: number;
  batchMax: number;
  /**
   * Backends left out of "on every available backend" (unticked): none by default, so a backend the
   * probe finds is compared. Leaving the slow ones out keeps a comparison short (WebGPU on a
   * software adapter answers a few queries a second).
   */
  sloSkipBackends: readonly BackendName[];
}

export type ScaleField = keyof Omit<ScaleSettings, 'batching'> | 'batchingOn';
export type ScaleErrors = Partial<Record<ScaleField, string>>;

export const DEFAULT_SCALE_SETTINGS: ScaleSettings = {
  sloTargetMs: 20, sloMinCount: 300, sloMinDurationMs: 2000, batching: BATCHING_OFF, batchDelayMs: 5, batchMax: 16, sloSkipBackends: [], ...DEFAULT_TRAFFIC,
};

/** The backends "on every available backend" runs on: the available ones not left out, in the app's order. */
export function sloCompareBackends(available: readonly BackendName[], skip: readonly BackendName[]): BackendName[] {
  return ALL_BACKENDS.filter((b) => available.includes(b) && !skip.includes(b));
}

/** Results of the scale tasks for one model. */
export interface ScaleResults {
  /** The latest search per (backend, batching), in the order run. */
  slo: SloRun[];
  batchingCurve: BatchingCurve | null;
}

export const NO_SCALE_RESULTS: ScaleResults = { slo: [], batchingCurve: null };

/** One search per backend, batching choice and bound: the key a newer run replaces. */
export const sloKey = (r: Pick<SloRun, 'backend' | 'batching' | 'search'>): string => `${r.backend}|${batchingLabel(r.batching)}|${r.search.p99TargetMs}`;

/** Keeps the newest run per key, in the order first run. */
export function withSloRun(runs: readonly SloRun[], run: SloRun): SloRun[] {
  const k = sloKey(run);
  return runs.some((r) => sloKey(r) === k) ? runs.map((r) => (sloKey(r) === k ? run : r)) : [...runs, run];
}

const LIMITS = { sloTargetMs: [0.1, 60_000], sloMinCount: [20, 100_000], sloMinDurationMs: [0, 600_000] } as const;
const LABELS = { sloTargetMs: 'p99 target (ms)', sloMinCount: 'Fewest queries per rate', sloMinDurationMs: 'Shortest run per rate (ms)' } as const;

/** Applies raw form values; a bad one keeps the old value and gets a message naming the field. */
export function parseScaleSettings(raw: Partial<Record<ScaleField, unknown>>, current: ScaleSettings): { settings: ScaleSettings; errors: ScaleErrors } {
  const settings: ScaleSettings = { ...current };
  const errors: ScaleErrors = {};
  for (const key of ['sloTargetMs', 'sloMinCount', 'sloMinDurationMs'] as const) {
    if (raw[key] === undefined) continue;
    const text = String(raw[key]).trim();
    const n = Number(text);
    const [lo, hi] = LIMITS[key];
    const whole = key !== 'sloTargetMs';
    if (text === '' || !Number.isFinite(n) || n < lo || n > hi || (whole && !Number.isInteger(n))) {
      errors[key] = `${LABELS[key]} must be ${whole ? 'a whole number' : 'a number'} from ${lo} to ${hi.toLocaleString('en')}, got "${text}".`;
    } else settings[key] = n;
  }
  const traffic = { queriesPerDay: raw.queriesPerDay, peakFactor: raw.peakFactor, queriesPerVisit: raw.queriesPerVisit };
  const trafficErrors = trafficProblem({ ...current, ...Object.fromEntries(Object.entries(traffic).filter(([, v]) => v !== undefined)) });
  for (const key of ['queriesPerDay', 'peakFactor', 'queriesPerVisit'] as const) {
    if (raw[key] === undefined) continue;
    if (trafficErrors[key]) errors[key] = trafficErrors[key];
    else settings[key] = Number(String(raw[key]).trim());
  }
  if (raw.sloSkipBackends !== undefined) {
    const names = (Array.isArray(raw.sloSkipBackends) ? raw.sloSkipBackends : String(raw.sloSkipBackends).split(',')).map((n) => String(n).trim()).filter((n) => n !== '');
    const bad = names.find((n) => !isBackendName(n));
    if (bad !== undefined) errors.sloSkipBackends = `Backends to leave out must be among ${ALL_BACKENDS.join(', ')}, got "${bad}".`;
    else settings.sloSkipBackends = ALL_BACKENDS.filter((b) => names.includes(b));
  }
  if (raw.batchDelayMs !== undefined || raw.batchMax !== undefined || raw.batchingOn !== undefined) {
    let on = settings.batching.kind === 'on';
    if (raw.batchingOn !== undefined) {
      if (raw.batchingOn === true || raw.batchingOn === 'true' || raw.batchingOn === 'on') on = true;
      else if (raw.batchingOn === false || raw.batchingOn === 'false' || raw.batchingOn === 'off') on = false;
      else errors.batchingOn = `Batching must be on or off, got "${String(raw.batchingOn)}".`;
    }
    const parsed = parseBatching({ delayMs: raw.batchDelayMs ?? settings.batchDelayMs, maxBatch: raw.batchMax ?? settings.batchMax });
    if (parsed.ok && parsed.policy.kind === 'on') {
      settings.batchDelayMs = parsed.policy.maxDelayMs;
      settings.batchMax = parsed.policy.maxBatch;
    } else if (!parsed.ok) {
      errors[parsed.error.startsWith('Batching delay') ? 'batchDelayMs' : 'batchMax'] = parsed.error;
    }
    settings.batching = on ? { kind: 'on', maxDelayMs: settings.batchDelayMs, maxBatch: settings.batchMax } : BATCHING_OFF;
  }
  return { settings, errors };
}
