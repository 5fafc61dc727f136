// Serve settings against the space of inputs: each raw value is taken (and then valid) or refused
// with a message naming the field, keeping the old value; nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_BACKENDS } from '../tf/backend-names.ts';
import { DEFAULT_SERVE_SETTINGS, parseServeSettings, type ServeSettings } from './serve-state.ts';
import { namesField, rawFields, rawValue } from '../train/test-arbitraries.ts';
import { validServeSettings } from './test-arbitraries.ts';

const RUNS = 1000;
const KEYS: (keyof ServeSettings)[] = ['backend', 'warmShaders', 'queries', 'compareQueries', 'deadlineMs'];
const LABELS: Record<keyof ServeSettings, string> = { backend: 'Backend', warmShaders: 'Warm shaders', queries: 'Query count', compareQueries: 'Queries per backend', deadlineMs: 'Query deadline (ms)' };
const RANGES = { queries: [1, 100_000], compareQueries: [1, 10_000], deadlineMs: [100, 600_000] } as const;

/** What a form or a link may send for each field, beside anything at all. */
const likely = fc.oneof(rawValue, fc.boolean(), fc.constantFrom('true', 'false', ...ALL_BACKENDS));

describe('parseServeSettings (properties)', () => {
  it('takes each field or names it, keeping the old value; never throws', () => {
    fc.assert(
      fc.property(rawFields(KEYS, likely), validServeSettings, (raw, current) => {
        const before = structuredClone(current);
        const { settings, errors } = parseServeSettings(raw, current);
        expect(current).toEqual(before);
        for (const key of Object.keys(errors)) expect(raw).toHaveProperty(key);
        for (const key of KEYS) {
          const given = raw[key];
          if (given === undefined) {
            expect(settings[key]).toBe(current[key]);
            expect(errors[key]).toBeUndefined();
          } else if (errors[key] !== undefined) {
            expect(namesField(errors[key], LABELS[key])).toBe(true);
            expect(errors[key]).toContain(String(given).trim());
            expect(settings[key]).toBe(current[key]);
          } else if (key === 'backend') {
            expect(settings.backend).toBe(given);
          } else if (key === 'warmShaders') {
            // Only a yes/no is taken as one: "maybe" must not quietly turn warm-up off.
            expect([true, false, 'true', 'false']).toContain(given);
            expect(settings.warmShaders).toBe(given === true || given === 'true');
          } else {
            const [lo, hi] = RANGES[key];
            expect(settings[key]).toBe(Number(String(given).trim()));
            expect(Number.isInteger(settings[key]) && settings[key] >= lo && settings[key] <= hi).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('valid settings written as form values read back unchanged', () => {
    fc.assert(
      fc.property(validServeSettings, validServeSettings, fc.boolean(), (wanted, current, asText) => {
        const raw = asText ? Object.fromEntries(Object.entries(wanted).map(([k, v]) => [k, String(v)])) : wanted;
        expect(parseServeSettings(raw, current)).toEqual({ settings: wanted, errors: {} });
      }),
      { numRuns: RUNS },
    );
  });

  // Found by the first property (seed -982449644, path "10:1:2:2:2:2:2:2"): "0" turned warm-up off without a word.
  it('regression: a warm-shaders value that is not yes or no is refused, not read as off', () => {
    for (const bad of ['0', '1', 'maybe', '', 0]) {
      const { settings, errors } = parseServeSettings({ warmShaders: bad }, DEFAULT_SERVE_SETTINGS);
      expect(settings.warmShaders).toBe(true);
      expect(errors.warmShaders).toBe(`Warm shaders must be true or false, got "${String(bad)}".`);
    }
  });
});
