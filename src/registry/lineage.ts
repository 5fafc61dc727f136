// Lineage questions over a list of registry models, pure, for the registry and the views alike.
import type { ModelEntry } from './records.ts';

/** Each model's direct children, by parent id, in list order. */
export function childrenById(models: readonly ModelEntry[]): Map<string, ModelEntry[]> {
  const children = new Map<string, ModelEntry[]>();
  for (const m of models) {
    if (m.parentId === null) continue;
    const siblings = children.get(m.parentId);
    if (siblings) siblings.push(m);
    else children.set(m.parentId, [m]);
  }
  return children;
}

/** Breadth-first over `children` from `id`: nearest first, each model once (even in a malformed chain that loops). */
function walkDown(children: ReadonlyMap<string, readonly ModelEntry[]>, id: string): ModelEntry[] {
  const out: ModelEntry[] = [];
  const seen = new Set([id]);
  for (let i = -1; i < out.length; i++) {
    for (const m of children.get(i < 0 ? id : out[i]!.id) ?? []) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}

/** The models of `models` made from `id` at any remove, nearest first (each once, even in a malformed chain). */
export function descendantsIn(models: readonly ModelEntry[], id: string): ModelEntry[] {
  return walkDown(childrenById(models), id);
}

/** How many models were made from each model at any remove, for a whole list at once (a view's every row). */
export function descendantCounts(models: readonly ModelEntry[]): Map<string, number> {
  const children = childrenById(models);
  return new Map(models.map((m) => [m.id, children.has(m.id) ? walkDown(children, m.id).length : 0]));
}
