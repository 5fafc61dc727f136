// The analytic half of the layer table: each layer's output shape, parameters and forward FLOPs
// per query with its share of the total, straight from src/model/flops.ts.
import type * as tf from '@tensorflow/tfjs';
import { layerCosts } from '../model/flops.ts';
import type { LayerRow } from './types.ts';

export function layerTable(model: tf.LayersModel): LayerRow[] {
  const costs = layerCosts(model);
  const total = costs.reduce((s, c) => s + c.flops, 0);
  return costs.map((c) => ({
    name: c.name,
    className: c.className,
    outputShape: c.outputShape,
    params: c.params,
    flops: c.flops,
    flopsShare: total > 0 ? c.flops / total : 0,
  }));
}
