// The idle worker's wake-up, measured directly: rounds of a query sent after the server sat idle
// for a set gap, then a few back to back, of which the last is the reference. Between queries the
// worker polls its shared slot for a moment and then sleeps in Atomics.wait, so the first query of
// a round finds it asleep (and, on a quiet machine, its core idle); by the last of the round both
// are awake again, as in a closed-loop bench. The difference is what an idle gap costs a query.
import type { ImageSet } from '../data/image-set.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import { percentile, sortedCopy } from '../metrics/stats.ts';
import type { ServeClient } from './client.ts';
import type { IdleWake } from './bench-types.ts';
import { stopped } from './bench-query.ts';
import { imageAt, queryOrder } from './query-order.ts';
import { sleepUntil } from './timer.ts';

export interface IdleWakeOptions {
  /** Idle time before the first query of each pair (the lowest open-loop rate's mean gap is a fair choice). */
  gapMs: number;
  /** Rounds (default WAKE_ROUNDS): one query after the gap, then BACK_TO_BACK more. */
  pairs?: number;
  seed?: number;
  signal?: AbortSignal;
}

/** Queries sent straight after the idle one in each round; the last of them is the back-to-back reference. */
export const BACK_TO_BACK = 3;

/**
 * Rounds by default. The sign test's interval for the median of 24 differences runs from the 7th
 * to the 18th (29% to 75% of them), often too wide to settle a small extra; of 64, from the 24th to
 * the 41st (38% to 64%). On cpu (100 ms idle, four queries of ~27 ms) 64 rounds take ~13 s, where the
 * sweep's lowest rate alone takes ~35 s (128 queries at a tenth of ~36 a second).
 */
export const WAKE_ROUNDS = 64;

/** The gap the sweep probes: the lowest rate's mean gap, kept between 5 and 100 ms so the probe stays short. */
export function wakeGapMs(lowestRateQps: number): number {
  return Math.min(100, Math.max(5, 1000 / lowestRateQps));
}

/** Measures the pairs; null when stopped before any pair completed or every query failed. */
export async function measureIdleWake(client: ServeClient, set: ImageSet, options: IdleWakeOptions): Promise<IdleWake | null> {
  const pairs = options.pairs ?? WAKE_ROUNDS;
  const perRound = 1 + BACK_TO_BACK;
  const order = queryOrder(set.count, pairs * perRound, options.seed ?? 11);
  const idle: number[] = [];
  const busy: number[] = [];
  for (let k = 0; k < pairs && !stopped(options.signal); k++) {
    await sleepUntil(performance.now() + options.gapMs);
    const answers = [];
    for (let j = 0; j < perRound; j++) answers.push(await client.query(imageAt(set, order[k * perRound + j]!)));
    // A round counts only whole: every query answered, so the two lists stay comparable.
    if (answers.every((a) => a.ok)) {
      idle.push(answers[0]!.e2eMs);
      busy.push(answers.at(-1)!.e2eMs);
    }
  }
  if (idle.length === 0) return null;
  const idleSorted = sortedCopy(idle);
  const busySorted = sortedCopy(busy);
  const extra = quantileEstimate(idle.map((ms, k) => ms - busy[k]!), 0.5)!;
  return {
    gapMs: options.gapMs,
    pairs: idle.length,
    idleP50Ms: percentile(idleSorted, 50),
    idleP90Ms: percentile(idleSorted, 90),
    busyP50Ms: percentile(busySorted, 50),
    busyP90Ms: percentile(busySorted, 90),
    extraP50Ms: extra.value,
    extraP50LowMs: extra.low,
    extraP50HighMs: extra.high,
    workerSpinMs: client.workerSpinMs,
  };
}
