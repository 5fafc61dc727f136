// The levers' settings parsers against the space of inputs: each raw value is taken (and then
// within its limits) or refused with a message naming the field, keeping the old value; sizes
// written as text read back unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namesField, rawFields } from './test-arbitraries.ts';
import { DEFAULT_DISTILL, DEFAULT_SIZE_SWEEP, DISTILL_LIMITS, MAX_SIZES, parseDistillSettings, parseSizes, parseSweepSettings, SHRINKS, sizesText, SWEEP_LIMITS, type DistillSettings, type SizeSweepSettings } from './levers-settings.ts';
import { SETTING_LIMITS } from './settings.ts';

const RUNS = 1000;

describe('parseDistillSettings (properties)', () => {
  it('takes each field or names it, keeping the old value; never throws', () => {
    const keys = ['temperature', 'hardWeight', 'epochs', 'shrink'] as (keyof DistillSettings)[];
    fc.assert(
      fc.property(rawFields(keys), (raw) => {
        const { settings, errors } = parseDistillSettings(raw, DEFAULT_DISTILL);
        for (const key of keys) {
          if (raw[key] === undefined || errors[key] !== undefined) {
            expect(settings[key]).toBe(DEFAULT_DISTILL[key]);
            if (errors[key] !== undefined) expect(namesField(errors[key], key === 'shrink' ? 'Student size' : DISTILL_LIMITS[key as keyof typeof DISTILL_LIMITS].label)).toBe(true);
          } else if (key === 'shrink') expect(SHRINKS).toContain(settings.shrink);
          else {
            const limit = DISTILL_LIMITS[key as keyof typeof DISTILL_LIMITS];
            const n = settings[key] as number;
            expect(n >= limit.min && n <= limit.max).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseSweepSettings (properties)', () => {
  it('takes each field or names it, keeping the old value', () => {
    const keys = ['epochs', 'targetValAcc', 'sizes'] as (keyof SizeSweepSettings)[];
    fc.assert(
      fc.property(rawFields(keys), (raw) => {
        const { settings, errors } = parseSweepSettings(raw, DEFAULT_SIZE_SWEEP);
        for (const key of keys) {
          if (raw[key] === undefined || errors[key] !== undefined) expect(settings[key]).toEqual(DEFAULT_SIZE_SWEEP[key]);
          if (errors[key] !== undefined) expect(namesField(errors[key], key === 'sizes' ? 'Sizes' : SWEEP_LIMITS[key as keyof typeof SWEEP_LIMITS].label)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back any valid list of sizes written as text', () => {
    const size = fc.record({ width: fc.integer({ min: SETTING_LIMITS.width.min, max: SETTING_LIMITS.width.max }), depth: fc.integer({ min: SETTING_LIMITS.depth.min, max: SETTING_LIMITS.depth.max }) });
    fc.assert(
      fc.property(fc.uniqueArray(size, { minLength: 1, maxLength: MAX_SIZES, selector: (s) => `${s.width}x${s.depth}` }), (sizes) => {
        expect(parseSizes(sizesText(sizes))).toEqual({ sizes });
      }),
      { numRuns: RUNS },
    );
  });
});
