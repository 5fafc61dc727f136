// The per-query fast path: one request/response slot in a SharedArrayBuffer. The worker blocks in
// Atomics.wait (wakes in microseconds); the page waits with Atomics.waitAsync, so neither side pays
// postMessage's structured clone and task hop per query. Control calls stay on comlink.
import type { BatchOutcome, QueryOutcome, RawImage } from './protocol.ts';

// Int32 header slots.
const REQ_SEQ = 0; // bumped by the page for each request; the worker waits on it
const RESP_SEQ = 1; // set to the answered REQ_SEQ by the worker; the page waits on it
const CMD = 2;
const WIDTH = 3;
const HEIGHT = 4;
const CHANNELS = 5;
const STATUS = 6;
const COUNT = 7; // number of probabilities, or error message bytes
const WORKER_SPIN_US = 8; // how long the worker polls before it blocks in Atomics.wait
const BATCH_N = 9; // images in a batch request (all of one size, packed one after another)
const BATCH_K = 10; // probabilities per image in a batch answer
const CMD_QUERY = 1;
const CMD_STOP = 2;
const CMD_BATCH = 3;
const STATUS_OK = 0;
const STATUS_ERROR = 1;

/** Largest number of classes the slot can return. */
export const MAX_CLASSES = 1024;
const TIMES_AT = 64; // two float64: modelMs, preprocessMs
const PROBS_AT = 128;
const ERROR_AT = PROBS_AT + MAX_CLASSES * 4;
const ERROR_BYTES = 2048;
const IMAGE_AT = ERROR_AT + ERROR_BYTES;

interface Views {
  header: Int32Array;
  times: Float64Array;
  probs: Float32Array;
  error: Uint8Array;
  image: Uint8Array;
}

function views(buffer: SharedArrayBuffer): Views {
  return {
    header: new Int32Array(buffer, 0, 16),
    times: new Float64Array(buffer, TIMES_AT, 2),
    probs: new Float32Array(buffer, PROBS_AT, MAX_CLASSES),
    error: new Uint8Array(buffer, ERROR_AT, ERROR_BYTES),
    image: new Uint8Array(buffer, IMAGE_AT),
  };
}

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
type WaitAsync = (ta: Int32Array, index: number, value: number, timeoutMs?: number) => WaitAsyncResult;
// Typed by hand: our TS lib target (ES2023) predates Atomics.waitAsync.
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

/** True where the fast path can run: shared memory (cross-origin isolated page) and Atomics.waitAsync. */
export function sharedChannelSupported(): boolean {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true && typeof waitAsync === 'function';
}

export interface SharedChannelOptions {
  /** The largest raw image that fits (default 1024 x 1024 RGBA); larger ones go over comlink. */
  imageCapacityBytes?: number;
  /** Poll for the answer this long before yielding to Atomics.waitAsync (blocks the page meanwhile). */
  pageSpinMs?: number;
  /** The worker polls for the next request this long before it blocks in Atomics.wait. */
  workerSpinMs?: number;
}

/** Page side of the slot. One request at a time: the caller serializes (the client does). */
export class SharedChannelClient {
  readonly buffer: SharedArrayBuffer;
  private readonly v: Views;
  private readonly decoder = new TextDecoder();

  private readonly pageSpinMs: number;

  constructor(options: SharedChannelOptions = {}) {
    this.buffer = new SharedArrayBuffer(IMAGE_AT + (options.imageCapacityBytes ?? 1024 * 1024 * 4));
    this.v = views(this.buffer);
    this.pageSpinMs = options.pageSpinMs ?? 0;
    this.v.header[WORKER_SPIN_US] = Math.round((options.workerSpinMs ?? 0) * 1000);
  }

  fits(image: RawImage): boolean {
    return image.data.length <= this.v.image.length;
  }

  /** A batch fits when its images share one size and all their bytes fit the slot. */
  fitsBatch(images: readonly RawImage[]): boolean {
    const first = images[0];
    if (!first) return false;
    const same = images.every((im) => im.width === first.width && im.height === first.height && im.channels === first.channels && im.data.length === first.data.length);
    return same && first.data.length * images.length <= this.v.image.length;
  }

  /** Hands a batch over (packed into shared memory) and resolves with one probability list per image. */
  async requestBatch(images: readonly RawImage[]): Promise<BatchOutcome> {
    const { header, times, probs, error } = this.v;
    const first = images[0]!;
    const size = first.data.length;
    images.forEach((im, i) => this.v.image.set(im.data, i * size));
    header[WIDTH] = first.width;
    header[HEIGHT] = first.height;
    header[CHANNELS] = first.channels;
    header[COUNT] = size;
    header[BATCH_N] = images.length;
    await this.send(CMD_BATCH);
    const count = header[COUNT]!;
    if (header[STATUS] === STATUS_ERROR) return { ok: false, error: this.decoder.decode(error.slice(0, count)) };
    const k = header[BATCH_K]!;
    const out = images.map((_, i) => Array.from(probs.subarray(i * k, (i + 1) * k)));
    return { ok: true, probs: out, modelMs: times[0]!, preprocessMs: times[1]! };
  }

  /** Hands the image over (one copy into shared memory) and resolves with the worker's answer. */
  async request(image: RawImage): Promise<QueryOutcome> {
    const { header, times, probs, error } = this.v;
    this.v.image.set(image.data);
    header[WIDTH] = image.width;
    header[HEIGHT] = image.height;
    header[CHANNELS] = image.channels;
    header[COUNT] = image.data.length;
    await this.send(CMD_QUERY);
    const count = header[COUNT]!;
    if (header[STATUS] === STATUS_ERROR) {
      return { ok: false, error: this.decoder.decode(error.slice(0, count)) };
    }
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = probs[i]!;
    return { ok: true, probs: out, modelMs: times[0]!, preprocessMs: times[1]! };
  }

