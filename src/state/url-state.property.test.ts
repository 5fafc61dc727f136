// URL state against the space of inputs: any set-up the forms can make survives serialize -> parse
// unchanged, and any query string either applies or gives messages naming what was refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../train/settings.ts';
import { VIEW_IDS } from './lab-state.ts';
import { DEFAULT_DRIFT_URL_SETTINGS, parseDriftUrlSettings } from './drift-url.ts';
import { DEFAULT_LEDGER_SETTINGS, parseLedgerSettings } from './ledger-state.ts';
import { DEFAULT_PRUNE_SETTINGS, parsePruneSettings } from './prune-state.ts';
import { DEFAULT_SERVE_SETTINGS, parseServeSettings } from './serve-state.ts';
import { validSnapshot } from './test-arbitraries.ts';
import { parseUrlState, serializeUrlState, type UrlSnapshot } from './url-state.ts';

const RUNS = 1000;

/** What the app does on load: the request through each settings parser. */
function restore(search: string) {
  const { request, errors } = parseUrlState(search);
  const train = parseSettings(request.train, DEFAULT_SETTINGS);
  const serve = parseServeSettings(request.serve, DEFAULT_SERVE_SETTINGS);
  const prune = parsePruneSettings(request.prune, DEFAULT_PRUNE_SETTINGS);
  const ledger = parseLedgerSettings(request.ledger, DEFAULT_LEDGER_SETTINGS);
  const drift = parseDriftUrlSettings(request.drift, DEFAULT_DRIFT_URL_SETTINGS);
  const snapshot: UrlSnapshot = { view: request.view ?? 'train', lecture: request.lecture ?? false, train: train.settings, serve: serve.settings, prune: prune.settings, ledger: ledger.settings, drift: drift.settings };
  return { snapshot, errors: [...errors, ...Object.values(train.errors), ...Object.values(serve.errors), ...Object.values(prune.errors), ...Object.values(ledger.errors), ...Object.values(drift.errors)] };
}

const KNOWN_KEYS = [
  'view', 'lecture',
  ...Object.keys(DEFAULT_SETTINGS).map((k) => `t.${k}`),
  ...Object.keys(DEFAULT_SERVE_SETTINGS).map((k) => `s.${k}`),
  ...Object.keys(DEFAULT_PRUNE_SETTINGS).map((k) => `p.${k}`),
  ...Object.keys(DEFAULT_LEDGER_SETTINGS).map((k) => `l.${k}`),
  ...Object.keys(DEFAULT_DRIFT_URL_SETTINGS).map((k) => `d.${k}`),
];

/** A query string as a person might edit one: known and unknown keys, odd values, stray separators and escapes. */
const editedQuery = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.constantFrom('t.', '.epochs', 'x.epochs', 't.__proto__', 's.toString', 'view.', 'zoom'), fc.string({ maxLength: 12 })),
      fc.oneof(fc.constantFrom('', '1', '0', 'true', 'false', 'train', 'ledger', '3', '-1', '1e3', 'structured:0.5,unstructured:0.9', 'structured:0.5,,x', 'camera', '1,0.5,0.5', 'never,accuracy:5:fine-tune', 'every:0:scratch', 'from:3', 'append', '%', '%E0%A4%A', '+'), fc.string({ maxLength: 16 }), fc.string({ unit: 'binary', maxLength: 16 })),
      fc.boolean(),
    ),
    { maxLength: 10 },
  )
  .map((pairs) => pairs.map(([k, v, encode]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`)).join('&'))
  .chain((q) => fc.constantFrom(q, `?${q}`, `${q}&`, `&&${q}#frag`));

const anyQuery = fc.oneof(editedQuery, fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 }));

describe('URL state (properties)', () => {
  it('any valid set-up survives serialize -> parse, with no messages', () => {
    fc.assert(
      fc.property(validSnapshot, (setup) => {
        const { snapshot, errors } = restore(`?${serializeUrlState(setup)}`);
        expect(errors).toEqual([]);
        expect(snapshot).toEqual(setup);
      }),
      { numRuns: RUNS },
    );
  });

  it('a serialized set-up is canonical: serializing what it parses back to gives the same text', () => {
    fc.assert(
      fc.property(validSnapshot, (setup) => {
        const search = serializeUrlState(setup);
        expect(serializeUrlState(restore(search).snapshot)).toBe(search);
      }),
      { numRuns: RUNS },
    );
  });

  it('any query string either applies or names each parameter it refused; nothing throws', () => {
    fc.assert(
      fc.property(anyQuery, (search) => {
        const { request, errors } = parseUrlState(search);
        for (const e of errors) expect(typeof e === 'string' && e.length > 0).toBe(true);
        const all = errors.join('\n');
        for (const [key, value] of new URLSearchParams(search)) {
          if (key === 'view') {
            if ((VIEW_IDS as readonly string[]).includes(value)) expect(request.view).toBeDefined();
            else expect(all).toContain(`view "${value}"`);
            continue;
          }
          if (key === 'lecture') {
            if (request.lecture === undefined || !['1', '0', 'true', 'false', ''].includes(value)) expect(all).toContain(`lecture="${value}"`);
            continue;
          }
          const [prefix, ...rest] = key.split('.');
          const group = ({ t: request.train, s: request.serve, p: request.prune, l: request.ledger, d: request.drift } as Record<string, Record<string, unknown>>)[prefix!];
          const field = rest.join('.');
          if (!group || !Object.hasOwn(group, field)) expect(all).toContain(key);
        }
        // What reaches the settings parsers is only fields they know.
        expect(Object.keys(request.train).every((k) => Object.hasOwn(DEFAULT_SETTINGS, k))).toBe(true);
        expect(Object.keys(request.serve).every((k) => Object.hasOwn(DEFAULT_SERVE_SETTINGS, k))).toBe(true);
        expect(Object.keys(request.prune).every((k) => Object.hasOwn(DEFAULT_PRUNE_SETTINGS, k))).toBe(true);
        expect(Object.keys(request.ledger).every((k) => Object.hasOwn(DEFAULT_LEDGER_SETTINGS, k))).toBe(true);
        expect(Object.keys(request.drift).every((k) => Object.hasOwn(DEFAULT_DRIFT_URL_SETTINGS, k))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('restoring any query string gives a valid set-up (refused values keep the defaults) and never throws', () => {
    fc.assert(
      fc.property(anyQuery, (search) => {
        const { snapshot, errors } = restore(search);
        for (const e of errors) expect(typeof e === 'string' && e.length > 0).toBe(true);
        // Whatever was accepted serializes and restores to itself: nothing half-applied.
        const again = restore(serializeUrlState(snapshot));
        expect(again.errors).toEqual([]);
        expect(again.snapshot).toEqual(snapshot);
      }),
      { numRuns: RUNS },
    );
  });
});
