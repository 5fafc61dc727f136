// Loads the shipped cats-vs-dogs dataset in the page or in a module worker: fetches the manifest
// and the three packs (bundled by Vite), checks each pack's sha256, and decodes every image
// through the same path users' own files take (decode.ts).
import { decodeImageToRgb } from './decode.ts';
import { SPLIT_NAMES, type DatasetManifest, type ManifestSplit, type SplitName } from './dataset-spec.ts';
import type { ImageSet, LabelledDataset } from './image-set.ts';

export interface LoadShippedOptions {
  /** Called after each decoded batch with images done and images in total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Static `new URL(..., import.meta.url)` literals are what Vite rewrites: it serves these files
 * in dev and emits them as hashed assets in `vite build`, for the page and for workers.
 */
const PACK_URLS: Readonly<Record<SplitName, URL>> = {
  train: new URL('../../datasets/catsdogs/train.bin', import.meta.url),
  val: new URL('../../datasets/catsdogs/val.bin', import.meta.url),
  test: new URL('../../datasets/catsdogs/test.bin', import.meta.url),
};

/** Images decoded at once: enough to keep the decoder busy, few enough to bound memory. */
const DECODE_BATCH = 32;

export async function loadShippedDataset(opts: LoadShippedOptions = {}): Promise<LabelledDataset> {
  const { onProgress, signal } = opts;
  // A dynamic import keeps the ~350 KB manifest out of the main bundle until it is needed.
  const manifest: DatasetManifest = (await import('../../datasets/catsdogs/manifest.json')).default;
  signal?.throwIfAborted();
  if (manifest.channels !== 3 || manifest.width !== manifest.height) {
    throw new Error(`Shipped dataset manifest describes ${manifest.width}x${manifest.height}x${manifest.channels} images; expected square RGB.`);
  }

  const total = SPLIT_NAMES.reduce((n, split) => n + manifest.splits[split].count, 0);
  let done = 0;
  onProgress?.(0, total);

  // Fetch and verify all packs first (network in parallel), then decode split by split.
  const packs = await Promise.all(SPLIT_NAMES.map((split) => fetchPack(PACK_URLS[split], manifest.splits[split], signal)));
  const sets = {} as Record<SplitName, ImageSet>;
  for (const [k, split] of SPLIT_NAMES.entries()) {
    sets[split] = await decodeSplit(manifest, manifest.splits[split], packs[k]!, signal, (n) => {
      done += n;
      onProgress?.(done, total);
    });
  }
  return { name: manifest.name, classNames: [...manifest.classes], train: sets.train, val: sets.val, test: sets.test };
}

async function fetchPack(url: URL, entry: ManifestSplit, signal: AbortSignal | undefined): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Could not fetch ${entry.file}: HTTP ${response.status} ${response.statusText}.`);
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength !== entry.bytes) {
    throw new Error(`${entry.file} is ${buffer.byteLength} bytes; the manifest says ${entry.bytes}.`);
  }
  const digest = toHex(await crypto.subtle.digest('SHA-256', buffer));
  if (digest !== entry.sha256) throw new Error(`${entry.file} is corrupt: sha256 ${digest} does not match the manifest's ${entry.sha256}.`);
  return new Uint8Array(buffer);
}

async function decodeSplit(
  manifest: DatasetManifest,
  entry: ManifestSplit,
  pack: Uint8Array<ArrayBuffer>,
  signal: AbortSignal | undefined,
  progressed: (n: number) => void,
): Promise<ImageSet> {
  const size = manifest.width;
  const stride = size * size * 3;
  const pixels = new Uint8Array(entry.count * stride);
  for (let start = 0; start < entry.count; start += DECODE_BATCH) {
    signal?.throwIfAborted();
    const end = Math.min(entry.count, start + DECODE_BATCH);
    const batch: Promise<void>[] = [];
    for (let i = start; i < end; i++) {
      const offset = entry.offsets[i]!;
      const blob = new Blob([pack.subarray(offset, offset + entry.lengths[i]!)], { type: manifest.format });
      batch.push(
        decodeImageToRgb(blob, size).then(
          (rgb) => pixels.set(rgb, i * stride),
          (error: unknown) => {
            throw new Error(`Shipped image ${entry.ids[i]} in ${entry.file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
          },
        ),
      );
    }
    await Promise.all(batch);
    progressed(end - start);
  }
  return { pixels, labels: Uint8Array.from(entry.labels), count: entry.count, height: size, width: size, ids: [...entry.ids] };
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
