// Conv2DBackpropInput for the wasm backend: stride 1 runs as an XNNPACK Conv2D with the
// flipped, channel-swapped filter (about twice as fast in training as the stock kernel);
// other strides fall back to the backend's own kernel.
import * as tf from '@tensorflow/tfjs';
import { conv2dSignedPad, disposeInfos, runWasmKernel, transpose, type KernelArgs, type Shape4 } from './wasm-kernel-utils.ts';



/**
 * Wraps the stock kernel: with stride 1, dx[b,h,w,ci] = sum of dy[b, h+padTop-kh, w+padLeft-kw, co]
 * * W[kh,kw,ci,co], which is a plain convolution of dy with W flipped in space and
 * transposed to [KH,KW,Cout,Cin], padded by K-1-pad on each side.
 */
export function makeConv2DBackpropInputWasm(fallback: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as tf.KernelBackend;
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
    const info = tf.backend_util.computeConv2DInfo(
      inputShape, filter.shape as Shape4, strides, 1, pad, dimRoundingMode, false, format,
    );
    if (format !== 'channelsLast' || info.strideHeight !== 1 || info.strideWidth !== 1) return fallback(args);
    const { filterHeight, filterWidth } = info;
    const { top, bottom, left, right } = info.padInfo;

    const flipped = runWasmKernel(backend, tf.Reverse, { x: filter }, { dims: [0, 1] });
    let swapped: tf.TensorInfo | null = null;
    try {
      swapped = transpose(backend, flipped, [0, 1, 3, 2]);
      return conv2dSignedPad(backend, dy, swapped, {
        top: filterHeight - 1 - top,
        bottom: filterHeight - 1 - bottom,
        left: filterWidth - 1 - left,
        right: filterWidth - 1 - right,
      }, [1, 1]);
    } finally {
      disposeInfos(backend, swapped ? [flipped, swapped] : [flipped]);
    }
  };
}
