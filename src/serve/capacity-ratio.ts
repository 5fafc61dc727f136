// The ratio of two latency-bound capacities (batching on over off) and the range their brackets
// allow. Each search ends with a capacity (the highest rate that passed) below the lowest rate that
// failed, so the true capacity lies in [pass, fail): the ratio lies between on's pass over off's
// fail and on's fail over off's pass. Pure, so the Serve view and the bench say the same.
import type { SloSearchResult } from './slo-search.ts';

export interface CapacityRatio {
  /** on.capacity / off.capacity; NaN when either search reported no capacity (when only off did not, `low` still bounds it). */
  ratio: number;
  /** The bracket's lower end of the ratio (on's pass over off's fail); null when off never failed (its capacity has no upper end). */
  low: number | null;
  /** Its upper end (on's fail over off's pass); null when on never failed (no upper end). */
  high: number | null;
}

type Capacity = Pick<SloSearchResult, 'capacityQps' | 'firstFailQps'>;

export function capacityRatio(off: Capacity, on: Capacity): CapacityRatio {
  const a = off.capacityQps;
  const b = on.capacityQps;
  // Off reported no capacity (no rate passed, or none was confirmed), so its capacity is under its lowest failing rate: the ratio has a floor only.
  if (a === null && b !== null && off.firstFailQps !== null && off.firstFailQps > 0) return { ratio: Number.NaN, low: b / off.firstFailQps, high: null };
  if (a === null || b === null || !(a > 0)) return { ratio: Number.NaN, low: null, high: null };
  return {
    ratio: b / a,
    low: off.firstFailQps === null ? null : b / off.firstFailQps,
    high: on.firstFailQps === null ? null : on.firstFailQps / a,
  };
}

/**
 * "1.38–1.52×"; "at least 1.38×" or "at most 1.52×" with one end open; "more than 3.00×" when off
 * reported no capacity; "" without a ratio or any end.
 */
export function capacityRatioRangeText(r: CapacityRatio): string {
  if (!Number.isFinite(r.ratio)) return r.low !== null ? `more than ${r.low.toFixed(2)}×` : '';
  if (r.low !== null && r.high !== null) return `${r.low.toFixed(2)}–${r.high.toFixed(2)}×`;
  if (r.low !== null) return `at least ${r.low.toFixed(2)}×`;
  return r.high !== null ? `at most ${r.high.toFixed(2)}×` : '';
}
