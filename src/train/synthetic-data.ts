// A tiny, learnable labelled dataset made in code (class 0 bright on the left, class 1 bright
// on the right, plus noise), for tests that must train quickly on any backend.
import type { ImageSet, LabelledDataset } from '../data/image-set.ts';
import { createRng } from '../data/prng.ts';

function makeSet(count: number, size: number, seed: number): ImageSet {
  const rng = createRng(seed);
  const pixels = new Uint8Array(count * size * size * 3);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const bright = (x < size / 2) === (label === 0);
        for (let c = 0; c < 3; c++) {
          const v = (bright ? 150 : 90) + rng.normal() * 40;
          pixels[((i * size + y) * size + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }
  return { pixels, labels, count, height: size, width: size, ids: Array.from({ length: count }, (_, i) => `synthetic-${i}`) };
}

export function syntheticDataset(opts: { train: number; val: number; test: number; size: number; seed?: number }): LabelledDataset {
  const seed = opts.seed ?? 1;
  return {
    name: 'synthetic-halves',
    classNames: ['left', 'right'],
    train: makeSet(opts.train, opts.size, seed),
    val: makeSet(opts.val, opts.size, seed + 1),
    test: makeSet(opts.test, opts.size, seed + 2),
  };
}
