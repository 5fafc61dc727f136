// A dataset's identity for a model's lineage: its name, image counts, and a SHA-256 over every
// split's labels and pixels, so "trained on the same data" is a comparison of hashes, not of names.
import type { ImageSet, LabelledDataset } from './image-set.ts';

export interface DatasetIdentityRecord {
  name: string;
  hash: string;
  counts: { train: number; val: number; test: number; classes: number };
}

const cache = new WeakMap<LabelledDataset, Promise<DatasetIdentityRecord>>();

/** Computed once per dataset object (a 3,700-image set hashes 45 MB, a few hundred ms). */
export function datasetIdentity(dataset: LabelledDataset): Promise<DatasetIdentityRecord> {
  let known = cache.get(dataset);
  if (!known) {
    known = hashDataset(dataset);
    cache.set(dataset, known);
  }
  return known;
}

async function hashDataset(dataset: LabelledDataset): Promise<DatasetIdentityRecord> {
  const sets: ImageSet[] = [dataset.train, dataset.val, dataset.test];
  const header = new TextEncoder().encode(JSON.stringify({ classes: dataset.classNames, shapes: sets.map((s) => [s.count, s.height, s.width]) }));
  const parts: Uint8Array[] = [header, ...sets.flatMap((s) => [s.labels, s.pixels])];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return {
    name: dataset.name,
    hash: [...digest].map((b) => b.toString(16).padStart(2, '0')).join(''),
    counts: { train: dataset.train.count, val: dataset.val.count, test: dataset.test.count, classes: dataset.classNames.length },
  };
}
