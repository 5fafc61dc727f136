// What the Ledger's chart tells, picked from the ledger rows: the model family and pruned model to
// draw, the two cost lines, and the one-paragraph story with its numbers. Pure (no DOM).
import { formatCount, formatExactCount, formatFlops, formatMs } from '../metrics/format.ts';
import type { CostLine } from '../metrics/ledger.ts';
import type { LedgerRow } from '../registry/ledger-rows.ts';
import { mediansGive, parentRow, repayBasis, repayJudgement, type RepayJudgement } from '../metrics/repay-verdict.ts';
import { breakEvenLabel, durationLabel } from './tsl-ledger-table.ts';

export interface LedgerStory {
  /** The family (its root model's id) the chart draws. */
  runId: string;
  /** The row the lines start from: the pruned model's parent on the same backend, else the family's first measured row. */
  dense: LedgerRow;
  /** The pruned model set against it, if the family has one. */
  pruned: LedgerRow | null;
  lines(unit: 'time' | 'flops'): CostLine[];
  /** How far to draw when the lines never cross. */
  fallbackQueries: number;
}

/**
 * The family to draw (the chosen one, else the newest live one with a pruned model, else the
 * newest) and its pruned row (chosen by key, else the one that repays soonest).
 */
export function pickStory(rows: readonly LedgerRow[], chosenRun: string | null, chosenLevel: string | null, imported: ReadonlySet<string> = new Set()): LedgerStory | null {
  // By default the live families: an imported file is there to compare against, not to take over the chart.
  const all = [...new Set(rows.map((r) => r.runId))];
  const own = all.filter((id) => !imported.has(id));
  const runIds = chosenRun && all.includes(chosenRun) ? all : own.length > 0 ? own : all;
  const withPruned = runIds.filter((id) => chartLevels(rows, id).length > 0);
  const runId = (chosenRun && runIds.includes(chosenRun) ? chosenRun : withPruned.at(-1) ?? runIds.at(-1)) ?? null;
  if (!runId) return null;
  const runRows = rows.filter((r) => r.runId === runId);
  const levels = chartLevels(rows, runId);
  const soonest = [...levels].sort((a, b) => repayQueries(a) - repayQueries(b))[0];
  const pruned = levels.find((r) => r.key === chosenLevel) ?? soonest ?? null;
  const measured = runRows.filter((r) => r.kind === 'dense' && r.measured.count > 0);
  const dense = (pruned && parentRow(rows, pruned)) ?? measured[0] ?? runRows.find((r) => r.kind === 'dense') ?? runRows[0]!;
  const cost = (r: LedgerRow, unit: 'time' | 'flops') => (unit === 'time' ? { upFront: r.trainMs, perQuery: r.modelP50Ms } : { upFront: r.trainFlops, perQuery: r.flopsPerQuery });
  const be = dense.breakEvenTime.kind === 'at' ? dense.breakEvenTime.queries : 5000;
  return {
    runId,
    dense,
    pruned,
    fallbackQueries: Math.max(1000, 2 * be),
    lines: (unit) =>
      pruned
        ? [{ label: `${dense.kind === 'dense' ? 'dense model' : dense.model}: training + queries`, ...cost(dense, unit) }, { label: `${pruned.model}: training + fine-tune + queries`, ...cost(pruned, unit) }]
        : [{ label: 'inference, cumulative', upFront: 0, perQuery: cost(dense, unit).perQuery }, { label: 'training (paid once)', upFront: cost(dense, unit).upFront, perQuery: 0 }],
  };
}

/** The pruned rows of a family the chart can draw: a pruned row is drawn against its parent's row on the same backend. */
export function chartLevels(rows: readonly LedgerRow[], runId: string): LedgerRow[] {
  return rows.filter((r) => r.runId === runId && r.kind === 'pruned' && parentRow(rows, r));
}

function repayQueries(r: LedgerRow): number {
  return r.repay?.time.kind === 'at' ? r.repay.time.queries : Number.POSITIVE_INFINITY;
}

/** The story's parenthesis after a measured time saving: why it stands or is not judged (empty when it is told apart). */
function repayCaveat(j: RepayJudgement, saved: number): string {
  if (j.verdict === 'not distinguishable') return " (its measured p50 cannot be told from its parent's: the saving is not distinguishable from none)";
  switch (repayBasis(j)) {
    case 'one run, contradicting the medians':
      return saved > 0 ? ' (the one run that timed both contradicts that saving: it is not judged)' : ` (the one run that timed both found it ${j.oneRun!.faster === 'this' ? 'faster' : 'slower'}, where the medians give ${mediansGive(saved)}: the saving is not judged)`;
    case 'saving not measured':
      return ' (the saving was not measured: it is not judged)';
    case 'one measurement on a side':
      return ' (one measurement on a side: the saving is not judged)';
    default:
      return '';
  }
}

/** The story in sentences, with this run's measured (time) or analytic (FLOPs) figures. */
export function storySentences(story: LedgerStory, queriesPerDay: number, unit: 'time' | 'flops' = 'time'): string[] {
  const { dense: d, pruned: p } = story;
  const at = (b: LedgerRow['breakEvenTime']) => (b.kind === 'at' ? `${breakEvenLabel(b)} queries (${durationLabel(b, queriesPerDay)} at ${formatExactCount(queriesPerDay)} a day)` : `never (${b.kind === 'never' ? b.reason : 'not measured'})`);
  const time = unit === 'time';
  const out = [
    `Training took ${formatMs(d.trainMs)} (${formatFlops(d.trainFlops)}, ${formatCount(d.trainDispatches)} kernel dispatches) on ${d.trainBackend} for ${d.modelName}.`,
    time
      ? `A query costs ${formatMs(d.modelP50Ms)} (${d.measured.count > 1 ? `median model-only p50 of ${d.measured.count} measurements` : 'model-only p50'} on ${d.serveBackend}): serving has cost as much time as training after ${at(d.breakEvenTime)}.`
      : `A query costs ${formatFlops(d.flopsPerQuery)} (analytic): serving has cost as many FLOPs as training after ${at(d.breakEvenFlops)}.`,
  ];
  if (p?.repay) {
    const saved = time ? p.repay.msSaved : p.repay.flopsSaved;
    const fmt = time ? formatMs : formatFlops;
    const saves = saved > 0 ? `saves ${fmt(saved)} per query` : `saves nothing per query (${fmt(saved)})`;
    const model = `${p.model[0]!.toUpperCase()}${p.model.slice(1)}`;
    // Time savings are measured, so they carry the table's verdict; FLOPs are analytic.
    const judged = time && p.parentId === d.modelId && p.serveBackend === d.serveBackend ? repayJudgement(p, d) : null;
    const caveat = judged ? repayCaveat(judged, saved) : '';
    out.push(`${model} cost ${time ? formatMs(p.repay.fineTuneMs) : formatFlops(p.repay.fineTuneFlops)} more to fine-tune and ${saves}: it repays after ${at(time ? p.repay.time : p.repay.flops)}${caveat}.`);
  }
  return out;
}
