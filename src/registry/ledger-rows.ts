// The cost ledger's rows from the registry: one row per model and serving backend that has
// measurements (its per-query figure the median of them, with their range and count), plus one
// row per trained or pruned model not measured yet (its training cost alone). Pure: a snapshot in, rows out.
import { formatExactCount } from '../metrics/format.ts';
import { median, pruneLevelName, pruneRepay, queriesToMatch, trainingCost, type LedgerMeasured, type LedgerRow } from '../metrics/ledger.ts';
import type { Measurement, MeasurementKind, ModelEntry, RegistrySnapshot } from './records.ts';

export type { LedgerRow } from '../metrics/ledger.ts';

/** Training behind a model: the root's epochs and each fine-tuning on the way down to it. */
interface LineageCost {
  trainBackend: string;
  trainMs: number;
  trainFlops: number;
  /** Counted dispatches: the training's plus every fine-tuning that counted its own. */
  countedDispatches: number;
  fineTuneMs: number;
  fineTuneFlops: number;
  /** NaN when a fine-tuning on the way did not count its dispatches. */
  fineTuneDispatches: number;
}

const UNKNOWN_COST: LineageCost = { trainBackend: 'unknown', trainMs: Number.NaN, trainFlops: Number.NaN, countedDispatches: Number.NaN, fineTuneMs: 0, fineTuneFlops: 0, fineTuneDispatches: 0 };

function lineageCost(entry: ModelEntry, byId: ReadonlyMap<string, ModelEntry>, seen = new Set<string>()): LineageCost {
  const o = entry.origin;
  // A trained model's epochs are all of its training: a run resumed after a lost backend carries the
  // kept epochs in its own records, so its parent's are not added again.
  if (o.kind === 'trained') {
    const t = trainingCost(o.epochs);
    return { trainBackend: o.trainBackend, trainMs: t.wallMs, trainFlops: t.flops, countedDispatches: t.dispatches, fineTuneMs: 0, fineTuneFlops: 0, fineTuneDispatches: 0 };
  }
  // A model loaded from files carries no record of its training: its cost is not known, not zero.
  if (o.kind === 'imported') return { ...UNKNOWN_COST, trainBackend: o.settings?.backend ?? 'unknown' };
  seen.add(entry.id);
  const parent = entry.parentId && !seen.has(entry.parentId) ? byId.get(entry.parentId) : undefined;
  // A deleted parent takes its training record with it: the cost behind this model is then unknown.
  const up = parent ? lineageCost(parent, byId, seen) : UNKNOWN_COST;
  const r = o.record;
  const ftFlops = r.fineTuneFlops ?? Number.NaN;
  const ftDispatches = r.fineTuneDispatches ?? Number.NaN;
  return {
    trainBackend: up.trainBackend,
    trainMs: up.trainMs + r.fineTuneMs,
    trainFlops: up.trainFlops + ftFlops,
    // Older records lack the fine-tuning's count: keep the counted parts rather than invent one.
    countedDispatches: up.countedDispatches + (Number.isFinite(ftDispatches) ? ftDispatches : 0),
    fineTuneMs: up.fineTuneMs + r.fineTuneMs,
    fineTuneFlops: up.fineTuneFlops + ftFlops,
    fineTuneDispatches: up.fineTuneDispatches + ftDispatches,
  };
}

function measuredOf(ms: readonly Measurement[]): LedgerMeasured {
  const model = ms.map((m) => m.modelP50Ms).filter(Number.isFinite);
  const kinds: MeasurementKind[] = [];
  for (const m of ms) if (!kinds.includes(m.kind)) kinds.push(m.kind);
  return {
    count: ms.length,
    minMs: model.length > 0 ? Math.min(...model) : Number.NaN,
    maxMs: model.length > 0 ? Math.max(...model) : Number.NaN,
    queries: ms.reduce((sum, m) => sum + (m.count > 0 ? m.count : Number.NaN), 0),
    kinds,
    inRuns: ms.flatMap((m) => (m.runId !== undefined && m.modelP50LowMs !== undefined ? [{ runId: m.runId, low: m.modelP50LowMs, high: m.modelP50HighMs ?? null }] : [])),
  };
}

const KIND_WORDS: Record<MeasurementKind, [string, string]> = {
  serve: ['Serve-view run', 'closed loop'],
  compare: ['backend comparison', 'interleaved rounds'],
  sweep: ['pruning sweep', 'interleaved with the other models of the sweep'],
  profile: ['layer profile', 'a batch per layer on the training backend'],
};

