// Unit tests for open-loop load: Poisson schedules, latency from intended send, capacity knee.
import { describe, expect, it } from 'vitest';
import { capacityKnee, idleShare, openLoopLatencies, p99Limits, poissonSchedule } from './poisson.ts';
import { mean, std } from './stats.ts';

function gaps(times: Float64Array): Float64Array {
  // The first gap is from 0 to the first arrival.
  return times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]!));
}

describe('poissonSchedule', () => {
  it('has exponential gaps: mean 1000 / rate ms and coefficient of variation about 1', () => {
    for (const rate of [5, 200]) {
      const g = gaps(poissonSchedule(rate, 20_000, 11));
      const m = mean(g);
      // Standard error of the mean is mean / sqrt(20000), about 0.7%; 3% is over 4 sigma.
      expect(m).toBeGreaterThan((1000 / rate) * 0.97);
      expect(m).toBeLessThan((1000 / rate) * 1.03);
      const cv = std(g) / m;
      expect(cv).toBeGreaterThan(0.95);
      expect(cv).toBeLessThan(1.05);
      // Exponential: P(gap > mean) = 1/e; a uniform or fixed spacing would give about 0.5 or 0.
      const aboveMean = g.filter((x) => x > 1000 / rate).length / g.length;
      expect(aboveMean).toBeCloseTo(Math.exp(-1), 1);
    }
  });

  it('is strictly increasing, starts after 0, and has the requested length', () => {
    const t = poissonSchedule(50, 1000, 3);
    expect(t).toHaveLength(1000);
    expect(t[0]!).toBeGreaterThan(0);
    for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
    expect(poissonSchedule(50, 0, 3)).toHaveLength(0);
  });

  it('repeats for the same seed and differs for another', () => {
    const a = poissonSchedule(100, 64, 42);
    expect(Array.from(poissonSchedule(100, 64, 42))).toEqual(Array.from(a));
    expect(Array.from(poissonSchedule(100, 64, 43))).not.toEqual(Array.from(a));
    // Doubling the rate halves every gap of the same seed: the rate only scales the time axis.
    const b = poissonSchedule(200, 64, 42);
    b.forEach((t, i) => expect(t).toBeCloseTo(a[i]! / 2, 9));
  });

  it('rejects bad arguments with a message naming the argument', () => {
    expect(() => poissonSchedule(0, 10, 1)).toThrow(/ratePerSec/);
    expect(() => poissonSchedule(-1, 10, 1)).toThrow(/ratePerSec/);
    expect(() => poissonSchedule(Infinity, 10, 1)).toThrow(/ratePerSec/);
    expect(() => poissonSchedule(Number.NaN, 10, 1)).toThrow(/ratePerSec/);
    expect(() => poissonSchedule(10, -1, 1)).toThrow(/count/);
    expect(() => poissonSchedule(10, 2.5, 1)).toThrow(/count/);
    expect(() => poissonSchedule(10, 5, 1.5)).toThrow(/seed/);
    expect(() => poissonSchedule(10, 5, -1)).toThrow(/seed/);
    expect(() => poissonSchedule(10, 5, 2 ** 32)).toThrow(/seed/);
  });
});

describe('openLoopLatencies', () => {
  it('measures from the intended send time, so a late send shows as queueing', () => {
    // Query 1 was due at 10 ms but went out at 30 ms because query 0 held the server.
    const r = openLoopLatencies([0, 10], [0, 30], [30, 35]);
    expect(Array.from(r.latencyMs)).toEqual([30, 25]);
    expect(Array.from(r.serviceMs)).toEqual([30, 5]);
    expect(Array.from(r.sendLagMs)).toEqual([0, 20]);
  });

  it('places the schedule at originMs on the clock', () => {
    const r = openLoopLatencies([0, 10], [1000, 1012], [1004, 1015], 1000);
    expect(Array.from(r.latencyMs)).toEqual([4, 5]);
    expect(Array.from(r.sendLagMs)).toEqual([0, 2]);
  });

  it('never reports less than the service time for an early send', () => {
    const r = openLoopLatencies([10], [8], [12]);
    expect(r.latencyMs[0]).toBe(4);
    expect(r.sendLagMs[0]).toBe(-2);
  });

  it('rejects mismatched lengths, non-finite times and done before start', () => {
    expect(() => openLoopLatencies([0, 1], [0], [1])).toThrow(/same length/);
    expect(() => openLoopLatencies([0], [Number.NaN], [1])).toThrow(/non-finite/);
    expect(() => openLoopLatencies([0], [5], [4])).toThrow(/before it started/);
  });
});

