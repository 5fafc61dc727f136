// Descendants over a list of models: every remove, nearest first, siblings and strangers left out,
// and a malformed chain (a model listed as its own ancestor) walked once.
import { describe, expect, it } from 'vitest';
import { childrenById, descendantCounts, descendantsIn } from './lineage.ts';
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

describe('descendantCounts and childrenById', () => {
  const models = [m('root', null), m('a', 'root'), m('b', 'root'), m('a1', 'a'), m('a1x', 'a1'), m('other', null), m('o1', 'other'), m('orphan', 'deleted')];

  it("counts every model's descendants at once, as descendantsIn does one by one", () => {
    const counts = descendantCounts(models);
    for (const x of models) expect(counts.get(x.id), x.id).toBe(descendantsIn(models, x.id).length);
    expect(Object.fromEntries(counts)).toMatchObject({ root: 4, a: 2, a1: 1, other: 1, orphan: 0 });
    const loop = [m('x', 'z'), m('y', 'x'), m('z', 'y')];
    expect([...descendantCounts(loop).values()]).toEqual([2, 2, 2]);
  });

  it('lists direct children by parent, a deleted parent too', () => {
    const children = childrenById(models);
    expect(children.get('root')!.map((c) => c.id)).toEqual(['a', 'b']);
    expect(children.get('deleted')!.map((c) => c.id)).toEqual(['orphan']);
    expect(children.has('a1x')).toBe(false);
  });
});