/** "the median of 3 measurements on wasm (2 Serve-view runs, closed loop; 1 pruning sweep, …; 2,304 queries in all)". */
export function servedHow(backend: string, ms: readonly Measurement[], kind: LedgerRow['kind']): string {
  if (ms.length === 0) return kind === 'pruned' ? 'not measured: its latency rounds did not run (the sweep was stopped)' : 'not served yet: deploy it in the Serve view';
  const parts = (Object.keys(KIND_WORDS) as MeasurementKind[]).flatMap((k) => {
    const n = ms.filter((m) => m.kind === k).length;
    const [what, how] = KIND_WORDS[k];
    return n > 0 ? [`${n} ${what}${n === 1 ? '' : 's'}, ${how}`] : [];
  });
  const queries = measuredOf(ms).queries;
  if (Number.isFinite(queries)) parts.push(`${formatExactCount(queries)} queries in all`);
  const lead = ms.length === 1 ? `one measurement on ${backend}` : `the median of ${ms.length} measurements on ${backend}`;
  return `${lead} (${parts.join('; ')})`;
}

/** "dense" / "structured 50% of filters" / "loaded from files". */
function modelKind(entry: ModelEntry): string {
  const o = entry.origin;
  return o.kind === 'pruned' ? pruneLevelName(o) : o.kind === 'imported' ? 'dense (loaded from files)' : 'dense';
}

/** Every row of the ledger: families in the order their first model appears, each model's backends in the order first measured. */
export function ledgerRows(snapshot: RegistrySnapshot): LedgerRow[] {
  const byId = new Map(snapshot.models.map((m) => [m.id, m]));
  const familyOrder = [...new Set(snapshot.models.map((m) => m.familyId))];
  const models = familyOrder.flatMap((f) => snapshot.models.filter((m) => m.familyId === f));
  const rows: LedgerRow[] = [];
  const rowOf = new Map<string, LedgerRow>();

  for (const entry of models) {
    // A layer profile times a batch, not a query: it is a measurement of the model, but not a cost per query.
    const ms = snapshot.measurements.filter((m) => m.modelId === entry.id && m.kind !== 'profile');
    const backends = [...new Set(ms.map((m) => m.backend))];
    const kind: LedgerRow['kind'] = entry.origin.kind === 'pruned' ? 'pruned' : 'dense';
    // Not measured yet: a trained model still has its training cost to show, a pruned one its fine-tuning.
    if (backends.length === 0 && entry.origin.kind === 'imported') continue;
    const cost = lineageCost(entry, byId);
    const root = byId.get(entry.familyId);
    const groups: [string, Measurement[]][] = backends.length > 0
      ? backends.map((b) => [b, ms.filter((m) => m.backend === b)])
      // A sweep measures on wasm, so an unmeasured level sits where its measurement would.
      : [[kind === 'pruned' ? 'wasm' : cost.trainBackend, []]];
    for (const [serveBackend, group] of groups) {
      const modelP50Ms = median(group.map((m) => m.modelP50Ms));
      const row: LedgerRow = {
        key: `${entry.id}:${backends.length > 0 ? serveBackend : 'not-measured'}`,
        modelId: entry.id,
        modelName: entry.name,
        parentId: entry.parentId,
        runId: entry.familyId,
        runLabel: root?.name ?? `family ${entry.family}`,
        kind,
        model: modelKind(entry),
        trainBackend: cost.trainBackend,
        serveBackend,
        trainMs: cost.trainMs,
        trainFlops: cost.trainFlops,
        trainDispatches: cost.countedDispatches,
        fineTuneMs: cost.fineTuneMs,
        fineTuneFlops: cost.fineTuneFlops,
        fineTuneDispatches: cost.fineTuneDispatches,
        p50Ms: median(group.map((m) => m.p50Ms)),
        modelP50Ms,
        flopsPerQuery: entry.flopsPerQuery,
        measured: measuredOf(group),
        servedHow: servedHow(serveBackend, group, kind),
        breakEvenTime: queriesToMatch(cost.trainMs, modelP50Ms, 'time per query'),
        breakEvenFlops: queriesToMatch(cost.trainFlops, entry.flopsPerQuery, 'FLOPs per query'),
        repay: null,
      };
      rows.push(row);
      rowOf.set(`${entry.id}|${serveBackend}`, row);
    }
  }

  // Repay: each pruned row against its parent's row on the same backend, median against median.
  for (const row of rows) {
    const entry = byId.get(row.modelId)!;
    const parent = byId.get(entry.parentId ?? '');
    if (entry.origin.kind !== 'pruned' || !parent) continue;
    const against = rowOf.get(`${parent.id}|${row.serveBackend}`);
    row.repay = pruneRepay(
      { flopsPerQuery: parent.flopsPerQuery, modelP50Ms: against?.modelP50Ms ?? Number.NaN },
      { flopsPerQuery: entry.flopsPerQuery, modelP50Ms: row.modelP50Ms, fineTuneMs: entry.origin.record.fineTuneMs, fineTuneFlops: entry.origin.record.fineTuneFlops ?? Number.NaN },
    );
  }
  return rows;
}
