// Pruning schedules as pure functions of the optimizer step: one-shot, and the gradual cubic
// ramp of Zhu & Gupta 2017 ("To prune, or not to prune"), as TF-MOT's PolynomialDecay(power 3).

/** Prune once, at step 0, straight to the target. */
export interface OneShotSchedule {
  kind: 'one-shot';
  /** Fraction of kernel weights set to zero, in [0, 1). */
  sparsity: number;
}

/**
 * s_t = s_f + (s_i - s_f) * (1 - (t - t0) / (n * dt))^3, with masks recomputed at
 * t = t0, t0 + dt, ..., t0 + n * dt. Steps count optimizer steps (batches), from 0.
 */
export interface GradualSchedule {
  kind: 'gradual';
  /** s_i: sparsity of the first update (at t0). */
  initialSparsity: number;
  /** s_f: sparsity reached at t0 + n * dt and kept after. */
  finalSparsity: number;
  /** t0: step of the first update. */
  beginStep: number;
  /** dt: steps between updates (>= 1). */
  frequency: number;
  /** n: updates after the first one; the ramp ends at t0 + n * dt. */
  updates: number;
}

export type PruningSchedule = OneShotSchedule | GradualSchedule;

function checkFraction(name: string, s: number): void {
  if (!(s >= 0 && s < 1)) throw new Error(`${name} must be in [0, 1), got ${s}.`);
}

function checkStepInt(name: string, n: number, min: number): void {
  if (!(Number.isSafeInteger(n) && n >= min)) throw new Error(`${name} must be an integer >= ${min}, got ${n}.`);
}

/** Throws a message naming the bad field; returns the schedule for chaining. */
export function validateSchedule<S extends PruningSchedule>(schedule: S): S {
  if (schedule.kind === 'one-shot') {
    checkFraction('sparsity', schedule.sparsity);
    return schedule;
  }
  checkFraction('initialSparsity', schedule.initialSparsity);
  checkFraction('finalSparsity', schedule.finalSparsity);
  checkStepInt('beginStep', schedule.beginStep, 0);
  checkStepInt('frequency', schedule.frequency, 1);
  checkStepInt('updates', schedule.updates, 0);
  return schedule;
}

/** The schedule's target sparsity. */
export function finalSparsity(schedule: PruningSchedule): number {
  return schedule.kind === 'one-shot' ? schedule.sparsity : schedule.finalSparsity;
}

/** The last step at which masks change; training after it only recovers accuracy. */
export function lastUpdateStep(schedule: PruningSchedule): number {
  return schedule.kind === 'one-shot' ? 0 : schedule.beginStep + schedule.updates * schedule.frequency;
}

/**
 * Target sparsity at step t. Before t0 nothing is pruned yet (0); after the ramp, s_f.
 * With n = 0 the ramp is a single update straight to s_f.
 */
export function sparsityAt(schedule: PruningSchedule, step: number): number {
  if (schedule.kind === 'one-shot') return schedule.sparsity;
  const { initialSparsity: si, finalSparsity: sf, beginStep: t0, frequency: dt, updates: n } = schedule;
  if (step < t0) return 0;
  if (n === 0 || step >= t0 + n * dt) return sf;
  // Between updates the masks stay as set at the last update, so report that step's value.
  const lastUpdate = t0 + Math.floor((step - t0) / dt) * dt;
  const progress = (lastUpdate - t0) / (n * dt);
  return sf + (si - sf) * (1 - progress) ** 3;
}

/** True at the steps where masks are recomputed (one-shot: step 0 only). */
export function isUpdateStep(schedule: PruningSchedule, step: number): boolean {
  if (schedule.kind === 'one-shot') return step === 0;
  const { beginStep: t0, frequency: dt, updates: n } = schedule;
  return step >= t0 && step <= t0 + n * dt && (step - t0) % dt === 0;
}

/**
 * A gradual schedule that fits a fine-tuning run of `totalSteps`: the ramp from 0 to `sparsity`
 * takes the first `rampFraction` of the steps (Zhu & Gupta leave the rest for recovery), with
 * about `updates` mask updates.
 */
export function gradualScheduleFor(totalSteps: number, sparsity: number, rampFraction = 0.5, updates = 10): GradualSchedule {
  checkStepInt('totalSteps', totalSteps, 1);
  if (!(rampFraction > 0 && rampFraction <= 1)) throw new Error(`rampFraction must be in (0, 1], got ${rampFraction}.`);
  const rampSteps = Math.max(0, Math.floor((totalSteps - 1) * rampFraction));
  const n = Math.min(updates, rampSteps);
  const frequency = n === 0 ? 1 : Math.floor(rampSteps / n);
  return validateSchedule({ kind: 'gradual', initialSparsity: 0, finalSparsity: sparsity, beginStep: 0, frequency, updates: n });
}
