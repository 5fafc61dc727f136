// The serving benches' use of the stopping rule (src/metrics/precision-stop.ts): which p50s are
// checked (each arm's end to end and model only, failed queries left out), how often, and the
// minimum counts before a run may stop early.
import { checkPrecision, precisionRule, stopOutcome, type PrecisionCheck, type PrecisionRule, type StopOutcome } from '../metrics/precision-stop.ts';
import type { QuerySample } from './bench-types.ts';

/** How a bench may stop early; false measures every query it was given. */
export type PrecisionOption = false | { relHalfWidth?: number; minCount?: number; /** A time cap on the measured rounds, ms. */ maxMs?: number };

/** Interleaved comparisons: two blocks of 16 per arm at least, so one quiet moment cannot end a run. */
export const MIN_PRECISE_ROUNDS = 32;
/**
 * The closed loop: at least 1,024 queries (MLPerf LoadGen's minimum for single-stream) before it
 * may stop, because its p90 and p99 are read from the same queries and a p99 of fewer than 367
 * has no 95% upper end at all. More only when the p50 is still wider than the target.
 */
export const MIN_PRECISE_CLOSED_LOOP = 1024;
/** Rounds between checks (rounded up to whole blocks): a check sorts every series. */
export const CHECK_EVERY = 16;

/** The rule for a run of at most `cap`, or null when it measures every query. */
export function ruleFor(option: PrecisionOption | undefined, cap: number, defaultMin: number): PrecisionRule | null {
  if (option === false) return null;
  return precisionRule(cap, option?.minCount ?? defaultMin, {
    ...(option?.relHalfWidth !== undefined ? { relHalfWidth: option.relHalfWidth } : {}),
    ...(option?.maxMs !== undefined ? { maxMs: option.maxMs } : {}),
  });
}

/** Each arm's two checked series: end-to-end and model-only latency of its answered queries. */
export function latencySeries(arms: readonly { label: string; samples: readonly QuerySample[] }[]): { label: string; samples: number[] }[] {
  return arms.flatMap(({ label, samples }) => {
    const ok = samples.filter((s) => s.error === undefined);
    return [
      { label: `${label} e2e`, samples: ok.map((s) => s.e2eMs) },
      { label: `${label} model`, samples: ok.map((s) => s.modelMs) },
    ];
  });
}

/** Checks the arms against the rule (null: no rule, keep going to the end). */
export function checkArms(rule: PrecisionRule | null, arms: readonly { label: string; samples: readonly QuerySample[] }[], elapsedMs = 0): PrecisionCheck | null {
  return rule ? checkPrecision(latencySeries(arms), rule, elapsedMs) : null;
}

/** How the run ended, from a final check of everything measured. */
export function finalStop(rule: PrecisionRule | null, arms: readonly { label: string; samples: readonly QuerySample[] }[], userStopped: boolean, elapsedMs?: number): StopOutcome | undefined {
  const check = checkArms(rule, arms, elapsedMs);
  return rule && check ? stopOutcome(check, rule, userStopped, elapsedMs) : undefined;
}
