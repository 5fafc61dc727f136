// Page side of the inference server: spawns the worker, deploys artifacts over comlink, and sends
// queries over the shared-memory slot when the page is cross-origin isolated (comlink otherwise).
// Each query is timed here, from handing over the raw image to holding the probabilities.
import * as Comlink from 'comlink';
import type { BackendName } from '../tf/backend-names.ts';
import { type SerializedModel, transferableCopy, validateArtifacts } from '../model/artifact-check.ts';
import { rawImageProblem } from './raw-image.ts';
import { MAX_CLASSES, SharedChannelClient, type SharedChannelOptions, sharedChannelSupported } from './shared-channel.ts';
import { BATCHING_OFF, DynamicBatcher, paddedSize, paddedSizes, type BatcherStats, type BatchingPolicy } from './batcher.ts';
import type { BatchOutcome, DeployOptions, DeployResult, QueryOutcome, RawImage, ServerApi } from './protocol.ts';

/** 'shared': SharedArrayBuffer + Atomics per query; 'comlink': one postMessage round trip per query. */
export type Transport = 'shared' | 'comlink';

/** A query's answer as the page sees it; e2eMs is the end-to-end time measured on the page. */
export type ClientQueryResult = (QueryOutcome & { ok: true; e2eMs: number }) | (QueryOutcome & { ok: false; e2eMs: number });

export type ClientBatchResult = BatchOutcome & { e2eMs: number };

export interface SpawnOptions {
  /** Preferred per-query transport; 'shared' falls back to 'comlink' where shared memory is unavailable. */
  transport?: Transport;
  /** Worker name (shows in devtools). */
  name?: string;
  /** Fine-tuning of the shared-memory path (polling before blocking); see DEFAULT_CHANNEL. */
  channel?: SharedChannelOptions;
  /**
   * A query still unanswered after this long counts as a hung worker: it fails with a message, and
   * the worker is ended and restarted with the same model, as after a crash (default QUERY_DEADLINE_MS).
   */
  queryDeadlineMs?: number;
}

/**
 * Far above any normal query here: p99 is ~1-4 ms on wasm and ~60-110 ms on WebGL and WebGPU under
 * SwiftShader, and a first WebGL query compiling its shaders ~2 s.
 */
export const QUERY_DEADLINE_MS = 15_000;

/**
 * The page waits for each answer with Atomics.waitAsync instead of polling for it. Polling (up to
 * 2 ms) saved ~0.02-0.03 ms of round trip at the median, but a polling page holds one of this
 * machine's two cores while the worker holds the other, so anything else that runs (the browser's
 * own threads, other processes) stalls the worker and the tail grows: in the tail measurement
 * (src/serve/tail-worker.browser.test.ts, 1,024 queries per arm, interleaved) end-to-end p99 / p50
 * was 5.2-6.5 with polling and 2.9-3.1 waiting, for p50 0.57 against 0.59 ms. The worker still
 * polls 1 ms for the next query, so a closed loop's next query finds it awake.
 */
export const DEFAULT_CHANNEL: SharedChannelOptions = { pageSpinMs: 0, workerSpinMs: 1 };

/** Copies the pixels out of a (possibly huge) shared buffer, so only this image crosses to the worker. */
function detachedCopy(image: RawImage): { image: RawImage; transfer: Transferable[] } {
  // A malformed image goes as it is: the server reports what is wrong with it.
  if (!(image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray)) return { image, transfer: [] };
  const data = image.data.slice();
  return { image: { ...image, data }, transfer: [data.buffer] };
}

