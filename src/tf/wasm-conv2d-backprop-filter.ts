// Conv2DBackpropFilter for the wasm backend (missing in tfjs-backend-wasm 4.22, tfjs
// TF.js GitHub issue #8474): stride 1 as one XNNPACK matmul on a shifted-copy layout, other strides as
// one dilated XNNPACK Conv2D, so gradients never leave wasm memory.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dSignedPad, disposeInfos, reshapeView, runWasmKernel, transpose, type KernelArgs, type Shape4 } from './wasm-kernel-utils.ts';
import { rowsProductTensor } from './wasm-rows-product.ts';
import { simdRowsProduct, type RowsProductSimd } from './wasm-simd-rows-product.ts';

/**
 * dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*s+kh-padTop, ow*s+kw-padLeft, ci] * dy[b,oh,ow,co].
 * Read as a convolution, that is x transposed to [Cin,H,W,B] (Cin plays the batch, B the
 * channels) convolved with dy transposed to [OH,OW,B,Cout] as the filter, dilated by the
 * forward stride, giving [Cin,KH,KW,Cout]; a last transpose gives [KH,KW,Cin,Cout].
 */
export function conv2DBackpropFilterWasm(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as tf.KernelBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast') throw new Error(`wasm Conv2DBackpropFilter supports NHWC only, got ${dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as Shape4, filterShape, strides, 1, pad, dimRoundingMode, false, format,
  );
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;

  if (strideHeight === 1 && strideWidth === 1) {
    const viaGemm = x.dtype === 'float32' && dy.dtype === 'float32'
      ? gemmFilterGrad(backend as BackendWasm, x, dy, info)
      : null;
    return viaGemm ?? stride1FilterGrad(backend, x, dy, info);
  }

  const xT = transpose(backend, x, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  let dwT: tf.TensorInfo | null = null;
  try {
    // Bottom/right padding chosen so the output is exactly KH x KW; it is negative when
    // 'valid' with a stride leaves trailing input rows unused, and those are cropped.
    dwT = conv2dSignedPad(backend, xT, dyT, {
      top,
      left,
      bottom: filterHeight + (outHeight - 1) * strideHeight - inHeight - top,
      right: filterWidth + (outWidth - 1) * strideWidth - inWidth - left,
    }, [strideHeight, strideWidth]);
    return transpose(backend, dwT, [1, 2, 0, 3]);
  } finally {
    disposeInfos(backend, dwT ? [xT, dyT, dwT] : [xT, dyT]);
  }
}

/**
 * Stride 1 fallback (non-float32, or geometry gemmFilterGrad does not cover): the same sum
 * read the other way round, with x as the (smaller) filter:
 * dy transposed to [Cout,OH,OW,B] is the input and x transposed to [H,W,B,Cin] the filter,
 * giving dW flipped in space as [Cout,KH,KW,Cin]. XNNPACK repacks the filter on every call
 * (it is a fresh tensor each step), and x is 2-5x smaller than dy in this model, which
 * saved ~15 ms a batch.
 */
function stride1FilterGrad(
  backend: tf.KernelBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { filterHeight, filterWidth, inHeight, inWidth, outHeight, outWidth } = info;
  const { top, left } = info.padInfo;
  const made: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (made.push(t), t);
  try {
    const dyT = keep(transpose(backend, dy, [3, 1, 2, 0]));
    const xT = keep(transpose(backend, x, [1, 2, 0, 3]));
    const padTop = filterHeight - 1 - top;
    const padLeft = filterWidth - 1 - left;
    const flippedT = keep(conv2dSignedPad(backend, dyT, xT, {
      top: padTop,
      left: padLeft,
      bottom: filterHeight - 1 + inHeight - outHeight - padTop,
      right: filterWidth - 1 + inWidth - outWidth - padLeft,
    }, [1, 1]));
    const unflipped = keep(runWasmKernel(backend, tf.Reverse, { x: flippedT }, { dims: [1, 2] }));
    return transpose(backend, unflipped, [1, 2, 3, 0]);
  } finally {
    disposeInfos(backend, made);
  }
}

/**
 * Stride 1 as one XNNPACK matmul, with no im2col gather and no per-step filter repack of x.
 *
 * Pad x onto a grid of hp x wp per image and store it channel-major, xp[ci][q] with
 * q = (b*hp + i)*wp + j. Tap (kh,kw) of output position q is then xp[ci][q + kh*wp + kw]: a
 * flat shift, so the transposed im2col A[(kh,kw,ci)][q] is KH*KW plain memcpys of xp. With
 * dy laid on the same grid (zero at positions that are no output), dW = A x dyGrid:
 * [KH*KW*Cin, B*hp*wp] x [B*hp*wp, Cout], already in [KH,KW,Cin,Cout] order. XNNPACK packs
 * dyGrid (its "weights" operand) once per call; the conv formulation above packed a
 * 32x32-sized filter on every call and the first layer ran ~1.6x slower.
 *
 * Neighbouring images and rows share their zero padding (wp = W + max(left, right), hp
 * likewise): a read past the end of a row lands in the next row's left padding, one past an
 * image in the next image's top padding. That shrinks the reduction by ~6% (32x32) to ~11%
 * (16x16) against padding each image on all sides. Reads from non-output positions (dy 0
 * there) may cross into the next channel; a zeroed tail covers the last one.
 */
