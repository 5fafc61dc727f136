// Turns what the first version of the app stored (saved models and the Ledger's run history) into
// registry records: models keep their ids so their stored weights still match, runs join the saved
// model they trained, and every serve and sweep result becomes a measurement of its model.
// Pure and deterministic: migrating the same records twice gives the same ids and the same result.
import type { EpochRecord, PruneRecord, RunRecord } from '../metrics/report.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { DatasetIdentity, Measurement, ModelEntry, ModelOrigin, ModelSource, RegistrySnapshot } from './records.ts';

/** A saved model as the first version stored it (the 'models' store). */
export interface V1SavedModelMeta {
  id: string;
  name: string;
  kind: 'trained' | 'pruned' | 'imported';
  dataset: string;
  settings: TrainSettings | null;
  valAcc: number | null;
  testAcc: number | null;
  records: EpochRecord[];
  /** Trained: "completed run of 2000 images"; pruned: "structured 50%"; imported: "from model.json". */
  note: string;
  savedAt: string;
  weightBytes: number;
  params: number;
  inputSize: number;
  numClasses: number;
}

/** One run of the Ledger's history as the first version stored it (the 'runs' store). */
export interface V1RunEntry {
  id: string;
  date: string;
  label: string;
  source: 'session' | 'imported' | 'saved';
  run: RunRecord;
  settings: Record<string, unknown>;
  dataset: { name: string; counts: Record<string, number> };
  file?: string;
}

/** The first version measured every sweep's latency rounds on this backend. */
const V1_SWEEP_BACKEND = 'wasm';
/** The first version resized every image to this size (the CNN's only input size then). */
const V1_INPUT_SIZE = 64;
const RUN_ENDS = ['completed', 'stopped', 'early-stopped', 'backend-lost'];
const SETTING_NUMBERS = ['epochs', 'batchSize', 'learningRate', 'width', 'depth', 'trainSize', 'seed', 'patience', 'dropout'] as const;

/** A model being built, before its family, version and name are known. */
type Draft = Omit<ModelEntry, 'familyId' | 'family' | 'version' | 'name'> & { label: string };

export function migrateV1(models: readonly V1SavedModelMeta[], runs: readonly V1RunEntry[]): RegistrySnapshot {
  const drafts = new Map<string, Draft>();
  const saved = byTime(models, (m) => m.savedAt);
  const trainedSaved = saved.filter((m) => m.kind === 'trained');
  for (const m of saved) if (m.kind !== 'pruned') drafts.set(m.id, savedDraft(m, null));

  // Each run (in time order) claims the first unclaimed trained saved model with its epochs' wall
  // times; a run read from a report is another machine's, so it never claims one.
  const sortedRuns = byTime(runs, (r) => r.date);
  const runModel = new Map<string, string>();
  const claimed = new Set<string>();
  for (const run of sortedRuns) {
    const match = run.source === 'imported' ? undefined : trainedSaved.find((m) => !claimed.has(m.id) && sameEpochs(m.records, run.run.train.epochs));
    if (match) {
      claimed.add(match.id);
      runModel.set(run.id, match.id);
      const d = drafts.get(match.id)!;
      // The run knows more than the saved record: when training finished, the split sizes, the FLOPs.
      const dataset = { ...datasetOf(run, d.numClasses), name: d.dataset.name };
      drafts.set(match.id, {
        ...d,
        createdAt: run.date || d.createdAt,
        dataset,
        testCount: dataset.counts.test,
        flopsPerQuery: run.run.pruneDense?.flopsPerQuery ?? run.run.serve[0]?.flopsPerQuery ?? NaN,
        origin: d.origin.kind === 'trained' ? { ...d.origin, trainBackend: run.run.backend } : d.origin,
      });
    } else {
      const id = drafts.has(run.id) ? `${run.id}:model` : run.id;
      runModel.set(run.id, id);
      drafts.set(id, runDraft(run, id));
    }
  }

  // A pruned saved model hangs under the newest earlier trained saved model with the same
  // settings; failing that, under the newest earlier run with them (only the level was saved).
  for (const m of saved.filter((x) => x.kind === 'pruned')) {
    const fromSaved = trainedSaved.filter((t) => t.savedAt <= m.savedAt && sameSettings(t.settings, m.settings)).at(-1);
    const unsaved = (r: V1RunEntry) => r.source !== 'imported' && !claimed.has(runModel.get(r.id)!);
    const fromRun = sortedRuns.filter((r) => unsaved(r) && r.date <= m.savedAt && sameSettings(r.settings, m.settings)).at(-1);
    const parentId = fromSaved?.id ?? (fromRun ? runModel.get(fromRun.id) : undefined);
    drafts.set(m.id, savedDraft(m, parentId ? drafts.get(parentId)! : null));
  }

  const measurements: Measurement[] = [];
  const reused = new Set<string>();
  for (const run of sortedRuns) {
    const modelId = runModel.get(run.id)!;
    const parent = drafts.get(modelId)!;
    run.run.serve.forEach((s, i) => {
      measurements.push({
        id: `${run.id}:serve:${i}`, modelId, backend: s.backend ?? run.run.backend, kind: 'serve', date: run.date,
        count: s.count, p50Ms: s.p50Ms, modelP50Ms: s.modelP50Ms ?? NaN, testAcc: s.testAcc, serve: s,
      });
    });
    if (run.run.pruneDense) measurements.push(sweepMeasurement(`${run.id}:sweep:dense`, modelId, run.date, run.run.pruneDense));
    run.run.prune.forEach((record, i) => {
      const kept = [...drafts.values()].find((d) => !reused.has(d.id) && d.parentId === modelId && d.origin.kind === 'pruned' && d.hasWeights && sameLevel(d.origin, record));
      let childId: string;
      if (kept?.origin.kind === 'pruned') {
        reused.add(kept.id);
        childId = kept.id;
        // The sweep's record holds what the saved entry lacks (gzip bytes, FLOPs, fine-tuning cost).
        drafts.set(kept.id, { ...kept, flopsPerQuery: record.flopsPerQuery, origin: { ...kept.origin, record: { ...record } } });
      } else {
        childId = `${run.id}:prune:${i}`;
        drafts.set(childId, prunedDraft(childId, parent, record, justAfter(run.date, i + 1), run.source === 'imported' ? 'report' : 'saved'));
      }
      measurements.push(sweepMeasurement(`${run.id}:sweep:${i}`, childId, run.date, record));
    });
  }

  return { models: number([...drafts.values()]), measurements };
}