export class ServeClient {
  /** The transport queries actually use. */
  readonly transport: Transport;
  private worker!: Worker;
  private remote!: Comlink.Remote<ServerApi>;
  private channel: SharedChannelClient | null = null;
  /** Times the worker died and was started again. */
  restarts = 0;
  /**
   * How long the worker polls for the next query before it sleeps (shared transport); 0 over
   * comlink, where the worker waits for a message. A query arriving later finds it asleep.
   */
  readonly workerSpinMs: number;
  /** Fails the calls in flight to the current worker when it dies (one entry per call, removed when it settles). */
  private readonly inFlight = new Set<(err: Error) => void>();
  /** Why the current worker died; null while it lives. */
  private deathError: Error | null = null;
  /** The last deploy, replayed on a restarted worker. */
  private lastDeploy: { artifacts: SerializedModel; backend: BackendName; options: DeployOptions } | null = null;
  /** Resolves when the worker's shared-channel loop has ended; null when no loop runs. */
  private loop: Promise<number> | null = null;
  // A tiny lock: one call at a time owns the worker (the shared slot holds one request).
  private busy = false;
  private readonly waiting: Array<() => void> = [];
  private terminated = false;
  /** The dynamic batcher in front of the worker; null when batching is off. */
  private batcher: DynamicBatcher<RawImage, QueryOutcome> | null = null;
  private batchingPolicy: BatchingPolicy = BATCHING_OFF;
  /** What the last deploy answered (the model's input shape and classes). */
  private deployed: DeployResult | null = null;

  private constructor(private readonly options: SpawnOptions) {
    const shared = (options.transport ?? 'shared') === 'shared' && sharedChannelSupported();
    this.transport = shared ? 'shared' : 'comlink';
    this.workerSpinMs = shared ? ({ ...DEFAULT_CHANNEL, ...options.channel }.workerSpinMs ?? 0) : 0;
    this.startWorker();
  }

  private startWorker(): void {
    this.worker = new Worker(new URL('../workers/serve.worker.ts', import.meta.url), { type: 'module', name: this.options.name ?? 'server' });
    this.remote = Comlink.wrap<ServerApi>(this.worker);
    this.channel = this.transport === 'shared' ? new SharedChannelClient({ ...DEFAULT_CHANNEL, ...this.options.channel }) : null;
    this.loop = null;
    this.deathError = null;
    // An uncaught error or a failed load in the worker: treat it as a crash.
    this.worker.addEventListener('error', (e) => this.die(`it threw: ${e.message || 'an uncaught error'}`));
  }

  /** The worker is gone: calls in flight fail with a message, the next call starts a new one and redeploys. */
  private die(reason: string): void {
    if (this.deathError || this.terminated) return;
    this.deathError = new Error(`The inference worker died (${reason}); queries in flight failed. The server restarts with the same model on the next query.`);
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
    for (const fail of this.inFlight) fail(this.deathError);
    this.inFlight.clear();
  }

  /** Fault drill and tests: ends the worker abruptly, as a crash would. */
  kill(): void {
    this.die('terminated');
  }

  /** Fault drill and tests: makes the worker hang (its thread spins forever); the next query meets the deadline. */
  async hang(): Promise<void> {
    await this.acquire();
    try {
      await this.ensureAlive();
      await this.stopLoop();
      // Not awaited: it never answers.
      void this.remote.hang();
    } finally {
      this.release();
    }
  }

