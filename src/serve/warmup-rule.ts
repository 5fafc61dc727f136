// The serving benches' warm-up rule, apart from the bench so the views can state it with its own numbers.

export const MIN_WARMUP_QUERIES = 20;
/**
 * After its minimum, warm-up goes on to this many queries or WARMUP_MAX_MS, whichever comes first.
 * A fresh serving worker's JavaScript is compiled by V8 as it runs, and on wasm its first ~100
 * queries include a run of slow ones: in one bench closed loop after 20 warm-ups, queries 30 to 98
 * took 1.5-2x the median, model-only time included, and nothing after; with 150 warm-ups the run
 * was gone (p90/p50 1.75 → 1.10). The time cap keeps a slow backend (SwiftShader WebGL, ~30 ms a
 * query) to about a second of warm-up.
 */
export const WARMUP_QUERIES = 128;
export const WARMUP_MAX_MS = 1000;

/** Whether warm-up can end after `done` queries and `elapsedMs` (see WARMUP_QUERIES). */
export function warmupDone(done: number, elapsedMs: number, minimum = MIN_WARMUP_QUERIES): boolean {
  const floor = Math.max(MIN_WARMUP_QUERIES, minimum);
  return done >= floor && (done >= Math.max(floor, WARMUP_QUERIES) || elapsedMs >= WARMUP_MAX_MS);
}

/** The most warm-up queries warmupDone can ask for. */
export function maxWarmupQueries(minimum = MIN_WARMUP_QUERIES): number {
  return Math.max(MIN_WARMUP_QUERIES, minimum, WARMUP_QUERIES);
}

/** The rule in words, for the views: "at least 20, then on to 128 or 1 s". */
export function warmupRuleText(): string {
  return `at least ${MIN_WARMUP_QUERIES}, then on to ${WARMUP_QUERIES} or ${WARMUP_MAX_MS / 1000} s`;
}
