// The report's lifecycle section read back: absent is fine (older reports), a record written by the
// app passes (nulls back to NaN), and a bad field is named.
import { describe, expect, it } from 'vitest';
import { lifecycleProblem } from './lifecycle-import.ts';
import { costTotals, accuracySummary } from './cost.ts';
import { DEFAULT_SCENARIO } from './schedule.ts';
import type { DayRecord, LifecycleRecord } from './records.ts';

const day: DayRecord = {
  day: 0, modelId: 'm', queries: 10, failed: 0, correct: 9, labelled: 6, labelledCorrect: 5, labelsOnDay: 0, monitoredAcc: 5 / 6, monitoredLow: 0.4, monitoredHigh: 0.97,
  inputPsi: 0, confidencePsi: 0, inputKs: 0, confidenceKs: 0, signal: 0, servingMs: 20, modelMs: 10, servingFlops: 1000,
};
const record = (): LifecycleRecord => ({
  scenario: DEFAULT_SCENARIO,
  scenarioName: 'covariate',
  date: '2026-01-01T00:00:00.000Z',
  runs: [{ policy: { kind: 'never' }, policyLabel: 'never', baseModelId: 'm', servingBackend: 'wasm', trainBackend: 'wasm', days: [day], retrains: [], deploys: [{ day: 0, modelId: 'm', loadMs: 5, coldQueryMs: Number.NaN }], totals: costTotals({ trainMs: 1, trainFlops: 1 }, [day], [], []), summary: accuracySummary([day], []), stopped: false }],
});

describe('lifecycleProblem', () => {
  it('accepts a report without the section and a record as written (nulls read back as NaN)', () => {
    expect(lifecycleProblem(undefined)).toBeNull();
    const parsed = JSON.parse(JSON.stringify([record()])) as LifecycleRecord[];
    expect(parsed[0]!.runs[0]!.deploys[0]!.coldQueryMs).toBeNull();
    expect(lifecycleProblem(parsed)).toBeNull();
    expect(parsed[0]!.runs[0]!.deploys[0]!.coldQueryMs).toBeNaN();
  });

  it('reads the epoch a retraining kept, and names one outside its epochs', () => {
    const retrain = { day: 1, reason: 'r', from: 'fine-tune', images: 40, epochs: 8, trainMs: 10, trainFlops: 10, modelId: 'm2', parentId: 'm', valAcc: 0.9, keptEpoch: 6 };
    const withRetrain = () => {
      const r = record();
      r.runs[0]!.retrains.push({ ...retrain } as LifecycleRecord['runs'][number]['retrains'][number]);
      return JSON.parse(JSON.stringify([r])) as LifecycleRecord[];
    };
    expect(lifecycleProblem(withRetrain())).toBeNull();
    const bad = withRetrain();
    (bad[0]!.runs[0]!.retrains[0] as { keptEpoch: number }).keptEpoch = 9;
    expect(lifecycleProblem(bad)).toBe('lifecycle[0].runs[0].retrains[0].keptEpoch must be an epoch from 1 to 8, got 9.');
  });

  it('names the first bad field', () => {
    expect(lifecycleProblem({})).toBe('report.lifecycle must be a list, got {}.');
    const bad = JSON.parse(JSON.stringify([record()])) as { runs: { days: Record<string, unknown>[] }[] }[];
    bad[0]!.runs[0]!.days[0]!.servingMs = 'fast';
    expect(lifecycleProblem(bad)).toBe('lifecycle[0].runs[0].days[0].servingMs must be a number, got "fast".');
    const noLabel = JSON.parse(JSON.stringify([record()])) as { runs: Record<string, unknown>[] }[];
    delete noLabel[0]!.runs[0]!.policyLabel;
    expect(lifecycleProblem(noLabel)).toMatch(/policyLabel must be text/);
  });

  it('reads a stream stopped during a retraining back, and names a bad stop record', () => {
    const stopped = { ...record(), planned: ['never', 'every day (fine-tune)'] };
    stopped.runs[0] = { ...stopped.runs[0]!, stopped: true, stoppedRetraining: { day: 0, from: 'fine-tune', epochsDone: 0, epochs: 8, trainMs: 0 } };
    expect(lifecycleProblem(JSON.parse(JSON.stringify([stopped])))).toBeNull();
    const bad = JSON.parse(JSON.stringify([stopped])) as { runs: { stoppedRetraining: Record<string, unknown> }[] }[];
    bad[0]!.runs[0]!.stoppedRetraining.epochsDone = 'some';
    expect(lifecycleProblem(bad)).toBe('lifecycle[0].runs[0].stoppedRetraining.epochsDone must be a number, got "some".');
    expect(lifecycleProblem([{ ...stopped, planned: 'never' }])).toBe('lifecycle[0].planned must be a list of policy names, got "never".');
  });
});
