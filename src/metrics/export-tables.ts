// The tables of a run report as CSV files (epochs, serving, pruning, the cost ledger), one row per
// record, with the run each row belongs to in the first columns and the registry's model id (when
// the report carries it) in the last.
import { toCsv } from './csv.ts';
import type { BreakEven, LedgerRow } from './ledger.ts';
import type { RunRecord } from './report.ts';

export interface LabelledRun {
  label: string;
  run: RunRecord;
}

export function epochsCsv(runs: readonly LabelledRun[]): string {
  return toCsv(runs.flatMap(({ label, run }) => run.train.epochs.map((e) => ({ run: label, backend: run.backend, ...e, modelId: run.modelId ?? '' }))));
}

export function serveCsv(runs: readonly LabelledRun[]): string {
  return toCsv(runs.flatMap(({ label, run }) => run.serve.map((s) => ({ run: label, trainBackend: run.backend, ...s, modelId: run.modelId ?? '' }))));
}

export function pruneCsv(runs: readonly LabelledRun[]): string {
  return toCsv(runs.flatMap(({ label, run }) => [
    ...(run.pruneDense ? [{ run: label, trainBackend: run.backend, method: 'dense', sparsity: 0, ...run.pruneDense, modelId: run.modelId ?? '' }] : []),
    ...run.prune.map(({ modelId, ...p }) => ({ run: label, trainBackend: run.backend, ...p, modelId: modelId ?? '' })),
  ]));
}

/** A break-even as one cell: the number of queries, or "never: why" / "not measured". */
export const breakEvenCell = (b: BreakEven): string | number => (b.kind === 'at' ? b.queries : `${b.kind === 'never' ? 'never' : 'unknown'}: ${b.reason}`);

export function ledgerCsv(rows: readonly LedgerRow[], queriesPerDay: number): string {
  return toCsv(
    rows.map((r) => ({
      run: r.runLabel,
      model: r.model,
      modelName: r.modelName,
      modelId: r.modelId,
      parentId: r.parentId ?? '',
      trainBackend: r.trainBackend,
      serveBackend: r.serveBackend,
      trainMs: r.trainMs,
      trainFlops: r.trainFlops,
      trainDispatches: r.trainDispatches,
      fineTuneMs: r.fineTuneMs,
      fineTuneFlops: r.fineTuneFlops,
      // Empty when the report did not record the fine-tuning's dispatches (trainDispatches is then the training's alone).
      fineTuneDispatches: Number.isNaN(r.fineTuneDispatches) ? '' : r.fineTuneDispatches,
      // Medians over the row's measurements, with how many there were and their range.
      p50Ms: r.p50Ms,
      modelP50Ms: r.modelP50Ms,
      measurements: r.measured.count,
      modelP50MinMs: r.measured.minMs,
      modelP50MaxMs: r.measured.maxMs,
      // Empty when a measurement did not record its query count (an older report).
      measuredQueries: Number.isNaN(r.measured.queries) ? '' : r.measured.queries,
      measuredBy: r.measured.kinds.join(' '),
      flopsPerQuery: r.flopsPerQuery,
      breakEvenQueriesTime: breakEvenCell(r.breakEvenTime),
      breakEvenQueriesFlops: breakEvenCell(r.breakEvenFlops),
      repayQueriesTime: r.repay ? breakEvenCell(r.repay.time) : '',
      repayQueriesFlops: r.repay ? breakEvenCell(r.repay.flops) : '',
      queriesPerDay,
    })),
  );
}
