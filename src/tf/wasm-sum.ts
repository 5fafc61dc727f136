// Sum for the wasm backend: a sum over every axis but the last (a bias gradient) runs as one pass
// of column sums; every other sum goes to the stock kernel.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-kernel-utils.ts';
import { simdColumnSum } from './wasm-simd-column-sum.ts';

/** Whether `axes` are exactly 0 .. rank-2, in any order. */
function allButLast(axes: number[], rank: number): boolean {
  if (rank < 2 || axes.length !== rank - 1) return false;
  const seen = new Set(axes);
  for (let i = 0; i < rank - 1; i++) if (!seen.has(i)) return false;
  return true;
}

export function makeSumWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    const channels = x.shape.at(-1) ?? 0;
    const axes = tf.util.parseAxisParam(axis, x.shape);
    const size = tf.util.sizeFromShape(x.shape);
    const simd = x.dtype === 'float32' && channels > 0 && channels % 4 === 0 && size > 0 && allButLast(axes, x.shape.length) ? simdColumnSum(backend) : null;
    if (!simd) return stock(args);
    const shape = keepDims ? x.shape.map((d, i) => (i === x.shape.length - 1 ? d : 1)) : [channels];
    const out = backend.makeOutput(shape, 'float32');
    // Views after the allocation: growing the heap detaches older ones.
    const xs = backend.typedArrayFromHeap(x) as Float32Array;
    const os = backend.typedArrayFromHeap(out) as Float32Array;
    simd(xs.byteOffset, xs.byteLength, channels * 4, os.byteOffset);
    return out;
  };
}
