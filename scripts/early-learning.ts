// Measures whether a first run learns: for each candidate change to the model or the recipe, the
// app's own TrainingRun in Node on the wasm backend, seeds 1, 2, 3 and 42, reports validation
// accuracy after epoch 1 at the default settings and after epoch 3 at training-set size 512.
// Usage: tsx scripts/early-learning.ts [--candidates a,b] [--seeds 1,2,3,42] [--skip-small] [--skip-default]
//   [--overfit [--overfit-size 128] [--overfit-epochs 20]] (the README's recipe: a small set, early stopping off)
//   [--curve N] (validation accuracy over N epochs at the defaults) [--serve-cost] (what the centring layer adds to a query)
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { LabelledDataset } from '../src/data/image-set.ts';
import { convWidths, INPUT_CENTERING, modelConfigOf, type ModelConfig } from '../src/model/cnn.ts';
import { batchTensors } from '../src/data/batches.ts';
import { percentile, sortedCopy } from '../src/metrics/stats.ts';
import { registerWasmTrainingKernels } from '../src/tf/wasm-kernels.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../src/train/settings.ts';
import { TrainingRun } from '../src/train/trainer.ts';
import { WarmupAdam } from '../src/train/warmup.ts';
import { loadShippedNode } from './lib/load-shipped-node.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: join('datasets', 'catsdogs') },
    candidates: { type: 'string', default: 'shipped' },
    seeds: { type: 'string', default: '1,2,3,42' },
    'skip-small': { type: 'boolean', default: false },
    'skip-default': { type: 'boolean', default: false },
    overfit: { type: 'boolean', default: false },
    'overfit-size': { type: 'string', default: '128' },
    'overfit-epochs': { type: 'string', default: '20' },
    'serve-cost': { type: 'boolean', default: false },
    curve: { type: 'string', default: '0' },
  },
});

/** A variant of the CNN: how its inputs are scaled, how its weights start. */
interface Variant {
  /** Applied to the [0, 1] inputs as x * scale + offset, inside the model; null: none. */
  rescale: { scale: number; offset: number } | null;
  /** heconv: He uniform for the conv layers only, Glorot for the dense ones. */
  init: 'glorot' | 'he' | 'heconv';
  /** Batch normalisation after each conv (before its ReLU) with this momentum; absent: none. */
  bnMomentum?: number;
  /** Output layer's kernel starts at zero (every first prediction exactly uniform). */
  zeroOutput?: boolean;
}

interface Candidate {
  what: string;
  /** The model and schedule; null means the app's own (buildCnn, TrainingRun's optimizer). */
  variant: Variant | null;
  settings?: Partial<TrainSettings>;
  /** Batches over which the learning rate rises linearly from lr / warmupBatches to lr; 0: none. */
  warmupBatches?: number;
}

