// The cost ledger (DESIGN.md section 5): training cost against inference cost per query, the
// break-even between them, and the queries a pruned model needs to repay its fine-tuning. Pure
// functions of report records, so the Ledger view, the Prune view, the HTML summary and the tests
// compute every figure the same way.
import type { EpochRecord, PruneDenseRecord, PruneRecord, RunRecord } from './report.ts';

/** How many queries until a cost is matched, or why it never is. */
export type BreakEven =
  | { kind: 'at'; queries: number }
  | { kind: 'never'; reason: string }
  | { kind: 'unknown'; reason: string };

/**
 * Smallest whole number of queries q with q x perQuery >= cost. A per-query amount that is zero
 * or negative never gets there (no saving, or the "saving" is a loss), so no break-even is given.
 */
export function queriesToMatch(cost: number, perQuery: number, what = 'saving per query'): BreakEven {
  if (!Number.isFinite(cost) || !Number.isFinite(perQuery)) return { kind: 'unknown', reason: 'not measured' };
  if (perQuery === 0) return { kind: 'never', reason: `no ${what}` };
  if (perQuery < 0) return { kind: 'never', reason: `negative ${what}` };
  if (cost <= 0) return { kind: 'at', queries: 0 };
  return { kind: 'at', queries: Math.ceil(cost / perQuery) };
}

/** Days of traffic to serve `queries` at `queriesPerDay`; NaN without a break-even or traffic. */
export function daysAt(b: BreakEven, queriesPerDay: number): number {
  if (b.kind !== 'at' || !(queriesPerDay > 0)) return Number.NaN;
  return b.queries / queriesPerDay;
}

/** Totals of a training run: measured wall time, analytic FLOPs and counted kernel dispatches. */
export interface TrainingCost {
  wallMs: number;
  flops: number;
  dispatches: number;
  epochs: number;
}

export function trainingCost(epochs: readonly EpochRecord[]): TrainingCost {
  let wallMs = 0;
  let flops = 0;
  let dispatches = 0;
  for (const e of epochs) {
    wallMs += e.wallMs;
    flops += e.trainFlops;
    dispatches += e.kernelCount;
  }
  return { wallMs, flops, dispatches, epochs: epochs.length };
}

/** One model on one backend: all training behind it against what one query costs. */
export interface LedgerRow {
  /** Unique within the ledger, e.g. "run-1:dense:wasm". */
  key: string;
  runId: string;
  runLabel: string;
  /** dense (served in the Serve view), baseline (dense, measured with the pruned levels), pruned. */
  kind: 'dense' | 'baseline' | 'pruned';
  /** "dense", "unstructured 90%", "structured 50% of filters". */
  model: string;
  trainBackend: string;
  serveBackend: string;
  /** Training behind this model, fine-tuning included. */
  trainMs: number;
  trainFlops: number;
  /**
   * Counted kernel dispatches behind this model: the training run's, plus the fine-tuning's for a
   * pruned model. When a report did not record the fine-tuning's (fineTuneDispatches NaN), only
   * the training run's: never an estimate.
   */
  trainDispatches: number;
  fineTuneMs: number;
  fineTuneFlops: number;
  /** Counted dispatches of the fine-tuning: 0 for dense rows, NaN when the report did not record them. */
  fineTuneDispatches: number;
  /** Measured end-to-end and model-only p50 of one query, and analytic FLOPs per query. */
  p50Ms: number;
  modelP50Ms: number;
  flopsPerQuery: number;
  /** Where the per-query figures were measured, e.g. "measured in the Serve view: 1024 closed-loop queries on wasm". */
  servedHow: string;
  /** Queries after which inference has cost as much as all the training (model-only p50; FLOPs). */
  breakEvenTime: BreakEven;
  breakEvenFlops: BreakEven;
  /** Pruned rows: queries until the per-query saving against dense repays the fine-tuning. */
  repay: { msSaved: number; flopsSaved: number; time: BreakEven; flops: BreakEven } | null;
}

/** A pruned row from a report written before the fine-tuning's dispatches were counted: its dispatches are the training's alone. */
export function fineTuneDispatchesMissing(r: Pick<LedgerRow, 'kind' | 'fineTuneDispatches'>): boolean {
  return r.kind === 'pruned' && !Number.isFinite(r.fineTuneDispatches);
}

/** Minimal shape of a run for the ledger: a report RunRecord plus who it is. */
export interface LedgerRun {
  id: string;
  label: string;
  run: RunRecord;
}

/** "unstructured 90%" / "structured 50% of filters". */
export function pruneLevelName(r: Pick<PruneRecord, 'method' | 'sparsity'>): string {
  return `${r.method} ${Math.round(r.sparsity * 100)}%${r.method === 'structured' ? ' of filters' : ''}`;
}

