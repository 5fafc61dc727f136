// Reading a run report back from a file: checks it against the schema of src/metrics/report.ts
// and names the first problem (not JSON, a foreign file, another schema version, a bad field).
import type { RunReport } from './report.ts';
import { lifecycleProblem } from '../drift/lifecycle-import.ts';

export type ImportResult = { ok: true; report: RunReport } | { ok: false; message: string };

export type Json = Record<string, unknown>;

export const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

export const describe = (x: unknown): string => (x === undefined ? 'nothing' : Array.isArray(x) ? 'a list' : typeof x === 'string' ? `"${x.slice(0, 40)}"` : JSON.stringify(x)?.slice(0, 40) ?? typeof x);

/** A field that does not match the schema; the message names it. */
export class SchemaError extends Error {}

/**
 * A number field. JSON has no NaN: a figure that was not measured (NaN in the app) is written as
 * null, so null reads back as NaN.
 */
export function num(obj: Json, key: string, path: string, optional = false): void {
  const v = obj[key];
  if (v === null || (optional && v === undefined)) {
    if (v === null) obj[key] = Number.NaN;
    return;
  }
  if (typeof v !== 'number') throw new SchemaError(`${path}.${key} must be a number, got ${describe(v)}.`);
}

export function list(obj: Json, key: string, path: string): Json[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw new SchemaError(`${path}.${key} must be a list, got ${describe(v)}.`);
  v.forEach((item, i) => {
    if (!isObject(item)) throw new SchemaError(`${path}.${key}[${i}] must be an object, got ${describe(item)}.`);
  });
  return v as Json[];
}

