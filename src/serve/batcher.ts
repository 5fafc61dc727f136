// Dynamic batching (as Triton's dynamic batcher and TF Serving's batching do it): queries wait in a
// queue until B of them are there or the oldest has waited T ms, then run as one predict call,
// one batch at a time. Pure scheduling: the batch runner and the clock are injected (Node tests).
import { sleepUntil } from './timer.ts';

/** "off", or: wait up to maxDelayMs for up to maxBatch queries. */
export type BatchingPolicy = { kind: 'off' } | { kind: 'on'; maxDelayMs: number; maxBatch: number };

export const BATCHING_OFF: BatchingPolicy = { kind: 'off' };
/** Largest batch the server takes (the shared slot and the warm-up of every padded size bound it). */
export const MAX_BATCH = 128;
/** Longest wait for a batch to fill: longer only adds latency on any backend here. */
export const MAX_DELAY_MS = 1000;

/** The policy from raw form or command-line values, or a message naming the bad one. */
export function parseBatching(raw: { delayMs: unknown; maxBatch: unknown; off?: unknown }): { ok: true; policy: BatchingPolicy } | { ok: false; error: string } {
  if (raw.off === true || raw.off === 'true' || raw.off === 'off') return { ok: true, policy: BATCHING_OFF };
  const delayText = String(raw.delayMs ?? '').trim();
  const batchText = String(raw.maxBatch ?? '').trim();
  const delay = Number(delayText);
  const batch = Number(batchText);
  if (delayText === '' || !Number.isFinite(delay) || delay < 0 || delay > MAX_DELAY_MS) {
    return { ok: false, error: `Batching delay T must be a number of ms from 0 to ${MAX_DELAY_MS}, got "${delayText}".` };
  }
  if (batchText === '' || !Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH) {
    return { ok: false, error: `Largest batch B must be a whole number from 1 to ${MAX_BATCH}, got "${batchText}".` };
  }
  return { ok: true, policy: { kind: 'on', maxDelayMs: delay, maxBatch: batch } };
}

/** "off" / "T 5 ms, B 16". */
export function batchingLabel(p: BatchingPolicy): string {
  return p.kind === 'off' ? 'off' : `T ${+p.maxDelayMs.toFixed(2)} ms, B ${p.maxBatch}`;
}

/**
 * The batch size a batch of n runs at: the next power of two, capped at maxBatch. A backend that
 * compiles a program per input shape (WebGL) then sees at most log2(B) + 2 shapes, each warmed
 * once, instead of compiling mid-run for every new n; the padding repeats the last image.
 */
export function paddedSize(n: number, maxBatch: number): number {
  if (!(Number.isInteger(n) && n >= 1 && n <= maxBatch)) throw new Error(`paddedSize: n must be a whole number in [1, ${maxBatch}], got ${n}.`);
  let p = 1;
  while (p < n) p *= 2;
  return Math.min(p, maxBatch);
}

/** Every size paddedSize can return for maxBatch (what a warm-up runs once each). */
export function paddedSizes(maxBatch: number): number[] {
  const out: number[] = [];
  for (let p = 1; p < maxBatch; p *= 2) out.push(p);
  out.push(maxBatch);
  return out;
}

export interface BatcherClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

// T is a few ms, and setTimeout is coarse for that (clamped to >= 4 ms once nested, late on a busy
// page): with it, T 2 ms added about 6 ms to a light load's median here. The open-loop schedule's
// sub-millisecond sleep (Atomics.waitAsync where the page is isolated) waits T; a cancelled wait does nothing.
const realClock: BatcherClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => {
    const handle = { cancelled: false };
    void sleepUntil(performance.now() + ms).then(() => {
      if (!handle.cancelled) fn();
    });
    return handle;
  },
  clearTimer: (h) => {
    (h as { cancelled: boolean }).cancelled = true;
  },
};

interface Waiting<I, O> {
  item: I;
  arrivedMs: number;
  resolve(o: O): void;
  reject(e: unknown): void;
}

/** Sizes of the batches run so far (for the report: how full they were). */
export interface BatcherStats {
  batches: number;
  queries: number;
  largest: number;
}

export class DynamicBatcher<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private running = false;
  private timer: unknown = null;
  readonly stats: BatcherStats = { batches: 0, queries: 0, largest: 0 };

  /** `run` answers a batch with one outcome per item, in order; it is called one batch at a time. */
  constructor(
    readonly policy: { maxDelayMs: number; maxBatch: number },
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly clock: BatcherClock = realClock,
  ) {}

  /** Queues one item; resolves with its outcome when its batch has run. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, arrivedMs: this.clock.now(), resolve, reject });
      this.pump();
    });
  }

  /** Queries waiting for a batch. */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const { maxDelayMs, maxBatch } = this.policy;
    const waitedMs = this.clock.now() - this.queue[0]!.arrivedMs;
    // Full, or the oldest query has waited its T (while a batch ran, or for company): go now. The
    // microsecond of slack keeps a timer that fires a rounding error early from re-arming forever.
    if (this.queue.length >= maxBatch || waitedMs >= maxDelayMs - 1e-3) {
      this.dispatch();
      return;
    }
    if (this.timer === null) {
      this.timer = this.clock.setTimer(() => {
        this.timer = null;
        this.pump();
      }, maxDelayMs - waitedMs);
    }
  }

  private dispatch(): void {
    if (this.timer !== null) {
      this.clock.clearTimer(this.timer);
      this.timer = null;
    }
    const batch = this.queue.splice(0, this.policy.maxBatch);
    this.running = true;
    this.stats.batches++;
    this.stats.queries += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    void this.run(batch.map((w) => w.item))
      .then(
        (outs) => batch.forEach((w, i) => (i < outs.length ? w.resolve(outs[i]!) : w.reject(new Error(`The batch answered ${outs.length} of ${batch.length} queries.`)))),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
