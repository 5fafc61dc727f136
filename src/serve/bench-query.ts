// One measured query of the bench: sends a test image through the client and turns the answer
// into a QuerySample (plain numbers). Shared by the closed-loop run and the interleaved comparison.
import type { ImageSet } from '../data/image-set.ts';
import { summarize, type LatencySummary } from '../metrics/stats.ts';
import type { ServeClient } from './client.ts';
import type { QuerySample } from './bench-types.ts';
import { argmax, imageAt } from './query-order.ts';

export async function measureQuery(client: ServeClient, set: ImageSet, imageIndex: number, seq: number, runStartMs: number): Promise<QuerySample> {
  const startMs = performance.now() - runStartMs;
  const r = await client.query(imageAt(set, imageIndex));
  if (!r.ok) {
    return { seq, imageIndex, startMs, e2eMs: r.e2eMs, modelMs: 0, preprocessMs: 0, roundTripMs: 0, correct: false, error: r.error };
  }
  return {
    seq,
    imageIndex,
    startMs,
    e2eMs: r.e2eMs,
    modelMs: r.modelMs,
    preprocessMs: r.preprocessMs,
    roundTripMs: remainderMs(r.e2eMs, r.modelMs, r.preprocessMs),
    correct: argmax(r.probs) === set.labels[imageIndex],
  };
}

/**
 * What is left of `totalMs` once `partsMs` (timed inside it) are taken away: the round trip is the
 * end-to-end time less the worker's model and preprocessing times. The parts are read on the
 * worker's clock and the total on the page's; both are coarsened (5 µs when cross-origin isolated,
 * more otherwise), and a subtraction of such readings can come out a little below zero, or at 1e-10
 * ms of float residue, when the true remainder is about nothing. A duration is never negative, so
 * that noise reads as 0.
 */
export function remainderMs(totalMs: number, ...partsMs: number[]): number {
  const left = partsMs.reduce((rest, part) => rest - part, totalMs);
  // Below a nanosecond is float residue of the subtraction, not a time any clock here can show.
  return left < 1e-6 ? 0 : left;
}

/** Summary of one field over the successful samples; null when none succeeded. */
export function summarizeField(samples: readonly QuerySample[], field: 'e2eMs' | 'modelMs' | 'roundTripMs' | 'preprocessMs'): LatencySummary | null {
  const ok = samples.filter((s) => s.error === undefined);
  return ok.length === 0 ? null : summarize(ok.map((s) => s[field]));
}

/** True once Stop was pressed: loops check it between queries and keep what they measured. */
export function stopped(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
