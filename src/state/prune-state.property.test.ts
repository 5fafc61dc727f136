// Prune settings against the space of inputs: each raw value is taken (and then valid) or refused
// with a message naming the field, keeping the old value; nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVELS } from '../prune/plan.ts';
import { DEFAULT_PRUNE_SETTINGS, levelKey, parsePruneSettings, PRUNE_LIMITS, type PruneSettings } from './prune-state.ts';
import { namesField, rawFields, rawValue } from '../train/test-arbitraries.ts';
import { validPruneSettings } from './test-arbitraries.ts';

const RUNS = 1000;
const KEYS: (keyof PruneSettings)[] = ['levels', 'epochs', 'schedule', 'scope', 'queries'];
const LABELS: Record<keyof PruneSettings, string> = { levels: 'pruning level', epochs: 'Fine-tune epochs', schedule: 'Schedule', scope: 'Threshold scope', queries: 'Latency queries per model' };
const KEYS_OF_LEVELS = DEFAULT_LEVELS.map(levelKey);

/** Level lists as a form or a link gives them: known keys, unknown ones, near misses, in any order. */
const levelList = fc.array(fc.oneof(fc.constantFrom(...KEYS_OF_LEVELS), fc.constantFrom('structured:0.77', 'unstructured:0.50', 'Structured:0.5', 'structured', ' structured:0.5', ''), fc.string({ maxLength: 12 })), { maxLength: 8 });
const likely = fc.oneof(rawValue, levelList, fc.constantFrom('gradual', 'one-shot', 'global', 'per-layer'));

describe('parsePruneSettings (properties)', () => {
  it('takes each field or names it, keeping the old value; never throws', () => {
    fc.assert(
      fc.property(rawFields(KEYS, likely), validPruneSettings, (raw, base) => {
        const before = structuredClone(base);
        const { settings, errors } = parsePruneSettings(raw, base);
        expect(base).toEqual(before);
        for (const key of Object.keys(errors)) expect(raw).toHaveProperty(key);
        for (const key of KEYS) {
          const given = raw[key];
          if (given === undefined) {
            expect(settings[key]).toEqual(base[key]);
            expect(errors[key]).toBeUndefined();
          } else if (errors[key] !== undefined) {
            expect(namesField(errors[key], LABELS[key])).toBe(true);
            expect(settings[key]).toEqual(base[key]);
          } else if (key === 'levels') {
            // Taken only when every key names a known level: an unknown one is not dropped without a word.
            expect(Array.isArray(given)).toBe(true);
            const keys = (given as unknown[]).map((k) => String(k).trim()).filter((k) => k !== '');
            expect(keys.every((k) => KEYS_OF_LEVELS.includes(k))).toBe(true);
            expect(settings.levels).toEqual(DEFAULT_LEVELS.filter((l) => keys.includes(levelKey(l))));
            expect(settings.levels.length).toBeGreaterThan(0);
          } else if (key === 'epochs' || key === 'queries') {
            const { min, max } = PRUNE_LIMITS[key];
            const n = settings[key];
            // A number, or text of one: null or true are not 0 or 1 epochs.
            expect(typeof given === 'number' ? given : Number(String(given).trim())).toBe(n);
            expect(typeof given === 'boolean' || given === null).toBe(false);
            expect(Number.isInteger(n) && n >= min && n <= max).toBe(true);
          } else {
            expect(settings[key]).toBe(given);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('valid settings written as form values read back unchanged', () => {
    fc.assert(
      fc.property(validPruneSettings, validPruneSettings, (wanted, base) => {
        const raw = { ...wanted, levels: wanted.levels.map(levelKey), epochs: String(wanted.epochs), queries: String(wanted.queries) };
        expect(parsePruneSettings(raw, base)).toEqual({ settings: wanted, errors: {} });
      }),
      { numRuns: RUNS },
    );
  });
});

// Found by the first property: { epochs: null } was taken as 0 epochs (seed 1636037146, path "26:4:2:2:2:2:2");
// { levels: ['structured:0.77', 'unstructured:0.5'] } lost the unknown level without a word (seed -441782185, path "6:2:1:2:3:3:3:3:3:3:3").
describe('parsePruneSettings (regressions found by the properties)', () => {
  it('refuses null, true and a symbol as a count instead of reading 0 or 1 or throwing a TypeError', () => {
    for (const bad of [null, true, false, Symbol('3')]) {
      const { settings, errors } = parsePruneSettings({ epochs: bad, queries: bad }, DEFAULT_PRUNE_SETTINGS);
      expect(settings).toEqual(DEFAULT_PRUNE_SETTINGS);
      expect(errors.epochs).toContain('Fine-tune epochs must be a whole number between 0 and 20');
      expect(errors.queries).toContain('Latency queries per model must be a whole number between 16 and 4096');
    }
  });

  it('refuses a level list with an unknown level, naming it, instead of dropping it', () => {
    const { settings, errors } = parsePruneSettings({ levels: ['structured:0.5', 'structured:0.77'] }, DEFAULT_PRUNE_SETTINGS);
    expect(settings.levels).toEqual(DEFAULT_PRUNE_SETTINGS.levels);
    expect(errors.levels).toContain('"structured:0.77"');
    expect(errors.levels).toContain('pruning level');
    // Blank entries (a trailing comma in a link) are no level at all, and spaces around a key do not matter.
    expect(parsePruneSettings({ levels: ['unstructured:0.5', ' structured:0.5 ', ''] }, DEFAULT_PRUNE_SETTINGS)).toEqual({
      settings: { ...DEFAULT_PRUNE_SETTINGS, levels: [{ method: 'unstructured', sparsity: 0.5 }, { method: 'structured', sparsity: 0.5 }] },
      errors: {},
    });
  });
});
