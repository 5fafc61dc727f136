// Training settings against the space of inputs: every raw value a form or a link can carry is
// either taken (and then within its limits) or refused with a message naming the field, keeping
// the old value; the dataset check names exactly the fields that do not fit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namesField, rawFields, validTrainSettings } from './test-arbitraries.ts';
import { checkAgainstData, FLIP_LABEL, KEEP_BEST_LABEL, parseSettings, SETTING_LIMITS, type NumericSettingKey, type TrainSettings } from './settings.ts';

const RUNS = 1000;
const KEYS = ['backend', 'augFlip', 'keepBest', ...Object.keys(SETTING_LIMITS)] as (keyof TrainSettings)[];
const SWITCH_LABELS: Partial<Record<keyof TrainSettings, string>> = { augFlip: FLIP_LABEL, keepBest: KEEP_BEST_LABEL };
const labelOf = (key: keyof TrainSettings): string => (key === 'backend' ? 'Backend' : SWITCH_LABELS[key] ?? SETTING_LIMITS[key as NumericSettingKey].label);
const BACKENDS = ['webgl', 'wasm', 'cpu', 'webgpu'];

describe('parseSettings (properties)', () => {
  it('takes each field or names it, keeping the old value; never throws', () => {
    fc.assert(
      fc.property(rawFields(KEYS), validTrainSettings, (raw, base) => {
        const before = structuredClone(base);
        const { settings, errors } = parseSettings(raw, base);
        expect(base).toEqual(before);
        for (const key of Object.keys(errors)) expect(raw).toHaveProperty(key);
        for (const key of KEYS) {
          const given = raw[key];
          const error = errors[key];
          if (given === undefined) {
            expect(Object.is(settings[key], base[key])).toBe(true);
            continue;
          }
          const text = String(given).trim();
          if (error !== undefined) {
            expect(namesField(error, labelOf(key))).toBe(true);
            expect(error).toContain(key === 'backend' || key in SWITCH_LABELS ? String(given) : text);
            expect(Object.is(settings[key], base[key])).toBe(true);
          } else if (key === 'augFlip' || key === 'keepBest') {
            expect(settings[key]).toBe(given === true || given === 'true');
            expect([true, false, 'true', 'false']).toContain(given);
          } else if (key === 'backend') {
            expect(BACKENDS).toContain(settings.backend);
            expect(settings.backend).toBe(String(given));
          } else {
            const limit = SETTING_LIMITS[key];
            const n = settings[key]!;
            expect(n).toBe(Number(text));
            expect(n >= limit.min && n <= limit.max).toBe(true);
            if (limit.integer) expect(Number.isInteger(n)).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a valid set-up written as form text reads back unchanged', () => {
    fc.assert(
      fc.property(validTrainSettings, validTrainSettings, (wanted, base) => {
        const raw = Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, String(v)]));
        expect(parseSettings(raw, base)).toEqual({ settings: wanted, errors: {} });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('checkAgainstData (properties)', () => {
  it('names exactly the fields that do not fit the loaded data, and changes nothing', () => {
    fc.assert(
      fc.property(validTrainSettings, fc.oneof(fc.nat(200_000), fc.integer({ min: 0, max: 600 })), (settings, available) => {
        const before = structuredClone(settings);
        const errors = checkAgainstData(settings, available);
        expect(settings).toEqual(before);
        expect(Object.keys(errors).every((k) => k === 'trainSize' || k === 'batchSize')).toBe(true);
        const usable = Math.min(settings.trainSize, available);
        if (settings.trainSize > available) {
          expect(namesField(errors.trainSize, 'Training-set size')).toBe(true);
          expect(errors.trainSize).toContain(String(available));
        } else expect(errors.trainSize).toBeUndefined();
        if (settings.batchSize > usable) {
          expect(namesField(errors.batchSize, 'Batch size')).toBe(true);
          expect(errors.batchSize).toContain(`(${usable} images)`);
        } else expect(errors.batchSize).toBeUndefined();
        // No message: a batch fits in the training set, which fits in what was loaded.
        if (Object.keys(errors).length === 0) expect(settings.batchSize <= settings.trainSize && settings.trainSize <= available).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
