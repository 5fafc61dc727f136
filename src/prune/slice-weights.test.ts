// Index arithmetic of filter pruning on hand-made arrays: conv kernels, dense rows after flatten.
import { describe, expect, it } from 'vitest';
import { flattenRows, sliceConvKernel, sliceDenseRows, sliceWeights, type LayerWeights } from './slice-weights.ts';

const seq = (n: number) => Float32Array.from({ length: n }, (_, i) => i);

describe('slice helpers', () => {
  it('keeps chosen input and output channels of a [kh, kw, cin, cout] kernel', () => {
    // 1x2 kernel, cin 2, cout 3: value = ((p * 2 + c) * 3 + f).
    const w = { name: 'k', shape: [1, 2, 2, 3], values: seq(12) };
    const s = sliceConvKernel(w, [1], [0, 2]);
    expect(s.shape).toEqual([1, 2, 1, 2]);
    // p=0,c=1: f0 -> 3, f2 -> 5; p=1,c=1: f0 -> 9, f2 -> 11.
    expect(Array.from(s.values)).toEqual([3, 5, 9, 11]);
    expect(Array.from(sliceConvKernel(w, null, null).values)).toEqual(Array.from(w.values));
  });

  it('maps flatten rows as (h * W + w) * C + c', () => {
    // H 2, W 2, C 3, keep channels 0 and 2.
    expect(flattenRows(2, 2, 3, [0, 2])).toEqual([0, 2, 3, 5, 6, 8, 9, 11]);
  });

  it('takes rows of a dense kernel', () => {
    const s = sliceDenseRows({ name: 'd', shape: [4, 2], values: seq(8) }, [1, 3]);
    expect(s.shape).toEqual([2, 2]);
    expect(Array.from(s.values)).toEqual([2, 3, 6, 7]);
  });
});

describe('sliceWeights', () => {
  const layers: LayerWeights[] = [
    { name: 'c1', className: 'Conv2D', inputShape: [null, 2, 2, 1], weights: [{ name: 'c1/kernel', shape: [1, 1, 1, 3], values: seq(3) }, { name: 'c1/bias', shape: [3], values: Float32Array.from([10, 11, 12]) }] },
    { name: 'p1', className: 'MaxPooling2D', inputShape: [null, 2, 2, 3], weights: [] },
    { name: 'c2', className: 'Conv2D', inputShape: [null, 1, 1, 3], weights: [{ name: 'c2/kernel', shape: [1, 1, 3, 2], values: seq(6) }, { name: 'c2/bias', shape: [2], values: Float32Array.from([20, 21]) }] },
    { name: 'f', className: 'Flatten', inputShape: [null, 1, 1, 2], weights: [] },
    { name: 'd', className: 'Dense', inputShape: [null, 2], weights: [{ name: 'd/kernel', shape: [2, 1], values: Float32Array.from([30, 31]) }, { name: 'd/bias', shape: [1], values: Float32Array.from([40]) }] },
  ];

  it('carries kept channels to the next conv and kept rows to the dense layer', () => {
    const out = sliceWeights(layers, [{ layer: 'c1', kept: [0, 2] }, { layer: 'c2', kept: [1] }]);
    expect(out.map((w) => [w.name, w.shape, Array.from(w.values)])).toEqual([
      ['c1/kernel', [1, 1, 1, 2], [0, 2]],
      ['c1/bias', [2], [10, 12]],
      ['c2/kernel', [1, 1, 2, 1], [1, 5]], // cin 0 and 2, cout 1: (c * 2 + 1)
      ['c2/bias', [1], [21]],
      ['d/kernel', [1, 1], [31]],
      ['d/bias', [1], [40]],
    ]);
  });

  it('passes a scalar rescaling through, before the first conv or after a pruned one', () => {
    const rescale = (name: string, inputShape: (number | null)[]): LayerWeights => ({ name, className: 'Rescaling', inputShape, weights: [] });
    const plan = [{ layer: 'c1', kept: [0, 2] }, { layer: 'c2', kept: [1] }];
    const plain = sliceWeights(layers, plan);
    expect(sliceWeights([rescale('center', [null, 2, 2, 1]), ...layers], plan)).toEqual(plain);
    expect(sliceWeights([layers[0]!, rescale('r', [null, 2, 2, 3]), ...layers.slice(1)], plan)).toEqual(plain);
  });

  it('refuses to carry channels through layers it cannot slice', () => {
    const bn: LayerWeights = { name: 'bn', className: 'BatchNormalization', inputShape: [null, 2, 2, 3], weights: [] };
    expect(() => sliceWeights([layers[0]!, bn], [{ layer: 'c1', kept: [0] }])).toThrow(/Cannot carry pruned channels through layer 'bn'/);
    expect(() => sliceWeights(layers, [{ layer: 'd', kept: [0] }])).toThrow(/only Conv2D filters are pruned/);
  });
});
