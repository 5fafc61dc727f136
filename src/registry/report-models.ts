// The run report and the registry: a report written from the registry carries its models (ids and
// lineage) and measurements beside the runs older readers know; reading a report gives a registry
// snapshot back, from its models when it has them, else converted run by run (an older report).
import { buildReport, reportConfig, type ReportModel, type ReportSettings } from '../metrics/build-report.ts';
import { median, pruneLevelName } from '../metrics/ledger.ts';
import type { Environment, PruneDenseRecord, PruneRecord, RunRecord, RunReport, ServeRecord, ServingRecords } from '../metrics/report.ts';
import { checkScale } from '../metrics/scale-records-check.ts';
import { checkEpochs, checkKeptEpoch, checkPrune, checkServe, parseReport } from '../metrics/report-import.ts';
import { bool, describe, isObject, list, num, numOrNull, object, oneOf, SchemaError, text, type Json } from '../metrics/field-checks.ts';
import { heldEpoch, keptEpochField } from '../train/held-epoch.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { isBackendName } from '../tf/backend-names.ts';
import type { Measurement, ModelEntry, RegistrySnapshot } from './records.ts';

/** A schema-1 report with the registry added: older readers read `runs` and skip the rest. */
export interface RegistryReport extends RunReport, ServingRecords {
  models: ModelEntry[];
  measurements: Measurement[];
}

const NO_SERVING: ServingRecords = { openLoop: [], compare: [] };

/** The medians of a model's measurements of one kind (NaN without one). */
function medians(ms: readonly Measurement[]): { p50Ms: number; modelP50Ms: number; testAcc: number } {
  return { p50Ms: median(ms.map((m) => m.p50Ms)), modelP50Ms: median(ms.map((m) => m.modelP50Ms)), testAcc: median(ms.map((m) => m.testAcc)) };
}

function descendsFrom(entry: ModelEntry, rootId: string, byId: ReadonlyMap<string, ModelEntry>): boolean {
  const seen = new Set<string>();
  for (let m = byId.get(entry.parentId ?? ''); m && !seen.has(m.id); m = byId.get(m.parentId ?? '')) {
    if (m.id === rootId) return true;
    seen.add(m.id);
  }
  return false;
}

/** The RunRecord older readers expect for one trained model: its epochs, serve runs, pruned descendants and sweep baseline. */
function runOf(entry: ModelEntry & { origin: { kind: 'trained' } }, snapshot: RegistrySnapshot, byId: ReadonlyMap<string, ModelEntry>): RunRecord {
  const own = snapshot.measurements.filter((m) => m.modelId === entry.id);
  const serve: ServeRecord[] = own.flatMap((m) => (m.kind === 'serve' && m.serve ? [{ ...m.serve, backend: m.serve.backend ?? m.backend }] : []));
  const prune: PruneRecord[] = snapshot.models.flatMap((d) => {
    if (d.origin.kind !== 'pruned' || !descendsFrom(d, entry.id, byId)) return [];
    const sweep = snapshot.measurements.filter((m) => m.modelId === d.id && m.kind === 'sweep');
    const { p50Ms, modelP50Ms } = sweep.length > 0 ? medians(sweep) : d.origin.record;
    return [{ ...d.origin.record, p50Ms, modelP50Ms, modelId: d.id }];
  });
  const sweep = own.filter((m) => m.kind === 'sweep');
  const s = medians(sweep);
  // gzip size is not kept for a dense model in the registry: NaN (null in the file) rather than a guess.
  const pruneDense: PruneDenseRecord | undefined = sweep.length > 0
    ? { testAcc: entry.testAcc ?? s.testAcc, p50Ms: s.p50Ms, modelP50Ms: s.modelP50Ms, weightBytes: entry.weightBytes, gzipBytes: Number.NaN, nonzeroParams: entry.params, params: entry.params, flopsPerQuery: entry.flopsPerQuery }
    : undefined;
  return {
    backend: entry.origin.trainBackend,
    train: { epochs: entry.origin.epochs, ...keptEpochField(entry.origin.keptEpoch) },
    serve,
    prune,
    ...(pruneDense ? { pruneDense } : {}),
    settings: { ...entry.origin.settings },
    dataset: { name: entry.dataset.name, counts: { ...entry.dataset.counts } },
    label: entry.name,
    modelId: entry.id,
  };
}

const isTrained = (m: ModelEntry): m is ModelEntry & { origin: { kind: 'trained' } } => m.origin.kind === 'trained';

