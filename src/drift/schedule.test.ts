// The drift schedule: seeded (same scenario, same days), each shift's strength ramps as stated, and
// each strength shows in the images' specs at its rate.
import { describe, expect, it } from 'vitest';
import { daySpecs, DEFAULT_SCENARIO, dogShareAt, percentOf, scenarioProblem, strengthsOn, type DriftScenario } from './schedule.ts';

const scenario = (shifts: DriftScenario['shifts'], extra: Partial<DriftScenario> = {}): DriftScenario => ({ ...DEFAULT_SCENARIO, shifts, ...extra });

describe('strengthsOn', () => {
  it('is zero on day 0 whatever the shifts', () => {
    const s = strengthsOn(scenario([{ kind: 'lighting', strength: 1, startDay: 1, rampDays: 0 }]), 0);
    expect(Object.values(s).every((v) => v === 0)).toBe(true);
  });

  it('ramps linearly from the start day to full strength over rampDays', () => {
    const sc = scenario([{ kind: 'noise', strength: 0.9, startDay: 2, rampDays: 2 }]);
    expect([0, 1, 2, 3, 4, 5].map((d) => Number(strengthsOn(sc, d).noise.toFixed(3)))).toEqual([0, 0, 0.3, 0.6, 0.9, 0.9]);
  });

  it('adds shifts of one kind, capped at 1', () => {
    const sc = scenario([
      { kind: 'blur', strength: 0.7, startDay: 1, rampDays: 0 },
      { kind: 'blur', strength: 0.7, startDay: 1, rampDays: 0 },
    ]);
    expect(strengthsOn(sc, 1).blur).toBe(1);
  });
});

describe('daySpecs', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const a = daySpecs(DEFAULT_SCENARIO, 3, 50);
    expect(daySpecs(DEFAULT_SCENARIO, 3, 50)).toEqual(a);
    expect(daySpecs({ ...DEFAULT_SCENARIO, seed: 8 }, 3, 50)).not.toEqual(a);
  });

  it('gives a day the same images whatever the strengths (only what is drawn on them changes)', () => {
    const weak = daySpecs(scenario([{ kind: 'fur', strength: 0.2, startDay: 1, rampDays: 0 }]), 2, 100);
    const strong = daySpecs(scenario([{ kind: 'fur', strength: 0.9, startDay: 1, rampDays: 0 }]), 2, 100);
    expect(strong.map((s) => [s.index, s.label, s.pixel.seed])).toEqual(weak.map((s) => [s.index, s.label, s.pixel.seed]));
    // A stronger shift changes a superset of the images a weaker one changes.
    weak.forEach((w, i) => {
      if (w.newFur) expect(strong[i]!.newFur).toBe(true);
    });
  });

  it.each(['fur', 'background', 'concept'] as const)('draws about strength x queries images with the %s change', (kind) => {
    const specs = daySpecs(scenario([{ kind, strength: 0.4, startDay: 1, rampDays: 0 }]), 1, 4000);
    const key = kind === 'fur' ? 'newFur' : kind === 'background' ? 'newBackground' : 'flipEars';
    const share = specs.filter((s) => s[key]).length / specs.length;
    expect(share).toBeGreaterThan(0.37);
    expect(share).toBeLessThan(0.43);
  });

  it('moves the dog share with the prior shift', () => {
    const specs = daySpecs(scenario([{ kind: 'prior', strength: 1, startDay: 1, rampDays: 0 }]), 1, 4000);
    expect(dogShareAt(1)).toBe(0.9);
    const dogs = specs.filter((s) => s.label === 1).length / specs.length;
    expect(dogs).toBeGreaterThan(0.88);
    expect(dogs).toBeLessThan(0.92);
    const day0 = daySpecs(scenario([{ kind: 'prior', strength: 1, startDay: 1, rampDays: 0 }]), 0, 4000);
    expect(Math.abs(day0.filter((s) => s.label === 1).length / 4000 - 0.5)).toBeLessThan(0.03);
  });

  it('carries pixel strengths as given and never repeats an index across days', () => {
    const sc = scenario([{ kind: 'lighting', strength: 0.5, startDay: 1, rampDays: 0 }]);
    expect(daySpecs(sc, 1, 3).every((s) => s.pixel.lighting === 0.5)).toBe(true);
    const indices = new Set([0, 1, 2].flatMap((d) => daySpecs(sc, d, 100).map((s) => s.index)));
    expect(indices.size).toBe(300);
  });
});

describe('percentOf', () => {
  it('gives the percentage without float noise', () => {
    expect(percentOf(0.6)).toBe(60);
    expect(percentOf(0.07)).toBe(7);
    expect(percentOf(0.125)).toBe(12.5);
  });
});

describe('scenarioProblem', () => {
  it('accepts the default and names a bad field', () => {
    expect(scenarioProblem(DEFAULT_SCENARIO)).toBeNull();
    expect(scenarioProblem({ ...DEFAULT_SCENARIO, days: 1 })).toMatch(/Days/);
    expect(scenarioProblem({ ...DEFAULT_SCENARIO, feedbackFraction: 0 })).toMatch(/labelled share/);
    // The view takes the share as a percentage, so its refusal speaks in percent too.
    expect(scenarioProblem({ ...DEFAULT_SCENARIO, feedbackFraction: 1.5 })).toContain('at most 100%, got 150%');
    expect(scenarioProblem(scenario([{ kind: 'noise', strength: 2, startDay: 1, rampDays: 0 }]))).toMatch(/noise strength/);
    expect(scenarioProblem(scenario([{ kind: 'noise', strength: 1, startDay: 0, rampDays: 0 }]))).toMatch(/day 0 is the training data/);
  });
});
