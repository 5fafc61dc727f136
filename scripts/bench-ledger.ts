// The cost ledger of a bench run, printed from the report just written with the app's own ledger
// functions (src/registry/ledger-rows.ts): the rows the Ledger view shows when this report is
// imported, one per model and serving backend, each figure the median of that row's measurements.
import { fineTuneDispatchesMissing, measuredLabel, type BreakEven } from '../src/metrics/ledger.ts';
import type { RunReport } from '../src/metrics/report.ts';
import { ledgerRows } from '../src/registry/ledger-rows.ts';
import { registryFromReport } from '../src/registry/report-models.ts';

const q = (b: BreakEven | undefined): string | number => (!b ? '' : b.kind === 'at' ? b.queries : `${b.kind}: ${b.reason}`);
const ms = (x: number) => (Number.isFinite(x) ? +x.toFixed(3) : null);

export function printLedger(report: RunReport, fileName = 'report.json'): void {
  const rows = ledgerRows(registryFromReport(report, fileName));
  if (rows.length === 0) return;
  console.log('\nCost ledger, one row per model and serving backend (training: measured wall ms + analytic FLOPs + counted kernel dispatches, fine-tuning along the lineage included; per query: median model-only p50 of the row\'s measurements + analytic FLOPs; break-even and repay = cost / per-query amount, rounded up)');
  console.table(
    rows.map((r) => ({
      model: r.modelName,
      kind: r.model,
      'train → serve': `${r.trainBackend} → ${r.serveBackend}`,
      'train ms': ms(r.trainMs),
      'train GFLOP': +(r.trainFlops / 1e9).toFixed(1),
      // A report without the fine-tuning's count gives the training's alone, marked.
      'train dispatches': fineTuneDispatchesMissing(r) ? `${r.trainDispatches} (fine-tune not recorded)` : r.trainDispatches,
      'p50 model ms (median)': ms(r.modelP50Ms),
      measurements: measuredLabel(r.measured),
      'MFLOP/query': +(r.flopsPerQuery / 1e6).toFixed(2),
      'break-even q (time)': q(r.breakEvenTime),
      'break-even q (FLOPs)': q(r.breakEvenFlops),
      'repay q (time)': q(r.repay?.time),
      'repay q (FLOPs)': q(r.repay?.flops),
    })),
  );
}
