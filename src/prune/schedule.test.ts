// Schedule maths on known values: the cubic ramp at its update steps, its ends, and the fitter.
import { describe, expect, it } from 'vitest';
import { finalSparsity, gradualScheduleFor, isUpdateStep, lastUpdateStep, sparsityAt, validateSchedule, type GradualSchedule } from './schedule.ts';

const ramp: GradualSchedule = { kind: 'gradual', initialSparsity: 0.1, finalSparsity: 0.9, beginStep: 10, frequency: 5, updates: 4 };

describe('gradual (Zhu & Gupta 2017)', () => {
  it('follows s_t = s_f + (s_i - s_f)(1 - (t - t0)/(n dt))^3 at each update step', () => {
    // n * dt = 20; progress 0, .25, .5, .75, 1.
    expect(sparsityAt(ramp, 10)).toBeCloseTo(0.1, 12);
    expect(sparsityAt(ramp, 15)).toBeCloseTo(0.9 - 0.8 * 0.75 ** 3, 12); // 0.5625
    expect(sparsityAt(ramp, 15)).toBeCloseTo(0.5625, 12);
    expect(sparsityAt(ramp, 20)).toBeCloseTo(0.9 - 0.8 * 0.125, 12); // 0.8
    expect(sparsityAt(ramp, 25)).toBeCloseTo(0.9 - 0.8 / 64, 12); // 0.8875
    expect(sparsityAt(ramp, 30)).toBe(0.9);
  });

  it('prunes nothing before t0, holds between updates and stays at s_f after the ramp', () => {
    expect(sparsityAt(ramp, 0)).toBe(0);
    expect(sparsityAt(ramp, 9)).toBe(0);
    expect(sparsityAt(ramp, 17)).toBe(sparsityAt(ramp, 15));
    expect(sparsityAt(ramp, 1000)).toBe(0.9);
  });

  it('updates at t0, t0 + dt, ..., t0 + n dt only', () => {
    const steps = Array.from({ length: 40 }, (_, t) => t).filter((t) => isUpdateStep(ramp, t));
    expect(steps).toEqual([10, 15, 20, 25, 30]);
    expect(lastUpdateStep(ramp)).toBe(30);
    expect(finalSparsity(ramp)).toBe(0.9);
  });

  it('is monotone non-decreasing from t0', () => {
    let prev = 0;
    for (let t = 10; t < 40; t++) {
      expect(sparsityAt(ramp, t)).toBeGreaterThanOrEqual(prev);
      prev = sparsityAt(ramp, t);
    }
  });

  it('with n = 0 goes straight to s_f at t0', () => {
    const s: GradualSchedule = { ...ramp, updates: 0 };
    expect(sparsityAt(s, 10)).toBe(0.9);
    expect([9, 10, 11].map((t) => isUpdateStep(s, t))).toEqual([false, true, false]);
  });
});

describe('one-shot', () => {
  it('prunes at step 0 to the target', () => {
    const s = { kind: 'one-shot', sparsity: 0.75 } as const;
    expect(sparsityAt(s, 0)).toBe(0.75);
    expect(isUpdateStep(s, 0)).toBe(true);
    expect(isUpdateStep(s, 1)).toBe(false);
    expect(lastUpdateStep(s)).toBe(0);
  });
});

describe('gradualScheduleFor', () => {
  it('fits the ramp into the first half of the steps, from 0 to the target', () => {
    const s = gradualScheduleFor(126, 0.9);
    expect(s).toEqual({ kind: 'gradual', initialSparsity: 0, finalSparsity: 0.9, beginStep: 0, frequency: 6, updates: 10 });
    expect(lastUpdateStep(s)).toBeLessThan(126 / 2 + 1);
    expect(sparsityAt(s, lastUpdateStep(s))).toBe(0.9);
  });

  it('still reaches the target with very few steps', () => {
    expect(sparsityAt(gradualScheduleFor(1, 0.5), 0)).toBe(0.5);
    const s = gradualScheduleFor(5, 0.5);
    expect(lastUpdateStep(s)).toBeLessThan(5);
    expect(sparsityAt(s, 4)).toBe(0.5);
  });
});

describe('validation', () => {
  it('names the bad field', () => {
    expect(() => validateSchedule({ kind: 'one-shot', sparsity: 1 })).toThrow(/sparsity must be in \[0, 1\)/);
    expect(() => validateSchedule({ ...ramp, frequency: 0 })).toThrow(/frequency must be an integer >= 1/);
    expect(() => validateSchedule({ ...ramp, beginStep: 1.5 })).toThrow(/beginStep/);
  });
});
