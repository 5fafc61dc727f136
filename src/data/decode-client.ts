// Main-thread handle on the image-decoding worker: spawns it and wraps its comlink API.
import * as Comlink from 'comlink';
import type { DecodeRequest, DecodeService } from './decode-service.ts';
import type { LabelledDataset } from './image-set.ts';
import type { DecodeLimits, PreparedImage } from './prepare-image.ts';

export type DecoderRemote = Comlink.Remote<DecodeService>;

export function spawnDecoder(): { remote: DecoderRemote; terminate(): void } {
  const worker = new Worker(new URL('../workers/decode.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });
  const remote = Comlink.wrap<DecodeService>(worker);
  return {
    remote,
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * Reads the files' bytes (asynchronously, off the main thread), then hands them to the worker
 * by transfer. A file over the limit is not read at all: it is given the worker as empty bytes
 * with its real size noted, so the refusal names it like any other.
 */
export async function decodeFiles(remote: DecoderRemote, files: { name: string; blob: Blob }[], size: number, limits?: DecodeLimits): Promise<PreparedImage[]> {
  const maxBytes = limits?.maxBytes ?? Infinity;
  const tooBig = new Map<number, number>();
  const requests: DecodeRequest[] = [];
  // One file at a time: for a File picked from a folder, Chromium stats the file on the main
  // thread when its size is first read (0.5 ms each here, 30 ms on a busy machine); awaiting
  // each read lets frames in between instead of stacking 16 stats into one task.
  for (const [i, f] of files.entries()) {
    const bytes = f.blob.size;
    if (bytes > maxBytes) tooBig.set(i, bytes);
    requests.push({ name: f.name, bytes: bytes > maxBytes ? new ArrayBuffer(0) : await f.blob.arrayBuffer() });
  }
  const out = await remote.prepare(Comlink.transfer(requests, requests.map((r) => r.bytes)), size, limits);
  return out.map((p, i) => {
    const bytes = tooBig.get(i);
    if (bytes === undefined) return p;
    return { ok: false, name: p.name, reason: `the file is ${(bytes / 2 ** 20).toFixed(0)} MB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MB read per image`, action: 'refused' };
  });
}

/** Loads the shipped dataset in a decoding worker of its own, which is gone once it is done. */
export async function loadShippedInWorker(onProgress?: (done: number, total: number) => void): Promise<LabelledDataset> {
  const decoder = spawnDecoder();
  try {
    return await decoder.remote.loadShipped(onProgress ? Comlink.proxy(onProgress) : undefined);
  } finally {
    decoder.terminate();
  }
}
