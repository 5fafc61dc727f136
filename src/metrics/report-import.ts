// Reading a run report back from a file: checks it against the schema of src/metrics/report.ts
// and names the first problem (not JSON, a foreign file, another schema version, a bad field).
import type { KernelFamily, RunReport } from './report.ts';
import { lifecycleProblem } from '../drift/lifecycle-import.ts';
import { SPEND_KINDS } from '../spend/spend-record.ts';
import { describe, isObject, list, num, object, SchemaError, text, type Json } from './field-checks.ts';

export type ImportResult = { ok: true; report: RunReport } | { ok: false; message: string };

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

const BREAKDOWN_NUMBERS = ['batchSize', 'kernelSumMs', 'profiledWallMs', 'batchMs', 'repeats', 'dispatches', 'untimedKernels'];
/** Every kernel family by name; the Record type makes the compiler ask for a family added to KernelFamily. */
const KERNEL_FAMILY_NAMES: Record<KernelFamily, true> = { Conv2D: true, Conv2DBackpropFilter: true, Conv2DBackpropInput: true, MaxPoolGrad: true, 'ReLU gradient': true, BatchMatMul: true, optimizer: true, other: true };

/** A run's kernel breakdown (BatchBreakdownRecord): its numbers, how it was timed, and each family's time, calls and kernel names. */
export function checkKernelBreakdown(b: unknown, path: string): void {
  if (!isObject(b)) throw new SchemaError(`${path} must be an object (a training batch's time by kernel family), got ${describe(b)}.`);
  if (typeof b.backend !== 'string') throw new SchemaError(`${path}.backend must be a backend name, got ${describe(b.backend)}.`);
  if (typeof b.timing !== 'string') throw new SchemaError(`${path}.timing must say how kernel times were read, got ${describe(b.timing)}.`);
  BREAKDOWN_NUMBERS.forEach((k) => num(b, k, path));
  list(b, 'families', path).forEach((f, i) => {
    const at = `${path}.families[${i}]`;
    if (typeof f.family !== 'string' || !Object.hasOwn(KERNEL_FAMILY_NAMES, f.family)) throw new SchemaError(`${at}.family must be one of ${Object.keys(KERNEL_FAMILY_NAMES).join(', ')}; got ${describe(f.family)}.`);
    for (const k of ['ms', 'calls']) num(f, k, at);
    if (!Array.isArray(f.kernels) || !f.kernels.every((k) => typeof k === 'string')) throw new SchemaError(`${at}.kernels must be a list of kernel names, got ${describe(f.kernels)}.`);
  });
}

/** The epoch a model kept (the keepBest setting), when present: one of its `epochs` epochs. */
export function checkKeptEpoch(kept: unknown, epochs: number, path: string): void {
  if (kept === undefined || (Number.isInteger(kept) && (kept as number) >= 1 && (kept as number) <= epochs)) return;
  throw new SchemaError(`${path} must be one of the run's epochs, 1 to ${epochs}, got ${describe(kept)}.`);
}

function checkRun(run: Json, path: string): void {
  if (typeof run.backend !== 'string') throw new SchemaError(`${path}.backend must be a backend name, got ${describe(run.backend)}.`);
  if (!isObject(run.train)) throw new SchemaError(`${path}.train must be an object with "epochs", got ${describe(run.train)}.`);
  const epochs = list(run.train, 'epochs', `${path}.train`);
  checkEpochs(epochs, `${path}.train.epochs`);
  checkKeptEpoch(run.train.keptEpoch, epochs.length, `${path}.train.keptEpoch`);
  list(run, 'serve', path).forEach((s, i) => checkServe(s, `${path}.serve[${i}]`));
  list(run, 'prune', path).forEach((p, i) => checkPrune(p, `${path}.prune[${i}]`));
  if (run.pruneDense !== undefined) {
    if (!isObject(run.pruneDense)) throw new SchemaError(`${path}.pruneDense must be an object, got ${describe(run.pruneDense)}.`);
    const dense = run.pruneDense;
    DENSE_NUMBERS.forEach((k) => num(dense, k, `${path}.pruneDense`));
    for (const k of ['weightBytes', 'gzipBytes', 'nonzeroParams', 'params']) num(dense, k, `${path}.pruneDense`, true);
  }
  if (run.kernelBreakdown !== undefined) checkKernelBreakdown(run.kernelBreakdown, `${path}.kernelBreakdown`);
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
    for (const k of TTA_TEXTS) text(r, k, path);
    if (![1, 2, 4, 8].includes(r.views as number)) throw new SchemaError(`${path}.views must be 1, 2, 4 or 8, got ${describe(r.views)}.`);
    TTA_NUMBERS.forEach((k) => num(r, k, path));
  });
}