/**
 * The run report of a registry snapshot (schema 1, with `models` and `measurements` added, and the
 * latest open-loop sweeps and backend comparisons of its models in `openLoop` and `compare`).
 */
export function reportFromRegistry(snapshot: RegistrySnapshot, environment: Environment, modelShape: ReportModel, createdAt?: string, serving: ServingRecords = NO_SERVING): RegistryReport {
  const byId = new Map(snapshot.models.map((m) => [m.id, m]));
  const trained = snapshot.models.filter(isTrained);
  const last = trained.at(-1);
  const settings: ReportSettings = last ? { ...last.origin.settings } : { seed: 0, epochs: 0, batchSize: 0, learningRate: 0, trainSize: 0, width: 0, depth: 0 };
  const config = reportConfig(last?.dataset.name ?? snapshot.models.at(-1)?.dataset.name ?? 'none', settings, modelShape);
  const runs = trained.map((m) => runOf(m, snapshot, byId));
  const ids = new Set(snapshot.models.map((m) => m.id));
  const openLoop = serving.openLoop.filter((r) => ids.has(r.modelId));
  const compare = serving.compare.filter((r) => ids.has(r.modelId));
  // Serving at scale: written only when there is some, so a report without it reads as before.
  const scale = Object.fromEntries((['slo', 'batching', 'fleet'] as const).flatMap((k) => {
    const kept = (serving[k] ?? []).filter((r) => ids.has(r.modelId));
    return kept.length > 0 ? [[k, kept]] : [];
  }));
  return buildReport({ environment, config, runs, ...(createdAt ? { createdAt } : {}), extra: { models: snapshot.models, measurements: snapshot.measurements, openLoop, compare, ...scale } }) as RegistryReport;
}

// ---- Checking a report's models and measurements (a wrong field is named, null reads back as NaN).


function checkModel(m: Json, path: string): void {
  for (const k of ['id', 'familyId', 'name', 'createdAt']) text(m, k, path);
  for (const k of ['family', 'version', 'testCount', 'params', 'weightBytes', 'flopsPerQuery', 'inputSize', 'numClasses']) num(m, k, path);
  if (m.parentId !== null && typeof m.parentId !== 'string') throw new SchemaError(`${path}.parentId must be a model id or null, got ${describe(m.parentId)}.`);
  numOrNull(m, 'testAcc', path);
  numOrNull(m, 'valAcc', path);
  oneOf(m, 'source', path, ['session', 'saved', 'report']);
  if (typeof m.hasWeights !== 'boolean') throw new SchemaError(`${path}.hasWeights must be true or false, got ${describe(m.hasWeights)}.`);
  const d = object(m, 'dataset', path);
  text(d, 'name', `${path}.dataset`);
  text(d, 'hash', `${path}.dataset`);
  const counts = object(d, 'counts', `${path}.dataset`);
  for (const k of ['train', 'val', 'test', 'classes']) num(counts, k, `${path}.dataset.counts`);
  const o = object(m, 'origin', path);
  const op = `${path}.origin`;
  oneOf(o, 'kind', op, ['trained', 'pruned', 'imported']);
  if (o.kind === 'trained') {
    checkSettings(object(o, 'settings', op), `${op}.settings`);
    text(o, 'end', op);
    text(o, 'trainBackend', op);
    const epochs = list(o, 'epochs', op);
    checkEpochs(epochs, `${op}.epochs`);
    checkKeptEpoch(o.keptEpoch, epochs.length, `${op}.keptEpoch`);
  } else if (o.kind === 'pruned') {
    oneOf(o, 'method', op, ['unstructured', 'structured']);
    for (const k of ['sparsity', 'fineTuneEpochs']) num(o, k, op);
    for (const k of ['schedule', 'scope']) text(o, k, op);
    checkPrune(object(o, 'record', op), `${op}.record`);
  } else {
    text(o, 'file', op);
    if (o.settings !== null && !isObject(o.settings)) throw new SchemaError(`${op}.settings must be an object or null, got ${describe(o.settings)}.`);
  }
}

/** Training settings: every known field that is present has its default's type (the backend is a backend's name). */
function checkSettings(s: Json, path: string): void {
  for (const [k, v] of Object.entries(s)) {
    if (!Object.hasOwn(DEFAULT_SETTINGS, k)) continue;
    const want = k === 'backend' ? 'a backend name' : typeof DEFAULT_SETTINGS[k as keyof TrainSettings];
    const ok = k === 'backend' ? isBackendName(v) : typeof v === want && (typeof v !== 'number' || Number.isFinite(v));
    if (!ok) throw new SchemaError(`${path}.${k} must be ${want === 'number' ? 'a number' : want}, got ${describe(v)}.`);
  }
}

