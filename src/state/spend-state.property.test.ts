// The "where to spend" settings parser, for any input: it accepts a value or names the field, and a
// refused value changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPEND_SETTINGS, parseSpendSettings, type SpendSettings } from './spend-state.ts';

const KEYS: (keyof SpendSettings)[] = ['targetPct', 'rule', 'unit', 'days', 'backend'];
const anyValue = fc.oneof(fc.string(), fc.double(), fc.integer({ min: -10, max: 50_000 }), fc.constantFrom('measured', 'interval', 'time', 'flops', 'wasm', 'webgl', '85', '30', '', null, true));

describe('parseSpendSettings', () => {
  it('keeps each field valid, and for every refused field keeps the old value and names it', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), anyValue), (raw) => {
        const { settings, errors } = parseSpendSettings(raw as Partial<Record<keyof SpendSettings, unknown>>, DEFAULT_SPEND_SETTINGS);
        expect(settings.targetPct).toBeGreaterThanOrEqual(0);
        expect(settings.targetPct).toBeLessThanOrEqual(100);
        expect(Number.isInteger(settings.days) && settings.days >= 1).toBe(true);
        expect(['measured', 'interval']).toContain(settings.rule);
        expect(['time', 'flops']).toContain(settings.unit);
        for (const key of Object.keys(errors) as (keyof SpendSettings)[]) {
          expect(settings[key]).toBe(DEFAULT_SPEND_SETTINGS[key]);
          expect(errors[key]).toMatch(/got "/);
        }
        for (const key of Object.keys(raw) as (keyof SpendSettings)[]) if (!errors[key]) expect(key in settings).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