  /** The query's answer, or, past the deadline, the worker counted as hung: it is ended (and restarts on the next call). */
  private withDeadline<T>(call: Promise<T>): Promise<T> {
    const deadlineMs = this.options.queryDeadlineMs ?? QUERY_DEADLINE_MS;
    let timer = 0;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.die(`it hung: no answer within ${deadlineMs.toLocaleString('en')} ms, the query deadline`);
        reject(this.deathError ?? new Error('The inference worker hung.'));
      }, deadlineMs) as unknown as number;
    });
    return Promise.race([call, late]).finally(() => clearTimeout(timer));
  }

  /** After a death: a fresh worker with the last deployed model (inside the lock). */
  private async ensureAlive(): Promise<void> {
    if (!this.deathError) return;
    this.startWorker();
    this.restarts++;
    const d = this.lastDeploy;
    if (d) {
      const { artifacts: copy, transfer } = transferableCopy(d.artifacts);
      await this.guard(this.remote.deploy(Comlink.transfer(copy, transfer), d.backend, d.options));
    }
  }

  /**
   * The call's result, or the worker's death, whichever comes first. Not Promise.race against
   * one long-lived "died" promise: that keeps a reaction per query until the worker dies.
   */
  private guard<T>(call: Promise<T>): Promise<T> {
    if (this.deathError) {
      call.catch(() => undefined);
      return Promise.reject(this.deathError);
    }
    return new Promise<T>((resolve, reject) => {
      this.inFlight.add(reject);
      void call.then(resolve, reject).finally(() => this.inFlight.delete(reject));
    });
  }

  /** The backend of the model deployed last; null before a deploy. */
  get backend(): BackendName | null {
    return this.lastDeploy?.backend ?? null;
  }

  static spawn(options: SpawnOptions = {}): ServeClient {
    return new ServeClient(options);
  }

  /** Deploys a copy of the artifacts (the caller's buffer stays usable for further deploys). */
  deploy(artifacts: SerializedModel, backend: BackendName, options: DeployOptions): Promise<DeployResult> {
    return this.control(() => {
      const checked = validateArtifacts(artifacts);
      const { artifacts: copy, transfer } = transferableCopy(checked);
      this.lastDeploy = { artifacts: checked, backend, options };
      return this.remote.deploy(Comlink.transfer(copy, transfer), backend, options).then((d) => (this.deployed = d));
    });
  }

  /** The batching in use: off, or T and B. */
  get batching(): BatchingPolicy {
    return this.batchingPolicy;
  }

  /** Sizes of the batches run since batching was last set. */
  get batchStats(): BatcherStats | null {
    return this.batcher ? { ...this.batcher.stats } : null;
  }

  /**
   * Turns dynamic batching on (queries arriving within T ms, up to B, run as one predict) or off.
   * Every padded batch size is run once first, so no shader compiles in the middle of a run.
   * Call it between runs: queries waiting in the old batcher are still answered by it.
   */
  async setBatching(policy: BatchingPolicy): Promise<void> {
    if (policy.kind === 'off') {
      this.batcher = null;
      this.batchingPolicy = BATCHING_OFF;
      return;
    }
    const shape = this.deployed?.shape;
    if (!shape) throw new Error('Deploy a model before turning batching on: its batches are warmed on the deployed model.');
    const blank: RawImage = { data: new Uint8Array(shape.height * shape.width * 3), width: shape.width, height: shape.height, channels: 3 };
    for (const size of paddedSizes(policy.maxBatch)) {
      const out = await this.runBatch(Array.from({ length: size }, () => blank), policy.maxBatch);
      if (!out[0]?.ok) throw new Error(`Warming a batch of ${size} failed: ${out[0]?.ok === false ? out[0].error : 'no answer'}`);
    }
    this.batchingPolicy = policy;
    this.batcher = new DynamicBatcher(policy, (images) => this.runBatch(images, policy.maxBatch));
  }

  /** One batch in one predict call, padded to its warmed size; one outcome per image (an error for all when it fails). */
  private async runBatch(images: RawImage[], maxBatch: number): Promise<QueryOutcome[]> {
    await this.acquire();
    try {
      await this.ensureAlive();
      const padded = images.slice();
      const size = paddedSize(images.length, maxBatch);
      while (padded.length < size) padded.push(images[images.length - 1]!);
      const classes = this.deployed?.shape.numClasses ?? MAX_CLASSES;
      const channel = this.channel;
      let outcome: BatchOutcome;
      if (channel && channel.fitsBatch(padded) && padded.length * classes <= MAX_CLASSES) {
        this.loop ??= this.remote.serveShared(channel.buffer);
        outcome = await this.withDeadline(this.guard<BatchOutcome>(channel.requestBatch(padded)));
      } else {
        await this.stopLoop();
        const copies = padded.map(detachedCopy);
        const call = this.remote.queryBatch(Comlink.transfer(copies.map((c) => c.image), copies.flatMap((c) => c.transfer)));
        outcome = await this.withDeadline(this.guard<BatchOutcome>(call));
      }
      if (!outcome.ok) return images.map(() => outcome);
      const { modelMs, preprocessMs } = outcome;
      return images.map((_, i) => ({ ok: true, probs: outcome.probs[i]!, modelMs, preprocessMs }));
    } catch (err) {
      const error = (err as Error).message;
      return images.map(() => ({ ok: false, error }));
    } finally {
      this.release();
    }
  }

  /** One query, timed end to end; errors come back as { ok: false }, the worker keeps serving. */
  async query(image: RawImage): Promise<ClientQueryResult> {
    // Batching on: the query waits in the batcher (its wait is part of its latency); a malformed
    // image goes alone, so the server's own check answers it without failing a batch.
    const batcher = this.batcher;
    if (batcher && rawImageProblem(image) === null) {
      const t0 = performance.now();
      const outcome = await batcher.submit(image);
      return { ...outcome, e2eMs: performance.now() - t0 };
    }
    await this.acquire();
    const t0 = performance.now();
    try {
      await this.ensureAlive();
      const channel = this.channel;
      let outcome: QueryOutcome;
      // Malformed images take the comlink path so the server's own check answers them.
      if (channel && rawImageProblem(image) === null && channel.fits(image)) {
        this.loop ??= this.remote.serveShared(channel.buffer);
        outcome = await this.withDeadline(this.guard<QueryOutcome>(channel.request(image)));
      } else {
        await this.stopLoop();
        const { image: copy, transfer } = detachedCopy(image);
        outcome = await this.withDeadline(this.guard<QueryOutcome>(this.remote.query(Comlink.transfer(copy, transfer))));
      }
      return { ...outcome, e2eMs: performance.now() - t0 };
    } catch (err) {
      // A dead worker (or a failed restart) answers like any failed query: with the reason.
      return { ok: false, error: (err as Error).message, e2eMs: performance.now() - t0 };
    } finally {
      this.release();
    }
  }

  /** Many images in one predict call (offline mode), timed end to end on the page. */
  queryBatch(images: readonly RawImage[]): Promise<ClientBatchResult> {
    return this.control(async () => {
      const t0 = performance.now();
      const copies = images.map(detachedCopy);
      const outcome = await this.remote.queryBatch(
        Comlink.transfer(
          copies.map((c) => c.image),
          copies.flatMap((c) => c.transfer),
        ),
      );
      return { ...outcome, e2eMs: performance.now() - t0 };
    });
  }

  /** tf.memory().numTensors inside the worker (for leak checks). */
  numTensors(): Promise<number> {
    return this.control(() => this.remote.numTensors());
  }

  /** tf.memory() inside the worker: tensors and bytes. */
  memory(): Promise<{ numTensors: number; numBytes: number }> {
    return this.control(() => this.remote.memory());
  }

  /** Stops the worker; pending calls never resolve, so stop measuring first. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    // A dead worker's proxy was released already (comlink throws on a second release).
    if (!this.deathError) this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  /** Control calls go over comlink, which the worker only reads once its shared loop has ended. */
  private async control<T>(call: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      await this.ensureAlive();
      await this.stopLoop();
      return await this.guard(Promise.resolve(call()));
    } finally {
      this.release();
    }
  }

  private async stopLoop(): Promise<void> {
    if (!this.loop || !this.channel) return;
    await this.guard(this.channel.stop().then(() => this.loop));
    this.loop = null;
  }

  private acquire(): Promise<void> | void {
    if (this.terminated) throw new Error('The server worker was terminated.');
    if (!this.busy) {
      this.busy = true;
      return;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // Ownership passes straight to the next waiter, so busy stays true.
    if (next) next();
    else this.busy = false;
  }
}
