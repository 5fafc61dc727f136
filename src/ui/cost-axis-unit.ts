// The unit a cost axis is drawn in, shared by the Ledger's cumulative chart and the where-to-spend charts.

/** A unit chosen so the largest value reads well: s/min/h for ms, MFLOP…PFLOP for FLOPs. */
export function costAxisUnit(unit: 'time' | 'flops', max: number): { divisor: number; name: string } {
  if (unit === 'time') {
    if (max >= 2 * 3_600_000) return { divisor: 3_600_000, name: 'h' };
    if (max >= 2 * 60_000) return { divisor: 60_000, name: 'min' };
    return { divisor: 1000, name: 's' };
  }
  const steps = [{ divisor: 1e15, name: 'PFLOP' }, { divisor: 1e12, name: 'TFLOP' }, { divisor: 1e9, name: 'GFLOP' }];
  return steps.find((s) => max >= 2 * s.divisor) ?? { divisor: 1e6, name: 'MFLOP' };
}
