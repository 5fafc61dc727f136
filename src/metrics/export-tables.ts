// The tables of a run report as CSV files (epochs, serving, pruning, the cost ledger, test-time
// augmentation), one row per
// record, with the run each row belongs to in the first columns and the registry's model id (when
// the report carries it) in the last.
import { toCsv } from './csv.ts';
import type { BreakEven, LedgerRow } from './ledger.ts';
import { repayVerdictCells } from './repay-verdict.ts';
import type { RunRecord, TtaRecord } from './report.ts';
import { ttaTableRows } from './tta-table.ts';

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
      // Whether the time saving behind repayQueriesTime shows in the measurements, as the table says.
      ...repayVerdictCells(rows, r),
      queriesPerDay,
    })),
  );
}

/** The columns even when there are no records (a header-only file says what would be there). */
const TTA_COLUMNS = ['model', 'modelId', 'serveBackend', 'measuredAt', 'k', 'views', 'testAcc', 'testAccLow95', 'testAccHigh95', 'testImages', 'modelP50Ms', 'modelP50LowMs95', 'modelP50HighMs95', 'queries', 'p50Ms', 'modelP50VsOneView', 'testAccChangeVsOneView', 'numTensorsLeaked'];

/**
 * Test-time augmentation: one row per record (model, backend, measurement, k), with the views
 * averaged, the accuracy's 95% Wilson interval and image count, and the model-only p50's 95%
 * interval and query count. An end that was not measured is an empty cell.
 */
export function ttaCsv(records: readonly TtaRecord[]): string {
  const blank = (x: number) => (Number.isFinite(x) ? x : '');
  return toCsv(
    ttaTableRows(records).map((r) => ({
      model: r.model, modelId: r.modelId, serveBackend: r.backend, measuredAt: r.date, k: r.k, views: r.views,
      testAcc: r.testAcc, testAccLow95: blank(r.testAccLow), testAccHigh95: blank(r.testAccHigh), testImages: r.testImages,
      modelP50Ms: blank(r.modelP50Ms), modelP50LowMs95: blank(r.modelP50LowMs), modelP50HighMs95: blank(r.modelP50HighMs), queries: r.queries,
      p50Ms: blank(r.p50Ms), modelP50VsOneView: blank(r.p50VsOneView), testAccChangeVsOneView: blank(r.accVsOneView), numTensorsLeaked: r.numTensorsLeaked,
    })),
    TTA_COLUMNS,
  );
}
