// Identity for the wasm backend without a copy: the output shares the input's memory, as the cpu
// and WebGL backends' Identity does. Stock wasm copies every byte, and a training step of the app's
// CNN runs ~55 Identities (tfjs-layers' graph execution), ~3 ms a batch of copies. No kernel of
// tfjs or of ours writes into an input's memory, so sharing it is safe.
import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './wasm-kernel-utils.ts';

export function makeIdentityWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    (args.backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}
