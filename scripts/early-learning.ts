// Measures whether a first run learns: for each candidate change to the model or the recipe, the
// app's own TrainingRun in Node on the wasm backend, seeds 1, 2, 3 and 42, reports validation
// accuracy after epoch 1 at the default settings and after epoch 3 at training-set size 512.
// Usage: tsx scripts/early-learning.ts [--candidates a,b] [--seeds 1,2,3,42] [--skip-small] [--overfit]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { SPLIT_NAMES, type DatasetManifest, type SplitName } from '../src/data/dataset-spec.ts';
import type { ImageSet, LabelledDataset } from '../src/data/image-set.ts';
import { buildCnn, convWidths, modelConfigOf, type ModelConfig } from '../src/model/cnn.ts';
import { registerWasmTrainingKernels } from '../src/tf/wasm-kernels.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../src/train/settings.ts';
import { TrainingRun, type BatchProgress } from '../src/train/trainer.ts';
import { decodeRgbNode, sha256Hex } from './lib/render-node.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: join('datasets', 'catsdogs') },
    candidates: { type: 'string', default: 'shipped' },
    seeds: { type: 'string', default: '1,2,3,42' },
    'skip-small': { type: 'boolean', default: false },
    'skip-default': { type: 'boolean', default: false },
    overfit: { type: 'boolean', default: false },
  },
});

/** A variant of the CNN: how its inputs are scaled, how its weights start. */
interface Variant {
  /** Applied to the [0, 1] inputs as x * scale + offset, inside the model; null: none. */
  rescale: { scale: number; offset: number } | null;
  init: 'glorot' | 'he';
}

interface Candidate {
  what: string;
  /** Builds the model; null means the app's own buildCnn. */
  variant: Variant | null;
  settings?: Partial<TrainSettings>;
  /** Batches over which the learning rate rises linearly from lr / warmupBatches to lr; 0: none. */
  warmupBatches?: number;
}

const CANDIDATES: Record<string, Candidate> = {
  shipped: { what: "the app's buildCnn as it is now", variant: null },
  raw: { what: 'inputs in [0, 1], Glorot uniform (the old model)', variant: { rescale: null, init: 'glorot' } },
  std4: { what: '(x - 0.5) * 4 inside the model, Glorot', variant: { rescale: { scale: 4, offset: -2 }, init: 'glorot' } },
  std2: { what: '(x - 0.5) * 2 inside the model, Glorot', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' } },
  center: { what: 'x - 0.5 inside the model, Glorot', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' } },
  he: { what: 'inputs in [0, 1], He uniform', variant: { rescale: null, init: 'he' } },
  std2he: { what: '(x - 0.5) * 2, He uniform', variant: { rescale: { scale: 2, offset: -1 }, init: 'he' } },
  std4he: { what: '(x - 0.5) * 4, He uniform', variant: { rescale: { scale: 4, offset: -2 }, init: 'he' } },
  lr3e4: { what: 'inputs in [0, 1], Adam 3e-4', variant: { rescale: null, init: 'glorot' }, settings: { learningRate: 3e-4 } },
  lr2e3: { what: 'inputs in [0, 1], Adam 2e-3', variant: { rescale: null, init: 'glorot' }, settings: { learningRate: 2e-3 } },
  warmup: { what: 'inputs in [0, 1], linear warm-up over 30 batches', variant: { rescale: null, init: 'glorot' }, warmupBatches: 30 },
  std2warm: { what: '(x - 0.5) * 2, warm-up over 30 batches', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' }, warmupBatches: 30 },
  std2lr5e4: { what: '(x - 0.5) * 2, Adam 5e-4', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' }, settings: { learningRate: 5e-4 } },
  std2lr2e3: { what: '(x - 0.5) * 2, Adam 2e-3', variant: { rescale: { scale: 2, offset: -1 }, init: 'glorot' }, settings: { learningRate: 2e-3 } },
  centerlr5e4: { what: 'x - 0.5, Adam 5e-4', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 5e-4 } },
  centerlr2e3: { what: 'x - 0.5, Adam 2e-3', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 2e-3 } },
  centerlr3e3: { what: 'x - 0.5, Adam 3e-3', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 3e-3 } },
  centerwarm3e3: { what: 'x - 0.5, Adam 3e-3 warmed up over 30 batches', variant: { rescale: { scale: 1, offset: -0.5 }, init: 'glorot' }, settings: { learningRate: 3e-3 }, warmupBatches: 30 },
  std4lr5e4: { what: '(x - 0.5) * 4, Adam 5e-4', variant: { rescale: { scale: 4, offset: -2 }, init: 'glorot' }, settings: { learningRate: 5e-4 } },
};

/** The CNN of src/model/cnn.ts with the variant's input scaling and initialiser. */
function buildVariant(config: ModelConfig, variant: Variant): tf.LayersModel {
  let seed = config.seed;
  const init = () => (variant.init === 'he' ? tf.initializers.heUniform({ seed: seed++ }) : tf.initializers.glorotUniform({ seed: seed++ }));
  const model = tf.sequential({ name: 'cnn' });
  const inputShape = [config.inputSize, config.inputSize, 3];
  if (variant.rescale) model.add(tf.layers.rescaling({ name: 'rescale', inputShape, ...variant.rescale }));
  convWidths(config).forEach((filters, i) => {
    const first = i === 0 && !variant.rescale ? { inputShape } : {};
    model.add(tf.layers.conv2d({ name: `conv${i + 1}`, ...first, filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }));
    model.add(tf.layers.maxPooling2d({ name: `pool${i + 1}`, poolSize: 2, strides: 2 }));
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'dense1', units: config.denseUnits, activation: 'relu', kernelInitializer: init() }));
  model.add(tf.layers.dense({ name: 'output', units: config.numClasses, activation: 'softmax', kernelInitializer: init() }));
  return model;
}

