// The fleet plan against a hand computation, and its traffic checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fleetPlan, trafficProblem, type MeasuredChoice } from './fleet-plan.ts';

const choice: MeasuredChoice = { label: 'webgl, batching T 5 ms, B 16', backend: 'webgl', batching: 'T 5 ms, B 16', capacityQps: 10, p99TargetMs: 200, coldStartMs: 1500, warmQueryMs: 2 };

describe('fleetPlan', () => {
  it('equals the hand computation', () => {
    const p = fleetPlan({ queriesPerDay: 1_000_000, peakFactor: 3, queriesPerVisit: 20 }, choice, 120);
    // 1e6 / 86400 x 3 = 34.7222 queries/s at the peak hour.
    expect(p.peakQps.value).toBeCloseTo(34.7222, 3);
    // ceil(34.72 / 10) = 4 instances, provisioned all day: 4 x 86400 = 345,600 s.
    expect(p.instances.value).toBe(4);
    expect(p.computeSecondsPerDay.value).toBe(345_600);
    // 120 s of training / 345,600 s a day.
    expect(p.daysToPassTraining.value).toBeCloseTo(120 / 345_600, 12);
    // On devices: 50,000 visits x 1.5 s + 1e6 queries x 0.002 s = 77,000 s.
    expect(p.visitsPerDay.value).toBe(50_000);
    expect(p.deviceSecondsPerDay.value).toBeCloseTo(77_000, 6);
    expect(p.centralOverDevice.value).toBeCloseTo(345_600 / 77_000, 9);
    // Each formula shows its numbers.
    expect(p.instances.formula).toBe('⌈34.72 / 10⌉ = 4');
    expect(p.computeSecondsPerDay.formula).toBe('4 × 86,400 s = 345,600 s');
    expect(p.peakQps.formula).toBe('1,000,000 / 86,400 s × 3 = 34.72 queries/s');
  });

  it('needs at least one instance, and none can be planned without a capacity', () => {
    expect(fleetPlan({ queriesPerDay: 10, peakFactor: 1, queriesPerVisit: 1 }, choice, 1).instances.value).toBe(1);
    const none = fleetPlan({ queriesPerDay: 10, peakFactor: 1, queriesPerVisit: 1 }, { ...choice, capacityQps: Number.NaN }, 1);
    expect(none.instances.value).toBeNaN();
    expect(none.instances.formula).toMatch(/no rate met the bound/);
  });

  it('property: the fleet covers the peak, one instance fewer would not', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e10, noNaN: true }), fc.double({ min: 1, max: 24, noNaN: true }), fc.double({ min: 0.1, max: 1e4, noNaN: true }), (q, peak, cap) => {
        const p = fleetPlan({ queriesPerDay: q, peakFactor: peak, queriesPerVisit: 10 }, { ...choice, capacityQps: cap }, 100);
        const n = p.instances.value;
        expect(n * cap).toBeGreaterThanOrEqual(p.peakQps.value * (1 - 1e-12));
        if (n > 1) expect((n - 1) * cap).toBeLessThan(p.peakQps.value);
      }),
    );
  });
});

describe('trafficProblem', () => {
  it('names each nonsense field', () => {
    expect(trafficProblem({ queriesPerDay: 1000, peakFactor: 2, queriesPerVisit: 5 })).toEqual({});
    const e = trafficProblem({ queriesPerDay: 'lots', peakFactor: 0.5, queriesPerVisit: '' });
    expect(e.queriesPerDay).toMatch(/Queries per day .* got "lots"/);
    expect(e.peakFactor).toMatch(/peak-hour factor/);
    expect(e.queriesPerVisit).toMatch(/Queries per visit/);
  });
});
