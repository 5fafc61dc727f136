// The repay verdict: ranges between rows measured several times; with one measurement on a side,
// the intervals of an interleaved run that timed both, which must agree with the medians' saving.
import { describe, expect, it } from 'vitest';
import type { LedgerMeasured, LedgerRow, RunInterval } from './ledger.ts';
import { mediansGive, parentRow, repayJudgement, repayVerdict, repayVerdictCells, sharedRun } from './repay-verdict.ts';

const measured = (count: number, minMs: number, maxMs: number, inRuns: RunInterval[] = []): LedgerMeasured => ({ count, minMs, maxMs, queries: 256 * count, kinds: ['sweep'], inRuns });
const row = (m: LedgerMeasured, msSaved = 0.4) => ({ measured: m, repay: { msSaved, flopsSaved: 1e6, fineTuneMs: 1000, fineTuneFlops: 1e9, time: { kind: 'at' as const, queries: 2500 }, flops: { kind: 'at' as const, queries: 1000 } } });
const run = (runId: string, low: number | null, high: number | null): RunInterval => ({ runId, low, high });

describe('repayJudgement', () => {
  it('judges rows measured several times by their ranges', () => {
    const parent = row(measured(2, 0.8, 1.2));
    expect(repayVerdict(row(measured(2, 0.4, 0.5)), parent)).toBe('distinguishable');
    expect(repayVerdict(row(measured(2, 1.0, 1.1)), parent)).toBe('not distinguishable');
    expect(repayVerdict(row(measured(0, Number.NaN, Number.NaN)), parent)).toBeNull();
    expect(repayVerdict(row(measured(2, 0.4, 0.5)), undefined)).toBeNull();
  });

  it('leaves one measurement on a side not judged without a run that timed both', () => {
    const parent = row(measured(3, 0.8, 1.2, [run('run-1', 0.75, 0.85)]));
    expect(repayJudgement(row(measured(1, 0.4, 0.4)), parent)).toEqual({ verdict: 'not judged', oneRun: null, disagrees: false });
    expect(repayVerdict(row(measured(1, 0.4, 0.4, [run('run-2', 0.38, 0.43)])), parent)).toBe('not judged');
  });

  it('judges by the newest shared run, whose faster side must agree with the medians', () => {
    const parent = row(measured(2, 0.8, 1.2, [run('run-1', 0.75, 0.85), run('run-2', 1.1, 1.3)]));
    // Both runs shared: the newest (run-2) is the one judged by.
    const faster = row(measured(2, 0.4, 0.6, [run('run-1', 0.55, 0.65), run('run-2', 0.38, 0.43)]));
    expect(sharedRun(faster, parent)).toEqual({ row: run('run-2', 0.38, 0.43), parent: run('run-2', 1.1, 1.3), faster: 'this' });
    // Several measurements on both sides: ranges, not the run.
    expect(repayJudgement(faster, parent)!.oneRun).toBeNull();
    const one = row(measured(1, 0.4, 0.4, [run('run-2', 0.38, 0.43)]));
    expect(repayJudgement(one, parent)).toMatchObject({ verdict: 'distinguishable', disagrees: false, oneRun: { faster: 'this' } });
    // Overlapping intervals, or an end the run could not bound: not distinguishable.
    expect(repayVerdict(row(measured(1, 1.2, 1.2, [run('run-2', 1.0, 1.25)])), parent)).toBe('not distinguishable');
    expect(repayVerdict(row(measured(1, 0.4, 0.4, [run('run-2', null, 0.43)])), row(measured(2, 0.8, 1.2, [run('run-2', null, null)])))).toBe('not distinguishable');
    // Slower in the run while the medians give a saving, or faster while they give none: not judged.
    expect(repayJudgement(row(measured(1, 1.5, 1.5, [run('run-2', 1.4, 1.6)])), parent)).toMatchObject({ verdict: 'not judged', disagrees: true, oneRun: { faster: 'parent' } });
    expect(repayJudgement(row(measured(1, 0.4, 0.4, [run('run-2', 0.38, 0.43)]), -0.1), parent)).toMatchObject({ verdict: 'not judged', disagrees: true });
    // Slower in the run and no saving by the medians: the two agree, and the difference is told apart (as a loss).
    expect(repayVerdict(row(measured(1, 1.5, 1.5, [run('run-2', 1.4, 1.6)]), -0.2), parent)).toBe('distinguishable');
  });

  it('treats a zero saving as agreeing with neither side, and a missing one as nothing to judge', () => {
    const parent = row(measured(2, 0.8, 1.2, [run('run-2', 1.1, 1.3)]));
    const fasterInRun = measured(1, 0.4, 0.4, [run('run-2', 0.38, 0.43)]);
    const slowerInRun = measured(1, 1.5, 1.5, [run('run-2', 1.4, 1.6)]);
    expect(repayJudgement(row(fasterInRun, 0), parent)).toMatchObject({ verdict: 'not judged', disagrees: true });
    expect(repayJudgement(row(slowerInRun, 0), parent)).toMatchObject({ verdict: 'not judged', disagrees: true });
    expect(repayJudgement(row(fasterInRun, Number.NaN), parent)).toMatchObject({ verdict: 'not judged', disagrees: false, oneRun: { faster: 'this' } });
    expect(repayJudgement({ measured: fasterInRun }, parent)).toMatchObject({ verdict: 'not judged', disagrees: false });
    // Overlapping intervals need no saving to say the run cannot tell the two apart.
    expect(repayVerdict(row(measured(1, 1.2, 1.2, [run('run-2', 1.0, 1.25)]), Number.NaN), parent)).toBe('not distinguishable');
  });
});

