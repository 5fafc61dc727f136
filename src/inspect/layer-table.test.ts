// The layer table's analytic FLOPs add up to the model's forward FLOPs, for several shapes of the CNN.
import { describe, expect, it } from 'vitest';
import { buildCnn } from '../model/cnn.ts';
import { forwardFlops } from '../model/flops.ts';
import { layerTable } from './layer-table.ts';
import { layerSignature } from './signature.ts';

describe('layerTable', () => {
  for (const [width, depth, dropout, numClasses] of [[16, 3, 0, 2], [8, 2, 0.25, 5], [4, 4, 0, 10]] as const) {
    it(`sums to forwardFlops for width ${width}, depth ${depth}, dropout ${dropout}, ${numClasses} classes`, () => {
      const model = buildCnn({ inputSize: 32, numClasses, width, depth, denseUnits: 16, dropout, seed: 1 });
      try {
        const rows = layerTable(model);
        expect(rows.reduce((s, r) => s + r.flops, 0)).toBe(forwardFlops(model));
        expect(rows.reduce((s, r) => s + r.flopsShare, 0)).toBeCloseTo(1, 12);
        expect(rows.map((r) => r.name)).toEqual(model.layers.map((l) => l.name));
        expect(rows.at(-1)!.outputShape).toEqual([numClasses]);
      } finally {
        model.dispose();
      }
    });
  }

  it('gives the same signature to two models of the same architecture, another to a wider one', () => {
    const cfg = { inputSize: 32, numClasses: 2, width: 4, depth: 2, denseUnits: 8, dropout: 0, seed: 1 };
    const [a, b, c] = [buildCnn(cfg), buildCnn({ ...cfg, seed: 2 }), buildCnn({ ...cfg, width: 8 })];
    expect(layerSignature(layerTable(a))).toBe(layerSignature(layerTable(b)));
    expect(layerSignature(layerTable(a))).not.toBe(layerSignature(layerTable(c)));
    for (const m of [a, b, c]) m.dispose();
  });
});
