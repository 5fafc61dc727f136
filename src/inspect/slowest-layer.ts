// Which layer takes the most time, and whether the profile can tell: each layer's time is the median
// of a few repeats, so the slowest is called clearly so only when its fastest repeat is slower than
// every other layer's slowest one. Otherwise the ranges overlap and the view names the layers.
import type { LayerTiming } from './types.ts';

export interface SlowestLayer {
  name: string;
  /** The other layers whose slowest repeat reaches its fastest, longest median first; empty when it is clearly the slowest. */
  overlapping: string[];
}

export function slowestLayer(layers: readonly Pick<LayerTiming, 'name' | 'ms' | 'minMs' | 'maxMs'>[]): SlowestLayer | null {
  if (layers.length === 0) return null;
  const [top, ...rest] = [...layers].sort((a, b) => b.ms - a.ms);
  return { name: top!.name, overlapping: rest.filter((l) => l.maxMs >= top!.minMs).map((l) => l.name) };
}