describe('mediansGive', () => {
  it('names a saving, no difference, or a loss by its size', () => {
    expect([0.3, 0, -0.1].map(mediansGive)).toEqual(['a saving of 0.30 ms', 'no difference', 'a loss of 0.10 ms']);
  });
});

describe('repayVerdictCells', () => {
  it('gives the verdict and what it rests on for a pruned row, nothing for a dense one', () => {
    // Only the fields the verdict reads; the rest of a row does not enter it.
    const ledgerRow = (modelId: string, parentId: string | null, m: LedgerMeasured, msSaved = 0.4) => ({ ...row(m, msSaved), modelId, parentId, serveBackend: 'wasm', kind: parentId ? 'pruned' : 'dense' }) as unknown as LedgerRow;
    const dense = ledgerRow('d', null, measured(1, 1, 1, [run('run-1', 0.95, 1.05)]));
    const judged = ledgerRow('p', 'd', measured(1, 0.5, 0.5, [run('run-1', 0.45, 0.55)]));
    const against = ledgerRow('q', 'd', measured(1, 1.2, 1.2, [run('run-1', 1.15, 1.25)]));
    const ranged = ledgerRow('r', 'd', measured(2, 0.4, 0.6));
    const unsaved = ledgerRow('u', 'd', measured(1, 0.5, 0.5, [run('run-1', 0.45, 0.55)]), Number.NaN);
    const rows = [dense, judged, against, ranged, unsaved];
    expect(parentRow(rows, judged)).toBe(dense);
    expect(parentRow(rows, { ...judged, serveBackend: 'webgl' })).toBeUndefined();
    expect(repayVerdictCells(rows, dense)).toEqual({ repayVerdictTime: '', repayJudgedBy: '' });
    expect(repayVerdictCells(rows, judged)).toEqual({ repayVerdictTime: 'distinguishable', repayJudgedBy: 'one run' });
    expect(repayVerdictCells(rows, against)).toEqual({ repayVerdictTime: 'not judged', repayJudgedBy: 'one run, contradicting the medians' });
    expect(repayVerdictCells(rows, ranged)).toEqual({ repayVerdictTime: 'not judged', repayJudgedBy: 'one measurement on a side' });
    expect(repayVerdictCells(rows, unsaved)).toEqual({ repayVerdictTime: 'not judged', repayJudgedBy: 'saving not measured' });
  });
});
