// MaxPoolGrad for the wasm backend. The stock 4.22 kernel is slow (~20 ms a batch for the
// app's three pools, as much as a conv layer) and sends tied gradients to the last maximum;
// this one matches the cpu and webgl backends (first maximum in each window).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs, Shape4 } from './wasm-kernel-utils.ts';

/**
 * A single pass in JS over typed-array views of the wasm heap (as the backend's own Slice
 * kernel does): nothing is copied out of wasm memory. Composing it from wasm kernels
 * (transpose, argMax, oneHot, broadcast multiply) measured ~30 ms for the first pool
 * alone, because each of those passes is slow at an innermost size of 4.
 */
export function maxPoolGradWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(input.shape as Shape4, filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;

  // makeOutput may grow the heap, which detaches older views: take every view after it.
  const out = backend.makeOutput(input.shape, 'float32');
  const dx = backend.typedArrayFromHeap(out) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const tiles =
    strideHeight === fh && strideWidth === fw && dh === 1 && dw === 1 && top === 0 && left === 0 &&
    outHeight * fh === H && outWidth * fw === W;
  if (tiles) tiledGrad(x, g, dx, batchSize * outHeight, outWidth, W * C, C, fh, fw);
  else generalGrad(x, g, dx, info);
  return out;
}

/**
 * Windows that tile the input exactly (the app's 2x2/2 pools): every dx element belongs
 * to one window, so each is written once and no zero fill or scatter-add is needed.
 */
function tiledGrad(
  x: Float32Array, g: Float32Array, dx: Float32Array,
  windowRows: number, outWidth: number, rowStride: number, C: number, fh: number, fw: number,
): void {
  const k = fh * fw;
  const offsets = new Int32Array(k);
  for (let i = 0; i < fh; i++) for (let j = 0; j < fw; j++) offsets[i * fw + j] = i * rowStride + j * C;
  if (k === 4) {
    tiled2x2(x, g, dx, windowRows, outWidth, rowStride, C);
    return;
  }
  let gi = 0;
  for (let wr = 0; wr < windowRows; wr++) {
    let corner = wr * fh * rowStride;
    for (let ow = 0; ow < outWidth; ow++, corner += fw * C) {
      for (let c = 0; c < C; c++, gi++) {
        const base = corner + c;
        // Strictly greater: ties keep the first position in row-major window order; a
        // window of NaN or -Infinity only gets no gradient, like the cpu backend.
        let best = -Infinity;
        let at = -1;
        for (let t = 0; t < k; t++) {
          const v = x[base + offsets[t]];
          if (v > best) {
            best = v;
            at = t;
          }
        }
        const gv = g[gi];
        for (let t = 0; t < k; t++) dx[base + offsets[t]] = t === at ? gv : 0;
      }
    }
  }
}

/**
 * tiledGrad for 2x2 windows, the app's only pool, written without data-dependent branches:
 * on real activations which of the four wins is random, and the compare-and-branch version
 * spent most of its time in branch mispredictions (~20 ns a window). The winner's index
 * comes from integer arithmetic on the comparisons with the window maximum, and the
 * gradient is stored once at that position after zeroing the window. A window whose
 * maximum is NaN or -Infinity (no element is strictly above -Infinity) takes the exact
 * scalar path, which is rare and keeps the cpu backend's semantics.
 */
function tiled2x2(
  x: Float32Array, g: Float32Array, dx: Float32Array, windowRows: number, outWidth: number, rowStride: number, C: number,
): void {
  let gi = 0;
  for (let wr = 0; wr < windowRows; wr++) {
    let corner = wr * 2 * rowStride;
    for (let ow = 0; ow < outWidth; ow++, corner += 2 * C) {
      for (let c = 0; c < C; c++, gi++) {
        const i0 = corner + c;
        const i1 = i0 + C;
        const i2 = i0 + rowStride;
        const i3 = i2 + C;
        const v0 = x[i0];
        const v1 = x[i1];
        const v2 = x[i2];
        const v3 = x[i3];
        const m = Math.max(v0, v1, v2, v3);
        dx[i0] = 0;
        dx[i1] = 0;
        dx[i2] = 0;
        dx[i3] = 0;
        if (!(m > -Infinity)) {
          scalarWindow(x, g[gi], dx, i0, i1, i2, i3);
          continue;
        }
        // First maximum in row-major window order: f_k is 1 only for the first k with v_k = m.
        const f0 = Number(v0 === m);
        const f1 = Number(v1 === m) & (f0 ^ 1);
        const f2 = Number(v2 === m) & ((f0 | f1) ^ 1);
        const f3 = (f0 | f1 | f2) ^ 1;
        dx[i0 + (f1 | f3) * C + (f2 | f3) * rowStride] = g[gi];
      }
    }
  }
}

/** One 2x2 window the exact way (strictly greater, NaN never wins), for non-finite maxima. */
function scalarWindow(x: Float32Array, gv: number, dx: Float32Array, i0: number, i1: number, i2: number, i3: number): void {
  let best = -Infinity;
  let at = -1;
  for (const i of [i0, i1, i2, i3]) {
    if (x[i] > best) {
      best = x[i];
      at = i;
    }
  }
  if (at >= 0) dx[at] = gv;
}

/** Any other geometry (overlap, padding): first maximum per window, gradients summed. */
function generalGrad(x: Float32Array, g: Float32Array, dx: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  dx.fill(0);
  // Per-channel running maxima, so the innermost loop walks contiguous NHWC channels.
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = oh * strideHeight - top;
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = ow * strideWidth - left;
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = r0; r < r0 + fh; r += dh) {
          if (r < 0 || r >= H) continue;
          for (let col = c0; col < c0 + fw; col += dw) {
            if (col < 0 || col >= W) continue;
            const base = ((b * H + r) * W + col) * C;
            for (let c = 0; c < C; c++) {
              if (x[base + c] > best[c]) {
                best[c] = x[base + c];
                where[c] = base + c;
              }
            }
          }
        }
        const gBase = ((b * outHeight + oh) * outWidth + ow) * C;
        for (let c = 0; c < C; c++) if (where[c] >= 0) dx[where[c]] += g[gBase + c];
      }
    }
  }
}
