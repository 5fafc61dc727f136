// A sequential CNN's forward pass on wasm as a fixed list of the backend's own kernel calls,
// built once per deployment: the same kernels, inputs and attributes the layers dispatch, minus
// the engine's per-operation work (tensor objects, tape checks, tidy scopes), which is a fixed
// cost under every query and a larger share of a small (pruned) model's time.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type Info = tf.TensorInfo;
/** One layer's kernels: the input in, the output and whether this step made it (a view is not made). */
type Step = (x: Info) => { out: Info; made: Info[] };

/** The forward pass: input in (kept by the caller), probabilities out as a fresh array. */
export type KernelPlan = (input: Info) => Float32Array;

function kernel(name: string): tf.KernelFunc | null {
  return tf.getKernel(name, 'wasm')?.kernelFunc ?? null;
}

const info = (t: tf.Tensor, shape: number[] = t.shape): Info => ({ dataId: t.dataId, shape, dtype: t.dtype });

function call(fn: tf.KernelFunc, backend: BackendWasm, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): Info {
  const out = fn({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error('a plan kernel returned several outputs');
  return out;
}

interface Kernels {
  conv: tf.KernelFunc;
  pool: tf.KernelFunc;
  matMul: tf.KernelFunc;
  add: tf.KernelFunc;
  softmax: tf.KernelFunc;
}

/**
 * The step for one layer, as tfjs-layers runs it in inference, or null when the layer is not one
 * this plan knows (the caller then keeps the layers). Each step dispatches what the layer would:
 * Conv2D → FusedConv2D with bias and activation; MaxPooling2D → MaxPool; Flatten → a reshape;
 * Dense with ReLU or no activation → _FusedMatMul with bias and activation; Dense with softmax →
 * _FusedMatMul, Add (the bias) and Softmax, as tfjs-layers does since softmax does not fuse;
 * Dropout → nothing at inference.
 */
function stepFor(layer: tf.layers.Layer, backend: BackendWasm, k: Kernels): Step | null {
  const kind = layer.getClassName();
  const config = layer.getConfig() as Record<string, unknown>;
  const weights = layer.getWeights();
  if (kind === 'Dropout') return (x) => ({ out: x, made: [] });
  if (kind === 'Flatten') return (x) => ({ out: { ...x, shape: [x.shape[0]!, x.shape.slice(1).reduce((a, b) => a * b, 1)] }, made: [] });
  if (kind === 'MaxPooling2D') {
    if (config.dataFormat !== 'channelsLast') return null;
    const attrs = { filterSize: config.poolSize as number[], strides: config.strides as number[], pad: config.padding as string };
    return (x) => {
      const out = call(k.pool, backend, { x }, attrs);
      return { out, made: [out] };
    };
  }
  const activation = config.activation as string;
  if (kind === 'Conv2D') {
    const [filter, bias] = weights;
    const dilation = config.dilationRate as number[];
    if (!filter || config.dataFormat !== 'channelsLast' || dilation.some((d) => d !== 1) || !['relu', 'linear'].includes(activation)) return null;
    const inputs = bias ? { filter: info(filter), bias: info(bias) } : { filter: info(filter) };
    const attrs = { strides: config.strides as number[], pad: config.padding as string, dataFormat: 'NHWC', dilations: [1, 1], activation };
    return (x) => {
      const out = call(k.conv, backend, { x, ...inputs }, attrs);
      return { out, made: [out] };
    };
  }
  if (kind === 'Dense') {
    const [w, bias] = weights;
    if (!w || !['relu', 'linear', 'softmax'].includes(activation)) return null;
    const b = info(w, [1, ...w.shape]);
    const fuses = activation !== 'softmax';
    const fused = { transposeA: false, transposeB: false, activation: fuses ? activation : 'linear' };
    return (x) => {
      const rows = x.shape.length > 1 ? x.shape.slice(0, -1).reduce((p, d) => p * d, 1) : 1;
      const a = { ...x, shape: [1, rows, x.shape.at(-1)!] };
      if (fuses) {
        const out = call(k.matMul, backend, bias ? { a, b, bias: info(bias) } : { a, b }, fused);
        return { out, made: [out] };
      }
      const logits = call(k.matMul, backend, { a, b }, fused);
      const biased = bias ? call(k.add, backend, { a: logits, b: info(bias) }, {}) : logits;
      const out = call(k.softmax, backend, { logits: biased }, { dim: biased.shape.length - 1 });
      return { out, made: bias ? [logits, biased, out] : [logits, out] };
    };
  }
  return null;
}

/** The plan for `layers` (after any folded input scaling) on the wasm backend, or null if a layer is not covered. */
export function buildKernelPlan(layers: readonly tf.layers.Layer[]): KernelPlan | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as BackendWasm;
  const [conv, pool, matMul, add, softmax] = ['FusedConv2D', 'MaxPool', '_FusedMatMul', 'Add', 'Softmax'].map(kernel);
  if (!conv || !pool || !matMul || !add || !softmax) return null;
  const steps: Step[] = [];
  for (const layer of layers) {
    const step = stepFor(layer, backend, { conv, pool, matMul, add, softmax });
    if (!step) return null;
    steps.push(step);
  }
  return (input) => {
    const made: Info[] = [];
    try {
      let x = input;
      for (const step of steps) {
        const r = step(x);
        made.push(...r.made);
        x = r.out;
      }
      return (backend.typedArrayFromHeap(x) as Float32Array).slice();
    } finally {
      for (const t of made) backend.disposeData(t.dataId);
    }
  };
}
