// Reading a run report's lifecycle section back: names the first field that does not match
// src/drift/records.ts, and turns the nulls JSON wrote for unmeasured figures back into NaN.

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const show = (x: unknown): string => (x === undefined ? 'nothing' : Array.isArray(x) ? 'a list' : (JSON.stringify(x)?.slice(0, 40) ?? typeof x));

const DAY_NUMBERS = ['day', 'queries', 'failed', 'correct', 'labelled', 'labelledCorrect', 'labelsOnDay', 'monitoredAcc', 'monitoredLow', 'monitoredHigh', 'inputPsi', 'confidencePsi', 'inputKs', 'confidenceKs', 'signal', 'servingMs', 'modelMs', 'servingFlops'];
const RETRAIN_NUMBERS = ['day', 'images', 'epochs', 'trainMs', 'trainFlops', 'valAcc'];
const DEPLOY_NUMBERS = ['day', 'loadMs', 'coldQueryMs'];
const TOTAL_NUMBERS = ['initialTrainMs', 'initialTrainFlops', 'retrainMs', 'retrainFlops', 'deployMs', 'servingMs', 'servingFlops', 'busyMs', 'totalFlops', 'inferenceShareTime', 'inferenceShareFlops'];
const SUMMARY_NUMBERS = ['meanAcc', 'worstAcc', 'retrainings'];
const SCENARIO_NUMBERS = ['seed', 'days', 'queriesPerDay', 'feedbackFraction', 'feedbackDelayDays'];
const STOPPED_RETRAIN_NUMBERS = ['day', 'epochsDone', 'epochs', 'trainMs'];

class Problem extends Error {}

function numbers(obj: Json, keys: readonly string[], path: string): void {
  for (const k of keys) {
    const v = obj[k];
    if (v === null) obj[k] = Number.NaN;
    else if (typeof v !== 'number') throw new Problem(`${path}.${k} must be a number, got ${show(v)}.`);
  }
}

function objects(obj: Json, key: string, path: string): Json[] {
  const v = obj[key];
  if (!Array.isArray(v) || !v.every(isObject)) throw new Problem(`${path}.${key} must be a list of objects, got ${show(v)}.`);
  return v;
}

function object(obj: Json, key: string, path: string): Json {
  const v = obj[key];
  if (!isObject(v)) throw new Problem(`${path}.${key} must be an object, got ${show(v)}.`);
  return v;
}

/** The first problem of a report's `lifecycle` value (absent is fine: older reports have none), or null. */
export function lifecycleProblem(value: unknown): string | null {
  if (value === undefined) return null;
  try {
    const holder: Json = { lifecycle: value };
    objects(holder, 'lifecycle', 'report').forEach((rec, i) => {
      const path = `lifecycle[${i}]`;
      numbers(object(rec, 'scenario', path), SCENARIO_NUMBERS, `${path}.scenario`);
      objects(object(rec, 'scenario', path), 'shifts', `${path}.scenario`);
      if (rec.planned !== undefined && !(Array.isArray(rec.planned) && rec.planned.every((l) => typeof l === 'string'))) throw new Problem(`${path}.planned must be a list of policy names, got ${show(rec.planned)}.`);
      objects(rec, 'runs', path).forEach((run, j) => {
        const rp = `${path}.runs[${j}]`;
        if (typeof run.policyLabel !== 'string') throw new Problem(`${rp}.policyLabel must be text, got ${show(run.policyLabel)}.`);
        object(run, 'policy', rp);
        objects(run, 'days', rp).forEach((d, k) => numbers(d, DAY_NUMBERS, `${rp}.days[${k}]`));
        objects(run, 'retrains', rp).forEach((r, k) => {
          numbers(r, RETRAIN_NUMBERS, `${rp}.retrains[${k}]`);
          const kept = r.keptEpoch;
          if (kept !== undefined && !(Number.isInteger(kept) && (kept as number) >= 1 && (kept as number) <= (r.epochs as number))) throw new Problem(`${rp}.retrains[${k}].keptEpoch must be an epoch from 1 to ${String(r.epochs)}, got ${show(kept)}.`);
        });
        objects(run, 'deploys', rp).forEach((r, k) => numbers(r, DEPLOY_NUMBERS, `${rp}.deploys[${k}]`));
        numbers(object(run, 'totals', rp), TOTAL_NUMBERS, `${rp}.totals`);
        numbers(object(run, 'summary', rp), SUMMARY_NUMBERS, `${rp}.summary`);
        if (run.stoppedRetraining !== undefined) numbers(object(run, 'stoppedRetraining', rp), STOPPED_RETRAIN_NUMBERS, `${rp}.stoppedRetraining`);
      });
    });
    return null;
  } catch (err) {
    if (err instanceof Problem) return err.message;
    throw err;
  }
}
