// Checks the committed dataset against its manifest: packs hash to the manifest's sha256, counts
// are balanced, and every image slice hashes to its entry. That the generator reproduces these
// bytes is checked with the generator, in scripts/lib/render-node.test.ts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLASS_NAMES, IMAGE_SIZE, SPLIT_INDEX_BASE, SPLIT_NAMES, imageId, labelOf, type DatasetManifest } from './dataset-spec.ts';

const dir = join(import.meta.dirname, '../../datasets/catsdogs');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DatasetManifest;
const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('shipped catsdogs manifest', () => {
  it('describes 64x64 RGB JPEGs of cats and dogs', () => {
    expect(manifest.name).toBe('catsdogs');
    expect([manifest.width, manifest.height, manifest.channels]).toEqual([IMAGE_SIZE, IMAGE_SIZE, 3]);
    expect(manifest.format).toBe('image/jpeg');
    expect(manifest.classes).toEqual([...CLASS_NAMES]);
    expect(Object.keys(manifest.splits).sort()).toEqual([...SPLIT_NAMES].sort());
  });

  it.each(SPLIT_NAMES)('%s split: counts balanced, columns consistent, offsets contiguous', (split) => {
    const s = manifest.splits[split];
    const minimum = { train: 1500, val: 400, test: 1024 }[split];
    expect(s.count).toBeGreaterThanOrEqual(minimum);
    for (const column of [s.ids, s.labels, s.offsets, s.lengths, s.imageSha256]) expect(column).toHaveLength(s.count);
    expect(s.perClass).toEqual([s.count / 2, s.count / 2]);
    expect(s.labels.filter((l) => l === 0)).toHaveLength(s.count / 2);
    expect(s.labels.every((l, i) => l === labelOf(i))).toBe(true);
    expect(s.ids.every((id, i) => id === imageId(split, i))).toBe(true);
    expect(s.indexBase).toBe(SPLIT_INDEX_BASE[split]);
    let offset = 0;
    for (let i = 0; i < s.count; i++) {
      expect(s.offsets[i]).toBe(offset);
      offset += s.lengths[i]!;
    }
    expect(offset).toBe(s.bytes);
  });

  it.each(SPLIT_NAMES)('%s pack: sha256 and size match, each image slice hashes to its entry', (split) => {
    const s = manifest.splits[split];
    const pack = readFileSync(join(dir, s.file));
    expect(pack.length).toBe(s.bytes);
    expect(pack.length).toBeLessThan(8e6);
    expect(sha256Hex(pack)).toBe(s.sha256);
    for (let i = 0; i < s.count; i++) {
      expect(sha256Hex(pack.subarray(s.offsets[i], s.offsets[i]! + s.lengths[i]!))).toBe(s.imageSha256[i]);
    }
  });

  it('keeps the whole dataset under 20 MB', () => {
    const total = SPLIT_NAMES.reduce((n, split) => n + manifest.splits[split].bytes, 0);
    expect(total).toBeLessThan(20e6);
  });
});
