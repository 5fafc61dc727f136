// The cost sums: totals are exactly the sums of their parts, projection scales only serving, the
// cheapest policy above the floor is chosen, and the energy estimate follows its formula.
import { describe, expect, it } from 'vitest';
import { accuracySummary, cheapestAboveFloor, costTotals, energyEstimateWh, pooledMsPerQuery, projectedCost, worstDayFrom, worstFrom } from './cost.ts';
import type { DayRecord, DeployRecord, RetrainRecord } from './records.ts';

const day = (d: number, servingMs: number, acc: number): DayRecord => ({
  day: d, modelId: 'm', queries: 100, failed: 0, correct: 90, labelled: 50, labelledCorrect: Math.round(acc * 50), labelsOnDay: d,
  monitoredAcc: acc, monitoredLow: acc - 0.1, monitoredHigh: acc + 0.05, inputPsi: 0, confidencePsi: 0, inputKs: 0, confidenceKs: 0, signal: 0,
  servingMs, modelMs: servingMs / 2, servingFlops: 100 * 1e6,
});
const retrain = (d: number, trainMs: number): RetrainRecord => ({ day: d, reason: 'x', from: 'fine-tune', images: 100, epochs: 3, trainMs, trainFlops: 5e9, modelId: `v${d}`, parentId: 'm', valAcc: 0.9 });
const deploy = (d: number, loadMs: number): DeployRecord => ({ day: d, modelId: 'm', loadMs, coldQueryMs: 3 });

describe('costTotals', () => {
  it('adds up the measured parts exactly', () => {
    const days = [day(0, 200, 0.9), day(1, 210, 0.8), day(2, 190, 0.88)];
    const t = costTotals({ trainMs: 60_000, trainFlops: 1e12 }, days, [retrain(1, 5000)], [deploy(0, 300), deploy(2, 250)]);
    expect(t.servingMs).toBe(600);
    expect(t.retrainMs).toBe(5000);
    expect(t.deployMs).toBe(550);
    expect(t.busyMs).toBe(60_000 + 5000 + 550 + 600);
    expect(t.totalFlops).toBe(1e12 + 5e9 + 3e8);
    expect(t.inferenceShareTime).toBeCloseTo((600 + 550) / t.busyMs, 12);
    expect(t.inferenceShareFlops).toBeCloseTo(3e8 / t.totalFlops, 12);
  });

  it('summarises accuracy as the mean and worst day', () => {
    const s = accuracySummary([day(0, 1, 0.9), day(1, 1, 0.7), day(2, 1, 0.8)], [retrain(1, 1)]);
    expect(s.meanAcc).toBeCloseTo(0.8, 12);
    expect(s.worstAcc).toBe(0.7);
    expect(s.retrainings).toBe(1);
  });
});

describe('projection and choice', () => {
  const never = { days: [day(0, 200, 0.9), day(1, 200, 0.6)], retrains: [] as RetrainRecord[] };
  const daily = { days: [day(0, 200, 0.9), day(1, 200, 0.88)], retrains: [retrain(0, 20_000)] };
  const runs = [never, daily].map((r) => ({ ...r, totals: costTotals({ trainMs: 60_000, trainFlops: 1e12 }, r.days, r.retrains, [deploy(0, 300)]), summary: accuracySummary(r.days, r.retrains) }));

  it('scales serving linearly with traffic and keeps training as measured', () => {
    const p = projectedCost(runs[0]!.totals, runs[0]!.days, 1000);
    expect(p.servingMs).toBeCloseTo(4000, 9);
    expect(p.busyMs).toBeCloseTo(60_000 + 300 + 4000, 9);
  });

  it('prices serving at the pooled mean time per query of every policy', () => {
    expect(pooledMsPerQuery(runs)).toBe(2);
    expect(projectedCost(runs[0]!.totals, runs[0]!.days, 1000, 3).servingMs).toBe(6000);
  });

  it('picks the cheapest policy whose worst day keeps the floor, or none', () => {
    expect(cheapestAboveFloor(runs, 100, 0.85).best).toBe(runs[1]);
    expect(cheapestAboveFloor(runs, 100, 0.5).best).toBe(runs[0]);
    expect(cheapestAboveFloor(runs, 100, 0.95).best).toBeNull();
    // Judged from day 1 on only, "never" (0.6 on day 1) still fails an 0.85 floor; judged from day 2, no day counts.
    expect(cheapestAboveFloor(runs, 100, 0.85, 1).best).toBe(runs[1]);
    expect(cheapestAboveFloor(runs, 100, 0.85, 1).ranked.map((r) => r.worstAcc)).toEqual([0.6, 0.88]);
  });
});

describe('energyEstimateWh', () => {
  it('is busy hours x watts x PUE', () => {
    expect(energyEstimateWh(3_600_000, { watts: 10, pue: 1 })).toBe(10);
    expect(energyEstimateWh(1_800_000, { watts: 10, pue: 1.5 })).toBeCloseTo(7.5, 12);
  });
});

describe('worstDayFrom', () => {
  const days = [{ day: 0, monitoredAcc: 0.4 }, { day: 1, monitoredAcc: 0.7 }, { day: 2, monitoredAcc: Number.NaN }, { day: 3, monitoredAcc: 0.6 }, { day: 4, monitoredAcc: 0.6 }];
  it('finds the lowest labelled day from the given day on, the first of equals, skipping days without labels', () => {
    expect(worstDayFrom(days, 0)?.day).toBe(0);
    expect(worstDayFrom(days, 1)?.day).toBe(3);
    expect(worstFrom(days as never, 1)).toBe(0.6);
  });
  it('has no worst day when no day from then on has labels', () => {
    expect(worstDayFrom(days, 5)).toBeNull();
    expect(worstDayFrom([{ day: 3, monitoredAcc: Number.NaN }], 0)).toBeNull();
    expect(worstFrom([] as never, 0)).toBeNaN();
  });
});
