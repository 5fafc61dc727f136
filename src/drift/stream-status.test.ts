// The stream's outcome line: finished, stopped between days, between policies, or during a
// retraining (no version, not counted), each naming what was kept and what did not run.
import { describe, expect, it } from 'vitest';
import { accuracySummary, costTotals } from './cost.ts';
import type { LifecycleRecord, LifecycleRun } from './records.ts';
import { DEFAULT_SCENARIO } from './schedule.ts';
import { streamStatus } from './stream-status.ts';

const day = (d: number) => ({ day: d, modelId: 'm', queries: 10, failed: 0, correct: 9, labelled: 6, labelledCorrect: 5, labelsOnDay: d, monitoredAcc: 5 / 6, monitoredLow: 0.4, monitoredHigh: 0.97, inputPsi: 0, confidencePsi: 0, inputKs: 0, confidenceKs: 0, signal: 0, servingMs: 20, modelMs: 10, servingFlops: 1000 });
const retrain = (d: number) => ({ day: d, reason: 'every day', from: 'fine-tune' as const, images: 10, epochs: 2, trainMs: 500, trainFlops: 1, modelId: `v${d}`, parentId: 'm', valAcc: 0.9 });

function run(label: string, days: number, retrains: number[], extra: Partial<LifecycleRun> = {}): LifecycleRun {
  const ds = Array.from({ length: days }, (_, d) => day(d));
  const rs = retrains.map(retrain);
  return { policy: { kind: 'never' }, policyLabel: label, baseModelId: 'm', servingBackend: 'wasm', trainBackend: 'wasm', days: ds, retrains: rs, deploys: [], totals: costTotals({ trainMs: 1, trainFlops: 1 }, ds, rs, []), summary: accuracySummary(ds, rs), stopped: false, ...extra };
}

const record = (runs: LifecycleRun[], planned = runs.map((r) => r.policyLabel)): LifecycleRecord => ({ scenario: DEFAULT_SCENARIO, scenarioName: 'covariate', runs, planned, date: '2026-01-01T00:00:00.000Z' });

describe('streamStatus', () => {
  it('counts the policies and retrainings of a finished stream', () => {
    expect(streamStatus(record([run('never', 3, []), run('every day', 3, [1])]))).toBe('Stream finished: 2 policies, 1 retraining (each a new version in the Models view).');
  });

  it('says a stop came during a retraining, that it made no version and is not counted, and what was kept and not run', () => {
    const stopped = run('every day', 2, [], { stopped: true, stoppedRetraining: { day: 1, from: 'fine-tune', epochsDone: 0, epochs: 8, trainMs: 0 } });
    expect(streamStatus(record([run('never', 3, []), stopped], ['never', 'every day', 'every 2 days']))).toBe(
      `Stopped during day 1's retraining under "every day" (none of its 8 epochs had finished): it made no version and is not counted in the table. Kept: days 0 to 1 as served. Not run: "every 2 days".`,
    );
  });

  it('names a stop between days and one between policies', () => {
    expect(streamStatus(record([run('every day', 1, [], { stopped: true })]))).toBe('Stopped after day 0 under "every day". Kept: day 0 as served.');
    expect(streamStatus(record([run('every day', 3, [1, 2])], ['every day', 'never']))).toBe('Stopped after "every day" ran to its end: 1 policy, 2 retrainings (each a new version in the Models view) kept. Not run: "never".');
  });
});
