// Pure (TF-free) parts of pruning that the page needs too: the sweep's levels and the L1-norm
// filter plan, so the Prune view can mark the filters a level would cut without loading TF.js.
import type { PruneRecord } from '../metrics/report.ts';

export interface SweepLevel {
  method: PruneRecord['method'];
  /** Unstructured: fraction of prunable kernel weights zeroed. Structured: fraction of each conv layer's filters removed. */
  sparsity: number;
}

export const UNSTRUCTURED_LEVELS = [0.5, 0.75, 0.9, 0.95] as const;
export const STRUCTURED_LEVELS = [0.25, 0.5, 0.75] as const;

export const DEFAULT_LEVELS: readonly SweepLevel[] = [
  ...UNSTRUCTURED_LEVELS.map((sparsity) => ({ method: 'unstructured' as const, sparsity })),
  ...STRUCTURED_LEVELS.map((sparsity) => ({ method: 'structured' as const, sparsity })),
];

/** L1 norm of every output filter of one conv layer, as plain numbers (the UI draws them as bars). */
export interface FilterNorms {
  layer: string;
  norms: number[];
}

/** Which filters of a conv layer survive. */
export interface FilterPlan {
  layer: string;
  /** Filters before pruning. */
  filters: number;
  /** Indices of the kept filters, ascending (so channel order is preserved). */
  kept: number[];
}

/** Filters dropped out of `n` at `fraction`, rounded, always leaving at least one. */
export function droppedFilterCount(n: number, fraction: number): number {
  return Math.min(n - 1, Math.round(n * fraction));
}

/**
 * Drops the `fraction` of filters with the smallest L1 norm in each listed conv layer (default:
 * all of them, the first included: Li et al. prune every layer they can). Ties drop the lower index.
 */
export function planFilterPruning(norms: readonly FilterNorms[], fraction: number, layers?: readonly string[]): FilterPlan[] {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`planFilterPruning: fraction must be in [0, 1), got ${fraction}.`);
  return norms
    .filter((n) => !layers || layers.includes(n.layer))
    .map(({ layer, norms: l1 }) => {
      const byNorm = l1.map((_, i) => i).sort((a, b) => l1[a]! - l1[b]! || a - b);
      const kept = byNorm.slice(droppedFilterCount(l1.length, fraction)).sort((a, b) => a - b);
      return { layer, filters: l1.length, kept };
    });
}
