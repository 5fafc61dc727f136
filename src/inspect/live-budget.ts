// When to take the next live snapshot during training: never more often than once per
// minIntervalMs, and only while snapshots so far, plus what the next one will likely cost (the
// median of the last five), stay within maxShare of the epoch's elapsed time (so the budget holds
// even in short epochs, and one slow snapshot on a busy machine does not stop them for an epoch).
// One snapshot at the start of each epoch is allowed whenever it fits the share of the previous
// epoch's length, so the maps are seen to change from epoch to epoch.
// Pure, so the rule is tested without a browser.
import type { LiveRate } from './types.ts';

export class SnapshotBudget {
  private epochStart = 0;
  private previousEpochMs = 0;
  private startSnapshotDue = false;
  private spentMs = 0;
  private lastAt = -Infinity;
  private recentCostsMs: number[] = [];

  constructor(private rate: LiveRate) {}

  setRate(rate: LiveRate): void {
    this.rate = rate;
  }

  startEpoch(now: number): void {
    if (this.epochStart > 0 || this.previousEpochMs > 0) this.previousEpochMs = now - this.epochStart;
    this.startSnapshotDue = true;
    this.epochStart = now;
    this.spentMs = 0;
  }

  /** Whether a snapshot may be taken at `now` (ms, same clock as startEpoch). */
  allows(now: number): boolean {
    if (now - this.lastAt < this.rate.minIntervalMs) return false;
    const elapsed = now - this.epochStart;
    if (this.startSnapshotDue && this.spentMs === 0 && this.expectedCostMs() <= this.rate.maxShare * this.previousEpochMs) return true;
    return this.spentMs + this.expectedCostMs() <= this.rate.maxShare * elapsed;
  }

  /** Records a snapshot that started at `at` and took `ms`. */
  spent(at: number, ms: number): void {
    this.lastAt = at;
    this.startSnapshotDue = false;
    this.recentCostsMs = [...this.recentCostsMs.slice(-4), ms];
    this.spentMs += ms;
  }

  private expectedCostMs(): number {
    const sorted = [...this.recentCostsMs].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
  }

  /** Counts other inspection time (the epoch-end weight snapshot) against the budget. */
  charge(ms: number): void {
    this.spentMs += ms;
  }

  get spentThisEpochMs(): number {
    return this.spentMs;
  }
}

/** Checks a rate from a form or the bench, with messages naming the field. */
export function checkLiveRate(rate: LiveRate): string[] {
  const errors: string[] = [];
  if (!(rate.maxShare > 0 && rate.maxShare <= 0.05)) errors.push(`Snapshot budget must be between 0 and 5% of training time, got ${(rate.maxShare * 100).toFixed(2)}%.`);
  if (!(Number.isFinite(rate.minIntervalMs) && rate.minIntervalMs >= 50 && rate.minIntervalMs <= 60_000)) errors.push(`Minimum interval between snapshots must be 50 to 60,000 ms, got ${rate.minIntervalMs}.`);
  return errors;
}
