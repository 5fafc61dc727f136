// Retraining policies and their triggers: never, every N days, or when the monitored accuracy falls
// below day 0's minus a margin or the drift signal passes its threshold. Pure: a policy looks only
// at what a real deployment would know at the end of a day (labels that have come back, the signal).

export type RetrainFrom = 'fine-tune' | 'scratch';

export type PolicySpec =
  | { kind: 'never' }
  | { kind: 'every'; days: number; from: RetrainFrom }
  | {
      kind: 'triggered';
      /** Retrain when the newest monitored accuracy is below day 0's minus this many points (null: not watched). */
      accDropPoints: number | null;
      /** Retrain when the drift signal (PSI) is above this (null: not watched). */
      signalAbove: number | null;
      from: RetrainFrom;
    };

/** What the policy sees at the end of a day. */
export interface PolicyView {
  day: number;
  /** Days in the stream: no retraining after the last one (nothing would be served by it). */
  days: number;
  /** Day 0's monitored accuracy (0-1), null until its labels came back. */
  baselineAcc: number | null;
  /** The newest monitored accuracy of the model now deployed (0-1), and its day; null when none came back for it yet. */
  latestAcc: { day: number; acc: number } | null;
  /** The drift signal of the day just served, against the current model's reference day. */
  signal: number;
}

/** Why to retrain now, or null to keep the model. */
export function retrainReason(policy: PolicySpec, view: PolicyView): string | null {
  if (view.day >= view.days - 1) return null;
  switch (policy.kind) {
    case 'never':
      return null;
    case 'every':
      return view.day > 0 && view.day % policy.days === 0 ? `day ${view.day} is a multiple of ${policy.days}` : null;
    case 'triggered': {
      if (policy.accDropPoints !== null && view.baselineAcc !== null && view.latestAcc !== null) {
        const floor = view.baselineAcc - policy.accDropPoints / 100;
        if (view.latestAcc.acc < floor) return `monitored accuracy ${pct(view.latestAcc.acc)} (day ${view.latestAcc.day}) < ${pct(floor)} (day 0 − ${policy.accDropPoints} points)`;
      }
      if (policy.signalAbove !== null && view.signal > policy.signalAbove) return `drift signal PSI ${view.signal.toFixed(2)} > ${policy.signalAbove.toFixed(2)}`;
      return null;
    }
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** "never", "every 2 days (fine-tune)", "accuracy < day 0 − 5 points (fine-tune)". */
export function policyLabel(policy: PolicySpec): string {
  switch (policy.kind) {
    case 'never':
      return 'never';
    case 'every':
      return `${policy.days === 1 ? 'every day' : `every ${policy.days} days`} (${policy.from})`;
    case 'triggered': {
      const parts: string[] = [];
      if (policy.accDropPoints !== null) parts.push(`accuracy < day 0 − ${policy.accDropPoints} points`);
      if (policy.signalAbove !== null) parts.push(`PSI > ${policy.signalAbove}`);
      return `${parts.join(' or ') || 'no trigger'} (${policy.from})`;
    }
  }
}

/** A problem with a policy, named, or null. */
export function policyProblem(policy: PolicySpec): string | null {
  if (policy.kind === 'every' && (!Number.isInteger(policy.days) || policy.days < 1)) return `"Every N days" needs N to be a whole number of at least 1, got ${policy.days}.`;
  if (policy.kind === 'triggered') {
    if (policy.accDropPoints === null && policy.signalAbove === null) return 'A triggered policy needs an accuracy drop or a drift-signal threshold.';
    if (policy.accDropPoints !== null && !(policy.accDropPoints > 0 && policy.accDropPoints < 100)) return `The accuracy drop must be between 0 and 100 points, got ${policy.accDropPoints}.`;
    if (policy.signalAbove !== null && !(policy.signalAbove > 0)) return `The drift-signal threshold must be above 0, got ${policy.signalAbove}.`;
  }
  return null;
}

/** The policies the Drift view compares by default: the check's three. */
export const DEFAULT_POLICIES: PolicySpec[] = [
  { kind: 'never' },
  { kind: 'triggered', accDropPoints: 5, signalAbove: null, from: 'fine-tune' },
  { kind: 'every', days: 1, from: 'fine-tune' },
];
