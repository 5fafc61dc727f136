// MaxPoolGrad for the wasm backend. The stock 4.22 kernel is slow (~20 ms a batch for the
// app's three pools, as much as a conv layer) and sends tied gradients to the last maximum;
// this one matches the cpu and webgl backends (first maximum in each window). The app's 2x2/2
// pools run in a small SIMD module (wasm-simd-max-pool-grad.ts), the rest in JS loops.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs, Shape4 } from './wasm-kernel-utils.ts';
import { simdGrad2x2 } from './wasm-simd-max-pool-grad.ts';

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
  if (!tiles) {
    generalGrad(x, g, dx, info);
    return out;
  }
  // The app's 2x2/2 pools: SIMD over 4 channels at a time, ~8x faster than tiled2x2 (19 ->
  // 2.3 ms a batch). Channels not a multiple of 4, or an engine without SIMD, keep the JS loop.
  const simd = fh === 2 && fw === 2 && C % 4 === 0 && dx.length > 0 ? simdGrad2x2(backend) : null;
  if (simd) simd(x.byteOffset, g.byteOffset, dx.byteOffset, dx.byteLength, W * C * 4, C * 4);
  else tiledGrad(x, g, dx, batchSize * outHeight, outWidth, W * C, C, fh, fw);
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

/** tiledGrad unrolled for 2x2 windows: the app's only pool, and ~2x faster unrolled. */
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
        let best = -Infinity;
        let at = -1;
        if (x[i0] > best) { best = x[i0]; at = 0; }
        if (x[i1] > best) { best = x[i1]; at = 1; }
        if (x[i2] > best) { best = x[i2]; at = 2; }
        if (x[i3] > best) at = 3;
        const gv = g[gi];
        dx[i0] = at === 0 ? gv : 0;
        dx[i1] = at === 1 ? gv : 0;
        dx[i2] = at === 2 ? gv : 0;
        dx[i3] = at === 3 ? gv : 0;
      }
    }
  }
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