function checkMeasurement(m: Json, path: string, modelIds: ReadonlySet<string>): void {
  for (const k of ['id', 'modelId', 'backend', 'date']) text(m, k, path);
  if (!modelIds.has(m.modelId as string)) throw new SchemaError(`${path}.modelId ${describe(m.modelId)} names no model in the report's "models".`);
  oneOf(m, 'kind', path, ['serve', 'compare', 'sweep', 'profile']);
  for (const k of ['count', 'p50Ms', 'modelP50Ms', 'testAcc']) num(m, k, path);
  for (const k of ['modelP50LowMs', 'modelP50HighMs']) if (m[k] !== undefined) numOrNull(m, k, path);
  if (m.runId !== undefined) text(m, 'runId', path);
  if (m.serve !== undefined) checkServe(object(m, 'serve', path), `${path}.serve`);
}

const OPEN_LOOP_POINT_NUMBERS = ['targetQps', 'achievedQps', 'count', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', 'serviceP50Ms', 'maxSendLagMs', 'errorCount'];
const WAKE_NUMBERS = ['gapMs', 'pairs', 'idleP50Ms', 'idleP90Ms', 'busyP50Ms', 'busyP90Ms', 'workerSpinMs'];
const ARM_NUMBERS = ['count', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'modelP50Ms', 'testAcc', 'errorCount'];
/** A rate that may be null (no knee, no failure). */
const rateOrNull = (o: Json, key: string, path: string): void => {
  if (o[key] === undefined) o[key] = null;
  numOrNull(o, key, path);
};
const knownModel = (o: Json, path: string, modelIds: ReadonlySet<string> | null): void => {
  if (modelIds && !modelIds.has(o.modelId as string)) throw new SchemaError(`${path}.modelId ${describe(o.modelId)} names no model in the report's "models".`);
};

function checkOpenLoop(r: Json, path: string, modelIds: ReadonlySet<string> | null): void {
  for (const k of ['modelId', 'model', 'backend', 'date']) text(r, k, path);
  knownModel(r, path, modelIds);
  list(r, 'points', path).forEach((p, i) => {
    OPEN_LOOP_POINT_NUMBERS.forEach((k) => num(p, k, `${path}.points[${i}]`));
    num(p, 'idleShare', `${path}.points[${i}]`, true);
    num(p, 'offeredQps', `${path}.points[${i}]`, true);
    for (const k of ['p99LowMs', 'p99HighMs', 'serviceP50LowMs', 'serviceP50HighMs']) if (p[k] !== undefined) numOrNull(p, k, `${path}.points[${i}]`);
  });
  rateOrNull(r, 'kneeQps', path);
  rateOrNull(r, 'firstFailureQps', path);
  if (r.reason === undefined) r.reason = null;
  if (r.reason !== null) oneOf(r, 'reason', path, ['throughput', 'latency', 'both']);
  num(r, 'p99LimitMs', path);
  bool(r, 'aborted', path);
  if (r.wake !== undefined) {
    const w = object(r, 'wake', path);
    WAKE_NUMBERS.forEach((k) => num(w, k, `${path}.wake`));
    num(w, 'extraP50Ms', `${path}.wake`, true);
    for (const k of ['extraP50LowMs', 'extraP50HighMs']) if (w[k] !== undefined) numOrNull(w, k, `${path}.wake`);
  }
}

function checkCompare(r: Json, path: string, modelIds: ReadonlySet<string> | null): void {
  for (const k of ['modelId', 'model', 'date']) text(r, k, path);
  knownModel(r, path, modelIds);
  num(r, 'rounds', path);
  bool(r, 'aborted', path);
  list(r, 'arms', path).forEach((a, i) => {
    const ap = `${path}.arms[${i}]`;
    text(a, 'backend', ap);
    ARM_NUMBERS.forEach((k) => num(a, k, ap));
    num(a, 'loadMs', ap, true);
    for (const k of ['p50LowMs', 'p50HighMs', 'modelP50LowMs', 'modelP50HighMs']) if (a[k] !== undefined) numOrNull(a, k, ap);
    if (a.capabilities !== undefined) text(a, 'capabilities', ap);
  });
}

/**
 * Checks (in place) a report's `openLoop` and `compare` lists; a report without them has none.
 * With `modelIds`, every record must name one of the report's models.
 */
export function checkServing(data: Json, modelIds: ReadonlySet<string> | null): ServingRecords {
  const openLoop = data.openLoop === undefined ? [] : list(data, 'openLoop', 'report');
  openLoop.forEach((r, i) => checkOpenLoop(r, `openLoop[${i}]`, modelIds));
  const compare = data.compare === undefined ? [] : list(data, 'compare', 'report');
  compare.forEach((r, i) => checkCompare(r, `compare[${i}]`, modelIds));
  return { openLoop: openLoop as unknown as ServingRecords['openLoop'], compare: compare as unknown as ServingRecords['compare'], ...checkScale(data, modelIds) };
}

/** Checks (in place) a report's `models` and `measurements`; throws SchemaError naming the first bad field. */
function checkRegistry(data: Json): RegistrySnapshot {
  const models = list(data, 'models', 'report');
  const ids = new Set<string>();
  models.forEach((m, i) => {
    checkModel(m, `models[${i}]`);
    if (ids.has(m.id as string)) throw new SchemaError(`models[${i}].id ${describe(m.id)} appears twice.`);
    ids.add(m.id as string);
  });
  const measurements = data.measurements === undefined ? [] : list(data, 'measurements', 'report');
  measurements.forEach((m, i) => checkMeasurement(m, `measurements[${i}]`, ids));
  return { models: (models as unknown as ModelEntry[]).map(withKnownSettings), measurements: measurements as unknown as Measurement[] };
}

/**
 * A trained model's settings as this app knows them: a field it does not know (a later version's)
 * is left out, and one the report lacks takes its default, so the model can be trained on again.
 */
function withKnownSettings(m: ModelEntry): ModelEntry {
  if (m.origin.kind !== 'trained') return m;
  const given = m.origin.settings as unknown as Record<string, unknown>;
  const settings = Object.fromEntries(Object.entries(DEFAULT_SETTINGS).map(([k, v]) => [k, Object.hasOwn(given, k) ? given[k] : v])) as unknown as TrainSettings;
  return { ...m, origin: { ...m.origin, settings } };
}

// ---- Converting an older report (runs only) into registry entries.

const numberOr = (x: unknown, fallback: number): number => (typeof x === 'number' ? x : fallback);

/** What made an older run: its own settings, else the report's config, the backend it ran on. */
function settingsOf(report: RunReport, run: RunRecord): TrainSettings {
  const c = report.config;
  const model = (isObject(c.model) ? c.model : {}) as Record<string, unknown>;
  const known = { seed: c.seed, epochs: c.epochs, batchSize: c.batchSize, learningRate: c.learningRate, trainSize: c.trainSize, width: model.width, depth: model.depth, ...run.settings };
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  // Only the settings this app knows, and only values of their type: an older report's stray or wrong field is left out.
  for (const [k, v] of Object.entries(known)) if (Object.hasOwn(DEFAULT_SETTINGS, k) && typeof v === typeof DEFAULT_SETTINGS[k as keyof TrainSettings]) out[k] = v;
  return { ...(out as unknown as TrainSettings), backend: run.backend as TrainSettings['backend'] };
}

function modelsOfRun(report: RunReport, run: RunRecord, index: number, file: string): RegistrySnapshot {
  // Ids from the file, its date and the run's place in it: importing the same file twice adds nothing.
  const id = `import:${file}:${report.createdAt}:${index}`;
  const counts = run.dataset?.counts ?? {};
  const dataset = { name: run.dataset?.name ?? report.config.dataset, hash: '', counts: { train: numberOr(counts.train, numberOr(report.config.trainSize, Number.NaN)), val: numberOr(counts.val, Number.NaN), test: numberOr(counts.test, Number.NaN), classes: numberOr(counts.classes, Number.NaN) } };
  const inputSize = numberOr((report.config.model as Record<string, unknown> | undefined)?.inputSize, Number.NaN);
  const n = run.train.epochs.length;
  const kept = run.train.keptEpoch;
  const label = typeof run.label === 'string' ? run.label : `${run.backend}, ${n} epoch${n === 1 ? '' : 's'}`;
  const d = run.pruneDense;
  const date = report.createdAt;
  const common = { familyId: id, family: index + 1, dataset, createdAt: date, testCount: numberOr(dataset.counts.test, 0), inputSize, numClasses: dataset.counts.classes, source: 'report' as const, hasWeights: false };
  const root: ModelEntry = {
    ...common,
    id,
    version: 1,
    name: `${file}: ${label}`,
    parentId: null,
    origin: { kind: 'trained', settings: settingsOf(report, run), end: 'not recorded', trainBackend: run.backend, epochs: run.train.epochs, ...keptEpochField(kept) },
    testAcc: d?.testAcc ?? run.serve[0]?.testAcc ?? null,
    valAcc: heldEpoch(run.train.epochs, kept)?.valAcc ?? null,
    params: d?.params ?? Number.NaN,
    weightBytes: d?.weightBytes ?? Number.NaN,
    flopsPerQuery: run.serve[0]?.flopsPerQuery ?? d?.flopsPerQuery ?? Number.NaN,
  };
  const measurements: Measurement[] = run.serve.map((s, j) => ({
    id: `${id}:serve:${j}`, modelId: id, backend: s.backend ?? run.backend, kind: 'serve', date, count: s.count, p50Ms: s.p50Ms, modelP50Ms: s.modelP50Ms ?? Number.NaN, testAcc: s.testAcc, serve: s,
  }));
  // The sweep's dense baseline is the same model: its rounds (on wasm; their count was not recorded) join its row.
  if (d) measurements.push({ id: `${id}:sweep`, modelId: id, backend: 'wasm', kind: 'sweep', date, count: Number.NaN, p50Ms: d.p50Ms, modelP50Ms: d.modelP50Ms, testAcc: d.testAcc });
  const children: ModelEntry[] = run.prune.map((p, k) => ({
    ...common,
    id: `${id}:prune:${k}`,
    version: k + 2,
    name: `${root.name} · ${pruneLevelName(p)}`,
    parentId: id,
    origin: { kind: 'pruned', method: p.method, sparsity: p.sparsity, schedule: 'not recorded', scope: 'not recorded', fineTuneEpochs: Number.NaN, record: p },
    testAcc: p.testAcc,
    valAcc: null,
    params: p.nonzeroParams,
    weightBytes: p.weightBytes,
    flopsPerQuery: p.flopsPerQuery,
  }));
  for (const c of children) {
    const p = (c.origin as { record: PruneRecord }).record;
    const modelP50Ms = p.modelP50Ms ?? Number.NaN;
    // A level stopped before its latency rounds has none: no measurement, not a zero.
    if (Number.isFinite(p.p50Ms) || Number.isFinite(modelP50Ms)) measurements.push({ id: `${c.id}:sweep`, modelId: c.id, backend: 'wasm', kind: 'sweep', date, count: Number.NaN, p50Ms: p.p50Ms, modelP50Ms, testAcc: p.testAcc });
  }
  return { models: [root, ...children], measurements };
}

/**
 * A report's registry: its `models` and `measurements` when it carries them (checked: a wrong field
 * throws an error naming it), else its runs converted (an older report).
 */
export function registryFromReport(report: RunReport, fileName: string): RegistrySnapshot {
  const data = structuredClone(report) as unknown as Json;
  if (data.models !== undefined) {
    try {
      return checkRegistry(data);
    } catch (err) {
      if (err instanceof SchemaError) throw new Error(`The report's registry does not match the schema: ${err.message}`);
      throw err;
    }
  }
  const parts = report.runs.map((run, i) => modelsOfRun(report, run, i, fileName));
  return { models: parts.flatMap((p) => p.models), measurements: parts.flatMap((p) => p.measurements) };
}

export type RegistryImportResult = { ok: true; report: RunReport; snapshot: RegistrySnapshot; serving: ServingRecords } | { ok: false; message: string };

/** Parses a report file's text, its registry and its serving records; `name` is the file name used in messages. */
export function parseRegistryReport(text: string, name = 'the file', fileName = name): RegistryImportResult {
  const parsed = parseReport(text, name);
  if (!parsed.ok) return parsed;
  const data = parsed.report as unknown as Json;
  try {
    // An older report has runs only: no model ids for serving records to name, and it carries none.
    if (data.models === undefined) return { ok: true, report: parsed.report, snapshot: registryFromReport(parsed.report, fileName), serving: checkServing(data, null) };
    const snapshot = checkRegistry(data);
    return { ok: true, report: parsed.report, snapshot, serving: checkServing(data, new Set(snapshot.models.map((m) => m.id))) };
  } catch (err) {
    if (err instanceof SchemaError) return { ok: false, message: `${name} does not match the run report schema: ${err.message}` };
    throw err;
  }
}
