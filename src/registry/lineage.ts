// Lineage questions over a list of registry models, pure, for the registry and the views alike.
import type { ModelEntry } from './records.ts';

/** The models of `models` made from `id` at any remove, nearest first (each once, even in a malformed chain). */
export function descendantsIn(models: readonly ModelEntry[], id: string): ModelEntry[] {
  const out: ModelEntry[] = [];
  const seen = new Set([id]);
  for (let i = -1; i < out.length; i++) {
    const parent = i < 0 ? id : out[i]!.id;
    for (const m of models) {
      if (m.parentId !== parent || seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}
