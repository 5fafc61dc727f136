// Unstructured magnitude pruning (TF-MOT's prune_low_magnitude): one 0/1 mask per kernel,
// thresholds per layer or global, w = w * mask on the live weights, and exact verification.
import * as tf from '@tensorflow/tfjs';

type Layer = tf.LayersModel['layers'][number];
type LayerVariable = Layer['weights'][number];

/** Layer classes whose kernel is pruned; biases never are (they are few and each one matters). */
const PRUNABLE_CLASSES = new Set(['Conv2D', 'Dense']);

export interface MaskOptions {
  /** 'per-layer': each kernel loses the same fraction; 'global': one threshold over all kernels. */
  scope: 'per-layer' | 'global';
  /** Skip the first conv: it has few weights and every one sees raw pixels. Default true. */
  skipFirstConv?: boolean;
  /** Skip the output layer: its few weights decide the classes directly. Default true. */
  skipOutput?: boolean;
}

export const DEFAULT_MASK_OPTIONS: Required<MaskOptions> = { scope: 'per-layer', skipFirstConv: true, skipOutput: true };

/** A prunable kernel: the layer it belongs to and its live variable. */
export interface PrunableKernel {
  layer: string;
  variable: LayerVariable;
}

/** Kernels that get masks, in layer order. */
export function prunableKernels(model: tf.LayersModel, options: Partial<MaskOptions> = {}): PrunableKernel[] {
  const { skipFirstConv, skipOutput } = { ...DEFAULT_MASK_OPTIONS, ...options };
  const candidates = model.layers.filter((l) => PRUNABLE_CLASSES.has(l.getClassName()));
  const firstConv = candidates.find((l) => l.getClassName() === 'Conv2D');
  const last = candidates[candidates.length - 1];
  return candidates
    .filter((l) => !(skipFirstConv && l === firstConv) && !(skipOutput && l === last))
    .map((l) => ({ layer: l.name, variable: kernelOf(l) }));
}

/** The layer's kernel variable (not its bias). */
export function kernelOf(layer: Layer): LayerVariable {
  const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
  if (!kernel) throw new Error(`Layer '${layer.name}' has no kernel to prune.`);
  return kernel;
}

/**
 * 0/1 masks, one per pruned kernel, each tensor owned here until dispose(). Masks live in
 * backend memory so re-applying them after every optimizer step is one multiply per kernel.
 */
export class MaskSet {
  private disposed = false;

  constructor(
    /** Layer name -> mask, shaped like that layer's kernel. */
    readonly masks: ReadonlyMap<string, tf.Tensor>,
    /** Pruned (zero) elements per layer, as planned. */
    readonly prunedCounts: ReadonlyMap<string, number>,
  ) {}

  /** w = w * mask on the live kernels. Variables are assigned in place, never disposed. */
  apply(model: tf.LayersModel): void {
    if (this.disposed) throw new Error('MaskSet.apply: the masks were disposed.');
    tf.tidy(() => {
      for (const [name, mask] of this.masks) {
        const kernel = kernelOf(model.getLayer(name));
        // write() assigns the new value to the variable; tidy frees only the temporaries.
        // Adding 0 turns the -0 of negative weights times 0 into +0, so pruned positions are
        // identical bytes and gzip sees longer runs.
        kernel.write(tf.add(tf.mul(kernel.read(), mask), 0));
      }
    });
  }

  /** Planned zeros / planned elements over the masked kernels. */
  get sparsity(): number {
    let zeros = 0;
    let total = 0;
    for (const [name, mask] of this.masks) {
      zeros += this.prunedCounts.get(name)!;
      total += mask.size;
    }
    return total === 0 ? 0 : zeros / total;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const mask of this.masks.values()) mask.dispose();
  }
}

/** |w| of each kernel as plain numbers (one download per kernel). */
async function kernelMagnitudes(kernels: readonly PrunableKernel[]): Promise<Float32Array[]> {
  return Promise.all(
    kernels.map(async (k) => {
      const values = (await k.variable.read().data()) as Float32Array;
      const out = new Float32Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = Math.abs(values[i]!);
      return out;
    }),
  );
}

