// Whether a pruned model's time saving against its parent shows in what was measured, and so
// whether the Ledger's repay count stands on it. Between rows with several measurements each, the
// ranges of their model-only p50s decide. A side with one measurement has no spread between runs;
// then only an interleaved run that timed both in the same rounds can judge, by its two intervals.
import { formatMs } from './format.ts';
import { ratioVerdict } from './intervals.ts';
import type { LedgerRow, RunInterval } from './ledger.ts';

export type RepayVerdict = 'distinguishable' | 'not distinguishable' | 'not judged';

/** The newest run both rows share, with each one's interval in it, and which it found faster (null: neither). */
export interface OneRun {
  row: RunInterval;
  parent: RunInterval;
  faster: 'this' | 'parent' | null;
}

export interface RepayJudgement {
  verdict: RepayVerdict;
  /** The run it was judged in, when a side's single measurement left nothing else to judge by. */
  oneRun: OneRun | null;
  /** The run's faster side disagrees with the sign of the saving the rows' medians give. */
  disagrees: boolean;
}

type Judged = Pick<LedgerRow, 'measured'> & Partial<Pick<LedgerRow, 'repay'>>;

/** The newest interleaved run that timed both rows in the same rounds; null when none did. */
export function sharedRun(row: Pick<LedgerRow, 'measured'>, parent: Pick<LedgerRow, 'measured'>): OneRun | null {
  for (let i = row.measured.inRuns.length - 1; i >= 0; i--) {
    const a = row.measured.inRuns[i]!;
    const b = parent.measured.inRuns.filter((p) => p.runId === a.runId).at(-1);
    if (!b) continue;
    const v = ratioVerdict(a, b);
    return { row: a, parent: b, faster: v === 'a lower' ? 'this' : v === 'b lower' ? 'parent' : null };
  }
  return null;
}

/**
 * The verdict on a pruned row's time saving against its parent's row on the same backend; null
 * when either side is unmeasured. With one measurement on a side, a shared run judges: its
 * overlapping intervals make the saving not distinguishable; a faster side that contradicts the
 * medians (the run found it slower while they give a saving, faster while they give none or a
 * loss, or either while they give no difference), or medians that give no saving figure at all,
 * leave it not judged, since the count rests on the medians.
 */
export function repayJudgement(row: Judged, parent: Pick<LedgerRow, 'measured'> | undefined): RepayJudgement | null {
  if (!parent || row.measured.count === 0 || parent.measured.count === 0) return null;
  if (![row.measured.minMs, row.measured.maxMs, parent.measured.minMs, parent.measured.maxMs].every(Number.isFinite)) return null;
  if (row.measured.count < 2 || parent.measured.count < 2) {
    const oneRun = sharedRun(row, parent);
    if (!oneRun) return { verdict: 'not judged', oneRun: null, disagrees: false };
    if (oneRun.faster === null) return { verdict: 'not distinguishable', oneRun, disagrees: false };
    // The count rests on the medians' saving: without one there is nothing for the run to back.
    const saved = row.repay?.msSaved;
    if (saved === undefined || !Number.isFinite(saved)) return { verdict: 'not judged', oneRun, disagrees: false };
    // A zero saving agrees with neither side being faster, so a run that found either faster contradicts it.
    const disagrees = oneRun.faster === 'this' ? !(saved > 0) : !(saved < 0);
    return { verdict: disagrees ? 'not judged' : 'distinguishable', oneRun, disagrees };
  }
  const range = (r: Pick<LedgerRow, 'measured'>) => ({ low: r.measured.minMs, high: r.measured.maxMs });
  return { verdict: ratioVerdict(range(row), range(parent)) === 'not distinguishable' ? 'not distinguishable' : 'distinguishable', oneRun: null, disagrees: false };
}

/** What the rows' medians give, for the text beside a run that contradicts them: "a saving of 0.30 ms", "no difference", "a loss of 0.10 ms". */
export function mediansGive(msSaved: number): string {
  return msSaved > 0 ? `a saving of ${formatMs(msSaved)}` : msSaved === 0 ? 'no difference' : `a loss of ${formatMs(-msSaved)}`;
}

/** The parent model's row on the same serving backend (what a pruned row repays against). */
export function parentRow<R extends Pick<LedgerRow, 'modelId' | 'parentId' | 'serveBackend'>>(rows: readonly R[], r: R): R | undefined {
  return r.parentId ? rows.find((p) => p.modelId === r.parentId && p.serveBackend === r.serveBackend) : undefined;
}

/** What a judgement rests on: the rows' ranges, or one shared run (backing the medians or contradicting them, or with no saving to back), or nothing (one measurement on a side and no shared run). */
export type RepayBasis = 'ranges' | 'one run' | 'one run, contradicting the medians' | 'saving not measured' | 'one measurement on a side';

/** The one place a judgement's basis is read off it, for the table, its details, the story and the CSV. */
export function repayBasis(j: RepayJudgement): RepayBasis {
  if (j.disagrees) return 'one run, contradicting the medians';
  if (j.oneRun) return j.verdict === 'not judged' ? 'saving not measured' : 'one run';
  return j.verdict === 'not judged' ? 'one measurement on a side' : 'ranges';
}

/** A pruned row's verdict and what it rests on, as two CSV cells (empty for dense or unmeasured rows). */
export function repayVerdictCells(rows: readonly LedgerRow[], r: LedgerRow): { repayVerdictTime: string; repayJudgedBy: string } {
  const j = r.kind === 'pruned' ? repayJudgement(r, parentRow(rows, r)) : null;
  if (!j) return { repayVerdictTime: '', repayJudgedBy: '' };
  return { repayVerdictTime: j.verdict, repayJudgedBy: repayBasis(j) };
}

export const repayVerdict = (row: Judged, parent: Pick<LedgerRow, 'measured'> | undefined): RepayVerdict | null => repayJudgement(row, parent)?.verdict ?? null;
