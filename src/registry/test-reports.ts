// fast-check generators of run reports for the property tests of the report readers: any registry
// the app can hold (trained families, pruned descendants, models from files, their measurements),
// the report it writes, and the older runs-only form.
import fc from 'fast-check';
import type { EpochRecord, PruneRecord, ServeRecord } from '../metrics/report.ts';
import { validTrainSettings } from '../train/test-arbitraries.ts';
import type { Measurement, ModelEntry, RegistrySnapshot } from './records.ts';
import { reportFromRegistry, type RegistryReport } from './report-models.ts';

/** A measured figure: any finite non-negative number, or NaN (not measured; null in the file). */
const figure = fc.oneof({ arbitrary: fc.double({ min: 0, max: 1e12, noNaN: true }), weight: 9 }, { arbitrary: fc.constant(Number.NaN), weight: 1 });
const finite = fc.double({ min: 0, max: 1e6, noNaN: true });
const count = fc.nat(100_000);
const date = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString());
const backend = fc.constantFrom('wasm', 'webgl', 'cpu', 'webgpu');

const epochRecord = (epoch: number): fc.Arbitrary<EpochRecord> =>
  fc.record({
    epoch: fc.constant(epoch), wallMs: figure, samplesPerSec: figure, kernelCount: figure, kernelHistogram: fc.dictionary(fc.constantFrom('Conv2D', 'MatMul', 'Relu'), count),
    kernelCountMethod: fc.constantFrom('counted' as const, 'profiled-sample' as const), trainFlops: figure, gflops: figure, loss: figure, acc: figure, valLoss: figure, valAcc: figure,
    numTensors: figure, numBytes: figure, instrumentationMs: finite, batches: count, valMs: finite,
  });

const serveRecord: fc.Arbitrary<ServeRecord> = fc.record(
  {
    model: fc.constantFrom('dense', 'pruned'), backend, coldMs: figure, count, meanMs: figure, minMs: figure, p50Ms: figure, p90Ms: figure, p99Ms: figure, maxMs: figure, modelP50Ms: figure,
    throughput: fc.array(fc.record({ batchSize: fc.integer({ min: 1, max: 256 }), imagesPerSec: finite, msPerImage: finite }), { maxLength: 3 }),
    testAcc: figure, flopsPerQuery: figure, numTensorsLeaked: count,
  },
  { requiredKeys: ['model', 'coldMs', 'count', 'meanMs', 'minMs', 'p50Ms', 'p90Ms', 'p99Ms', 'maxMs', 'throughput', 'testAcc', 'flopsPerQuery', 'numTensorsLeaked'] },
);

const pruneRecord: fc.Arbitrary<PruneRecord> = fc.record(
  {
    method: fc.constantFrom('unstructured' as const, 'structured' as const), sparsity: fc.double({ min: 0, max: 1, noNaN: true }), testAcc: figure, p50Ms: figure, modelP50Ms: figure,
    weightBytes: figure, gzipBytes: figure, nonzeroParams: figure, flopsPerQuery: figure, fineTuneMs: figure, fineTuneFlops: figure, fineTuneDispatches: figure,
  },
  { requiredKeys: ['method', 'sparsity', 'testAcc', 'p50Ms', 'weightBytes', 'gzipBytes', 'nonzeroParams', 'flopsPerQuery', 'fineTuneMs'] },
);

/** What a model was made by, before the registry gives it an id: trained, pruned from an earlier model, or read from a file. */
const originDraft = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('trained' as const), settings: validTrainSettings, end: fc.constantFrom('completed', 'stopped', 'early-stopped'), trainBackend: backend, epochs: fc.integer({ min: 0, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => epochRecord(i + 1)))) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('pruned' as const), record: pruneRecord, schedule: fc.constantFrom('gradual', 'one-shot'), scope: fc.constantFrom('global', 'per-layer'), fineTuneEpochs: fc.nat(20), parentPick: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('imported' as const), file: fc.string({ maxLength: 20 }), settings: fc.option(validTrainSettings, { nil: null }) }), weight: 1 },
);