/** Every change tried while fixing early learning; `shipped` is what the app does now (centring + warm-up). */
const CANDIDATES: Record<string, Candidate> = {
  shipped: { what: "the app's own model and recipe (buildCnn, TrainingRun)", variant: null },
  raw: { what: 'inputs in [0, 1], Glorot uniform (the old model)', variant: { rescale: null, init: 'glorot' } },
  std4: { what: '(x - 0.5) * 4 inside the model, Glorot', variant: { rescale: { scale: 4, offset: -2 }, init: 'glorot' } },
  std2: { what: '(x - 0.5) * 2 inside the model, Glorot', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' } },
  center: { what: 'x - 0.5 inside the model, Glorot', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' } },
  he: { what: 'inputs in [0, 1], He uniform', variant: { rescale: null, init: 'he' } },
  std2he: { what: '(x - 0.5) * 2, He uniform', variant: { rescale: { scale: 2, offset: -1 }, init: 'he' } },
  std4he: { what: '(x - 0.5) * 4, He uniform', variant: { rescale: { scale: 4, offset: -2 }, init: 'he' } },
  lr3e4: { what: 'inputs in [0, 1], Adam 3e-4', variant: { rescale: null, init: 'glorot' }, settings: { learningRate: 3e-4 } },
  warmup: { what: 'inputs in [0, 1], linear warm-up over 30 batches', variant: { rescale: null, init: 'glorot' }, warmupBatches: 30 },
  std2warm: { what: '(x - 0.5) * 2, warm-up over 30 batches', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' }, warmupBatches: 30 },
  std2lr2e3: { what: '(x - 0.5) * 2, Adam 2e-3', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' }, settings: { learningRate: 2e-3 } },
  centerlr5e4: { what: 'x - 0.5, Adam 5e-4', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 5e-4 } },
  centerlr2e3: { what: 'x - 0.5, Adam 2e-3', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 2e-3 } },
  centerlr3e3: { what: 'x - 0.5, Adam 3e-3', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 3e-3 } },
  centerwarm3e3: { what: 'x - 0.5, Adam 3e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 3e-3 }, warmupBatches: 30 },
  centerwarm2e3: { what: 'x - 0.5, Adam 2e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 2e-3 }, warmupBatches: 30 },
  centerwarm1e3: { what: 'x - 0.5, Adam 1e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, warmupBatches: 30 },
  centerwarm3e3b60: { what: 'x - 0.5, Adam 3e-3 warmed up over 60 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 3e-3 }, warmupBatches: 60 },
  std2warm3e3: { what: '(x - 0.5) * 2, Adam 3e-3 warmed up over 30 batches', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' }, settings: { learningRate: 3e-3 }, warmupBatches: 30 },
  centerwarm1e3b60: { what: 'x - 0.5, Adam 1e-3 warmed up over 60 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, warmupBatches: 60 },
  centerwarm1e3b15: { what: 'x - 0.5, Adam 1e-3 warmed up over 15 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, warmupBatches: 15 },
  centerwarm15e4: { what: 'x - 0.5, Adam 1.5e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 1.5e-3 }, warmupBatches: 30 },
  centerheconvwarm: { what: 'x - 0.5, He for convs, Adam 1e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'heconv' }, warmupBatches: 30 },
  centerwarmb16: { what: 'x - 0.5, Adam 1e-3 warmed up over 30 batches, batch 16', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { batchSize: 16 }, warmupBatches: 30 },
  centerbn: { what: 'x - 0.5, batch norm after each conv (momentum 0.9)', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot', bnMomentum: 0.9 } },
  halfscalewarm: { what: '(x - 0.5) * 0.5, Adam 1e-3 warmed up over 30 batches', variant: { rescale: { scale: 0.5, offset: -0.25 }, init: 'glorot' }, warmupBatches: 30 },
  centerwarmzo: { what: 'x - 0.5, zero-initialised output layer, Adam 1e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot', zeroOutput: true }, warmupBatches: 30 },
  centerwarm1e3b20: { what: 'x - 0.5, Adam 1e-3 warmed up over 20 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, warmupBatches: 20 },
  centerwarm1e3b45: { what: 'x - 0.5, Adam 1e-3 warmed up over 45 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, warmupBatches: 45 },
};

/** The CNN of src/model/cnn.ts with the variant's input scaling and initialiser. */
function buildVariant(config: ModelConfig, variant: Variant): tf.LayersModel {
  let seed = config.seed;
  const init = (conv: boolean) =>
    variant.init === 'he' || (variant.init === 'heconv' && conv) ? tf.initializers.heUniform({ seed: seed++ }) : tf.initializers.glorotUniform({ seed: seed++ });
  const model = tf.sequential({ name: 'cnn' });
  const inputShape = [config.inputSize, config.inputSize, 3];
  if (variant.rescale) model.add(tf.layers.rescaling({ name: 'rescale', inputShape, ...variant.rescale }));
  convWidths(config).forEach((filters, i) => {
    const first = i === 0 && !variant.rescale ? { inputShape } : {};
    const bn = variant.bnMomentum !== undefined;
    model.add(tf.layers.conv2d({ name: `conv${i + 1}`, ...first, filters, kernelSize: 3, padding: 'same', activation: bn ? 'linear' : 'relu', useBias: !bn, kernelInitializer: init(true) }));
    if (bn) {
      model.add(tf.layers.batchNormalization({ name: `bn${i + 1}`, momentum: variant.bnMomentum }));
      model.add(tf.layers.reLU({ name: `relu${i + 1}` }));
    }
    model.add(tf.layers.maxPooling2d({ name: `pool${i + 1}`, poolSize: 2, strides: 2 }));
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'dense1', units: config.denseUnits, activation: 'relu', kernelInitializer: init(false) }));
  model.add(tf.layers.dense({ name: 'output', units: config.numClasses, activation: 'softmax', kernelInitializer: variant.zeroOutput ? 'zeros' : init(false) }));
  return model;
}

interface RunResult {
  valAcc: number[];
  trainAcc: number[];
  valLoss: number[];
  trainLoss: number[];
  /** Share of validation images predicted as the most-predicted class after the last epoch. */
  majorityShare: number;
  epochSeconds: number;
}

async function trainOnce(dataset: LabelledDataset, candidate: Candidate, settings: TrainSettings): Promise<RunResult> {
  const config = modelConfigOf(settings, dataset);
  const run = new TrainingRun(settings, dataset, 0, candidate.variant ? buildVariant(config, candidate.variant) : undefined);
  if (candidate.variant) {
    // A candidate brings its own schedule: the run's optimizer is replaced before any step.
    run.model.optimizer.dispose();
    run.model.compile({ optimizer: new WarmupAdam(settings.learningRate, candidate.warmupBatches ?? 0), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  }
  let majorityShare = 0;
  try {
    await run.run({
      onEpoch: ({ validation }) => {
        const counts = validation.confusion.reduce((acc, row) => row.map((n, c) => n + acc[c]!), new Array<number>(dataset.classNames.length).fill(0));
        majorityShare = Math.max(...counts) / dataset.val.count;
      },
    });
    const secs = run.records.reduce((s, r) => s + r.wallMs, 0) / 1000 / run.records.length;
    return { valAcc: run.records.map((r) => r.valAcc), trainAcc: run.records.map((r) => r.acc), valLoss: run.records.map((r) => r.valLoss), trainLoss: run.records.map((r) => r.loss), majorityShare, epochSeconds: secs };
  } finally {
    run.dispose();
  }
}

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * What the centring layer costs a query: model-only predict of one validation image with and
 * without it (same weights otherwise), interleaved A/B so machine noise falls on both, plus the
 * kernels each dispatches per query.
 */
async function serveCost(dataset: LabelledDataset, rounds: number): Promise<void> {
  const config = modelConfigOf({ ...DEFAULT_SETTINGS, seed: 1 }, dataset);
  const models = { with: buildVariant(config, { rescale: INPUT_CENTERING, init: 'glorot' }), without: buildVariant(config, { rescale: null, init: 'glorot' }) };
  const x = batchTensors(dataset.val, [0], dataset.classNames.length);
  const once = async (m: tf.LayersModel) => {
    const start = performance.now();
    const y = m.predict(x.xs) as tf.Tensor;
    await y.data();
    y.dispose();
    return performance.now() - start;
  };
  const samples: Record<keyof typeof models, number[]> = { with: [], without: [] };
  for (let r = 0; r < 50; r++) for (const m of Object.values(models)) await once(m); // warm-up
  for (let r = 0; r < rounds; r++) for (const [k, m] of Object.entries(models) as [keyof typeof models, tf.LayersModel][]) samples[k].push(await once(m));
  console.log(`\n## serving cost of the centring layer (wasm, batch 1, ${rounds} interleaved queries each)`);
  console.log('| model | p50 ms | p90 ms | kernels per query |');
  console.log('|---|---|---|---|');
  for (const [k, m] of Object.entries(models) as [keyof typeof models, tf.LayersModel][]) {
    const info = await tf.profile(() => m.predict(x.xs) as tf.Tensor);
    (info.result as tf.Tensor).dispose();
    const kernels = info.kernels.filter((kk) => !kk.name.endsWith('__op')).length;
    const sorted = sortedCopy(samples[k]);
    console.log(`| ${k} centring | ${percentile(sorted, 50).toFixed(3)} | ${percentile(sorted, 90).toFixed(3)} | ${kernels} |`);
  }
  tf.dispose([x.xs, x.ys]);
  for (const m of Object.values(models)) m.dispose();
}

registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();
console.error(`backend ${tf.getBackend()} ready`);
const dataset = loadShippedNode(values.dir);
const seeds = values.seeds.split(',').map(Number);
console.error(`${dataset.train.count} train, ${dataset.val.count} val images; backend ${tf.getBackend()}`);

if (values['serve-cost']) await serveCost(dataset, 400);

for (const name of values['serve-cost'] ? [] : values.candidates.split(',')) {
  const candidate = CANDIDATES[name];
  if (!candidate) throw new Error(`Unknown candidate "${name}"; known: ${Object.keys(CANDIDATES).join(', ')}.`);
  console.log(`\n## ${name}: ${candidate.what}`);
  console.log('| seed | defaults, epoch-1 val acc | 512 images, val acc epochs 1-3 | 512: majority-class share | s/epoch (2000) |');
  console.log('|---|---|---|---|---|');
  const base = { ...DEFAULT_SETTINGS, backend: 'wasm' as const, ...candidate.settings };
  for (const seed of seeds) {
    const full = values['skip-default'] ? null : await trainOnce(dataset, candidate, { ...base, seed, epochs: 1 });
    const small = values['skip-small'] ? null : await trainOnce(dataset, candidate, { ...base, seed, epochs: 3, trainSize: 512 });
    console.log(
      `| ${seed} | ${full ? pct(full.valAcc[0]!) : '-'} | ${small ? small.valAcc.map(pct).join(' / ') : '-'} | ${small ? pct(small.majorityShare) : '-'} | ${full ? full.epochSeconds.toFixed(1) : '-'} |`,
    );
  }
  const curveEpochs = Number(values.curve);
  for (const seed of curveEpochs > 0 ? seeds : []) {
    const r = await trainOnce(dataset, candidate, { ...base, seed, epochs: curveEpochs });
    console.log(`curve, defaults, seed ${seed}: val acc ${r.valAcc.map(pct).join(' ')}; best ${pct(Math.max(...r.valAcc))}`);
    console.log(`curve, defaults, seed ${seed}: train acc ${r.trainAcc.map(pct).join(' ')}`);
  }
  if (values.overfit) {
    // The README's overfitting recipe: a small training set, early stopping off, more epochs.
    const [trainSize, epochs] = [Number(values['overfit-size']), Number(values['overfit-epochs'])];
    for (const seed of seeds) {
      const r = await trainOnce(dataset, candidate, { ...base, seed, epochs, trainSize, patience: 0 });
      console.log(`overfit, ${trainSize} images, seed ${seed}: train acc ${r.trainAcc.map(pct).join(' ')}`);
      console.log(`overfit, ${trainSize} images, seed ${seed}: val acc   ${r.valAcc.map(pct).join(' ')}`);
      console.log(`overfit, ${trainSize} images, seed ${seed}: train loss ${r.trainLoss.map((l) => l.toFixed(3)).join(' ')}`);
      const best = r.valLoss.indexOf(Math.min(...r.valLoss));
      console.log(`overfit, ${trainSize} images, seed ${seed}: val loss  ${r.valLoss.map((l) => l.toFixed(3)).join(' ')} (lowest after epoch ${best + 1})`);
    }
  }
}
// The training loop's MessageChannel (yieldToEventLoop) would keep Node alive.
process.exit(0);
