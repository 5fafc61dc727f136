// Helpers for composing wasm kernels out of the wasm backend's own registered kernels,
// working on TensorInfo (no engine tensors), so a composed kernel frees what it makes.
import * as tf from '@tensorflow/tfjs';

export type Shape4 = [number, number, number, number];
/** Signed padding per side; a negative value means "crop this many rows/columns". */
export interface SignedPad {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Calls the kernel `name` that the wasm backend registered, directly: going through the
 * engine from inside a kernel would wrap every intermediate in a tracked Tensor.
 */
export function runWasmKernel(
  backend: tf.KernelBackend,
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new Error(`wasm kernel '${name}' is not registered`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm kernel '${name}' returned several outputs`);
  return out;
}

/** Frees intermediates made by runWasmKernel; inputs owned by the caller must not be passed. */
export function disposeInfos(backend: tf.KernelBackend, infos: readonly tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export function transpose(backend: tf.KernelBackend, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runWasmKernel(backend, tf.Transpose, { x }, { perm });
}

/**
 * Stride-1 NHWC conv2d with explicit, possibly negative, padding. XNNPACK only takes
 * padding >= 0, so negative sides are cropped from `x` first (those rows never reach the
 * output anyway).
 */
export function conv2dSignedPad(
  backend: tf.KernelBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  pad: SignedPad,
  dilations: [number, number],
): tf.TensorInfo {
  const [b, h, w, c] = x.shape as Shape4;
  const cropTop = Math.max(0, -pad.top);
  const cropBottom = Math.max(0, -pad.bottom);
  const cropLeft = Math.max(0, -pad.left);
  const cropRight = Math.max(0, -pad.right);
  const needsCrop = cropTop + cropBottom + cropLeft + cropRight > 0;
  const input = needsCrop
    ? runWasmKernel(backend, tf.Slice, { x }, {
        begin: [0, cropTop, cropLeft, 0],
        size: [b, h - cropTop - cropBottom, w - cropLeft - cropRight, c],
      })
    : x;
  try {
    const explicit: tf.backend_util.ExplicitPadding = [
      [0, 0],
      [Math.max(0, pad.top), Math.max(0, pad.bottom)],
      [Math.max(0, pad.left), Math.max(0, pad.right)],
      [0, 0],
    ];
    return runWasmKernel(backend, tf.Conv2D, { x: input, filter }, {
      strides: [1, 1],
      pad: explicit,
      dataFormat: 'NHWC',
      dilations,
    });
  } finally {
    if (needsCrop) disposeInfos(backend, [input]);
  }
}

/**
 * Same data under another shape, without a kernel call. Borrowed: never dispose the
 * view, dispose (or keep) the original.
 */
export function reshapeView(x: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: x.dataId, shape, dtype: x.dtype };
}

/** Arguments every kernel function receives (tf.KernelFunc's parameter, named). */
export type KernelArgs = Parameters<tf.KernelFunc>[0];