const entryFigures = fc.record({
  testAcc: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), valAcc: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  testCount: count, params: figure, weightBytes: figure, flopsPerQuery: figure, inputSize: fc.constantFrom(32, 64), numClasses: fc.integer({ min: 2, max: 10 }),
  source: fc.constantFrom('session' as const, 'saved' as const, 'report' as const), hasWeights: fc.boolean(), createdAt: date,
  dataset: fc.record({ name: fc.string({ maxLength: 16 }), hash: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 16 }), counts: fc.record({ train: count, val: count, test: count, classes: fc.integer({ min: 2, max: 10 }) }) }),
});

const measurementDraft = fc.record({
  modelPick: fc.nat(), backend, kind: fc.constantFrom('serve' as const, 'compare' as const, 'sweep' as const, 'profile' as const), date, count, p50Ms: figure, modelP50Ms: figure, testAcc: figure,
  serve: fc.option(serveRecord, { nil: undefined }),
  // An interleaved run's: its id (one of two, so measurements often share a run) and its interval, an end null where the run could not bound it.
  inRun: fc.option(fc.record({ runId: fc.constantFrom('run-1', 'run-2'), modelP50LowMs: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })), modelP50HighMs: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })) }), { nil: undefined }),
});

/** A registry snapshot the app can hold: ids unique, parents earlier in the list, measurements of its models. */
export const validRegistry: fc.Arbitrary<RegistrySnapshot> = fc
  .tuple(fc.array(fc.tuple(originDraft, entryFigures), { minLength: 1, maxLength: 6 }), fc.array(measurementDraft, { maxLength: 8 }))
  .map(([drafts, measurementDrafts]) => {
    const models: ModelEntry[] = [];
    drafts.forEach(([draft, figures], i) => {
      const id = `m${i + 1}`;
      const parents = models.filter((m) => m.origin.kind !== 'imported');
      const pruned = draft.kind === 'pruned' && parents.length > 0;
      const parent = pruned ? parents[draft.parentPick % parents.length]! : null;
      const origin: ModelEntry['origin'] = draft.kind === 'pruned'
        ? pruned
          ? { kind: 'pruned', method: draft.record.method, sparsity: draft.record.sparsity, schedule: draft.schedule, scope: draft.scope, fineTuneEpochs: draft.fineTuneEpochs, record: draft.record }
          : { kind: 'imported', file: 'model.json', settings: null }
        : draft;
      const family = parent ? parent.family : models.reduce((n, m) => Math.max(n, m.family), 0) + 1;
      const version = parent ? models.filter((m) => m.familyId === parent.familyId).length + 1 : 1;
      models.push({ ...figures, id, familyId: parent ? parent.familyId : id, family, version, name: `model ${family}.${version}`, parentId: parent?.id ?? null, origin });
    });
    const measurements: Measurement[] = measurementDrafts.map(({ modelPick, serve, inRun, ...m }, j) => ({ ...m, id: `meas${j + 1}`, modelId: models[modelPick % models.length]!.id, ...(serve ? { serve } : {}), ...(inRun ?? {}) }));
    return { models, measurements };
  });

const environment = { userAgent: 'property test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: { wasm: { available: true, simd: true } } };

/** The report the Ledger's export writes for a snapshot. */
export function reportOf(snapshot: RegistrySnapshot): RegistryReport {
  return reportFromRegistry(snapshot, environment, { denseUnits: 64, inputSize: 64 }, '2025-01-01T00:00:00.000Z');
}

/** The same report as a reader older than the registry wrote it: runs only. */
export function runsOnly(report: RegistryReport): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...report };
  delete rest.models;
  delete rest.measurements;
  return rest;
}

/** A valid report document, new (with the registry) or old (runs only, at least one run). */
export const validReportDoc: fc.Arbitrary<Record<string, unknown>> = fc.tuple(validRegistry, fc.boolean()).map(([snapshot, old]) => {
  const report = reportOf(snapshot);
  return old && report.runs.length > 0 ? runsOnly(report) : (JSON.parse(JSON.stringify(report)) as Record<string, unknown>);
});
