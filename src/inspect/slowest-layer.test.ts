import { describe, expect, it } from 'vitest';
import { slowestLayer } from './slowest-layer.ts';

const layer = (name: string, ms: number, minMs: number, maxMs: number) => ({ name, ms, minMs, maxMs });

describe('slowestLayer', () => {
  it("is clear when its fastest repeat is slower than every other layer's slowest", () => {
    expect(slowestLayer([layer('conv2', 3, 2.7, 3.6), layer('conv1', 4, 3.8, 4.5), layer('dense', 0.5, 0.4, 0.9)])).toEqual({ name: 'conv1', overlapping: [] });
  });
  it('names every layer whose range reaches into its own, longest median first, the runner-up or not', () => {
    expect(slowestLayer([layer('conv1', 4, 3.8, 4.5), layer('conv2', 3.5, 3.2, 3.9), layer('dense', 0.5, 0.4, 0.9)])).toEqual({ name: 'conv1', overlapping: ['conv2'] });
    // A wide layer with a short median overlaps too; the runner-up here does not.
    expect(slowestLayer([layer('conv1', 4, 3.8, 4.5), layer('conv2', 3, 2.7, 3.6), layer('pool', 1, 0.5, 5)])).toEqual({ name: 'conv1', overlapping: ['pool'] });
  });
  it('is clear for one layer and absent for none', () => {
    expect(slowestLayer([layer('dense', 1, 0.9, 1.1)])).toEqual({ name: 'dense', overlapping: [] });
    expect(slowestLayer([])).toBeNull();
  });
});
