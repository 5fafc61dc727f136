// Where a training batch's time goes: one training step of a copy of the model, run as the trainer
// runs it (trainOnBatch, WarmupAdam, cross-entropy), under tf.profile, with each kernel's time
// summed into families; and the same step timed without the profiler, interleaved, to compare.
import * as tf from '@tensorflow/tfjs';
import { saveToArtifacts } from '../model/artifacts.ts';
import { percentile, sortedCopy } from '../metrics/stats.ts';
import type { BatchBreakdownRecord, KernelFamily, KernelFamilyTime } from '../metrics/report.ts';
import { WarmupAdam } from './warmup.ts';

export type { BatchBreakdownRecord, KernelFamily, KernelFamilyTime } from '../metrics/report.ts';

/** The families in the order they are printed; 'other' is everything not named. */
export const KERNEL_FAMILIES: readonly KernelFamily[] = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'ReLU gradient', 'BatchMatMul', 'optimizer', 'other'];

/** One profiled kernel: its name, input shapes and time (NaN when the backend could not time it). */
export interface ProfiledKernel {
  name: string;
  inputShapes: (number[] | null)[];
  ms: number;
}

const NAMED: Record<string, KernelFamily> = {
  Conv2D: 'Conv2D',
  FusedConv2D: 'Conv2D',
  Conv2DBackpropFilter: 'Conv2DBackpropFilter',
  Conv2DBackpropInput: 'Conv2DBackpropInput',
  MaxPoolGrad: 'MaxPoolGrad',
  BatchMatMul: 'BatchMatMul',
  _FusedMatMul: 'BatchMatMul',
  TslReluGrad: 'ReLU gradient',
};

const sameShape = (a: number[] | null | undefined, b: number[] | null | undefined) => !!a && !!b && a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Sorts kernels into families. Kernels in [optimizerStart, optimizerEnd) are the optimizer's
 * (dispatched inside applyGradients). tfjs writes ReLU's gradient as dy · step(x): a Step, then
 * a Cast and a Multiply on the same shape, and those three are the ReLU gradient (on wasm it is
 * our one TslReluGrad kernel). Op-level
 * wrappers ('fusedMatMul__op') are left out: their kernels are listed on their own, and the
 * wrapper's time contains theirs.
 */
export function classifyKernels(kernels: readonly ProfiledKernel[], optimizerStart: number, optimizerEnd: number): { families: KernelFamilyTime[]; untimed: number; dispatches: number } {
  const sums = new Map<KernelFamily, KernelFamilyTime>(KERNEL_FAMILIES.map((f) => [f, { family: f, ms: 0, calls: 0, kernels: [] }]));
  let untimed = 0;
  let dispatches = 0;
  let reluShape: number[] | null = null;
  let reluLeft = 0;
  for (const [i, k] of kernels.entries()) {
    if (k.name.endsWith('__op')) continue;
    let family: KernelFamily;
    if (i >= optimizerStart && i < optimizerEnd) family = 'optimizer';
    else if (k.name === 'Step') {
      family = 'ReLU gradient';
      reluShape = k.inputShapes[0] ?? null;
      reluLeft = 2;
    } else if (reluLeft > 0 && (k.name === 'Cast' || k.name === 'Multiply') && sameShape(k.inputShapes[0], reluShape)) {
      family = 'ReLU gradient';
      reluLeft--;
    } else {
      family = NAMED[k.name] ?? 'other';
      reluLeft = 0;
    }
    const s = sums.get(family)!;
    dispatches++;
    s.calls++;
    if (!s.kernels.includes(k.name)) s.kernels.push(k.name);
    if (Number.isFinite(k.ms)) s.ms += k.ms;
    else untimed++;
  }
  return { families: [...sums.values()], untimed, dispatches };
}

