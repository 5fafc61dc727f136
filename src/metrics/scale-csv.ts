// Serving-at-scale records as CSV files: one row per tried rate of each SLO search, per run of each
// batching curve, per choice of each fleet plan, with the model's id in every row.
import { toCsv } from './csv.ts';
import type { ScaleRecords } from './scale-records.ts';

export function sloCsv(slo: ScaleRecords['slo']): string {
  return toCsv(slo.flatMap((r) => r.trials.map((t, i) => ({
    model: r.model, backend: r.backend, batching: r.batching, p99TargetMs: r.p99TargetMs, trial: i + 1, ...t,
    capacityQps: r.capacityQps, confirmed: r.confirmed ?? null, firstFailQps: r.firstFailQps, end: r.end, closedLoopQps: r.closedLoopQps, date: r.date, modelId: r.modelId,
  }))));
}

export function batchingCsv(batching: ScaleRecords['batching']): string {
  return toCsv(batching.flatMap((r) => r.points.map((p) => ({ model: r.model, backend: r.backend, closedLoopQps: r.closedLoopQps, ...p, date: r.date, modelId: r.modelId }))));
}

export function fleetCsv(fleet: ScaleRecords['fleet']): string {
  return toCsv(fleet.flatMap((r) => r.rows.map((row) => ({
    model: r.model, queriesPerDay: r.queriesPerDay, peakFactor: r.peakFactor, queriesPerVisit: r.queriesPerVisit, trainingSeconds: r.trainingSeconds, ...row, date: r.date, modelId: r.modelId,
  }))));
}