function loadSplit(manifest: DatasetManifest, dir: string, split: SplitName): ImageSet {
  const entry = manifest.splits[split];
  const pack = readFileSync(join(dir, entry.file));
  if (sha256Hex(pack) !== entry.sha256) throw new Error(`${entry.file}: sha256 does not match the manifest.`);
  const size = manifest.width;
  const stride = size * size * 3;
  const pixels = new Uint8Array(entry.count * stride);
  for (let i = 0; i < entry.count; i++) {
    pixels.set(decodeRgbNode(pack.subarray(entry.offsets[i], entry.offsets[i]! + entry.lengths[i]!), size), i * stride);
  }
  return { pixels, labels: Uint8Array.from(entry.labels), count: entry.count, height: size, width: size, ids: [...entry.ids] };
}

interface RunResult {
  valAcc: number[];
  trainAcc: number[];
  /** Share of validation images predicted as the most-predicted class after the last epoch. */
  majorityShare: number;
  epochSeconds: number;
}

async function trainOnce(dataset: LabelledDataset, candidate: Candidate, settings: TrainSettings): Promise<RunResult> {
  const model = candidate.variant ? buildVariant(modelConfigOf(settings, dataset), candidate.variant) : buildCnn(modelConfigOf(settings, dataset));
  const run = new TrainingRun(settings, dataset, 0, model);
  const warmup = candidate.warmupBatches ?? 0;
  let step = 0;
  const setLr = (lr: number) => ((run.model.optimizer as unknown as { learningRate: number }).learningRate = lr);
  if (warmup > 0) setLr(settings.learningRate / warmup);
  let majorityShare = 0;
  try {
    await run.run({
      onBatch: (_p: BatchProgress) => {
        step++;
        if (warmup > 0) setLr(settings.learningRate * Math.min(1, (step + 1) / warmup));
      },
      onEpoch: ({ validation }) => {
        const counts = validation.confusion.reduce((acc, row) => row.map((n, c) => n + acc[c]!), new Array<number>(dataset.classNames.length).fill(0));
        majorityShare = Math.max(...counts) / dataset.val.count;
      },
    });
    const secs = run.records.reduce((s, r) => s + r.wallMs, 0) / 1000 / run.records.length;
    return { valAcc: run.records.map((r) => r.valAcc), trainAcc: run.records.map((r) => r.acc), majorityShare, epochSeconds: secs };
  } finally {
    run.dispose();
  }
}

const pct = (x: number) => (100 * x).toFixed(1);

registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();
console.error(`backend ${tf.getBackend()} ready`);
const dir = values.dir;
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
const sets = Object.fromEntries(SPLIT_NAMES.map((s) => [s, loadSplit(manifest, dir, s)])) as Record<SplitName, ImageSet>;
const dataset: LabelledDataset = { name: manifest.name, classNames: [...manifest.classes], ...sets };
const seeds = values.seeds.split(',').map(Number);
console.error(`${dataset.train.count} train, ${dataset.val.count} val images; backend ${tf.getBackend()}`);

for (const name of values.candidates.split(',')) {
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
  if (values.overfit) {
    // The README's overfitting recipe: a small training set, early stopping off, more epochs.
    const r = await trainOnce(dataset, candidate, { ...base, seed: seeds[0]!, epochs: 20, trainSize: 128, patience: 0 });
    console.log(`overfit (128 images, 20 epochs, seed ${seeds[0]}): train ${r.trainAcc.map(pct).join(' ')}`);
    console.log(`                                         val   ${r.valAcc.map(pct).join(' ')}`);
  }
}
// The training loop's MessageChannel (yieldToEventLoop) would keep Node alive.
process.exit(0);
