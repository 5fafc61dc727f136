// The index arithmetic of filter pruning on plain arrays (no tensors): keep a conv layer's chosen
// filters, the next conv's matching input channels, and the matching rows of the dense layer.

/** One weight as plain numbers; `name` is the variable's original name, e.g. 'conv2/kernel'. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** What slicing needs to know of a layer. */
export interface LayerWeights {
  name: string;
  className: string;
  /** Input shape with the batch dimension, e.g. [null, 8, 8, 64]. */
  inputShape: (number | null)[];
  /** In the layer's own order (kernel, then bias). */
  weights: NamedWeight[];
}

/** Same shape of plan as structured.ts's FilterPlan, restated so this file stays tensor-free. */
export interface KeptFilters {
  layer: string;
  kept: number[];
}

/** Layers that have no weights and keep the channel axis as it is (Rescaling: the CNN's input centring, x * scale + offset). */
const CHANNEL_PRESERVING = new Set(['InputLayer', 'Rescaling', 'MaxPooling2D', 'AveragePooling2D', 'Dropout', 'SpatialDropout2D', 'Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ZeroPadding2D']);
const GLOBAL_POOLS = new Set(['GlobalAveragePooling2D', 'GlobalMaxPooling2D']);

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Kernel [kh, kw, cin, cout] (row-major) restricted to the given input and output channels. */
export function sliceConvKernel(w: NamedWeight, inKept: readonly number[] | null, outKept: readonly number[] | null): NamedWeight {
  const [kh, kw, cin, cout] = w.shape as [number, number, number, number];
  const ins = inKept ?? range(cin);
  const outs = outKept ?? range(cout);
  const values = new Float32Array(kh * kw * ins.length * outs.length);
  let k = 0;
  for (let p = 0; p < kh * kw; p++) {
    for (const c of ins) {
      const base = (p * cin + c) * cout;
      for (const f of outs) values[k++] = w.values[base + f]!;
    }
  }
  return { name: w.name, shape: [kh, kw, ins.length, outs.length], values };
}

/** Rows `rows` of a [in, out] dense kernel. */
export function sliceDenseRows(w: NamedWeight, rows: readonly number[]): NamedWeight {
  const [, out] = w.shape as [number, number];
  const values = new Float32Array(rows.length * out);
  rows.forEach((r, i) => values.set(w.values.subarray(r * out, (r + 1) * out), i * out));
  return { name: w.name, shape: [rows.length, out], values };
}

/** Entries `idx` of a 1-D weight. */
function pick(w: NamedWeight, idx: readonly number[]): NamedWeight {
  return { name: w.name, shape: [idx.length], values: Float32Array.from(idx, (i) => w.values[i]!) };
}

/** Rows of the dense layer after Flatten that read the kept channels: index (h * W + w) * C + c. */
export function flattenRows(height: number, width: number, channels: number, kept: readonly number[]): number[] {
  const rows: number[] = [];
  for (let h = 0; h < height; h++) {
    for (let x = 0; x < width; x++) for (const c of kept) rows.push((h * width + x) * channels + c);
  }
  return rows;
}

/**
 * All weights of the smaller model, in layer order. Walks the layers keeping track of which
 * channels of the current feature map survive (`channels`) and, after Flatten or global
 * pooling, which inputs of the next dense layer survive (`rows`).
 */
export function sliceWeights(layers: readonly LayerWeights[], plan: readonly KeptFilters[]): NamedWeight[] {
  const planned = new Map(plan.map((p) => [p.layer, p.kept]));
  const out: NamedWeight[] = [];
  let channels: number[] | null = null;
  let rows: number[] | null = null;
  for (const layer of layers) {
    const kept = planned.get(layer.name) ?? null;
    if (kept && layer.className !== 'Conv2D') throw new Error(`Layer '${layer.name}' is a ${layer.className}; only Conv2D filters are pruned.`);
    const cannotSlice = () => new Error(`Cannot carry pruned channels through layer '${layer.name}' (${layer.className}).`);
    if (layer.className === 'Conv2D') {
      if (rows) throw cannotSlice();
      const [kernel, bias] = layer.weights;
      out.push(sliceConvKernel(kernel!, channels, kept));
      if (bias) out.push(kept ? pick(bias, kept) : bias);
      channels = kept;
    } else if (layer.className === 'Dense') {
      if (channels) throw cannotSlice();
      const [kernel, ...rest] = layer.weights;
      out.push(rows ? sliceDenseRows(kernel!, rows) : kernel!, ...rest);
      rows = null;
    } else if (layer.className === 'Flatten') {
      if (channels) {
        const [, h, w, c] = layer.inputShape as [null, number, number, number];
        rows = flattenRows(h, w, c, channels);
        channels = null;
      }
    } else if (GLOBAL_POOLS.has(layer.className)) {
      if (channels) rows = channels;
      channels = null;
    } else if (CHANNEL_PRESERVING.has(layer.className)) {
      out.push(...layer.weights);
    } else {
      if (channels || rows) throw cannotSlice();
      out.push(...layer.weights);
    }
  }
  return out;
}