const SPEND_ROW_NUMBERS = ['views', 'seeds', 'trainMs', 'trainFlops', 'perQueryMs', 'perQueryFlops', 'testAcc', 'testCount'];

/** An answer of the side-by-side table: its change points and segments name rows of the table. */
function checkSpendAnswer(a: Json, path: string, keys: ReadonlySet<string>): void {
  const known = (obj: Json, key: string, at: string) => {
    const k = text(obj, key, at);
    if (!keys.has(k)) throw new SchemaError(`${at}.${key} names the option "${k.slice(0, 60)}", which is not a row of spend.rows.`);
  };
  if (a.cheapest !== null) known(a, 'cheapest', path);
  list(a, 'changes', path).forEach((c, i) => {
    const at = `${path}.changes[${i}]`;
    num(c, 'queries', at);
    num(c, 'queriesPerDay', at);
    known(c, 'from', at);
    known(c, 'to', at);
    for (const side of ['fromLine', 'toLine']) {
      const line = object(c, side, at);
      known(line, 'key', `${at}.${side}`);
      num(line, 'upFront', `${at}.${side}`);
      num(line, 'perQuery', `${at}.${side}`);
    }
  });
  list(a, 'segments', path).forEach((g, i) => {
    const at = `${path}.segments[${i}]`;
    known(g, 'key', at);
    num(g, 'fromQueries', at);
    // JSON has no Infinity: the last segment's open end is written as null.
    if (g.toQueries === null) g.toQueries = Number.POSITIVE_INFINITY;
    else num(g, 'toQueries', at);
  });
}

/** A report's side-by-side "where to spend" table (`spend`, written by the bench; src/metrics/report.ts); a report without it has none. */
export function checkSpend(data: Json): void {
  if (data.spend === undefined) return;
  const spend = object(data, 'spend', 'report');
  const keys = new Set<string>();
  list(spend, 'rows', 'spend').forEach((r, i) => {
    const path = `spend.rows[${i}]`;
    for (const k of ['key', 'modelId', 'name']) text(r, k, path);
    if (!(SPEND_KINDS as readonly unknown[]).includes(r.kind)) throw new SchemaError(`${path}.kind must be one of ${SPEND_KINDS.join(', ')}, got ${describe(r.kind)}.`);
    SPEND_ROW_NUMBERS.forEach((k) => num(r, k, path));
    keys.add(r.key as string);
  });
  const answer = object(spend, 'answer', 'spend');
  num(answer, 'queries', 'spend.answer');
  num(answer, 'targetPct', 'spend.answer');
  checkSpendAnswer(answer, 'spend.answer', keys);
  checkSpendAnswer(object(spend, 'anyAccuracy', 'spend'), 'spend.anyAccuracy', keys);
  num(spend, 'queriesPerDay', 'spend');
  num(spend, 'days', 'spend');
  const notes = spend.notes;
  if (!Array.isArray(notes) || notes.some((n) => typeof n !== 'string')) throw new SchemaError(`spend.notes must be a list of text, got ${describe(notes)}.`);
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
    checkSpend(data);
    const lifecycle = lifecycleProblem(data.lifecycle);
    if (lifecycle) throw new SchemaError(lifecycle);
  } catch (err) {
    if (err instanceof SchemaError) return { ok: false, message: `${name} does not match the run report schema: ${err.message}` };
    throw err;
  }
  return { ok: true, report: data as unknown as RunReport };
}