const EPOCH_NUMBERS = ['epoch', 'wallMs', 'samplesPerSec', 'kernelCount', 'trainFlops', 'gflops', 'loss', 'acc', 'valLoss', 'valAcc', 'numTensors', 'numBytes'];
const SERVE_NUMBERS = ['coldMs', 'count', 'meanMs', 'minMs', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', 'testAcc', 'flopsPerQuery', 'numTensorsLeaked'];
const PRUNE_NUMBERS = ['sparsity', 'testAcc', 'p50Ms', 'weightBytes', 'gzipBytes', 'nonzeroParams', 'flopsPerQuery', 'fineTuneMs'];
const DENSE_NUMBERS = ['testAcc', 'p50Ms', 'modelP50Ms', 'flopsPerQuery'];

/** An EpochRecord's numbers (null reads back as NaN). */
export function checkEpochs(epochs: Json[], path: string): void {
  epochs.forEach((e, i) => EPOCH_NUMBERS.forEach((k) => num(e, k, `${path}[${i}]`)));
}

/** A ServeRecord's numbers; a missing throughput list reads as none. */
export function checkServe(s: Json, path: string): void {
  SERVE_NUMBERS.forEach((k) => num(s, k, path));
  num(s, 'modelP50Ms', path, true);
  if (!Array.isArray(s.throughput)) s.throughput = [];
}

/** A PruneRecord's method and numbers. */
export function checkPrune(p: Json, path: string): void {
  if (p.method !== 'unstructured' && p.method !== 'structured') throw new SchemaError(`${path}.method must be "unstructured" or "structured", got ${describe(p.method)}.`);
  PRUNE_NUMBERS.forEach((k) => num(p, k, path));
  for (const k of ['modelP50Ms', 'fineTuneFlops', 'fineTuneDispatches']) num(p, k, path, true);
}

function checkRun(run: Json, path: string): void {
  if (typeof run.backend !== 'string') throw new SchemaError(`${path}.backend must be a backend name, got ${describe(run.backend)}.`);
  if (!isObject(run.train)) throw new SchemaError(`${path}.train must be an object with "epochs", got ${describe(run.train)}.`);
  checkEpochs(list(run.train, 'epochs', `${path}.train`), `${path}.train.epochs`);
  list(run, 'serve', path).forEach((s, i) => checkServe(s, `${path}.serve[${i}]`));
  list(run, 'prune', path).forEach((p, i) => checkPrune(p, `${path}.prune[${i}]`));
  if (run.pruneDense !== undefined) {
    if (!isObject(run.pruneDense)) throw new SchemaError(`${path}.pruneDense must be an object, got ${describe(run.pruneDense)}.`);
    const dense = run.pruneDense;
    DENSE_NUMBERS.forEach((k) => num(dense, k, `${path}.pruneDense`));
    for (const k of ['weightBytes', 'gzipBytes', 'nonzeroParams', 'params']) num(dense, k, `${path}.pruneDense`, true);
  }
  if (run.dataset !== undefined) {
    if (!isObject(run.dataset)) throw new SchemaError(`${path}.dataset must be an object with a name and counts, got ${describe(run.dataset)}.`);
    if (typeof run.dataset.name !== 'string') throw new SchemaError(`${path}.dataset.name must be the dataset's name, got ${describe(run.dataset.name)}.`);
    const counts = run.dataset.counts;
    if (counts !== undefined) {
      if (!isObject(counts)) throw new SchemaError(`${path}.dataset.counts must be an object of image counts, got ${describe(counts)}.`);
      for (const k of Object.keys(counts)) num(counts, k, `${path}.dataset.counts`, true);
    }
  }
}

const TTA_TEXTS = ['id', 'modelId', 'model', 'backend', 'date'];
const TTA_NUMBERS = ['count', 'p50Ms', 'modelP50Ms', 'modelP50LowMs', 'modelP50HighMs', 'testAcc', 'testImages', 'numTensorsLeaked'];

/** A report's test-time augmentation records (`tta`, src/metrics/report.ts); a report without them has none. */
export function checkTta(data: Json): void {
  if (data.tta === undefined) return;
  list(data, 'tta', 'report').forEach((r, i) => {
    const path = `tta[${i}]`;
    for (const k of TTA_TEXTS) if (typeof r[k] !== 'string') throw new SchemaError(`${path}.${k} must be text, got ${describe(r[k])}.`);
    if (![1, 2, 4, 8].includes(r.views as number)) throw new SchemaError(`${path}.views must be 1, 2, 4 or 8, got ${describe(r.views)}.`);
    TTA_NUMBERS.forEach((k) => num(r, k, path));
  });
}

/** A run report nests about ten levels; far deeper JSON is not one, and copying it would overflow the stack. */
const MAX_DEPTH = 64;

/** How deeply `value` nests (objects and arrays), measured without recursion, stopping past MAX_DEPTH. */
function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    deepest = Math.max(deepest, d);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** Parses and checks a report file's text; `name` is the file name used in messages. */
export function parseReport(text: string, name = 'the file'): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `${name} is not JSON (${(err as Error).message}): a run report is the .json file the Ledger's export or \`npm run bench\` writes.` };
  }
  const depth = jsonDepth(data);
  if (depth > MAX_DEPTH) return { ok: false, message: `${name} nests its JSON ${depth} levels deep; a run report needs fewer than ${MAX_DEPTH}, so this is not one.` };
  if (!isObject(data) || (!('schema' in data) && !('runs' in data))) {
    return { ok: false, message: `${name} is JSON but not a Train & Serve Lab run report: it has no "schema" and no "runs".` };
  }
  if (data.schema !== 1) {
    return { ok: false, message: `${name} is a run report of schema version ${describe(data.schema)}; this app reads schema version 1.` };
  }
  try {
    if (!isObject(data.environment)) throw new SchemaError(`environment must be an object, got ${describe(data.environment)}.`);
    if (!isObject(data.config)) throw new SchemaError(`config must be an object, got ${describe(data.config)}.`);
    if (typeof data.config.dataset !== 'string') throw new SchemaError(`config.dataset must be the dataset's name, got ${describe(data.config.dataset)}.`);
    if (typeof data.createdAt !== 'string') data.createdAt = '';
    const runs = list(data, 'runs', 'report');
    // A report of models loaded from files alone has no training run, but its models are there to compare.
    const models = Array.isArray(data.models) ? data.models.length : 0;
    if (runs.length === 0 && models === 0) throw new SchemaError('report.runs is empty: there is nothing to compare.');
    runs.forEach((r, i) => checkRun(r, `runs[${i}]`));
    checkTta(data);
    const lifecycle = lifecycleProblem(data.lifecycle);
    if (lifecycle) throw new SchemaError(lifecycle);
  } catch (err) {
    if (err instanceof SchemaError) return { ok: false, message: `${name} does not match the run report schema: ${err.message}` };
    throw err;
  }
  return { ok: true, report: data as unknown as RunReport };
}
