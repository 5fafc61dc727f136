// The live-snapshot rate rule: an interval floor, and a share of the epoch's elapsed time.
import { describe, expect, it } from 'vitest';
import { checkLiveRate, SnapshotBudget } from './live-budget.ts';

describe('SnapshotBudget', () => {
  it('allows a snapshot at the start of an epoch, then waits out the interval', () => {
    const b = new SnapshotBudget({ maxShare: 0.05, minIntervalMs: 100 });
    b.startEpoch(1000);
    expect(b.allows(1000)).toBe(true);
    b.spent(1000, 1);
    expect(b.allows(1050)).toBe(false);
    expect(b.allows(1100)).toBe(true);
  });

  it('holds snapshots back until their time and the next one\'s fit the share of the elapsed epoch', () => {
    const b = new SnapshotBudget({ maxShare: 0.02, minIntervalMs: 10 });
    b.startEpoch(0);
    b.spent(0, 20); // 20 ms spent, the next likely 20 ms too: allowed once 2,000 ms have passed
    expect(b.allows(1000)).toBe(false);
    expect(b.allows(2000)).toBe(true);
    b.startEpoch(3000); // a new epoch starts a new account, and waits until one snapshot fits
    expect(b.spentThisEpochMs).toBe(0);
    expect(b.allows(3500)).toBe(false);
    expect(b.allows(4000)).toBe(true);
  });

  it('expects the median of the last five costs, so one slow snapshot does not hold the rest back', () => {
    const b = new SnapshotBudget({ maxShare: 0.02, minIntervalMs: 0 });
    b.startEpoch(0);
    for (const [at, ms] of [[0, 10], [1000, 10], [2000, 400]] as const) b.spent(at, ms);
    b.startEpoch(10_000);
    expect(b.allows(10_400)).toBe(false); // 10 ms expected needs 500 ms elapsed
    expect(b.allows(10_500)).toBe(true);
  });

  it('allows one snapshot at an epoch\'s start when it fits the share of the previous epoch', () => {
    const b = new SnapshotBudget({ maxShare: 0.02, minIntervalMs: 0 });
    b.startEpoch(1);
    b.spent(1, 50);
    b.startEpoch(5001); // the last epoch took 5 s: 2% is 100 ms, a 50 ms snapshot fits at once
    expect(b.allows(5001)).toBe(true);
    b.spent(5001, 50);
    expect(b.allows(5100)).toBe(false); // then the running share rules again
    b.startEpoch(6001); // a 1 s epoch: 20 ms, too little for a 50 ms snapshot at the start
    expect(b.allows(6001)).toBe(false);
  });

  it('keeps the total share near maxShare when snapshots are asked for after every 50 ms batch', () => {
    const b = new SnapshotBudget({ maxShare: 0.02, minIntervalMs: 0 });
    b.startEpoch(0);
    let now = 0;
    for (let batch = 0; batch < 2000; batch++) {
      now += 50;
      if (b.allows(now)) {
        b.spent(now, 5);
        now += 5;
      }
    }
    expect(b.spentThisEpochMs / now).toBeLessThanOrEqual(0.02);
  });

  it('names the bad field of a rate', () => {
    expect(checkLiveRate({ maxShare: 0.2, minIntervalMs: 400 })[0]).toMatch(/Snapshot budget must be between 0 and 5%/);
    expect(checkLiveRate({ maxShare: 0.02, minIntervalMs: 1 })[0]).toMatch(/Minimum interval/);
    expect(checkLiveRate({ maxShare: 0.02, minIntervalMs: 400 })).toEqual([]);
  });
});
