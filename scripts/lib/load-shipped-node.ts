// The shipped dataset read from disk in Node, for the scripts that train without a browser: each
// pack's sha256 checked against the manifest, every image decoded to RGB bytes as the app holds them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPLIT_NAMES, type DatasetManifest, type SplitName } from '../../src/data/dataset-spec.ts';
import type { ImageSet, LabelledDataset } from '../../src/data/image-set.ts';
import { decodeRgbNode, sha256Hex } from './render-node.ts';

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

/** All three splits of the dataset in `dir` (default the shipped one), as the training worker holds them. */
export function loadShippedNode(dir = join('datasets', 'catsdogs')): LabelledDataset {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
  const sets = Object.fromEntries(SPLIT_NAMES.map((s) => [s, loadSplit(manifest, dir, s)])) as Record<SplitName, ImageSet>;
  return { name: manifest.name, classNames: [...manifest.classes], ...sets };
}
