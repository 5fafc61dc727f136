// ReLU's gradient on wasm as one kernel, TslReluGrad, in place of tfjs's dy · cast(step(x)): the
// Relu gradient is registered again so that on wasm it dispatches the one kernel and everywhere
// else it is tfjs's own formula.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-kernel-utils.ts';
import { simdReluGrad } from './wasm-simd-relu-grad.ts';

export const RELU_GRAD_KERNEL = 'TslReluGrad';

/** dx for inputs { dy, x } of one shape, float32. Elements past a multiple of 4 (or no SIMD) take a JS loop with the same rule. */
function reluGradWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, x } = args.inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
  const out = backend.makeOutput(x.shape, 'float32');
  // Views after the allocation: growing the heap detaches older ones.
  const [xs, gs, dx] = [x, dy, out].map((t) => backend.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
  const simd = simdReluGrad(backend);
  const vectorised = simd ? dx.length - (dx.length % 4) : 0;
  if (simd && vectorised > 0) simd(xs.byteOffset, gs.byteOffset, dx.byteOffset, vectorised * 4);
  for (let i = vectorised; i < dx.length; i++) {
    const v = xs[i]!;
    dx[i] = Number.isNaN(v) ? v : v > 0 ? gs[i]! : 0;
  }
  return out;
}

/** Registers the kernel and the Relu gradient that uses it on wasm (idempotent). */
export function registerWasmReluGrad(): void {
  if (!tf.getKernel(RELU_GRAD_KERNEL, 'wasm')) tf.registerKernel({ kernelName: RELU_GRAD_KERNEL, backendName: 'wasm', kernelFunc: reluGradWasm });
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dyOrList, saved) => {
      const dy = dyOrList as tf.Tensor; // Relu has one output
      const [x] = saved as [tf.Tensor];
      const fused = tf.getBackend() === 'wasm' && dy.dtype === 'float32' && x.dtype === 'float32';
      // tfjs's own gradient (tfjs-core's Relu_grad) everywhere else.
      return { x: () => (fused ? (tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, x }) as tf.Tensor) : tf.mul(dy, tf.cast(tf.step(x), 'float32'))) };
    },
  });
}
