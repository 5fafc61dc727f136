// Reading a run report's lifecycle section back: names the first field that does not match
// src/drift/records.ts, and turns the nulls JSON wrote for unmeasured figures back into NaN.
import { describe, list, num, object, SchemaError, text, type Json } from '../metrics/field-checks.ts';

const DAY_NUMBERS = ['day', 'queries', 'failed', 'correct', 'labelled', 'labelledCorrect', 'labelsOnDay', 'monitoredAcc', 'monitoredLow', 'monitoredHigh', 'inputPsi', 'confidencePsi', 'inputKs', 'confidenceKs', 'signal', 'servingMs', 'modelMs', 'servingFlops'];
const RETRAIN_NUMBERS = ['day', 'images', 'epochs', 'trainMs', 'trainFlops', 'valAcc'];
const DEPLOY_NUMBERS = ['day', 'loadMs', 'coldQueryMs'];
const TOTAL_NUMBERS = ['initialTrainMs', 'initialTrainFlops', 'retrainMs', 'retrainFlops', 'deployMs', 'servingMs', 'servingFlops', 'busyMs', 'totalFlops', 'inferenceShareTime', 'inferenceShareFlops'];
const SUMMARY_NUMBERS = ['meanAcc', 'worstAcc', 'retrainings'];
const SCENARIO_NUMBERS = ['seed', 'days', 'queriesPerDay', 'feedbackFraction', 'feedbackDelayDays'];
const STOPPED_RETRAIN_NUMBERS = ['day', 'epochsDone', 'epochs', 'trainMs'];

function numbers(obj: Json, keys: readonly string[], path: string): void {
  for (const k of keys) num(obj, k, path);
}

/** The first problem of a report's `lifecycle` value (absent is fine: older reports have none), or null. */
export function lifecycleProblem(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    const holder: Json = { lifecycle: value };
    list(holder, 'lifecycle', 'report').forEach((rec, i) => {
      const path = `lifecycle[${i}]`;
      numbers(object(rec, 'scenario', path), SCENARIO_NUMBERS, `${path}.scenario`);
      list(object(rec, 'scenario', path), 'shifts', `${path}.scenario`);
      if (rec.planned !== undefined && !(Array.isArray(rec.planned) && rec.planned.every((l) => typeof l === 'string'))) throw new SchemaError(`${path}.planned must be a list of policy names, got ${describe(rec.planned)}.`);
      list(rec, 'runs', path).forEach((run, j) => {
        const rp = `${path}.runs[${j}]`;
        text(run, 'policyLabel', rp);
        object(run, 'policy', rp);
        list(run, 'days', rp).forEach((d, k) => numbers(d, DAY_NUMBERS, `${rp}.days[${k}]`));
        list(run, 'retrains', rp).forEach((r, k) => {
          numbers(r, RETRAIN_NUMBERS, `${rp}.retrains[${k}]`);
          const kept = r.keptEpoch;
          if (kept !== undefined && !(Number.isInteger(kept) && (kept as number) >= 1 && (kept as number) <= (r.epochs as number))) throw new SchemaError(`${rp}.retrains[${k}].keptEpoch must be an epoch from 1 to ${String(r.epochs)}, got ${describe(kept)}.`);
        });
        list(run, 'deploys', rp).forEach((r, k) => numbers(r, DEPLOY_NUMBERS, `${rp}.deploys[${k}]`));
        numbers(object(run, 'totals', rp), TOTAL_NUMBERS, `${rp}.totals`);
        numbers(object(run, 'summary', rp), SUMMARY_NUMBERS, `${rp}.summary`);
        if (run.stoppedRetraining !== undefined) numbers(object(run, 'stoppedRetraining', rp), STOPPED_RETRAIN_NUMBERS, `${rp}.stoppedRetraining`);
      });
    });
    return null;
  } catch (err) {
    if (err instanceof SchemaError) return err.message;
    throw err;
  }
}
