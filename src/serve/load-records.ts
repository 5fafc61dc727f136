// The serving results that live on the page (an open-loop sweep, a backend comparison) as the run
// report's plain records and back: what the export writes and the Ledger's import reads.
import { p50Intervals } from '../metrics/intervals.ts';
import { capacityKnee, type CapacityPoint } from '../metrics/poisson.ts';
import type { CompareArmRecord, CompareRecord, OpenLoopRecord } from '../metrics/report.ts';
import type { LatencySummary } from '../metrics/stats.ts';
import type { CompareResult, OpenLoopSweep } from './bench-types.ts';

/** Who was measured: the registry id and the name it had then. */
export interface MeasuredModel {
  modelId: string;
  model: string;
}

const rateOf = (p: CapacityPoint | null): number | null => (p ? p.targetQps : null);

export function openLoopRecord(sweep: OpenLoopSweep, who: MeasuredModel): OpenLoopRecord {
  return {
    ...who,
    backend: sweep.backend,
    date: sweep.measuredAt,
    points: sweep.points.map((p) => ({ ...p })),
    kneeQps: rateOf(sweep.knee.knee),
    firstFailureQps: rateOf(sweep.knee.firstFailure),
    reason: sweep.knee.reason,
    p99LimitMs: sweep.knee.p99LimitMs,
    aborted: sweep.aborted,
    ...(sweep.wake ? { wake: { ...sweep.wake } } : {}),
  };
}

/**
 * The sweep a record describes, ready for the open-loop view. The knee is worked out again from
 * the points by the same rule (what the file says it was is the same rule's answer); a record whose
 * stated knee disagrees with its points keeps the points' answer.
 */
export function sweepFromRecord(r: OpenLoopRecord): OpenLoopSweep {
  const points = r.points.map((p) => ({ ...p }));
  return { backend: r.backend, measuredAt: r.date, points, knee: capacityKnee(points.filter((p) => p.count > 0)), wake: r.wake ? { ...r.wake } : null, aborted: r.aborted };
}

const nan = Number.NaN;

/** The arm's p50 intervals, from its queries; none when the samples are gone (a comparison drawn from a record). */
function intervalFields(samples: CompareResult['arms'][number]['samples']): Pick<CompareArmRecord, 'p50LowMs' | 'p50HighMs' | 'modelP50LowMs' | 'modelP50HighMs'> {
  const { e2e, model } = p50Intervals(samples);
  if (!e2e || !model) return {};
  return { p50LowMs: e2e.low, p50HighMs: e2e.high, modelP50LowMs: model.low, modelP50HighMs: model.high };
}

function armRecord(arm: CompareResult['arms'][number], capabilities: Record<string, string>, loadMs: Record<string, number>): CompareArmRecord {
  const e: Partial<LatencySummary> = arm.e2e ?? {};
  return {
    backend: arm.label,
    count: e.count ?? 0,
    meanMs: e.meanMs ?? nan,
    p50Ms: e.p50Ms ?? nan,
    p90Ms: e.p90Ms ?? nan,
    p99Ms: e.p99Ms ?? nan,
    modelP50Ms: arm.model?.p50Ms ?? nan,
    ...intervalFields(arm.samples),
    testAcc: arm.testAcc,
    errorCount: arm.errorCount,
    ...(loadMs[arm.label] !== undefined ? { loadMs: loadMs[arm.label] } : {}),
    ...(capabilities[arm.label] !== undefined ? { capabilities: capabilities[arm.label] } : {}),
  };
}

/** A comparison as its record; the per-query samples stay on the page (the summaries are what compare). */
export function compareRecord(result: CompareResult, who: MeasuredModel, capabilities: Record<string, string> = {}, loadMs: Record<string, number> = {}): CompareRecord {
  return { ...who, date: result.measuredAt ?? '', rounds: result.rounds, aborted: result.aborted, arms: result.arms.map((a) => armRecord(a, capabilities, loadMs)) };
}
