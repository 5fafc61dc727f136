// Presets: saved, listed, renamed and deleted through a storage that outlives the controller; a
// preset's link carries its set-up, and opening one goes through the URL's validating parsers.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../train/settings.ts';
import { DEFAULT_DRIFT_URL_SETTINGS } from './drift-url.ts';
import { DEFAULT_LEDGER_SETTINGS } from './ledger-state.ts';
import { DEFAULT_PRUNE_SETTINGS } from './prune-state.ts';
import { DEFAULT_SERVE_SETTINGS } from './serve-state.ts';
import type { TextStorage } from './local-text-storage.ts';
import { parsePresets, PresetsLab } from './presets-lab.ts';
import { parseUrlState, serializeUrlState, type UrlSnapshot } from './url-state.ts';

function memoryStorage(initial: string | null = null): TextStorage & { text: string | null } {
  const s = { text: initial, read: () => s.text, write: (t: string) => void (s.text = t) };
  return s;
}

const lecture3: UrlSnapshot = {
  view: 'prune',
  lecture: true,
  train: { ...DEFAULT_SETTINGS, epochs: 2 },
  serve: DEFAULT_SERVE_SETTINGS,
  prune: { ...DEFAULT_PRUNE_SETTINGS, levels: [{ method: 'structured', sparsity: 0.5 }] },
  ledger: DEFAULT_LEDGER_SETTINGS,
  drift: DEFAULT_DRIFT_URL_SETTINGS,
};

function lab(storage: TextStorage, current = () => serializeUrlState(lecture3)) {
  const applied: string[] = [];
  // The real first step of applying a link, plus the train parser's messages for its values.
  const apply = (search: string) => {
    applied.push(search);
    const { request, errors } = parseUrlState(search);
    return [...errors, ...Object.values(parseSettings(request.train, DEFAULT_SETTINGS).errors)];
  };
  let t = Date.UTC(2026, 0, 1);
  const presets = new PresetsLab({ storage, currentSearch: current, apply, baseUrl: () => 'https://lab.example/app/', now: () => new Date((t += 1000)) });
  return { presets, applied };
}

describe('PresetsLab', () => {
  it('saves, lists, renames and deletes, and a new controller reads them back', () => {
    const storage = memoryStorage();
    const { presets } = lab(storage);
    const a = presets.save('  Lecture 3:   pruning ')!;
    expect(a.name).toBe('Lecture 3: pruning');
    expect(a.search).toBe(serializeUrlState(lecture3));
    const b = presets.save('Warm-up')!;
    expect(presets.store.state.presets.map((p) => p.name)).toEqual(['Lecture 3: pruning', 'Warm-up']);
    expect(presets.rename(b.id, 'Lecture 1: first run')).toBe(true);
    expect(presets.rename(b.id, 'Lecture 3: pruning')).toBe(false);
    expect(presets.store.state.error).toContain('already called');
    expect(presets.remove(a.id)).toBe(true);
    const again = lab(storage).presets;
    expect(again.store.state.presets.map((p) => [p.id, p.name])).toEqual([[b.id, 'Lecture 1: first run']]);
  });

  it('replaces a preset saved again under the same name, keeping its id', () => {
    let search = 'view=train';
    const { presets } = lab(memoryStorage(), () => search);
    const first = presets.save('Demo')!;
    search = 'view=serve&s.queries=50';
    const second = presets.save('Demo')!;
    expect(second.id).toBe(first.id);
    expect(presets.store.state.presets).toHaveLength(1);
    expect(presets.store.state.presets[0]!.search).toBe('view=serve&s.queries=50');
  });

  it('refuses an empty name with a message', () => {
    const { presets } = lab(memoryStorage());
    expect(presets.save('   ')).toBeNull();
    expect(presets.store.state.error).toContain('needs a name');
    expect(presets.store.state.presets).toEqual([]);
  });

  it('gives a link that parses back to the same set-up', () => {
    const { presets } = lab(memoryStorage());
    const p = presets.save('Lecture 3')!;
    const link = new URL(presets.linkOf(p));
    expect(link.origin + link.pathname).toBe('https://lab.example/app/');
    const { request, errors } = parseUrlState(link.search);
    expect(errors).toEqual([]);
    expect(request.view).toBe('prune');
    expect(request.lecture).toBe(true);
    expect(request.train.epochs).toBe('2');
    expect(request.prune.levels).toEqual(['structured:0.5']);
  });

  it('opens a preset through the parsers, and a bad value in it gives the named message', () => {
    const storage = memoryStorage(JSON.stringify([{ id: 'x', name: 'Broken', search: 'view=nowhere&t.epochs=lots', createdAt: '2026-01-01T00:00:00.000Z' }]));
    const { presets, applied } = lab(storage);
    const messages = presets.open('x');
    expect(applied).toEqual(['view=nowhere&t.epochs=lots']);
    expect(messages.some((m) => m.includes('"nowhere"'))).toBe(true);
    expect(messages.some((m) => m.includes('Epochs must be a number'))).toBe(true);
    expect(presets.open('gone')).toEqual(['That preset is no longer saved.']);
  });

  it('reads damaged storage as a message, never a throw', () => {
    expect(parsePresets('{nope').error).toContain('not JSON');
    expect(parsePresets('{"a":1}').error).toContain('not a list');
    const mixed = parsePresets(JSON.stringify([{ id: 'a', name: 'A', search: 'view=data', createdAt: 'x' }, { id: 3 }]));
    expect(mixed.presets).toHaveLength(1);
    expect(mixed.error).toContain('1 saved preset could not be read');
  });

  it('says so when the browser refuses to store', () => {
    const storage: TextStorage = { read: () => null, write: () => { throw new Error('QuotaExceededError'); } };
    const { presets } = lab(storage);
    expect(presets.save('Full')).toBeNull();
    expect(presets.store.state.error).toContain('QuotaExceededError');
    expect(presets.store.state.presets).toEqual([]);
  });
});
