// Shared by the prune tests only: a wasm backend that can train, a tiny CNN, and a seeded
// two-class image set a CNN learns in a few batches (a bright square top-left vs bottom-right).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { ImageSet } from '../data/image-set.ts';
import { createRng } from '../data/prng.ts';
import type { ModelConfig } from '../model/cnn.ts';
import { registerWasmTrainingKernels } from '../tf/wasm-kernels.ts';

export async function useWasm(): Promise<void> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to start');
  await tf.ready();
}

export const TINY_CNN: ModelConfig = { inputSize: 16, numClasses: 2, width: 4, depth: 2, denseUnits: 16, dropout: 0, seed: 7 };

/** `count` images of size x size; label alternates; class 0 has its square top-left, class 1 bottom-right. */
export function squaresSet(count: number, size: number, seed: number): ImageSet {
  const rng = createRng(seed);
  const pixels = new Uint8Array(count * size * size * 3);
  const labels = new Uint8Array(count);
  const half = size / 2;
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    labels[n] = label;
    const side = Math.max(2, Math.floor(size / 4));
    const x0 = (label === 0 ? 0 : half) + rng.int(half - side + 1);
    const y0 = (label === 0 ? 0 : half) + rng.int(half - side + 1);
    const colour = [rng.range(150, 255), rng.range(150, 255), rng.range(150, 255)];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
        for (let c = 0; c < 3; c++) {
          pixels[((n * size + y) * size + x) * 3 + c] = inside ? colour[c]! : rng.int(80);
        }
      }
    }
  }
  return { pixels, labels, count, height: size, width: size, ids: Array.from({ length: count }, (_, i) => `sq-${i}`) };
}

/** Sets every bias of the model to seeded random values, so tests see biases matter. */
export function randomizeBiases(model: tf.LayersModel, seed: number): void {
  const rng = createRng(seed);
  tf.tidy(() => {
    for (const layer of model.layers) {
      for (const w of layer.weights) {
        if (!w.originalName.endsWith('/bias')) continue;
        w.write(tf.tensor(Float32Array.from({ length: w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) ?? 0 }, () => rng.range(-0.2, 0.2)), w.shape as number[]));
      }
    }
  });
}
