// The one localStorage text store: reads and writes whole under its key; a refused read is
// "nothing stored", a refused write throws for the caller to handle.
import { afterEach, describe, expect, it } from 'vitest';
import { localTextStorage } from './local-text-storage.ts';

const g = globalThis as { localStorage?: unknown };
afterEach(() => {
  delete g.localStorage;
});

/** A Storage with getItem/setItem over a Map, or one that refuses everything (private mode, quota). */
function install(refuse: boolean): Map<string, string> {
  const map = new Map<string, string>();
  const no = () => { throw new DOMException('refused', 'SecurityError'); };
  g.localStorage = refuse ? { getItem: no, setItem: no } : { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
  return map;
}

describe('localTextStorage', () => {
  it('reads and writes the text under its own key only', () => {
    const map = install(false);
    const a = localTextStorage('a');
    const b = localTextStorage('b');
    expect(a.read()).toBeNull();
    a.write('[1]');
    expect(a.read()).toBe('[1]');
    expect(b.read()).toBeNull();
    expect([...map.keys()]).toEqual(['a']);
  });

  it('reads nothing when the browser refuses, and lets a refused write throw', () => {
    install(true);
    const s = localTextStorage('a');
    expect(s.read()).toBeNull();
    expect(() => s.write('x')).toThrow('refused');
  });

  it('reads nothing where there is no localStorage at all', () => {
    expect(localTextStorage('a').read()).toBeNull();
  });
});
