// A fused Adam update for the wasm backend: one dispatch per variable computes the new value and
// both moments, where tfjs's AdamOptimizer dispatches 14 elementwise kernels per variable. Every
// step is rounded to float32 as each of those kernels rounds its output, so the results match
// tfjs's Adam to the bit on IEEE float32 arithmetic (checked in wasm-adam.test.ts).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-kernel-utils.ts';
import { simdAdam } from './wasm-simd-adam.ts';

export const ADAM_UPDATE = 'TslAdamUpdate';

/** Scalars of one step (the kernel rounds each to float32, as tfjs's scalar tensors are). */
export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − beta1^t and 1 − beta2^t for this step, from the optimizer's float32 accumulators. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

/**
 * Inputs x (the variable), g (its gradient), m and v (the moments); outputs new x, m, v, in that
 * order. The operation order is tfjs 4.22's AdamOptimizer.applyGradients, op for op:
 * m' = m·β1 + g·(1−β1); v' = v·β2 + g²·(1−β2); x' = (m'/(1−β1ᵗ)) / (√(v'/(1−β2ᵗ)) + ε) · (−lr) + x.
 */
export function adamUpdateWasm(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { x, g, m, v } = args.inputs as { x: tf.TensorInfo; g: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo };
  const a = args.attrs as unknown as AdamUpdateAttrs;
  for (const t of [x, g, m, v]) if (t.dtype !== 'float32') throw new Error(`${ADAM_UPDATE}: float32 tensors only, got ${t.dtype}.`);
  // makeOutput may grow the heap, which detaches older views: take every view after it.
  const outs = [x, m, v].map((t) => backend.makeOutput(t.shape, 'float32'));
  const [xs, gs, ms, vs] = [x, g, m, v].map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const [xo, mo, vo] = outs.map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const f = Math.fround;
  const b1 = f(a.beta1);
  const c1 = f(1 - a.beta1);
  const b2 = f(a.beta2);
  const c2 = f(1 - a.beta2);
  const d1 = f(a.oneMinusAccBeta1);
  const d2 = f(a.oneMinusAccBeta2);
  const eps = f(a.epsilon);
  const negLr = f(-a.learningRate);
  const n = xs!.length;
  // Groups of four in the SIMD module where the engine has it; the JS loop takes the rest (a
  // 2-element bias, say) and everything on an engine without wasm SIMD.
  const simd = simdAdam(backend);
  const lanes = simd ? n - (n % 4) : 0;
  if (simd && lanes > 0) simd(xs!.byteOffset, gs!.byteOffset, ms!.byteOffset, vs!.byteOffset, xo!.byteOffset, mo!.byteOffset, vo!.byteOffset, lanes * 4, b1, c1, b2, c2, d1, d2, eps, negLr);
  // On float32 inputs a double +, −, ·, ÷ or √ rounded once to float32 is the correctly rounded
  // float32 result, so f() after each operation reproduces the float32 kernels exactly.
  for (let i = lanes; i < n; i++) {
    const gi = gs![i]!;
    const m1 = f(f(ms![i]! * b1) + f(gi * c1));
    const v1 = f(f(vs![i]! * b2) + f(f(gi * gi) * c2));
    const mHat = f(m1 / d1);
    const vHat = f(v1 / d2);
    xo![i] = f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * negLr) + xs![i]!;
    mo![i] = m1;
    vo![i] = v1;
  }
  return outs;
}

/** Registers the fused update for wasm (idempotent). */
export function registerWasmAdam(): void {
  if (tf.getKernel(ADAM_UPDATE, 'wasm')) return;
  tf.registerKernel({ kernelName: ADAM_UPDATE, backendName: 'wasm', kernelFunc: adamUpdateWasm as unknown as tf.KernelFunc });
}
