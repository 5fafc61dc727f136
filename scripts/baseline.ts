// Measures how hard the shipped dataset is: a logistic-regression baseline on raw pixels (should
// stay well below the CNN) and, with --cnn, the default CNN trained as the app trains it (its own
// TrainingRun and default settings), printing validation accuracy per epoch.
// Runs in Node on the TF.js wasm backend. Usage:
//   tsx scripts/baseline.ts [--dir datasets/catsdogs] [--lr-epochs 30] [--cnn] [--epochs 10] [--seed 1]
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { shuffledIndices } from '../src/data/prng.ts';
import type { ImageSet } from '../src/data/image-set.ts';
import { registerWasmTrainingKernels } from '../src/tf/wasm-kernels.ts';
import { DEFAULT_SETTINGS } from '../src/train/settings.ts';
import { TrainingRun } from '../src/train/trainer.ts';
import { loadShippedNode } from './lib/load-shipped-node.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: join('datasets', 'catsdogs') },
    'lr-epochs': { type: 'string', default: '30' },
    'lr-rate': { type: 'string', default: '0.001' },
    cnn: { type: 'boolean', default: false },
    'skip-lr': { type: 'boolean', default: false },
    epochs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
  },
});

interface Split {
  x: Float32Array;
  labels: Uint8Array;
  count: number;
}

/** Floats in [0, 1], as the logistic regression reads them. */
function floatsOf(set: ImageSet): Split {
  return { x: Float32Array.from(set.pixels, (v) => v / 255), labels: set.labels, count: set.count };
}

/** Tensors for one epoch in a seeded order (fit's own shuffle uses Math.random). */
function epochTensors(split: Split, size: number, order: Uint32Array | null): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const stride = size * size * 3;
  let x = split.x;
  let labels = split.labels;
  if (order) {
    x = new Float32Array(split.x.length);
    labels = new Uint8Array(split.count);
    for (let i = 0; i < split.count; i++) {
      x.set(split.x.subarray(order[i]! * stride, (order[i]! + 1) * stride), i * stride);
      labels[i] = split.labels[order[i]!]!;
    }
  }
  return tf.tidy(() => ({
    xs: tf.tensor4d(x, [split.count, size, size, 3]),
    ys: tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), 2).toFloat() as tf.Tensor2D,
  }));
}

async function accuracy(model: tf.LayersModel, xs: tf.Tensor, labels: Uint8Array): Promise<number> {
  const predicted = tf.tidy(() => (model.predict(xs, { batchSize: 128 }) as tf.Tensor).argMax(-1));
  const values = await predicted.data();
  predicted.dispose();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (values[i] === labels[i]) correct++;
  return correct / labels.length;
}

async function train(
  name: string,
  model: tf.LayersModel,
  trainSet: Split,
  val: { xs: tf.Tensor4D; labels: Uint8Array },
  epochs: number,
  size: number,
  seed: number,
): Promise<number[]> {
  const curve: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const { xs, ys } = epochTensors(trainSet, size, shuffledIndices(trainSet.count, seed * 1000 + epoch));
    const started = performance.now();
    try {
      const history = await model.fit(xs, ys, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
      const seconds = (performance.now() - started) / 1000;
      const valAcc = await accuracy(model, val.xs, val.labels);
      curve.push(valAcc);
      const loss = Number(history.history.loss?.[0]);
      const acc = Number(history.history.acc?.[0]);
      console.log(`${name} epoch ${epoch}: loss ${loss.toFixed(4)} acc ${acc.toFixed(4)} valAcc ${valAcc.toFixed(4)} (${seconds.toFixed(1)} s)`);
    } finally {
      xs.dispose();
      ys.dispose();
    }
  }
  return curve;
}

registerWasmTrainingKernels();
await tf.setBackend('wasm');
await tf.ready();
const dir = values.dir;
const dataset = loadShippedNode(dir);
const size = dataset.train.height;
const seed = Number(values.seed);
const trainSet = floatsOf(dataset.train);
const valSet = floatsOf(dataset.val);
const val = { ...epochTensors(valSet, size, null), labels: valSet.labels };
console.log(`loaded ${trainSet.count} train, ${valSet.count} val images from ${dir} (backend ${tf.getBackend()})`);

if (!values['skip-lr']) {
  // Logistic regression = one softmax dense layer on the raw pixels.
  const lr = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [size, size, 3] }),
      tf.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) }),
    ],
  });
  lr.compile({ optimizer: tf.train.adam(Number(values['lr-rate'])), loss: 'categoricalCrossentropy', metrics: ['acc'] });
  const curve = await train('logreg', lr, trainSet, val, Number(values['lr-epochs']), size, seed);
  console.log(`logreg best valAcc ${Math.max(...curve).toFixed(4)}, last ${curve.at(-1)!.toFixed(4)}`);
  lr.dispose();
}

if (values.cnn) {
  // The app's own training: its model (with the input centring), Adam with warm-up, its batch order.
  const settings = { ...DEFAULT_SETTINGS, backend: 'wasm' as const, epochs: Number(values.epochs), seed };
  const run = new TrainingRun(settings, dataset);
  try {
    await run.run({
      onEpoch: ({ record: r }) =>
        console.log(`cnn epoch ${r.epoch}: loss ${r.loss.toFixed(4)} acc ${r.acc.toFixed(4)} valAcc ${r.valAcc.toFixed(4)} (${(r.wallMs / 1000).toFixed(1)} s)`),
    });
    const curve = run.records.map((r) => r.valAcc);
    const first90 = curve.findIndex((a) => a > 0.9);
    console.log(`cnn valAcc curve [${curve.map((a) => a.toFixed(3)).join(', ')}]; first epoch > 90%: ${first90 < 0 ? 'none' : first90 + 1}`);
  } finally {
    run.dispose();
  }
}
val.xs.dispose();
val.ys.dispose();
// The training loop's MessageChannel (yieldToEventLoop) would keep Node alive.
process.exit(0);
