// The policies' triggers: each fires exactly when its rule says, never on the last day.
import { describe, expect, it } from 'vitest';
import { policyLabel, policyProblem, retrainReason, type PolicyView } from './policy.ts';

const view = (v: Partial<PolicyView>): PolicyView => ({ day: 2, days: 6, baselineAcc: 0.9, latestAcc: { day: 2, acc: 0.9 }, signal: 0, ...v });

describe('retrainReason', () => {
  it('never retrains under "never"', () => {
    expect(retrainReason({ kind: 'never' }, view({ latestAcc: { day: 2, acc: 0.1 }, signal: 9 }))).toBeNull();
  });

  it('retrains every N days on the multiples of N, from day N', () => {
    const every2 = { kind: 'every', days: 2, from: 'fine-tune' } as const;
    expect([0, 1, 2, 3, 4].map((day) => retrainReason(every2, view({ day })) !== null)).toEqual([false, false, true, false, true]);
    const daily = { kind: 'every', days: 1, from: 'scratch' } as const;
    expect([0, 1, 2, 3, 4, 5].map((day) => retrainReason(daily, view({ day })) !== null)).toEqual([false, true, true, true, true, false]);
  });

  it('retrains when monitored accuracy falls below day 0 minus the margin, not at it', () => {
    const p = { kind: 'triggered', accDropPoints: 5, signalAbove: null, from: 'fine-tune' } as const;
    expect(retrainReason(p, view({ latestAcc: { day: 2, acc: 0.86 } }))).toBeNull();
    expect(retrainReason(p, view({ latestAcc: { day: 2, acc: 0.84 } }))).toMatch(/84\.0% \(day 2\) < 85\.0%/);
    // No labels back yet: nothing to compare.
    expect(retrainReason(p, view({ latestAcc: null }))).toBeNull();
    expect(retrainReason(p, view({ baselineAcc: null, latestAcc: { day: 2, acc: 0.1 } }))).toBeNull();
  });

  it('retrains when the drift signal passes its threshold', () => {
    const p = { kind: 'triggered', accDropPoints: null, signalAbove: 0.25, from: 'fine-tune' } as const;
    expect(retrainReason(p, view({ signal: 0.25 }))).toBeNull();
    expect(retrainReason(p, view({ signal: 0.3 }))).toMatch(/PSI 0\.30 > 0\.25/);
  });

  it('never retrains after the last day', () => {
    expect(retrainReason({ kind: 'every', days: 1, from: 'fine-tune' }, view({ day: 5, days: 6 }))).toBeNull();
  });
});

describe('labels and problems', () => {
  it('names each policy and refuses a bad one by name', () => {
    expect(policyLabel({ kind: 'every', days: 1, from: 'fine-tune' })).toBe('every day (fine-tune)');
    expect(policyLabel({ kind: 'triggered', accDropPoints: 5, signalAbove: 0.25, from: 'scratch' })).toBe('accuracy < day 0 − 5 points or PSI > 0.25 (scratch)');
    expect(policyProblem({ kind: 'every', days: 0, from: 'fine-tune' })).toMatch(/at least 1/);
    expect(policyProblem({ kind: 'triggered', accDropPoints: null, signalAbove: null, from: 'fine-tune' })).toMatch(/needs/);
    expect(policyProblem({ kind: 'never' })).toBeNull();
  });
});
