// Generates the shipped cats-vs-dogs dataset: per split, one pack of concatenated JPEGs plus a
// manifest with offsets, labels and sha256s. Deterministic: the same seed and the same
// @napi-rs/canvas version give the same bytes.
// Usage: npm run dataset -- [--seed N] [--out dir] [--train N] [--val N] [--test N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CLASS_NAMES,
  DATASET_NAME,
  DEFAULT_COUNTS,
  DEFAULT_SEED,
  IMAGE_SIZE,
  SPLIT_INDEX_BASE,
  SPLIT_NAMES,
  imageId,
  labelOf,
  type DatasetManifest,
  type ManifestSplit,
  type SplitName,
} from '../src/data/dataset-spec.ts';
import { JPEG_QUALITY, renderJpeg, rendererVersion, sha256Hex } from './lib/render-node.ts';

/** Bump when the drawing code changes what a (seed, index) pair looks like. */
const GENERATOR_VERSION = 1;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    out: { type: 'string', default: join('datasets', DATASET_NAME) },
    train: { type: 'string', default: String(DEFAULT_COUNTS.train) },
    val: { type: 'string', default: String(DEFAULT_COUNTS.val) },
    test: { type: 'string', default: String(DEFAULT_COUNTS.test) },
  },
});

function positiveEvenInt(name: string, raw: string): number {
  const n = Number(raw);
  // Even counts keep every split exactly balanced (labels alternate).
  if (!Number.isInteger(n) || n <= 0 || n % 2 !== 0) throw new Error(`--${name} must be a positive even integer, got "${raw}".`);
  return n;
}

const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`--seed must be a 32-bit unsigned integer, got "${values.seed}".`);
const counts: Record<SplitName, number> = {
  train: positiveEvenInt('train', values.train),
  val: positiveEvenInt('val', values.val),
  test: positiveEvenInt('test', values.test),
};

mkdirSync(values.out, { recursive: true });
const started = performance.now();
const splits = {} as Record<SplitName, ManifestSplit>;
for (const split of SPLIT_NAMES) {
  const count = counts[split];
  const parts: Buffer[] = [];
  const entry: ManifestSplit = {
    file: `${split}.bin`,
    sha256: '',
    bytes: 0,
    count,
    perClass: CLASS_NAMES.map(() => 0),
    indexBase: SPLIT_INDEX_BASE[split],
    ids: [],
    labels: [],
    offsets: [],
    lengths: [],
    imageSha256: [],
  };
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const label = labelOf(i);
    const jpeg = renderJpeg(seed, SPLIT_INDEX_BASE[split] + i, label, IMAGE_SIZE);
    parts.push(jpeg);
    entry.ids.push(imageId(split, i));
    entry.labels.push(label);
    entry.offsets.push(offset);
    entry.lengths.push(jpeg.length);
    entry.imageSha256.push(sha256Hex(jpeg));
    entry.perClass[label]! += 1;
    offset += jpeg.length;
  }
  const pack = Buffer.concat(parts);
  entry.sha256 = sha256Hex(pack);
  entry.bytes = pack.length;
  writeFileSync(join(values.out, entry.file), pack);
  splits[split] = entry;
  console.log(`${split}: ${count} images, ${(pack.length / 1e6).toFixed(2)} MB, mean ${(pack.length / count).toFixed(0)} B/image`);
}

const manifest: DatasetManifest = {
  schema: 1,
  name: DATASET_NAME,
  description:
    'Procedurally drawn cat and dog faces (scripts/lib/draw-face.ts). Cats: pointed ears, slit pupils, short muzzle, small nose, whiskers; dogs: floppy ears, round pupils, long muzzle, big nose, often a tongue; each face part takes the other class form with a small probability. Fur, pose, background clutter, lighting, noise and occluders are shared.',
  width: IMAGE_SIZE,
  height: IMAGE_SIZE,
  channels: 3,
  format: 'image/jpeg',
  jpegQuality: JPEG_QUALITY,
  seed,
  renderer: await rendererVersion(),
  generatorVersion: GENERATOR_VERSION,
  classes: [...CLASS_NAMES],
  splits,
};
// Compact (one line): pretty-printing the per-image columns would double the file for nothing.
writeFileSync(join(values.out, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
console.log(`wrote ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