/** Queries a pruned level needs to repay its fine-tuning from what it saves per query against dense. */
export function pruneRepay(
  dense: Pick<PruneDenseRecord, 'flopsPerQuery' | 'modelP50Ms'>,
  level: Pick<PruneRecord, 'flopsPerQuery' | 'modelP50Ms' | 'fineTuneMs' | 'fineTuneFlops'>,
): NonNullable<LedgerRow['repay']> {
  const flopsSaved = dense.flopsPerQuery - level.flopsPerQuery;
  const msSaved = dense.modelP50Ms - (level.modelP50Ms ?? Number.NaN);
  return {
    flopsSaved,
    msSaved,
    flops: queriesToMatch(level.fineTuneFlops ?? Number.NaN, flopsSaved, 'FLOPs saved per query'),
    time: queriesToMatch(level.fineTuneMs, msSaved, 'time saved per query'),
  };
}

/** Every row of one run: the dense model per serving backend, then each pruned level. */
export function ledgerRows(entry: LedgerRun): LedgerRow[] {
  const { run } = entry;
  const train = trainingCost(run.train.epochs);
  const rows: LedgerRow[] = [];
  const base = { runId: entry.id, runLabel: entry.label, trainBackend: run.backend, trainDispatches: train.dispatches };
  const dense = (kind: 'dense' | 'baseline', serveBackend: string, p50Ms: number, modelP50Ms: number, flopsPerQuery: number, servedHow: string): LedgerRow => ({
    ...base,
    kind,
    key: `${entry.id}:dense:${serveBackend}:${rows.length}`,
    model: kind === 'baseline' ? 'dense (sweep baseline)' : 'dense',
    serveBackend,
    trainMs: train.wallMs,
    trainFlops: train.flops,
    fineTuneMs: 0,
    fineTuneFlops: 0,
    fineTuneDispatches: 0,
    p50Ms,
    modelP50Ms,
    flopsPerQuery,
    servedHow,
    breakEvenTime: queriesToMatch(train.wallMs, modelP50Ms, 'time per query'),
    breakEvenFlops: queriesToMatch(train.flops, flopsPerQuery, 'FLOPs per query'),
    repay: null,
  });
  for (const s of run.serve) {
    const backend = s.backend ?? run.backend;
    rows.push(dense('dense', backend, s.p50Ms, s.modelP50Ms ?? Number.NaN, s.flopsPerQuery, `measured in the Serve view: ${s.count} closed-loop queries on ${backend}`));
  }
  const d = run.pruneDense;
  if (d) rows.push(dense('baseline', 'wasm', d.p50Ms, d.modelP50Ms, d.flopsPerQuery, 'measured in the Prune view: interleaved with the pruned models on wasm'));
  // Trained but not served yet: the training cost still belongs in the ledger.
  if (rows.length === 0) rows.push(dense('dense', run.backend, Number.NaN, Number.NaN, Number.NaN, 'not served yet: deploy it in the Serve view'));
  for (const p of run.prune) {
    const trainMs = train.wallMs + p.fineTuneMs;
    const trainFlops = train.flops + (p.fineTuneFlops ?? Number.NaN);
    const fineTuneDispatches = p.fineTuneDispatches ?? Number.NaN;
    rows.push({
      ...base,
      key: `${entry.id}:${p.method}:${p.sparsity}`,
      kind: 'pruned',
      model: pruneLevelName(p),
      serveBackend: 'wasm',
      trainMs,
      trainFlops,
      fineTuneMs: p.fineTuneMs,
      fineTuneFlops: p.fineTuneFlops ?? Number.NaN,
      fineTuneDispatches,
      // Older reports lack the fine-tuning's count: keep the training part rather than invent one.
      trainDispatches: train.dispatches + (Number.isFinite(fineTuneDispatches) ? fineTuneDispatches : 0),
      p50Ms: p.p50Ms,
      modelP50Ms: p.modelP50Ms ?? Number.NaN,
      flopsPerQuery: p.flopsPerQuery,
      servedHow: 'measured in the Prune view: interleaved with the dense model on wasm',
      breakEvenTime: queriesToMatch(trainMs, p.modelP50Ms ?? Number.NaN, 'time per query'),
      breakEvenFlops: queriesToMatch(trainFlops, p.flopsPerQuery, 'FLOPs per query'),
      repay: d ? pruneRepay(d, p) : null,
    });
  }
  return rows;
}

/** A straight cumulative-cost line: training up front, then `perQuery` for every query. */
export interface CostLine {
  label: string;
  upFront: number;
  perQuery: number;
}

/** Cost after `queries` queries. */
export function cumulativeCost(line: CostLine, queries: number): number {
  return line.upFront + line.perQuery * queries;
}

/**
 * The x positions for a cumulative-cost chart of two lines: 0, the crossing (when there is one),
 * and an end far enough past it (twice the crossing) to show the lines part, or `fallback` queries.
 */
export function chartQueries(a: CostLine, b: CostLine, fallback: number): number[] {
  const crossing = queriesToMatch(b.upFront - a.upFront, a.perQuery - b.perQuery);
  if (crossing.kind === 'at' && crossing.queries > 0) return [0, crossing.queries, crossing.queries * 2];
  return [0, fallback];
}
