// Headless bench of the wasm training kernels: ms per training batch of 32 and per
// inference batch of 32 for the default CNN, and training vs inference GFLOP/s.
// Run: npx tsx scripts/kernel-bench.ts [--rounds 5] [--steps 5] [--profile 5] [--breakdown]
// --breakdown: the training batch by kernel family (src/train/batch-breakdown.ts), and the
// trainer's Adam with the fused wasm update against tfjs's unfused one, interleaved.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildCnn } from '../src/model/cnn.ts';
import { registerWasmTrainingKernels } from '../src/tf/wasm-kernels.ts';
import { profileTrainingBatch } from '../src/train/batch-breakdown.ts';
import { WarmupAdam } from '../src/train/warmup.ts';

const BATCH = 32;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Analytic forward FLOPs per image (2 per multiply-add) of conv and dense layers. */
function forwardFlopsPerImage(model: tf.LayersModel): number {
  let flops = 0;
  for (const layer of model.layers) {
    const out = layer.outputShape as number[];
    const kernel = layer.getWeights()[0];
    if (!kernel) continue;
    const k = kernel.shape as number[];
    if (layer.getClassName() === 'Conv2D') flops += 2 * out[1] * out[2] * k[0] * k[1] * k[2] * k[3];
    else if (layer.getClassName() === 'Dense') flops += 2 * k[0] * k[1];
  }
  return flops;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Per-kernel ms of one training batch (the minimum over `steps` batches per kernel name, as
 * other jobs on this machine add noise), to see where the time goes. tf.profile costs ~0%
 * on wasm, whose kernels are synchronous.
 */
async function profileTraining(trainStep: () => Promise<void>, steps: number): Promise<void> {
  const best = new Map<string, { ms: number; calls: number }>();
  for (let i = 0; i < steps; i++) {
    const info = await tf.profile(trainStep);
    const sums = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const s = sums.get(k.name) ?? { ms: 0, calls: 0 };
      s.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      s.calls++;
      sums.set(k.name, s);
    }
    for (const [name, s] of sums) {
      const b = best.get(name);
      if (!b || s.ms < b.ms) best.set(name, s);
    }
  }
  const rows = [...best].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((t, [, s]) => t + s.ms, 0);
  console.log(`per-kernel ms per training batch (min of ${steps}), sum ${total.toFixed(1)} ms:`);
  for (const [name, s] of rows) console.log(`  ${name.padEnd(24)} ${s.ms.toFixed(2).padStart(8)} ms  ${s.calls} calls`);
}

async function main(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  const rounds = arg('rounds', 5);
  const steps = arg('steps', 5);

  const model = buildCnn({ inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0, seed: 1 });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.randomUniform([BATCH, 64, 64, 3], 0, 1, 'float32', 1);
  const labels = tf.randomUniform([BATCH], 0, 2, 'int32', 2);
  const y = tf.oneHot(labels, 2);

  const trainStep = async () => { await model.trainOnBatch(x, y); };
  const fitStep = async () => { await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 }); };
  const inferStep = async () => {
    const out = model.predict(x) as tf.Tensor;
    await out.data();
    out.dispose();
  };
  // Warm-up: first calls create XNNPACK operators and grow the wasm heap.
  for (const step of [trainStep, fitStep, inferStep]) for (let i = 0; i < 2; i++) await step();
  const profileSteps = arg('profile', 0);
  if (profileSteps > 0) await profileTraining(trainStep, profileSteps);

  const timeIt = async (step: () => Promise<void>) => {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) await step();
    return (performance.now() - t0) / steps;
  };
  // Interleaved rounds, median per kind: other processes on this 2-core box add noise,
  // and interleaving makes the ratio compare like with like.
  const train: number[] = [];
  const fit: number[] = [];
  const infer: number[] = [];
  const tensorsBefore = tf.memory().numTensors;
  for (let r = 0; r < rounds; r++) {
    train.push(await timeIt(trainStep));
    fit.push(await timeIt(fitStep));
    infer.push(await timeIt(inferStep));
  }
  const leaked = tf.memory().numTensors - tensorsBefore;

  const fwd = forwardFlopsPerImage(model) * BATCH;
  const gflops = (flops: number, ms: number) => flops / ms / 1e6;
  console.log(`wasm backend, SIMD ${simd}, threads ${threads}, batch ${BATCH}, ${rounds} rounds x ${steps} steps`);
  console.log(`forward FLOPs per batch (analytic): ${(fwd / 1e6).toFixed(1)} MFLOP; training = 3x forward`);
  // Min is the best estimate of the uncontended time when other jobs share the cores;
  // the median shows what a loaded machine gives.
  for (const [label, pick] of [['median', median], ['min', (xs: number[]) => Math.min(...xs)]] as const) {
    const trainMs = pick(train);
    const fitMs = pick(fit);
    const inferMs = pick(infer);
    const ratio = gflops(3 * fwd, trainMs) / gflops(fwd, inferMs);
    console.log(`[${label}] training (trainOnBatch) ${trainMs.toFixed(1)} ms/batch, ${gflops(3 * fwd, trainMs).toFixed(2)} GFLOP/s`);
    console.log(`[${label}] training (fit, 1 batch) ${fitMs.toFixed(1)} ms/batch, ${gflops(3 * fwd, fitMs).toFixed(2)} GFLOP/s`);
    console.log(`[${label}] inference (predict+data) ${inferMs.toFixed(1)} ms/batch, ${gflops(fwd, inferMs).toFixed(2)} GFLOP/s`);
    console.log(`[${label}] training/inference GFLOP/s ratio ${ratio.toFixed(3)} (acceptance: >= 0.6)`);
  }
  console.log(`tensors leaked over the timed steps: ${leaked}`);
  if (process.argv.includes('--breakdown')) await breakdownAndAdam(model, x, y, rounds, steps);
  tf.dispose([x, labels, y]);
  model.dispose();
}