function gemmFilterGrad(
  backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo | null {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: cin, outChannels: cout } = info;
  const { filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = info;
  const { top, bottom, left, right } = info.padInfo;
  const hp = H + Math.max(top, bottom);
  const wp = W + Math.max(left, right);
  // The layout needs stride-1 geometry with non-negative padding; anything else (not
  // produced by 'same', 'valid' or explicit padding at stride 1) takes the conv path.
  if (Math.min(top, bottom, left, right) < 0 || oh !== H + top + bottom - kh + 1 || ow !== W + left + right - kw + 1 ||
      hp < oh || wp < ow || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const lp = B * hp * wp;
  const maxShift = (kh - 1) * wp + (kw - 1);

  const simd = cout % 8 === 0 ? simdRowsProduct(backend) : null;
  const xp = backend.makeOutput([cin * lp + maxShift], 'float32');
  const dyGrid = backend.makeOutput([1, lp, cout], 'float32');
  try {
    if (simd) return simdProduct(backend, simd, x, dy, xp, dyGrid, info, hp, wp);
    const a = backend.makeOutput([1, kh * kw * cin, lp], 'float32');
    try {
      // Views only after the last allocation: growing the heap detaches older ones.
      const xpv = fillPadded(backend, x, xp, info, hp, wp);
      const av = backend.typedArrayFromHeap(a) as Float32Array;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const shift = i * wp + j;
          av.set(xpv.subarray(shift, shift + cin * lp), (i * kw + j) * cin * lp);
        }
      }
      layOnGrid(backend.typedArrayFromHeap(dy) as Float32Array, backend.typedArrayFromHeap(dyGrid) as Float32Array,
        B, oh, ow, cout, hp, wp);
      const dw = runWasmKernel(backend, tf.BatchMatMul, { a, b: dyGrid }, { transposeA: false, transposeB: false });
      return reshapeView(dw, [kh, kw, cin, cout]);
    } finally {
      disposeInfos(backend, [a]);
    }
  } finally {
    disposeInfos(backend, [xp, dyGrid]);
  }
}

/** xp as padChannelMajor lays it, with the zeroed tail past the last channel; the view is returned. */
function fillPadded(
  backend: BackendWasm, x: tf.TensorInfo, xp: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, hp: number, wp: number,
): Float32Array {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: cin } = info;
  const xpv = backend.typedArrayFromHeap(xp) as Float32Array;
  padChannelMajor(backend.typedArrayFromHeap(x) as Float32Array, xpv, B, H, W, cin, hp, wp, info.padInfo.top, info.padInfo.left);
  xpv.fill(0, cin * B * hp * wp);
  return xpv;
}

/**
 * The same A x dyGrid product by the SIMD module, reading A's rows in place in xp: row (i, j, ci)
 * is xp from ci * lp + i * wp + j on.
 */
function simdProduct(
  backend: BackendWasm, simd: RowsProductSimd, x: tf.TensorInfo, dy: tf.TensorInfo, xp: tf.TensorInfo, dyGrid: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo, hp: number, wp: number,
): tf.TensorInfo {
  const { batchSize: B, inChannels: cin, outChannels: cout, filterHeight: kh, filterWidth: kw, outHeight: oh, outWidth: ow } = info;
  const lp = B * hp * wp;
  return rowsProductTensor(backend, simd, [kh, kw, cin, cout], kh * kw * cin, cout, lp, () => {
    const base = fillPadded(backend, x, xp, info, hp, wp).byteOffset;
    const grid = backend.typedArrayFromHeap(dyGrid) as Float32Array;
    layOnGrid(backend.typedArrayFromHeap(dy) as Float32Array, grid, B, oh, ow, cout, hp, wp);
    return {
      // Row r = (i * kw + j) * cin + ci.
      rowAddress: (r) => {
        const ci = r % cin;
        const tap = (r - ci) / cin;
        return base + 4 * (ci * lp + Math.floor(tap / kw) * wp + (tap % kw));
      },
      rightAddress: grid.byteOffset,
    };
  });
}

/** xp[ci][(b*hp + i)*wp + j] = x[b, i-top, j-left, ci], and 0 off x. */
function padChannelMajor(
  x: Float32Array, xp: Float32Array,
  B: number, H: number, W: number, C: number, hp: number, wp: number, top: number, left: number,
): void {
  const plane = B * hp * wp;
  const jTo = Math.min(wp, W + left);
  for (let c = 0; c < C; c++) {
    let dst = c * plane;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < hp; i++, dst += wp) {
        const r = i - top;
        if (r < 0 || r >= H) {
          xp.fill(0, dst, dst + wp);
          continue;
        }
        if (left > 0) xp.fill(0, dst, dst + left);
        let src = (b * H + r) * W * C + c;
        for (let j = left; j < jTo; j++, src += C) xp[dst + j] = x[src];
        if (jTo < wp) xp.fill(0, dst + jTo, dst + wp);
      }
    }
  }
}

/** dy [B,OH,OW,C] copied row by row onto the hp x wp grid, 0 elsewhere. */
function layOnGrid(
  dy: Float32Array, grid: Float32Array, B: number, oh: number, ow: number, C: number, hp: number, wp: number,
): void {
  const rowIn = ow * C;
  const rowOut = wp * C;
  for (let b = 0; b < B; b++) {
    const base = b * hp * rowOut;
    for (let i = 0; i < oh; i++) {
      const dst = base + i * rowOut;
      const src = (b * oh + i) * rowIn;
      grid.set(dy.subarray(src, src + rowIn), dst);
      grid.fill(0, dst + rowIn, dst + rowOut);
    }
    grid.fill(0, base + oh * rowOut, base + hp * rowOut);
  }
}