/**
 * Marks the `count` smallest magnitudes in `zero` (1 = prune). Sorting indices rather than
 * comparing to a threshold value makes the count exact even when magnitudes tie (e.g. weights
 * already zero from an earlier update): ties break by position.
 */
function markSmallest(entries: { mags: Float32Array; zero: Uint8Array }[], count: number): void {
  const total = entries.reduce((s, e) => s + e.mags.length, 0);
  const owner = new Uint32Array(total);
  const offset = new Uint32Array(total);
  const mags = new Float32Array(total);
  let i = 0;
  entries.forEach((e, k) => {
    for (let j = 0; j < e.mags.length; j++, i++) {
      owner[i] = k;
      offset[i] = j;
      mags[i] = e.mags[j]!;
    }
  });
  const order = new Uint32Array(total);
  for (let j = 0; j < total; j++) order[j] = j;
  order.sort((a, b) => mags[a]! - mags[b]! || a - b);
  for (let j = 0; j < count; j++) entries[owner[order[j]!]!]!.zero[offset[order[j]!]!] = 1;
}

/** Elements pruned out of `n` at `sparsity`: rounded, so the target holds to one element. */
export function prunedCount(n: number, sparsity: number): number {
  return Math.min(n, Math.round(n * sparsity));
}

/**
 * Magnitude masks at `sparsity` over the model's prunable kernels (read now; the model is not
 * changed: call masks.apply(model)). The caller owns the returned MaskSet.
 */
export async function magnitudeMasks(model: tf.LayersModel, sparsity: number, options: Partial<MaskOptions> = {}): Promise<MaskSet> {
  if (!(sparsity >= 0 && sparsity < 1)) throw new Error(`magnitudeMasks: sparsity must be in [0, 1), got ${sparsity}.`);
  const opts = { ...DEFAULT_MASK_OPTIONS, ...options };
  const kernels = prunableKernels(model, opts);
  const entries = (await kernelMagnitudes(kernels)).map((mags) => ({ mags, zero: new Uint8Array(mags.length) }));
  if (opts.scope === 'global') {
    markSmallest(entries, prunedCount(entries.reduce((s, e) => s + e.mags.length, 0), sparsity));
  } else {
    for (const e of entries) markSmallest([e], prunedCount(e.mags.length, sparsity));
  }
  const masks = new Map<string, tf.Tensor>();
  const counts = new Map<string, number>();
  kernels.forEach((k, i) => {
    const { zero } = entries[i]!;
    const keep = new Float32Array(zero.length);
    let pruned = 0;
    for (let j = 0; j < zero.length; j++) {
      keep[j] = zero[j] ? 0 : 1;
      pruned += zero[j]!;
    }
    masks.set(k.layer, tf.tensor(keep, k.variable.shape as number[]));
    counts.set(k.layer, pruned);
  });
  return new MaskSet(masks, counts);
}

/** Result of checking the live kernels against their masks, in plain numbers. */
export interface MaskCheck {
  layer: string;
  /** Kernel elements. */
  size: number;
  /** Elements the mask prunes. */
  masked: number;
  /** Elements that are exactly zero now (masked ones plus any that happen to be zero). */
  zeros: number;
  /** Masked elements that are not zero: must be 0 after masks are re-applied. */
  violations: number;
}

/** Counts zeros exactly (on downloaded values, no tolerance) in each masked kernel. */
export async function verifyMasks(model: tf.LayersModel, masks: MaskSet): Promise<MaskCheck[]> {
  const out: MaskCheck[] = [];
  for (const [layer, mask] of masks.masks) {
    const [w, m] = await Promise.all([kernelOf(model.getLayer(layer)).read().data(), mask.data()]);
    let zeros = 0;
    let masked = 0;
    let violations = 0;
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0) zeros++;
      if (m[i] === 0) {
        masked++;
        if (w[i] !== 0) violations++;
      }
    }
    out.push({ layer, size: w.length, masked, zeros, violations });
  }
  return out;
}
