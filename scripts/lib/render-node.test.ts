// The dataset generator reproduces the committed dataset: regenerating a sample of images from
// the manifest's seed gives their bytes exactly (with the same @napi-rs/canvas version).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPLIT_NAMES, type DatasetManifest } from '../../src/data/dataset-spec.ts';
import { renderJpeg, rendererVersion, sha256Hex } from './render-node.ts';

const dir = join(import.meta.dirname, '../../datasets/catsdogs');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
const SAMPLE = 20;

describe('regenerating from the manifest seed', async () => {
  // Other @napi-rs/canvas versions may encode other bytes: only compare like with like.
  const sameRenderer = (await rendererVersion()) === manifest.renderer;

  it.skipIf(!sameRenderer).each(SPLIT_NAMES)(`reproduces the first ${SAMPLE} %s images byte for byte`, (split) => {
    const s = manifest.splits[split];
    for (let i = 0; i < SAMPLE; i++) {
      const jpeg = renderJpeg(manifest.seed, s.indexBase + i, s.labels[i]!, manifest.width);
      expect(sha256Hex(jpeg), s.ids[i]).toBe(s.imageSha256[i]);
    }
  });

  it('differs for another seed', () => {
    const s = manifest.splits.train;
    expect(sha256Hex(renderJpeg(manifest.seed + 1, 0, s.labels[0]!, manifest.width))).not.toBe(s.imageSha256[0]);
  });
});