const byTime = <T>(list: readonly T[], time: (x: T) => string): T[] => [...list].sort((a, b) => time(a).localeCompare(time(b)));

/** The first version kept no time for a sweep; a few milliseconds after the run keeps the family in order. */
function justAfter(date: string, ms: number): string {
  const t = Date.parse(date);
  return Number.isFinite(t) ? new Date(t + ms).toISOString() : date;
}

/** Family numbers by the roots' creation order, versions by creation order in each family, unique names. */
function number(drafts: Draft[]): ModelEntry[] {
  const ordered = drafts.map((d, i) => ({ d, i })).sort((a, b) => a.d.createdAt.localeCompare(b.d.createdAt) || a.i - b.i).map((x) => x.d);
  const byId = new Map(ordered.map((d) => [d.id, d]));
  // Lineage here is one level deep (a pruned level under its trained model), so a parent is a root.
  const rootOf = (d: Draft): Draft => (d.parentId ? byId.get(d.parentId) ?? d : d);
  const roots = ordered.filter((d) => rootOf(d) === d);
  const families = new Map(roots.map((d, i) => [d.id, { family: i + 1, next: 1 }]));
  const taken = new Set<string>();
  const out: ModelEntry[] = [];
  for (const d of [...roots, ...ordered.filter((x) => rootOf(x) !== x)]) {
    const root = rootOf(d);
    const f = families.get(root.id)!;
    const version = f.next++;
    const { label, ...rest } = d;
    let name = `model ${f.family}.${version} · ${label}`;
    for (let k = 2; taken.has(name); k++) name = `model ${f.family}.${version} · ${label} (${k})`;
    taken.add(name);
    out.push({ ...rest, familyId: root.id, family: f.family, version, name });
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.family - b.family || a.version - b.version);
}

function savedDraft(m: V1SavedModelMeta, parent: Draft | null): Draft {
  const dataset: DatasetIdentity = parent && parent.dataset.name === m.dataset ? { ...parent.dataset, counts: { ...parent.dataset.counts } } : unknownCounts(m.dataset, m.numClasses);
  return {
    id: m.id,
    label: m.name,
    parentId: parent?.id ?? null,
    origin: savedOrigin(m),
    dataset,
    createdAt: m.savedAt,
    testAcc: m.testAcc,
    testCount: dataset.counts.test,
    valAcc: m.kind === 'pruned' ? null : m.valAcc,
    params: m.params,
    weightBytes: m.weightBytes,
    flopsPerQuery: NaN,
    inputSize: m.inputSize,
    numClasses: m.numClasses,
    source: 'saved',
    hasWeights: true,
  };
}

function savedOrigin(m: V1SavedModelMeta): ModelOrigin {
  if (m.kind === 'imported') return { kind: 'imported', file: m.note.replace(/^from /, ''), settings: m.settings };
  if (m.kind === 'trained') {
    const settings = m.settings ?? settingsFrom({}, '');
    const word = m.note.split(' ')[0] ?? '';
    return { kind: 'trained', settings, end: RUN_ENDS.includes(word) ? word : 'completed', trainBackend: settings.backend, epochs: m.records };
  }
  // The first version's note is the level's label, "structured 50%"; the name repeats it.
  const level = /\b(structured|unstructured) (\d+(?:\.\d+)?)%/.exec(m.note) ?? /\b(structured|unstructured) (\d+(?:\.\d+)?)%/.exec(m.name);
  const method = level?.[1] === 'structured' ? 'structured' : 'unstructured';
  const sparsity = level ? Number(level[2]) / 100 : NaN;
  const record: PruneRecord = {
    method, sparsity, testAcc: m.testAcc ?? NaN, p50Ms: NaN, weightBytes: m.weightBytes, gzipBytes: NaN, nonzeroParams: m.params, flopsPerQuery: NaN, fineTuneMs: NaN,
  };
  return { kind: 'pruned', method, sparsity, schedule: '', scope: '', fineTuneEpochs: NaN, record };
}

