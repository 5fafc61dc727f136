// Serving-at-scale results on the page (SLO searches, batching curves, fleet plans) as the run
// report's plain records: what the export writes, the CSV files list and the Ledger shows.
import type { BatchingRecord, FleetPlanRecord, SloRecord } from '../metrics/scale-records.ts';
import { batchingLabel } from './batcher.ts';
import type { BatchingCurve } from './bench-batching.ts';
import type { SloRun } from './bench-slo.ts';
import type { FleetPlan, Traffic } from './fleet-plan.ts';
import type { MeasuredModel } from './load-records.ts';

export function sloRecord(run: SloRun, who: MeasuredModel): SloRecord {
  const on = run.batching.kind === 'on' ? run.batching : null;
  return {
    ...who, backend: run.backend, date: run.measuredAt, batching: batchingLabel(run.batching), maxDelayMs: on?.maxDelayMs ?? null, maxBatch: on?.maxBatch ?? null,
    p99TargetMs: run.search.p99TargetMs, capacityQps: run.search.capacityQps, confirmed: run.search.confirmed ?? null, firstFailQps: run.search.firstFailQps, end: run.search.end,
    closedLoopQps: run.closedLoopQps, deployMs: run.deployMs, firstQueryMs: run.firstQueryMs, minCount: run.minCount, minDurationMs: run.minDurationMs,
    trials: run.search.trials.map((t) => ({ qps: t.qps, phase: t.phase, pass: t.pass, p99Ms: t.p99Ms, p99LowMs: t.p99LowMs ?? null, p99HighMs: t.p99HighMs ?? null, p50Ms: t.p50Ms, count: t.count, durationMs: t.durationMs, offeredQps: t.offeredQps ?? null, achievedQps: t.achievedQps, errorCount: t.errorCount })),
    aborted: run.aborted,
  };
}

export function batchingRecord(curve: BatchingCurve, who: MeasuredModel): BatchingRecord {
  return { ...who, backend: curve.backend, date: curve.measuredAt, closedLoopQps: curve.closedLoopQps, countPerRun: curve.countPerRun, points: curve.points.map((p) => ({ ...p, p99LowMs: p.p99LowMs ?? null, p99HighMs: p.p99HighMs ?? null })), aborted: curve.aborted };
}

export function fleetRecord(plans: readonly FleetPlan[], traffic: Traffic, trainingSeconds: number, who: MeasuredModel, date: string): FleetPlanRecord {
  return {
    ...who, date, queriesPerDay: traffic.queriesPerDay, peakFactor: traffic.peakFactor, queriesPerVisit: traffic.queriesPerVisit, trainingSeconds,
    rows: plans.map((p) => ({
      ...p.choice, peakQps: p.peakQps.value, instances: p.instances.value,
      computeSecondsPerDay: p.computeSecondsPerDay.value, daysToPassTraining: p.daysToPassTraining.value, deviceSecondsPerDay: p.deviceSecondsPerDay.value,
    })),
  };
}
