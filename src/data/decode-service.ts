// The image-decoding worker's API (exposed with comlink): prepares a batch of a person's files
// off the main thread, a few at a time so memory stays bounded, and transfers the RGB bytes back.
// It also loads the shipped dataset, through the same decoder.
import * as Comlink from 'comlink';
import type { LabelledDataset } from './image-set.ts';
import { loadShippedDataset } from './load-shipped.ts';
import { DEFAULT_LIMITS, prepareImage, type DecodeLimits, type PreparedImage } from './prepare-image.ts';

/**
 * A file's bytes, read on the page (asynchronously) and transferred, not copied. Posting File
 * objects instead cost the page's main thread up to 2 s per batch of 16 picked from a folder in
 * Chromium here (measured with the CDP profiler: all of it inside postMessage).
 */
export interface DecodeRequest {
  name: string;
  bytes: ArrayBuffer;
}

/** Decodes in flight at once: keeps both the decoder busy and at most a few full-size bitmaps alive. */
const IN_FLIGHT = 4;

export class DecodeService {
  async prepare(files: DecodeRequest[], size: number, limits: DecodeLimits = DEFAULT_LIMITS): Promise<PreparedImage[]> {
    const out: PreparedImage[] = new Array(files.length);
    let next = 0;
    const lane = async () => {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        try {
          out[i] = await prepareImage(new Blob([file.bytes]), file.name, size, limits);
        } catch (err) {
          out[i] = { ok: false, name: file.name, reason: `could not be read (${(err as Error).message})`, action: 'skipped' };
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    return Comlink.transfer(out, out.flatMap((p) => (p.ok ? [p.rgb.buffer] : [])));
  }

  /**
   * Fetches, verifies and decodes the shipped dataset here rather than on the page: decoding
   * 3,000 images there left the page's garbage collector sweeping for hundreds of ms after the
   * load, which showed as the longest frame gaps of the first training run.
   */
  async loadShipped(onProgress?: (done: number, total: number) => void): Promise<LabelledDataset> {
    const dataset = await loadShippedDataset({ onProgress: (done, total) => void onProgress?.(done, total) });
    const sets = [dataset.train, dataset.val, dataset.test];
    return Comlink.transfer(dataset, sets.flatMap((s) => [s.pixels.buffer, s.labels.buffer]));
  }
}
