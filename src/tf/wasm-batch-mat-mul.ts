// BatchMatMul for the wasm backend: the stock 4.22 kernel only uses XNNPACK when neither
// operand is transposed and the batch is 1, and otherwise runs a scalar triple loop. The
// dense layers' gradients are transposed products, so transpose first, then run it fast.
import * as tf from '@tensorflow/tfjs';
import { disposeInfos, transpose, type KernelArgs } from './wasm-kernel-utils.ts';

function batchOf(shape: number[]): number {
  return shape.slice(0, -2).reduce((n, d) => n * d, 1);
}

/** Swaps the two innermost axes. */
function swapInner(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo {
  const perm = x.shape.map((_, i) => i);
  const r = perm.length;
  [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
  return transpose(backend, x, perm);
}

export function makeBatchMatMulWasm(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as tf.KernelBackend;
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
    const fastPossible = batchOf(a.shape) === 1 && batchOf(b.shape) === 1 && a.dtype === 'float32' && b.dtype === 'float32';
    if (!fastPossible || (!transposeA && !transposeB)) return fallback(args);
    const made: tf.TensorInfo[] = [];
    try {
      const a2 = transposeA ? swapInner(backend, a) : a;
      if (transposeA) made.push(a2);
      const b2 = transposeB ? swapInner(backend, b) : b;
      if (transposeB) made.push(b2);
      const out = fallback({ ...args, inputs: { a: a2, b: b2 }, attrs: { transposeA: false, transposeB: false } });
      if (Array.isArray(out)) throw new Error('BatchMatMul returned several outputs');
      return out;
    } finally {
      disposeInfos(backend, made);
    }
  };
}
