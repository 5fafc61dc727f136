// The serving tail probe: model-only predict times of one model on wasm under several per-query
// paths (the server's previous path, and each change of fast-predict.ts alone and together),
// interleaved in blocks so the machine's load falls on every arm alike. Plain numbers out.
import * as tf from '@tensorflow/tfjs';
import { summarize, type LatencySummary } from '../metrics/stats.ts';
import { FastPredictor, type FastPredictOptions } from './fast-predict.ts';
import { Preprocessor } from './preprocess.ts';
import type { RawImage } from './protocol.ts';

/** One way of answering a query; returns the model-only ms (preprocessing excluded), as the server reports it. */
export interface ProbeArm {
  name: string;
  query(image: RawImage): Promise<number>;
  dispose(): void;
}

export interface ArmResult {
  name: string;
  summary: LatencySummary;
  /** p90 / p50 and p99 / p50 of the model-only times. */
  p90OverP50: number;
  p99OverP50: number;
  /** Kernels dispatched through the engine by one query (tf.profile of one query; the kernel list calls the backend directly, which tf.profile does not see, so 0 there). */
  kernelsPerQuery: number;
  /** Tensors created by one query, freed or not (the engine's tensor ids between two markers, less one). */
  tensorsMadePerQuery: number;
  /**
   * Of the queries slower than this arm's p90, the share whose previous query in the same block was
   * also slower than p90: about 0.1 if slow queries strike alone (a collection, an allocation), much
   * more if they come in runs (the thread losing its core to another process for a while).
   */
  slowAfterSlow: number;
  /** p50 of the first query of each block (right after another arm ran) over the p50 of the rest. */
  firstInBlockOverRest: number;
}

function clustering(samples: readonly number[], block: number, p90Ms: number): { slowAfterSlow: number; firstInBlockOverRest: number } {
  let slow = 0;
  let slowAfterSlow = 0;
  const first: number[] = [];
  const rest: number[] = [];
  samples.forEach((ms, i) => {
    if (i % block === 0) first.push(ms);
    else {
      rest.push(ms);
      if (ms > p90Ms) {
        slow++;
        if (samples[i - 1]! > p90Ms) slowAfterSlow++;
      }
    }
  });
  return { slowAfterSlow: slow > 0 ? slowAfterSlow / slow : Number.NaN, firstInBlockOverRest: summarize(first).p50Ms / summarize(rest).p50Ms };
}

/** The server's per-query path before fast-predict.ts: fresh input tensor, model.predict in tidy, await data(). */
export function previousServerArm(model: tf.LayersModel, height: number, width: number): ProbeArm {
  const pre = new Preprocessor();
  return {
    name: 'previous server path',
    async query(image) {
      const input = pre.toInput(image, height, width);
      let out: tf.Tensor | null = null;
      try {
        const t1 = performance.now();
        out = tf.tidy(() => model.predict(input) as tf.Tensor);
        await out.data();
        return performance.now() - t1;
      } finally {
        input.dispose();
        out?.dispose();
      }
    },
    dispose() {},
  };
}

/** A fast-predict.ts path with the given changes on; throws where it does not apply. */
export function fastArm(name: string, model: tf.LayersModel, height: number, width: number, options: FastPredictOptions): ProbeArm {
  const p = FastPredictor.create(model, height, width, options);
  if (!p) throw new Error(`tail probe: "${name}" needs the wasm backend and a sequential model.`);
  return { name, query: async (image) => (await p.predict(image)).modelMs, dispose: () => p.dispose() };
}

/**
 * The control: no TF.js at all, a fixed JavaScript loop over a 48 KB array (the input's size)
 * sized to take about `targetMs`. It allocates nothing per query, so its tail is the machine's
 * (other processes, the scheduler, frequency changes), the floor any predict path sits on.
 */
