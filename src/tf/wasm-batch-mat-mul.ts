// BatchMatMul for the wasm backend: the stock 4.22 kernel only uses XNNPACK when neither
// operand is transposed and the batch is 1, and otherwise runs a scalar triple loop. The
// dense layers' gradients are transposed products, so transpose first, then run it fast. A
// product with few rows (a training batch) runs in the SIMD rows product instead, which does
// not repack the right operand as XNNPACK does on every call.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeInfos, transpose, type KernelArgs } from './wasm-kernel-utils.ts';
import { rowsProductTensor } from './wasm-rows-product.ts';
import { simdRowsProduct, type RowsProductSimd } from './wasm-simd-rows-product.ts';

/**
 * Up to this many rows the SIMD product is used: XNNPACK's repacking of the K x N right operand
 * then costs about as much as its product (K x N x M multiply-adds); with many rows (the dense
 * layer's weight gradient, 4,096 rows) XNNPACK's wider tiles win.
 */
const SIMD_MAX_ROWS = 256;

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
    if (!fastPossible) return fallback(args);
    const rows = a.shape.at(transposeA ? -1 : -2) ?? 0;
    const cols = b.shape.at(transposeB ? -2 : -1) ?? 0;
    const simd = rows > 0 && rows <= SIMD_MAX_ROWS && cols > 0 && cols % 8 === 0 ? simdRowsProduct(backend as BackendWasm) : null;
    if (!simd && !transposeA && !transposeB) return fallback(args);
    const made: tf.TensorInfo[] = [];
    try {
      const a2 = transposeA ? swapInner(backend, a) : a;
      if (transposeA) made.push(a2);
      const b2 = transposeB ? swapInner(backend, b) : b;
      if (transposeB) made.push(b2);
      if (simd) return rowsProduct(backend as BackendWasm, simd, a2, b2);
      const out = fallback({ ...args, inputs: { a: a2, b: b2 }, attrs: { transposeA: false, transposeB: false } });
      if (Array.isArray(out)) throw new Error('BatchMatMul returned several outputs');
      return out;
    } finally {
      disposeInfos(backend, made);
    }
  };
}

/** a [1, M, K] x b [1, K, N] by the SIMD module, a's rows where they lie. */
function rowsProduct(backend: BackendWasm, simd: RowsProductSimd, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape.at(-1)!;
  return rowsProductTensor(backend, simd, [...a.shape.slice(0, -2), m, n], m, n, k, () => {
    const base = (backend.typedArrayFromHeap(a) as Float32Array).byteOffset;
    return { rowAddress: (r) => base + 4 * r * k, rightAddress: (backend.typedArrayFromHeap(b) as Float32Array).byteOffset };
  });
}
