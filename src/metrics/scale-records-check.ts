// Reading serving-at-scale records back from a report file: checks each field (a bad one throws a
// SchemaError naming it) and returns the three lists, empty when the report has none (older ones).
import { bool, describe, list, num, numOrNull, SchemaError, text, type Json } from './field-checks.ts';
import type { ScaleRecords } from './scale-records.ts';

/** A number that may be null (no capacity found, batching off); a report from before the field has none, read as null. */
const numOrMissing = (o: Json, key: string, path: string): void => {
  if (o[key] === undefined) o[key] = null;
  numOrNull(o, key, path);
};
const known = (o: Json, path: string, modelIds: ReadonlySet<string> | null): void => {
  text(o, 'modelId', path);
  if (modelIds && !modelIds.has(o.modelId as string)) throw new SchemaError(`${path}.modelId ${describe(o.modelId)} names no model in the report's "models".`);
};

const TRIAL_NUMBERS = ['qps', 'p99Ms', 'p50Ms', 'count', 'durationMs', 'achievedQps', 'errorCount'];
const SLO_NUMBERS = ['p99TargetMs', 'closedLoopQps', 'deployMs', 'firstQueryMs', 'minCount', 'minDurationMs'];
const POINT_NUMBERS = ['maxDelayMs', 'maxBatch', 'load', 'offeredQps', 'achievedQps', 'count', 'p50Ms', 'p99Ms', 'meanBatch'];
const ROW_NUMBERS = ['capacityQps', 'p99TargetMs', 'coldStartMs', 'warmQueryMs', 'peakQps', 'instances', 'computeSecondsPerDay', 'daysToPassTraining', 'deviceSecondsPerDay'];

function checkSlo(r: Json, path: string, ids: ReadonlySet<string> | null): void {
  known(r, path, ids);
  for (const k of ['model', 'backend', 'date', 'batching', 'end']) text(r, k, path);
  for (const k of ['maxDelayMs', 'maxBatch', 'capacityQps', 'firstFailQps']) numOrMissing(r, k, path);
  SLO_NUMBERS.forEach((k) => num(r, k, path));
  bool(r, 'aborted', path);
  // Whether a confirmation passed came later: an older report did not record it (read as null).
  if (r.confirmed === undefined) r.confirmed = null;
  if (r.confirmed !== null && typeof r.confirmed !== 'boolean') throw new SchemaError(`${path}.confirmed must be true, false or null, got ${describe(r.confirmed)}.`);
  list(r, 'trials', path).forEach((t, i) => {
    const tp = `${path}.trials[${i}]`;
    text(t, 'phase', tp);
    bool(t, 'pass', tp);
    TRIAL_NUMBERS.forEach((k) => num(t, k, tp));
    // The p99's interval and the arrived rate came later: an older report has none (read as null).
    for (const k of ['p99LowMs', 'p99HighMs', 'offeredQps']) numOrMissing(t, k, tp);
  });
}

function checkBatching(r: Json, path: string, ids: ReadonlySet<string> | null): void {
  known(r, path, ids);
  for (const k of ['model', 'backend', 'date']) text(r, k, path);
  num(r, 'closedLoopQps', path);
  num(r, 'countPerRun', path);
  bool(r, 'aborted', path);
  list(r, 'points', path).forEach((p, i) => {
    const pp = `${path}.points[${i}]`;
    bool(p, 'off', pp);
    POINT_NUMBERS.forEach((k) => num(p, k, pp));
    for (const k of ['p99LowMs', 'p99HighMs']) numOrMissing(p, k, pp);
  });
}

function checkFleet(r: Json, path: string, ids: ReadonlySet<string> | null): void {
  known(r, path, ids);
  for (const k of ['model', 'date']) text(r, k, path);
  for (const k of ['queriesPerDay', 'peakFactor', 'queriesPerVisit', 'trainingSeconds']) num(r, k, path);
  list(r, 'rows', path).forEach((row, i) => {
    const rp = `${path}.rows[${i}]`;
    for (const k of ['label', 'backend', 'batching']) text(row, k, rp);
    ROW_NUMBERS.forEach((k) => num(row, k, rp));
  });
}

/** Checks (in place) `slo`, `batching` and `fleet`; with `modelIds`, each record must name one of the report's models. */
export function checkScale(data: Json, modelIds: ReadonlySet<string> | null): ScaleRecords {
  const slo = data.slo === undefined ? [] : list(data, 'slo', 'report');
  slo.forEach((r, i) => checkSlo(r, `slo[${i}]`, modelIds));
  const batching = data.batching === undefined ? [] : list(data, 'batching', 'report');
  batching.forEach((r, i) => checkBatching(r, `batching[${i}]`, modelIds));
  const fleet = data.fleet === undefined ? [] : list(data, 'fleet', 'report');
  fleet.forEach((r, i) => checkFleet(r, `fleet[${i}]`, modelIds));
  return { slo, batching, fleet } as unknown as ScaleRecords;
}