export function controlArm(targetMs: number): ProbeArm {
  const data = new Float32Array(64 * 64 * 3).map((_, i) => (i % 255) / 255);
  const pass = (): number => {
    let acc = 0;
    for (let i = 0; i < data.length; i++) acc += data[i]! * 1.0001 - acc * 1e-6;
    return acc;
  };
  // Calibrated once: passes per query so one query takes about targetMs here and now.
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < 50; i++) sink += pass();
  const passes = Math.max(1, Math.round(targetMs / ((performance.now() - t0) / 50)));
  return {
    name: 'control: fixed JS loop, no TF.js',
    async query() {
      const start = performance.now();
      for (let i = 0; i < passes; i++) sink += pass();
      // Keeps the loop from being optimised away.
      if (sink === Number.POSITIVE_INFINITY) throw new Error('unreachable');
      return performance.now() - start;
    },
    dispose() {},
  };
}

/** The arms the probe compares: the previous path, each change alone, and all together. */
export function standardArms(model: tf.LayersModel, height: number, width: number): ProbeArm[] {
  const none = { reuseInput: false, direct: false, syncRead: false, foldCentring: false, kernels: false };
  return [
    previousServerArm(model, height, width),
    fastArm('dataSync read-back', model, height, width, { ...none, syncRead: true }),
    fastArm('reused input tensor', model, height, width, { ...none, reuseInput: true }),
    fastArm('layers called directly', model, height, width, { ...none, direct: true }),
    fastArm('layers directly, centring folded', model, height, width, { ...none, direct: true, foldCentring: true }),
    fastArm('all four', model, height, width, { kernels: false }),
    fastArm('all four + kernel list (server path)', model, height, width, {}),
    controlArm(0.7),
  ];
}

export interface ProbeOptions {
  /** Queries per arm before measuring (discarded). */
  warmup: number;
  /** Rounds of blocks; each round runs one block per arm, in a rotating order. */
  rounds: number;
  /** Queries per block. */
  block: number;
}

/** Runs the arms interleaved and summarises each; `images` are cycled through in order. */
export async function runTailProbe(arms: readonly ProbeArm[], images: readonly RawImage[], o: ProbeOptions): Promise<ArmResult[]> {
  let next = 0;
  const image = () => images[next++ % images.length]!;
  for (const arm of arms) for (let i = 0; i < o.warmup; i++) await arm.query(image());
  const samples = arms.map(() => [] as number[]);
  for (let r = 0; r < o.rounds; r++) {
    for (let k = 0; k < arms.length; k++) {
      // Rotate who goes first, so no arm always follows the same neighbour.
      const a = (k + r) % arms.length;
      for (let i = 0; i < o.block; i++) samples[a]!.push(await arms[a]!.query(image()));
    }
  }
  const results: ArmResult[] = [];
  for (let a = 0; a < arms.length; a++) {
    const summary = summarize(samples[a]!);
    const arm = arms[a]!;
    const info = await tf.profile(() => arm.query(image()));
    const first = tf.scalar(0);
    await arm.query(image());
    const last = tf.scalar(0);
    const tensorsMadePerQuery = last.id - first.id - 1;
    tf.dispose([first, last]);
    results.push({ name: arm.name, summary, p90OverP50: summary.p90Ms / summary.p50Ms, p99OverP50: summary.p99Ms / summary.p50Ms, kernelsPerQuery: info.kernels.length, tensorsMadePerQuery, ...clustering(samples[a]!, o.block, summary.p90Ms) });
  }
  return results;
}

export interface KernelTime {
  kernel: string;
  /** Mean kernel time per query, ms (tf.profile's kernelTimeMs: wall time around each kernel on wasm). */
  msPerQuery: number;
  callsPerQuery: number;
}

/** Mean per-query time by kernel over `queries` profiled queries of `arm`, slowest first. */
export async function kernelTimes(arm: ProbeArm, images: readonly RawImage[], queries: number): Promise<KernelTime[]> {
  const sums = new Map<string, { ms: number; calls: number }>();
  for (let i = 0; i < queries; i++) {
    const info = await tf.profile(() => arm.query(images[i % images.length]!));
    for (const k of info.kernels) {
      const s = sums.get(k.name) ?? { ms: 0, calls: 0 };
      s.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      s.calls++;
      sums.set(k.name, s);
    }
  }
  return [...sums].map(([kernel, s]) => ({ kernel, msPerQuery: s.ms / queries, callsPerQuery: s.calls / queries })).sort((a, b) => b.msPerQuery - a.msPerQuery);
}
