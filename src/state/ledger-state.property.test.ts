// Ledger settings against the space of inputs: each raw value is taken (and then valid) or refused
// with a message naming the field, keeping the old value; nothing throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLedgerSettings, TRAFFIC_LIMITS, type LedgerSettings } from './ledger-state.ts';
import { namesField, rawFields, rawValue } from '../train/test-arbitraries.ts';
import { validLedgerSettings } from './test-arbitraries.ts';

const RUNS = 1000;
const KEYS: (keyof LedgerSettings)[] = ['queriesPerDay', 'unit'];
const LABELS: Record<keyof LedgerSettings, string> = { queriesPerDay: 'Traffic', unit: 'Chart unit' };

/** Traffic as people type it: with thousands separators, spaces, exponents. */
const typedTraffic = fc.oneof(
  fc.bigInt({ min: -10n, max: 10n ** 13n }).map((n) => n.toLocaleString('en')),
  fc.bigInt({ min: 0n, max: 10n ** 13n }).map((n) => ` ${n} `),
  fc.constantFrom('1e6', '1e12', '1e13', '1,,000', ',', '1.5', '10 000', '1_000'),
);
const likely = fc.oneof(rawValue, typedTraffic, fc.constantFrom('time', 'flops', 'TIME', ' flops'));

describe('parseLedgerSettings (properties)', () => {
  it('takes each field or names it, keeping the old value; never throws', () => {
    fc.assert(
      fc.property(rawFields(KEYS, likely), validLedgerSettings, (raw, base) => {
        const before = structuredClone(base);
        const { settings, errors } = parseLedgerSettings(raw, base);
        expect(base).toEqual(before);
        for (const key of Object.keys(errors)) expect(raw).toHaveProperty(key);
        for (const key of KEYS) {
          const given = raw[key];
          if (given === undefined) {
            expect(settings[key]).toBe(base[key]);
            expect(errors[key]).toBeUndefined();
          } else if (errors[key] !== undefined) {
            expect(namesField(errors[key], LABELS[key])).toBe(true);
            expect(errors[key]).toContain(String(given));
            expect(settings[key]).toBe(base[key]);
          } else if (key === 'queriesPerDay') {
            const n = settings.queriesPerDay;
            expect(n).toBe(Number(String(given).trim().replace(/,/g, '')));
            expect(Number.isInteger(n) && n >= TRAFFIC_LIMITS.min && n <= TRAFFIC_LIMITS.max).toBe(true);
          } else {
            expect(settings.unit).toBe(given);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('valid settings written as form text (with thousands separators) read back unchanged', () => {
    fc.assert(
      fc.property(validLedgerSettings, validLedgerSettings, (wanted, base) => {
        expect(parseLedgerSettings({ queriesPerDay: wanted.queriesPerDay.toLocaleString('en'), unit: wanted.unit }, base)).toEqual({ settings: wanted, errors: {} });
      }),
      { numRuns: RUNS },
    );
  });
});
