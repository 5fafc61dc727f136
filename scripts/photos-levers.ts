// Measures training-time augmentation on a folder of real photos (one subfolder per class), in
// Node on the TF.js wasm backend with the app's own TrainingRun: each configuration trains on
// several seeded splits, and the test predictions of all splits are pooled into one accuracy with
// its 95% Wilson interval (the pooled test images are distinct photos; the training sets overlap).
// Decoding: centre square crop, resized to 64x64 with @napi-rs/canvas (EXIF orientation ignored,
// unlike the page). Usage:
//   tsx scripts/photos-levers.ts DIR [--epochs 40] [--splits 3] [--configs plain,photos] [--with width=32,depth=4] [--train-share 0.5]
// (--train-share trains on that share of each split's training photos, the same validation and test
// photos, to see how accuracy grows with the number of photos.)
// (--with sets training settings over every configuration, e.g. to try a model size on real photos;
// with keepBest=true it also prints what the last epoch's weights would have scored on the same photos.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildOwnDataset, type PoolImage } from '../src/data/own-dataset.ts';
import { evaluate } from '../src/model/evaluate.ts';
import { wilsonInterval } from '../src/metrics/intervals.ts';
import { registerWasmTrainingKernels } from '../src/tf/wasm-kernels.ts';
import { describeAugmentation } from '../src/train/augment-params.ts';
import { DEFAULT_SETTINGS, parseSettings, type TrainSettings } from '../src/train/settings.ts';
import { TrainingRun } from '../src/train/trainer.ts';
import { PHOTOS_TRAIN_SETTINGS } from '../src/state/presets-builtin.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string', default: '40' },
    splits: { type: 'string', default: '3' },
    configs: { type: 'string', default: 'plain,photos' },
    size: { type: 'string', default: '64' },
    with: { type: 'string', default: '' },
    'train-share': { type: 'string', default: '1' },
  },
});
const dir = positionals[0];
if (!dir) throw new Error('Give the folder: tsx scripts/photos-levers.ts DIR');
const size = Number(values.size);
const epochs = Number(values.epochs);
const splits = Number(values.splits);
const trainShare = Number(values['train-share']);
if (!(trainShare > 0 && trainShare <= 1)) throw new Error(`--train-share must be a number above 0 and at most 1, got "${values['train-share']}".`);
const overrides = Object.fromEntries(values.with.split(',').filter(Boolean).map((pair) => {
  const [key, value] = pair.split('=');
  if (!key || value === undefined) throw new Error(`--with takes key=value pairs separated by commas, got "${pair}".`);
  return [key, value];
}));

async function loadFolder(root: string): Promise<{ classNames: string[]; images: PoolImage[] }> {
  const classNames = readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const images: PoolImage[] = [];
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  for (const [label, name] of classNames.entries()) {
    for (const file of readdirSync(join(root, name)).sort()) {
      if (!/\.(jpe?g|png|webp)$/i.test(file)) continue;
      const image = await loadImage(readFileSync(join(root, name, file)));
      const side = Math.min(image.width, image.height);
      ctx.clearRect(0, 0, size, size);
      ctx.drawImage(image, (image.width - side) / 2, (image.height - side) / 2, side, side, 0, 0, size, size);
      const rgba = ctx.getImageData(0, 0, size, size).data;
      const rgb = new Uint8Array(size * size * 3);
      for (let p = 0; p < size * size; p++) for (let c = 0; c < 3; c++) rgb[p * 3 + c] = rgba[p * 4 + c]!;
      images.push({ id: `${name}/${file}`, label, rgb, hash: `${name}/${file}` });
    }
  }
  return { classNames, images };
}

const CONFIGS: Record<string, Partial<TrainSettings>> = {
  plain: { ...PHOTOS_TRAIN_SETTINGS, augFlip: false, augCrop: 0, augBrightness: 0, augContrast: 0, augSaturation: 0 },
  photos: PHOTOS_TRAIN_SETTINGS,
  flip: { ...PHOTOS_TRAIN_SETTINGS, augCrop: 0, augBrightness: 0, augContrast: 0, augSaturation: 0 },
};

registerWasmTrainingKernels();
await tf.setBackend('wasm');
const { classNames, images } = await loadFolder(dir);
console.log(`${images.length} photos, classes ${classNames.join(' / ')}; ${epochs} epochs, ${splits} seeded splits (15% validation, 15% test each)${trainShare < 1 ? `, training on ${trainShare * 100}% of each split's training photos` : ''}`);
for (const name of values.configs.split(',')) {
  const config = CONFIGS[name];
  if (!config) throw new Error(`Unknown config "${name}"; known: ${Object.keys(CONFIGS).join(', ')}.`);
  let correct = 0;
  let tested = 0;
  let lastCorrect = 0;
  const kept: number[] = [];
  let augmentMs = 0;
  let wallMs = 0;
  const perSplit: string[] = [];
  for (let s = 0; s < splits; s++) {
    const { dataset } = buildOwnDataset('photos', classNames, images, size, { val: 0.15, test: 0.15 }, 7 + s);
    const { settings, errors } = parseSettings(Object.fromEntries(Object.entries({ ...config, ...overrides, epochs, trainSize: Math.max(1, Math.round(dataset.train.count * trainShare)), seed: 42 + s }).map(([k, v]) => [k, String(v)])), { ...DEFAULT_SETTINGS, backend: 'wasm' });
    if (Object.keys(errors).length > 0) throw new Error(Object.values(errors).join(' '));
    if (settings.batchSize > settings.trainSize) settings.batchSize = settings.trainSize;
    const run = new TrainingRun(settings, dataset);
    // Each epoch's test accuracy (awaited between epochs), so the last epoch and the kept one compare on the same run.
    const testByEpoch: number[] = [];
    run.afterEpoch = async () => {
      testByEpoch.push((await evaluate(run.model, dataset.test, classNames.length)).acc);
    };
    await run.run();
    const test = await evaluate(run.model, dataset.test, classNames.length);
    correct += Math.round(test.acc * dataset.test.count);
    lastCorrect += Math.round(testByEpoch.at(-1)! * dataset.test.count);
    tested += dataset.test.count;
    if (run.keptEpoch !== null) kept.push(run.keptEpoch);
    augmentMs += run.records.reduce((x, r) => x + (r.augmentMs ?? 0), 0);
    wallMs += run.records.reduce((x, r) => x + r.wallMs, 0);
    perSplit.push(`${(test.acc * 100).toFixed(1)}% of ${dataset.test.count} (${settings.trainSize} trained on, best val ${(Math.max(...run.records.map((r) => r.valAcc)) * 100).toFixed(1)}%)`);
    run.dispose();
  }
  const { low, high } = wilsonInterval(correct, tested);
  console.log(`${name}${values.with ? ` with ${values.with}` : ''} (augmentation: ${describeAugmentation(config)}): test ${((correct / tested) * 100).toFixed(1)}% [${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%], n = ${tested} pooled; per split ${perSplit.join('; ')}; training ${(wallMs / 1000).toFixed(1)} s, augmentation ${(augmentMs / 1000).toFixed(2)} s (${((augmentMs / wallMs) * 100).toFixed(1)}%)`);
  if (kept.length > 0) console.log(`  kept epochs ${kept.join(', ')} (lowest validation loss); the last epoch's weights would have scored ${((lastCorrect / tested) * 100).toFixed(1)}% on the same test photos`);
}
// The wasm backend keeps the event loop alive.
process.exit(0);
