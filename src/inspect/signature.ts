// A model's layer signature (names and output shapes), TF-free so the page can compare them:
// a time profile stays valid for any model with the same signature (weights do not change time).
import type { LayerRow } from './types.ts';

export function layerSignature(rows: readonly Pick<LayerRow, 'name' | 'outputShape'>[]): string {
  return rows.map((r) => `${r.name}:${r.outputShape.join('x')}`).join(',');
}