/** The kernel families of one batch, then fused vs unfused Adam in interleaved rounds (same model, same batch). */
async function breakdownAndAdam(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, rounds: number, steps: number): Promise<void> {
  const r = await profileTrainingBatch(model, x, y);
  console.log(`training batch by kernel family (${r.timing}), parts ${r.kernelSumMs.toFixed(1)} ms vs batch ${r.batchMs.toFixed(1)} ms (ratio ${(r.kernelSumMs / r.batchMs).toFixed(3)}):`);
  for (const f of r.families) console.log(`  ${f.family.padEnd(22)} ${f.ms.toFixed(2).padStart(8)} ms  ${String(f.calls).padStart(4)} calls  ${f.kernels.join(' ')}`);
  const pair = [true, false].map((fused) => {
    const m = buildCnn({ inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0, seed: 1 });
    const optimizer = new WarmupAdam(1e-3, 30, fused);
    m.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    return { fused, m, optimizer, ms: [] as number[] };
  });
  for (const p of pair) for (let i = 0; i < 2; i++) await p.m.trainOnBatch(x, y);
  for (let round = 0; round < rounds; round++) {
    for (const p of pair) {
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) await p.m.trainOnBatch(x, y);
      p.ms.push((performance.now() - t0) / steps);
    }
  }
  const [fused, unfused] = pair.map((p) => median(p.ms));
  console.log(`trainOnBatch with the fused wasm Adam ${fused!.toFixed(1)} ms, with tfjs's unfused Adam ${unfused!.toFixed(1)} ms (median of ${rounds} interleaved rounds of ${steps}); ratio ${(fused! / unfused!).toFixed(3)}`);

  // The optimizer step alone, on the same gradients: a whole batch's noise hides a ~2 ms difference.
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.predict(x) as tf.Tensor) as tf.Scalar, vars);
  const named = vars.map((v) => ({ name: v.name, tensor: grads[v.name]! }));
  const stepMs: [number[], number[]] = [[], []];
  for (let round = 0; round < 60; round++) {
    for (const [i, p] of pair.entries()) {
      const t0 = performance.now();
      for (let k = 0; k < 5; k++) p.optimizer.applyGradients(named);
      stepMs[i]!.push((performance.now() - t0) / 5);
    }
  }
  const [fusedStep, unfusedStep] = stepMs.map(median);
  console.log(`Adam step alone (applyGradients, default model's ${vars.length} variables): fused ${fusedStep!.toFixed(3)} ms, tfjs's ${unfusedStep!.toFixed(3)} ms (median of 60 interleaved rounds of 5); ratio ${(fusedStep! / unfusedStep!).toFixed(3)}`);
  tf.dispose([value, ...Object.values(grads)]);
  for (const p of pair) {
    p.m.dispose();
    p.optimizer.dispose();
  }
}

await main();
