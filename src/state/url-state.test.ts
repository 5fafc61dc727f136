// URL state: a set-up written to a query string reads back to the same settings, through the same
// validating parsers the forms use; nonsense gives messages, not a crash.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../train/settings.ts';
import { DEFAULT_DRIFT_URL_SETTINGS, parseDriftUrlSettings } from './drift-url.ts';
import { DEFAULT_LEDGER_SETTINGS, parseLedgerSettings } from './ledger-state.ts';
import { DEFAULT_PRUNE_SETTINGS, parsePruneSettings } from './prune-state.ts';
import { DEFAULT_SERVE_SETTINGS, parseServeSettings } from './serve-state.ts';
import { parseUrlState, serializeUrlState, type UrlSnapshot } from './url-state.ts';

const defaults: UrlSnapshot = { view: 'train', lecture: false, train: DEFAULT_SETTINGS, serve: DEFAULT_SERVE_SETTINGS, prune: DEFAULT_PRUNE_SETTINGS, ledger: DEFAULT_LEDGER_SETTINGS, drift: DEFAULT_DRIFT_URL_SETTINGS };

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

describe('URL state', () => {
  it('writes only the view for the defaults', () => {
    expect(serializeUrlState(defaults)).toBe('view=train');
  });

  it('round-trips every kind of setting', () => {
    const setup: UrlSnapshot = {
      view: 'ledger',
      lecture: true,
      train: { ...DEFAULT_SETTINGS, backend: 'webgl', epochs: 3, learningRate: 0.0005, trainSize: 512, dropout: 0.25, patience: 2 },
      serve: { ...DEFAULT_SERVE_SETTINGS, backend: 'cpu', warmShaders: false, queries: 200 },
      prune: { ...DEFAULT_PRUNE_SETTINGS, levels: [{ method: 'unstructured', sparsity: 0.9 }, { method: 'structured', sparsity: 0.5 }], epochs: 1, schedule: 'one-shot', scope: 'per-layer', queries: 64 },
      ledger: { queriesPerDay: 250_000, unit: 'flops' },
      drift: { ...DEFAULT_DRIFT_URL_SETTINGS, scenario: 'camera', strengths: '1,0.25,0.5', days: 4, policies: 'never,signal:0.3:scratch', floorFromDay: 1, own: 'from:3' },
    };
    const search = serializeUrlState(setup);
    expect(search).toContain('p.levels=unstructured:0.9,structured:0.5');
    const { snapshot, errors } = restore(`?${search}`);
    expect(errors).toEqual([]);
    expect(snapshot).toEqual(setup);
  });

  it('gives a message naming each nonsense value and keeps the rest', () => {
    const { snapshot, errors } = restore('?view=nowhere&t.epochs=lots&t.batchSize=16&s.warmShaders=maybe&p.schedule=weekly&l.queriesPerDay=-5&zoom=2&lecture=sometimes');
    expect(snapshot.train.batchSize).toBe(16);
    expect(snapshot.train.epochs).toBe(DEFAULT_SETTINGS.epochs);
    expect(snapshot.view).toBe('train');
    const all = errors.join('\n');
    for (const part of ['"nowhere"', 'Epochs must be a number', 's.warmShaders="maybe"', 'Schedule must be', 'Traffic must be', '"zoom"', 'lecture="sometimes"']) expect(all).toContain(part);
  });
});
