// Registers the kernels tfjs-backend-wasm 4.22 lacks (or runs slowly) for training conv
// nets, built from the backend's own XNNPACK kernels so gradients never leave wasm memory.
import * as tf from '@tensorflow/tfjs';
import { makeBatchMatMulWasm } from './wasm-batch-mat-mul.ts';
import { conv2DBackpropFilterWasm } from './wasm-conv2d-backprop-filter.ts';
import { makeConv2DBackpropInputWasm } from './wasm-conv2d-backprop-input.ts';
import { makeIdentityWasm } from './wasm-identity.ts';
import { maxPoolGradWasm } from './wasm-max-pool-grad.ts';
import { registerWasmReluGrad } from './wasm-relu-grad.ts';
import { makeSumWasm } from './wasm-sum.ts';
import { registerWasmAdam } from './wasm-adam.ts';

const BACKEND = 'wasm';
/** Our kernel functions, so a second call can tell they are already in place. */
const ours = new WeakSet<tf.KernelFunc>();

/** Adds a kernel the backend does not have; a future tfjs-backend-wasm's own one is kept. */
function addMissing(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, BACKEND)) return;
  ours.add(kernelFunc);
  tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc });
}

/**
 * Replaces a stock kernel by a wrapper that handles the common training case and calls
 * the stock function for the rest. registerKernel refuses duplicates, hence unregister;
 * the stock setupFunc is kept so it still runs when the backend starts.
 */
function wrapStock(kernelName: string, wrap: (stock: tf.KernelFunc) => tf.KernelFunc): void {
  const stock = tf.getKernel(kernelName, BACKEND);
  if (!stock || ours.has(stock.kernelFunc)) return;
  const kernelFunc = wrap(stock.kernelFunc);
  ours.add(kernelFunc);
  tf.unregisterKernel(kernelName, BACKEND);
  tf.registerKernel({ ...stock, kernelFunc });
}

/**
 * Idempotent: safe to call many times, before or after the wasm backend starts.
 * src/tf/backends.ts calls it before tf.setBackend('wasm'); Node tests call it after
 * importing '@tensorflow/tfjs-backend-wasm'.
 */
export function registerWasmTrainingKernels(): void {
  addMissing(tf.Conv2DBackpropFilter, conv2DBackpropFilterWasm);
  wrapStock(tf.Conv2DBackpropInput, makeConv2DBackpropInputWasm);
  wrapStock(tf.MaxPoolGrad, () => maxPoolGradWasm);
  wrapStock(tf.BatchMatMul, makeBatchMatMulWasm);
  wrapStock(tf.Sum, makeSumWasm);
  wrapStock(tf.Identity, makeIdentityWasm);
  registerWasmAdam();
  registerWasmReluGrad();
}