/** A training run nobody saved (or read from a report): its figures, no weights. */
function runDraft(run: V1RunEntry, id: string): Draft {
  const r = run.run;
  const epochs = r.train.epochs;
  const last = epochs.at(-1);
  const dataset = datasetOf(run, NaN);
  const settings = settingsFrom(run.settings, r.backend);
  const end = /\((stopped|early-stopped|backend-lost)\)\s*$/.exec(run.label)?.[1] ?? 'completed';
  return {
    id,
    label: run.label.replace(/^Run \d+: /, ''),
    parentId: null,
    origin: { kind: 'trained', settings, end, trainBackend: r.backend, epochs },
    dataset,
    createdAt: run.date,
    testAcc: r.pruneDense?.testAcc ?? r.serve[0]?.testAcc ?? null,
    testCount: dataset.counts.test,
    valAcc: last?.valAcc ?? null,
    params: r.pruneDense?.params ?? NaN,
    weightBytes: r.pruneDense?.weightBytes ?? NaN,
    flopsPerQuery: r.pruneDense?.flopsPerQuery ?? r.serve[0]?.flopsPerQuery ?? NaN,
    inputSize: V1_INPUT_SIZE,
    numClasses: dataset.counts.classes,
    source: run.source === 'imported' ? 'report' : 'saved',
    hasWeights: false,
  };
}

function prunedDraft(id: string, parent: Draft, record: PruneRecord, createdAt: string, source: ModelSource): Draft {
  return {
    id,
    label: `${record.method} ${Math.round(record.sparsity * 100)}%`,
    parentId: parent.id,
    origin: { kind: 'pruned', method: record.method, sparsity: record.sparsity, schedule: '', scope: '', fineTuneEpochs: NaN, record: { ...record } },
    dataset: { ...parent.dataset, counts: { ...parent.dataset.counts } },
    createdAt,
    testAcc: record.testAcc,
    testCount: parent.testCount,
    valAcc: null,
    params: record.nonzeroParams,
    weightBytes: record.weightBytes,
    flopsPerQuery: record.flopsPerQuery,
    inputSize: parent.inputSize,
    numClasses: parent.numClasses,
    source,
    hasWeights: false,
  };
}

function sweepMeasurement(id: string, modelId: string, date: string, r: { testAcc: number; p50Ms: number; modelP50Ms?: number }): Measurement {
  return { id, modelId, backend: V1_SWEEP_BACKEND, kind: 'sweep', date, count: NaN, p50Ms: r.p50Ms, modelP50Ms: r.modelP50Ms ?? NaN, testAcc: r.testAcc };
}

function datasetOf(run: V1RunEntry, classes: number): DatasetIdentity {
  const c = run.dataset?.counts ?? {};
  return {
    name: run.dataset?.name ?? '',
    hash: '',
    counts: { train: countOrNaN(c['train']), val: countOrNaN(c['val']), test: countOrNaN(c['test']), classes: countOrNaN(c['classes'] ?? classes) },
  };
}

function unknownCounts(name: string, classes: number): DatasetIdentity {
  return { name, hash: '', counts: { train: NaN, val: NaN, test: NaN, classes } };
}

const countOrNaN = (n: unknown): number => (typeof n === 'number' ? n : NaN);

/** Training settings from a run's loose record; a field it lacks is NaN (not known), never a default. */
function settingsFrom(raw: Record<string, unknown>, backend: string): TrainSettings {
  const s = { backend: (typeof raw['backend'] === 'string' ? raw['backend'] : backend) as TrainSettings['backend'] } as TrainSettings;
  for (const key of SETTING_NUMBERS) s[key] = countOrNaN(raw[key]);
  return s;
}

function sameEpochs(a: readonly EpochRecord[], b: readonly EpochRecord[]): boolean {
  return a.length > 0 && a.length === b.length && a.every((e, i) => e.wallMs === b[i]!.wallMs);
}

/** JSON-equal settings, whatever the order of their keys. */
function sameSettings(a: unknown, b: unknown): boolean {
  return a !== null && b !== null && canonical(a) === canonical(b);
}

function canonical(x: unknown): string {
  if (typeof x !== 'object' || x === null) return JSON.stringify(x) ?? 'undefined';
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(',')}}`;
}

// The first version's notes round the level to a whole percent.
function sameLevel(a: { method: string; sparsity: number }, b: PruneRecord): boolean {
  return a.method === b.method && Math.abs(a.sparsity - b.sparsity) < 0.005;
}
