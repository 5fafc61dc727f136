// The serving worker's per-query path on wasm, cut to what the answer needs: one input tensor kept
// for the deployment whose wasm memory each query's pixels are written into, the input centring
// folded into the pixel scaling, and the layers' kernels run as a fixed list (kernel-plan.ts; no
// model.predict batching, no engine work per query). With test-time augmentation the k views are
// written beside the image in the same input and run as one batch through the same list. Options
// exist so the tail probe can add each change on its own and measure it.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { RawImage } from './protocol.ts';
import { buildKernelPlan, type KernelPlan } from './kernel-plan.ts';
import { rawImageProblem } from './raw-image.ts';
import { meanOfViews, writeViews } from './tta.ts';
import type { TtaViews } from './tta-views.ts';

export interface FastPredictOptions {
  /** Keep one input tensor and write each image into its wasm memory (default true). */
  reuseInput?: boolean;
  /** Call the layers in order instead of model.predict (default true). */
  direct?: boolean;
  /** Read the answer with dataSync instead of await data() (default true). */
  syncRead?: boolean;
  /**
   * Fold a leading Rescaling layer (the model's input centring) into the pixel scaling, through a
   * 256-entry table of the same float32 arithmetic, so its two kernels and two scalar tensors per
   * query go (default true). Its cost moves into preprocessing, where it is one table look-up per value.
   */
  foldCentring?: boolean;
  /**
   * With the layers called directly and the centring folded: run the wasm kernels the layers would
   * dispatch as a fixed list built once (src/serve/kernel-plan.ts), without the engine's tensors,
   * tape checks and tidy (default true). A model with a layer the list does not know keeps the layers.
   */
  kernels?: boolean;
  /** Views each query is answered from, their mean the answer (test-time augmentation; default 1). */
  views?: TtaViews;
}

/** What one query took: preparing the input (with the views), and the forward pass with the read-back (and the mean). */
export interface FastAnswer {
  probs: Float32Array;
  preprocessMs: number;
  modelMs: number;
}

/** Whether `model` is a plain chain of layers (each fed by the one before), so calling them in order is the model. */
export function isLayerChain(model: tf.LayersModel): boolean {
  return model.inputs.length === 1 && model.outputs.length === 1 && model.getClassName() === 'Sequential';
}

/**
 * Answers single images of the deployed size for one model on the wasm backend. Holds one tensor
 * (the input) until dispose(). Use `FastPredictor.create`, which returns null where it does not
 * apply (another backend, a model that is not a chain of layers).
 */
export class FastPredictor {
  private readonly input: tf.Tensor4D;
  private readonly layers: tf.layers.Layer[];
  /** Byte -> input float: byte / 255, then the folded centring when there is one. */
  private readonly table: Float32Array;
  /** The forward pass as the backend's kernels, when every layer is one the plan knows. */
  private readonly plan: KernelPlan | null;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly height: number,
    private readonly width: number,
    private readonly options: Required<FastPredictOptions>,
  ) {
    this.input = tf.zeros([options.views, height, width, 3]);
    const first = model.layers[0];
    const centring = options.direct && options.foldCentring && first?.getClassName() === 'Rescaling' ? (first.getConfig() as { scale: number; offset: number }) : null;
    this.layers = centring ? model.layers.slice(1) : model.layers;
    this.table = byteTable(centring);
    this.plan = centring && options.kernels ? buildKernelPlan(this.layers) : null;
  }

  /** Whether queries run as the fixed list of kernels (every layer known, centring folded). */
  get usesKernelPlan(): boolean {
    return this.plan !== null;
  }

  static create(model: tf.LayersModel, height: number, width: number, options: FastPredictOptions = {}): FastPredictor | null {
    if (tf.getBackend() !== 'wasm') return null;
    const o = { reuseInput: true, direct: true, syncRead: true, foldCentring: true, kernels: true, views: 1 as TtaViews, ...options };
    if (o.direct && !isLayerChain(model)) return null;
    return new FastPredictor(model, height, width, o);
  }

  /** True when `image` can take this path (the deployed size; anything else goes through the general one). */
  fits(image: RawImage): boolean {
    return image.height === this.height && image.width === this.width;
  }

  /** One image in, probabilities out. Throws on a malformed image, as the general path does. */
  async predict(image: RawImage): Promise<FastAnswer> {
    const t0 = performance.now();
    const problem = rawImageProblem(image);
    if (problem) throw new Error(problem);
    if (!this.fits(image)) throw new Error(`FastPredictor: the image is ${image.width}x${image.height}, this path takes ${this.width}x${this.height}.`);
    const k = this.options.views;
    // The kept input's wasm memory (a view taken per query: a grown heap detaches older ones), or a fresh array.
    const values = this.options.reuseInput ? ((tf.backend() as BackendWasm).typedArrayFromHeap(this.input) as Float32Array) : new Float32Array(k * this.height * this.width * 3);
    scaleInto(image, this.table, values, 0);
    const t1 = performance.now();
    // The views are part of the model's time, as on the general path.
    writeViews(values, this.height, this.width, k);
    const x = this.options.reuseInput ? this.input : tf.tensor4d(values, [k, this.height, this.width, 3]);
    let out: tf.Tensor | null = null;
    try {
      if (this.plan) {
        const probs = this.plan({ dataId: x.dataId, shape: x.shape, dtype: x.dtype });
        return { probs: k === 1 ? probs : meanOfViews(probs, k, probs.length / k), preprocessMs: t1 - t0, modelMs: performance.now() - t1 };
      }
      out = tf.tidy(() => (k === 1 ? this.forward(x) : tf.mean(this.forward(x), 0, true)));
      const probs = (this.options.syncRead ? out.dataSync() : await out.data()) as Float32Array;
      const t2 = performance.now();
      return { probs, preprocessMs: t1 - t0, modelMs: t2 - t1 };
    } finally {
      out?.dispose();
      if (x !== this.input) x.dispose();
    }
  }

  dispose(): void {
    this.input.dispose();
  }

  private forward(x: tf.Tensor): tf.Tensor {
    if (!this.options.direct) return this.model.predict(x) as tf.Tensor;
    let y = x;
    for (const layer of this.layers) y = layer.apply(y, { training: false }) as tf.Tensor;
    return y;
  }
}

/**
 * The input value of each byte: float32(byte / 255) as preprocess.ts writes it, then, for a folded
 * Rescaling, float32(float32(v * scale) + offset) as its Multiply and Add kernels compute it (a
 * double product or sum of two float32 values is exact here, so rounding once gives the same bits).
 */
function byteTable(centring: { scale: number; offset: number } | null): Float32Array {
  const t = new Float32Array(256);
  for (let b = 0; b < 256; b++) {
    const v = Math.fround(b * (1 / 255));
    t[b] = centring ? Math.fround(Math.fround(v * Math.fround(centring.scale)) + Math.fround(centring.offset)) : v;
  }
  return t;
}

/** Pixels through `table`, alpha dropped, written at `offset` of `out`. */
function scaleInto(image: RawImage, table: Float32Array, out: Float32Array, offset: number): void {
  const { data, channels } = image;
  const n = image.width * image.height;
  if (channels === 3) {
    for (let i = 0; i < n * 3; i++) out[offset + i] = table[data[i]!]!;
    return;
  }
  for (let p = 0, q = 0; p < n; p++, q += 4) {
    const o = offset + p * 3;
    out[o] = table[data[q]!]!;
    out[o + 1] = table[data[q + 1]!]!;
    out[o + 2] = table[data[q + 2]!]!;
  }
}