describe('capacityKnee', () => {
  it('stops at the first rate whose p99 exceeds 3x the lowest p99', () => {
    const r = capacityKnee([
      { targetQps: 40, achievedQps: 40, p99Ms: 12 },
      { targetQps: 10, achievedQps: 10, p99Ms: 10 },
      { targetQps: 20, achievedQps: 20, p99Ms: 11 },
      { targetQps: 80, achievedQps: 79, p99Ms: 45 },
    ]);
    expect(r.knee?.targetQps).toBe(40);
    expect(r.firstFailure?.targetQps).toBe(80);
    expect(r.reason).toBe('latency');
    expect(r.p99LimitMs).toBe(30);
  });

  it('does not fail the lightest rate for a long tail: only lighter load is a baseline', () => {
    // The lowest rate's tail is an idle worker waking up for most queries, not a capacity limit.
    const pts = [
      { targetQps: 30, achievedQps: 30, p99Ms: 15.6 },
      { targetQps: 80, achievedQps: 72, p99Ms: 8.2 },
      { targetQps: 265, achievedQps: 265, p99Ms: 4.3 },
      { targetQps: 375, achievedQps: 340, p99Ms: 10.4 },
      { targetQps: 470, achievedQps: 312, p99Ms: 147 },
    ];
    expect(p99Limits(pts)).toEqual([3 * 15.6, 3 * 8.2, 3 * 4.3, 3 * 4.3, 3 * 4.3]);
    const r = capacityKnee(pts);
    expect(r.knee?.targetQps).toBe(375);
    expect(r.firstFailure?.targetQps).toBe(470);
    expect(r.reason).toBe('both');
    expect(r.p99LimitMs).toBeCloseTo(12.9, 9);
    // Against the sweep's overall lowest p99 the lowest rate would have "failed", and there would be no knee at all.
    expect(15.6).toBeGreaterThan(3 * 4.3);
  });

  it('a seeded sample of 128 arrivals runs well off its nominal rate (about 1 / sqrt(128) = 9%)', () => {
    const ratios = Array.from({ length: 40 }, (_, seed) => 128 / (poissonSchedule(490, 128, seed)[127]! / 1000) / 490);
    const spread = std(ratios);
    expect(spread).toBeGreaterThan(0.05);
    expect(spread).toBeLessThan(0.14);
    // Some seeds arrive more than 10% slower than nominal: a perfect server then "achieves" under 90% of it.
    expect(ratios.some((r) => r < 0.9)).toBe(true);
  });

  it('judges throughput against the rate the queries arrived at, when the step says it', () => {
    // 128 Poisson arrivals at a nominal 490/s that happened to come at 440/s: 416/s completed keeps up.
    const step = { targetQps: 490, achievedQps: 416, p99Ms: 5 };
    expect(capacityKnee([step]).reason).toBe('throughput');
    expect(capacityKnee([{ ...step, offeredQps: 440 }]).firstFailure).toBeNull();
    expect(capacityKnee([{ ...step, offeredQps: 500 }]).reason).toBe('throughput');
  });

  it('stops at the first rate the server cannot keep up with', () => {
    const r = capacityKnee([
      { targetQps: 10, achievedQps: 10, p99Ms: 10 },
      { targetQps: 20, achievedQps: 17, p99Ms: 12 },
      { targetQps: 40, achievedQps: 18, p99Ms: 500 },
    ]);
    expect(r.knee?.targetQps).toBe(10);
    expect(r.firstFailure?.targetQps).toBe(20);
    expect(r.reason).toBe('throughput');
  });

  it('ignores passing steps above the first failure, and reports both reasons', () => {
    const r = capacityKnee([
      { targetQps: 10, achievedQps: 10, p99Ms: 10 },
      { targetQps: 20, achievedQps: 5, p99Ms: 100 },
      { targetQps: 30, achievedQps: 30, p99Ms: 10 },
    ]);
    expect(r.knee?.targetQps).toBe(10);
    expect(r.reason).toBe('both');
  });

  it('reports no failure when every step passes, and no knee when the first fails', () => {
    const ok = capacityKnee([
      { targetQps: 10, achievedQps: 9.5, p99Ms: 10 },
      { targetQps: 20, achievedQps: 19, p99Ms: 29 },
    ]);
    expect(ok.knee?.targetQps).toBe(20);
    expect(ok.firstFailure).toBeNull();
    expect(ok.reason).toBeNull();
    const none = capacityKnee([{ targetQps: 10, achievedQps: 5, p99Ms: 10 }]);
    expect(none.knee).toBeNull();
    expect(none.firstFailure?.targetQps).toBe(10);
    expect(capacityKnee([]).knee).toBeNull();
  });

  it('takes custom thresholds and rejects invalid ones', () => {
    const pts = [
      { targetQps: 10, achievedQps: 10, p99Ms: 10 },
      { targetQps: 20, achievedQps: 20, p99Ms: 25 },
    ];
    expect(capacityKnee(pts, { p99Factor: 2 }).knee?.targetQps).toBe(10);
    expect(capacityKnee(pts).knee?.targetQps).toBe(20);
    expect(() => capacityKnee(pts, { p99Factor: 0.5 })).toThrow(/p99Factor/);
    expect(() => capacityKnee(pts, { minAchievedRatio: 1.5 })).toThrow(/minAchievedRatio/);
    expect(() => capacityKnee([{ targetQps: 0, achievedQps: 0, p99Ms: 1 }])).toThrow(/targetQps/);
  });
});

describe('idleShare', () => {
  it('counts the queries that started longer after the previous one ended than the server polls', () => {
    // Ends at 2, 4, 14; starts at 0, 2.5 (0.5 after), 12 (8 after), 14.2 (0.2 after).
    expect(idleShare([0, 2.5, 12, 14.2], [2, 4, 14, 15], 1)).toBeCloseTo(1 / 3, 12);
    expect(idleShare([0, 2.5, 12, 14.2], [2, 4, 14, 15], 0.1)).toBe(1);
    expect(idleShare([0, 2.5, 12, 14.2], [2, 4, 14, 15], 10)).toBe(0);
  });

  it('orders by start time whatever order the queries were recorded in', () => {
    expect(idleShare([12, 0, 2.5], [14, 2, 4], 1)).toBe(0.5);
  });

  it('has no share for fewer than two queries, and rejects bad input', () => {
    expect(idleShare([0], [1], 1)).toBeNaN();
    expect(() => idleShare([0, 1], [1], 1)).toThrow(/same length/);
    expect(() => idleShare([0, 1], [1, 2], -1)).toThrow(/idleAfterMs/);
  });
});