  /** Ends the worker's serving loop (its serveShared call then resolves). */
  async stop(): Promise<void> {
    await this.send(CMD_STOP);
  }

  private async send(cmd: number): Promise<void> {
    const h = this.v.header;
    h[CMD] = cmd;
    // Atomics.add is a release: the plain writes above are visible to the worker before the new seq.
    const seq = Atomics.add(h, REQ_SEQ, 1) + 1;
    Atomics.notify(h, REQ_SEQ);
    if (this.pageSpinMs > 0) {
      const until = performance.now() + this.pageSpinMs;
      while (Atomics.load(h, RESP_SEQ) !== seq && performance.now() < until);
    }
    for (;;) {
      const answered = Atomics.load(h, RESP_SEQ);
      if (answered === seq) return;
      const w = waitAsync!(h, RESP_SEQ, answered);
      if (w.async) await w.value;
    }
  }
}

/**
 * Worker side: blocks between queries in Atomics.wait and serves each request with `handle`
 * until the page sends stop. Returns the number of queries served. While it runs, the worker's
 * message queue waits, which is why the client stops it before any control call.
 */
export async function serveSharedChannel(
  buffer: SharedArrayBuffer,
  handle: (image: RawImage) => Promise<QueryOutcome>,
  handleBatch?: (images: RawImage[]) => Promise<BatchOutcome>,
): Promise<number> {
  const v = views(buffer);
  const h = v.header;
  const encoder = new TextEncoder();
  let served = 0;
  for (;;) {
    // Waiting on "the last seq answered" (not the seq seen at start) cannot miss a request
    // written before this loop began.
    const answered = Atomics.load(h, RESP_SEQ);
    const spinUs = h[WORKER_SPIN_US]!;
    if (spinUs > 0) {
      const until = performance.now() + spinUs / 1000;
      while (Atomics.load(h, REQ_SEQ) === answered && performance.now() < until);
    }
    Atomics.wait(h, REQ_SEQ, answered);
    const seq = Atomics.load(h, REQ_SEQ);
    if (seq === answered) continue;
    if (h[CMD] === CMD_STOP) {
      Atomics.store(h, RESP_SEQ, seq);
      Atomics.notify(h, RESP_SEQ);
      return served;
    }
    // Passed on as sent: the server's own check reports a bad channel count.
    const channels = h[CHANNELS] as 3 | 4;
    if (h[CMD] === CMD_BATCH) {
      const n = h[BATCH_N]!;
      const size = h[COUNT]!;
      const images: RawImage[] = Array.from({ length: n }, (_, i) => ({ data: v.image.subarray(i * size, (i + 1) * size), width: h[WIDTH]!, height: h[HEIGHT]!, channels }));
      let batch: BatchOutcome;
      try {
        batch = handleBatch ? await handleBatch(images) : { ok: false, error: 'This server does not take batches over the shared channel.' };
      } catch (err) {
        batch = { ok: false, error: (err as Error).message };
      }
      writeBatchOutcome(v, batch, encoder);
      served += n;
      Atomics.store(h, RESP_SEQ, seq);
      Atomics.notify(h, RESP_SEQ);
      continue;
    }
    // A view, not a copy: preprocessing reads it once into floats before the page writes again.
    const image: RawImage = { data: v.image.subarray(0, h[COUNT]!), width: h[WIDTH]!, height: h[HEIGHT]!, channels };
    let outcome: QueryOutcome;
    try {
      outcome = await handle(image);
    } catch (err) {
      outcome = { ok: false, error: (err as Error).message };
    }
    writeOutcome(v, outcome, encoder);
    served++;
    Atomics.store(h, RESP_SEQ, seq);
    Atomics.notify(h, RESP_SEQ);
  }
}

function writeBatchOutcome(v: Views, outcome: BatchOutcome, encoder: TextEncoder): void {
  const k = outcome.ok ? (outcome.probs[0]?.length ?? 0) : 0;
  if (outcome.ok && outcome.probs.length * k <= MAX_CLASSES) {
    outcome.probs.forEach((p, i) => v.probs.set(p, i * k));
    v.header[BATCH_K] = k;
    writeOutcome(v, { ok: true, probs: [], modelMs: outcome.modelMs, preprocessMs: outcome.preprocessMs }, encoder);
    return;
  }
  writeOutcome(v, outcome.ok ? { ok: false, error: `A batch of ${outcome.probs.length} x ${k} probabilities does not fit the shared slot (at most ${MAX_CLASSES}).` } : outcome, encoder);
}

function writeOutcome(v: Views, outcome: QueryOutcome, encoder: TextEncoder): void {
  const h = v.header;
  if (outcome.ok && outcome.probs.length <= MAX_CLASSES) {
    v.probs.set(outcome.probs);
    v.times[0] = outcome.modelMs;
    v.times[1] = outcome.preprocessMs;
    h[COUNT] = outcome.probs.length;
    h[STATUS] = STATUS_OK;
    return;
  }
  const message = outcome.ok ? `The model has ${outcome.probs.length} classes; the shared channel returns at most ${MAX_CLASSES}.` : outcome.error;
  // Encoded off to the side: encodeInto refuses views of shared memory in Chromium.
  const bytes = encoder.encode(message).subarray(0, ERROR_BYTES);
  v.error.set(bytes);
  h[COUNT] = bytes.length;
  h[STATUS] = STATUS_ERROR;
}