export interface BreakdownOptions {
  /** Profiled and plain steps, interleaved (default: up to 5 each, fewer to keep within budgetMs); the profile shown is the one with the median kernel sum. */
  repeats?: number;
  /** Untimed steps first (default 2, 1 when the first takes over a second): first calls allocate and compile. */
  warmup?: number;
  /** Time the default repeats aim to fit in (default 20 s): cpu and SwiftShader WebGL take seconds a batch. */
  budgetMs?: number;
  learningRate?: number;
}

const median = (xs: number[]) => percentile(sortedCopy(xs), 50);

/**
 * Profiles training steps of a copy of `model` on the batch `xs`/`ys` (the caller keeps both and
 * the model, which is never changed). Returns plain numbers; every tensor made is disposed.
 */
export async function profileTrainingBatch(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, options: BreakdownOptions = {}): Promise<BatchBreakdownRecord> {
  if (options.repeats !== undefined && !(Number.isInteger(options.repeats) && options.repeats >= 1)) throw new Error(`profileTrainingBatch: repeats must be a whole number >= 1, got ${options.repeats}.`);
  const copy = await tf.loadLayersModel(tf.io.fromMemory(await saveToArtifacts(model)));
  const optimizer = new WarmupAdam(options.learningRate ?? 1e-3);
  try {
    copy.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    // trainOnBatch awaits its loss values, so every backend has finished the step when it resolves.
    const step = async () => {
      await copy.trainOnBatch(xs, ys);
    };
    const w0 = performance.now();
    await step();
    const firstMs = performance.now() - w0;
    for (let i = 1; i < (options.warmup ?? (firstMs > 1000 ? 1 : 2)); i++) await step();
    // A profiled step costs about a plain one on wasm and cpu, ~40% more on WebGL (a sync per kernel).
    const repeats = options.repeats ?? Math.max(1, Math.min(5, Math.floor((options.budgetMs ?? 20_000) / (2.5 * firstMs))));

    // The optimizer's kernels are the ones dispatched inside applyGradients: mark where they start and end.
    const engine = tf.engine();
    let optimizerStart = -1;
    let optimizerEnd = -1;
    const apply = optimizer.applyGradients.bind(optimizer);
    optimizer.applyGradients = (grads) => {
      optimizerStart = engine.state.activeProfile.kernels.length;
      apply(grads);
      optimizerEnd = engine.state.activeProfile.kernels.length;
    };

    const plainMs: number[] = [];
    const profiles: { kernels: ProfiledKernel[]; wallMs: number; start: number; end: number; sumMs: number }[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await step();
      plainMs.push(performance.now() - t0);
      optimizerStart = optimizerEnd = -1;
      const p0 = performance.now();
      const info = await tf.profile(step);
      const wallMs = performance.now() - p0;
      const kernels = info.kernels.map((k) => ({ name: k.name, inputShapes: k.inputShapes, ms: typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : Number.NaN }));
      const sumMs = kernels.reduce((s, k) => s + (k.name.endsWith('__op') || !Number.isFinite(k.ms) ? 0 : k.ms), 0);
      profiles.push({ kernels, wallMs, start: optimizerStart, end: optimizerEnd, sumMs });
    }
    const chosen = [...profiles].sort((a, b) => a.sumMs - b.sumMs)[Math.floor((profiles.length - 1) / 2)]!;
    const { families, untimed, dispatches } = classifyKernels(chosen.kernels, chosen.start, chosen.end);
    const backend = tf.getBackend();
    return {
      backend,
      batchSize: xs.shape[0] ?? 0,
      families,
      kernelSumMs: families.reduce((s, f) => s + f.ms, 0),
      profiledWallMs: chosen.wallMs,
      batchMs: median(plainMs),
      repeats,
      dispatches,
      untimedKernels: untimed,
      timing: engine.backend.timerAvailable() ? 'backend timer' : 'wall time with a read-back after each kernel',
    };
  } finally {
    copy.dispose();
    optimizer.dispose();
  }
}
