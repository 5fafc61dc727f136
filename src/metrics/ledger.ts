// The cost ledger's maths (docs/methods.md): training cost against inference cost per query, the
// break-even between them, and the queries a pruned model needs to repay its fine-tuning. Pure
// functions of plain records, so the Ledger view, the Prune view, the HTML summary and the tests
// compute every figure the same way. The rows themselves are made from the registry
// (src/registry/ledger-rows.ts).
import { formatMs } from './format.ts';
import type { EpochRecord, PruneDenseRecord, PruneRecord } from './report.ts';

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

/** Where a row's per-query figures come from: how many measurements, their spread, of which kinds. */
export interface LedgerMeasured {
  /** Measurements behind the row (0: not measured yet). */
  count: number;
  /** Smallest and largest model-only p50 among them (NaN without one). */
  minMs: number;
  maxMs: number;
  /** Measured queries behind them in all; NaN when a measurement did not record its count (an old report). */
  queries: number;
  /** Which protocols measured them, each once, in the order first measured. */
  kinds: ('serve' | 'compare' | 'sweep' | 'profile')[];
  /** Those made in an interleaved run of several models, with their model-only p50 interval, oldest first. */
  inRuns: RunInterval[];
}

/** One measurement's model-only p50 interval, from a run that measured other models in the same rounds. */
export interface RunInterval {
  runId: string;
  low: number | null;
  high: number | null;
}

/** What a median stands on: how many measurements ("n = 3") and, when they differ, their range ("0.80–1.20 ms"). */
export interface MeasuredParts {
  readonly count: string;
  readonly range: string | null;
}

/** The parts of `measuredLabel`, for a view that lays them out itself; null when nothing was measured. */
export function measuredParts(m: Pick<LedgerMeasured, 'count' | 'minMs' | 'maxMs'>): MeasuredParts | null {
  if (m.count === 0) return null;
  const count = `n = ${m.count}`;
  if (m.count === 1 || !(m.maxMs > m.minMs)) return { count, range: null };
  const lo = formatMs(m.minMs);
  const hi = formatMs(m.maxMs);
  // One unit for both ends when they share it: "0.80–1.20 ms".
  const unit = hi.slice(hi.lastIndexOf(' '));
  return { count, range: lo.endsWith(unit) ? `${lo.slice(0, -unit.length)}–${hi}` : `${lo}–${hi}` };
}

/** "n = 3, range 0.80–1.20 ms" beside a median; "n = 1"; "not measured". */
export function measuredLabel(m: Pick<LedgerMeasured, 'count' | 'minMs' | 'maxMs'>): string {
  const p = measuredParts(m);
  if (p === null) return 'not measured';
  return p.range === null ? p.count : `${p.count}, range ${p.range}`;
}

/** What a pruned model saves per query against its parent, and the queries to repay its own fine-tuning. */
export interface Repay {
  msSaved: number;
  flopsSaved: number;
  /** The fine-tuning being repaid: this model's own (its parent's cost is already in the parent). */
  fineTuneMs: number;
  fineTuneFlops: number;
  time: BreakEven;
  flops: BreakEven;
}

/** One model on one serving backend: all training behind it against what one query costs. */
export interface LedgerRow {
  /** Unique within the ledger: model id and serving backend. */
  key: string;
  modelId: string;
  /** The model's unique name in the registry, e.g. "model 1.2 · structured 50% of filters". */
  modelName: string;
  parentId: string | null;
  /** The family (its root model's id): the chart sets a family's models against each other. */
  runId: string;
  /** The family's root model's name. */
  runLabel: string;
  /** dense (trained or loaded), pruned (a level of a sweep, fine-tuned). */
  kind: 'dense' | 'pruned';
  /** "dense", "unstructured 90%", "structured 50% of filters". */
  model: string;
  trainBackend: string;
  serveBackend: string;
  /** Training behind this model: the root's epochs plus every fine-tuning along the lineage. */
  trainMs: number;
  trainFlops: number;
  /**
   * Counted kernel dispatches behind this model: the training run's, plus the fine-tunings' along
   * the lineage. When a record did not count a fine-tuning's (fineTuneDispatches NaN), only the
   * counted parts: never an estimate.
   */
  trainDispatches: number;
  /** Fine-tuning along the lineage (0 for dense rows). */
  fineTuneMs: number;
  fineTuneFlops: number;
  /** Counted dispatches of the fine-tuning: 0 for dense rows, NaN when a record did not count them. */
  fineTuneDispatches: number;
  /** Median over the row's measurements of their end-to-end and model-only p50; analytic FLOPs per query. */
  p50Ms: number;
  modelP50Ms: number;
  flopsPerQuery: number;
  measured: LedgerMeasured;
  /** Where the per-query figures come from, in words. */
  servedHow: string;
  /** Queries after which inference has cost as much as all the training (model-only p50; FLOPs). */
  breakEvenTime: BreakEven;
  breakEvenFlops: BreakEven;
  /** Pruned rows: queries until the per-query saving against the parent's row repays the fine-tuning. */
  repay: Repay | null;
}

/** A pruned row whose fine-tuning dispatches were not counted (an older report): its dispatches are the counted parts alone. */
export function fineTuneDispatchesMissing(r: Pick<LedgerRow, 'kind' | 'fineTuneDispatches'>): boolean {
  return r.kind === 'pruned' && !Number.isFinite(r.fineTuneDispatches);
}

/** "unstructured 90%" / "structured 50% of filters". */
export function pruneLevelName(r: Pick<PruneRecord, 'method' | 'sparsity'>): string {
  return `${r.method} ${Math.round(r.sparsity * 100)}%${r.method === 'structured' ? ' of filters' : ''}`;
}

/** Queries a pruned level needs to repay its fine-tuning from what it saves per query against dense. */
export function pruneRepay(
  dense: Pick<PruneDenseRecord, 'flopsPerQuery' | 'modelP50Ms'>,
  level: Pick<PruneRecord, 'flopsPerQuery' | 'modelP50Ms' | 'fineTuneMs' | 'fineTuneFlops'>,
): Repay {
  const flopsSaved = dense.flopsPerQuery - level.flopsPerQuery;
  const msSaved = dense.modelP50Ms - (level.modelP50Ms ?? Number.NaN);
  const fineTuneFlops = level.fineTuneFlops ?? Number.NaN;
  return {
    flopsSaved,
    msSaved,
    fineTuneMs: level.fineTuneMs,
    fineTuneFlops,
    flops: queriesToMatch(fineTuneFlops, flopsSaved, 'FLOPs saved per query'),
    time: queriesToMatch(level.fineTuneMs, msSaved, 'time saved per query'),
  };
}

/** Median of the finite values (mean of the middle two for an even count); NaN without one. */
export function median(values: readonly number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
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
