// Descendants over a list of models: every remove, nearest first, siblings and strangers left out,
// and a malformed chain (a model listed as its own ancestor) walked once.
import { describe, expect, it } from 'vitest';
import { descendantsIn } from './lineage.ts';
import type { ModelEntry } from './records.ts';

// Only the lineage fields matter here.
const m = (id: string, parentId: string | null) => ({ id, parentId }) as ModelEntry;

describe('descendantsIn', () => {
  const models = [m('root', null), m('a', 'root'), m('b', 'root'), m('a1', 'a'), m('a1x', 'a1'), m('other', null), m('o1', 'other')];

  it('gives every model made from one, nearest first, and nothing else', () => {
    expect(descendantsIn(models, 'root').map((d) => d.id)).toEqual(['a', 'b', 'a1', 'a1x']);
    expect(descendantsIn(models, 'a').map((d) => d.id)).toEqual(['a1', 'a1x']);
    expect(descendantsIn(models, 'a1x')).toEqual([]);
    expect(descendantsIn(models, 'missing')).toEqual([]);
  });

  it('walks a chain that loops back once', () => {
    const loop = [m('x', 'z'), m('y', 'x'), m('z', 'y')];
    expect(descendantsIn(loop, 'x').map((d) => d.id)).toEqual(['y', 'z']);
  });
});
