// Page side of the inference server: spawns the worker, deploys artifacts over comlink, and sends
// queries over the shared-memory slot when the page is cross-origin isolated (comlink otherwise).
// Each query is timed here, from handing over the raw image to holding the probabilities.
import * as Comlink from 'comlink';
import type { BackendName } from '../tf/backends.ts';
import { type SerializedModel, transferableCopy, validateArtifacts } from '../model/artifact-check.ts';
import { rawImageProblem } from './raw-image.ts';
import { SharedChannelClient, type SharedChannelOptions, sharedChannelSupported } from './shared-channel.ts';
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
}

/**
 * Measured here on wasm (p50 of 1024 queries): waking the page through Atomics.waitAsync costs
 * ~0.12 ms per query (a task hop), polling for up to 2 ms cuts the round trip to ~0.01-0.03 ms.
 * The page is blocked while it polls, so bench loops yield to the event loop between queries;
 * set pageSpinMs to 0 for interactive use where the page must never block.
 */
export const DEFAULT_CHANNEL: SharedChannelOptions = { pageSpinMs: 2, workerSpinMs: 1 };

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
  private readonly worker: Worker;
  private readonly remote: Comlink.Remote<ServerApi>;
  private readonly channel: SharedChannelClient | null;
  /** Resolves when the worker's shared-channel loop has ended; null when no loop runs. */
  private loop: Promise<number> | null = null;
  // A tiny lock: one call at a time owns the worker (the shared slot holds one request).
  private busy = false;
  private readonly waiting: Array<() => void> = [];
  private terminated = false;

  private constructor(options: SpawnOptions) {
    this.worker = new Worker(new URL('../workers/serve.worker.ts', import.meta.url), { type: 'module', name: options.name ?? 'server' });
    this.remote = Comlink.wrap<ServerApi>(this.worker);
    const shared = (options.transport ?? 'shared') === 'shared' && sharedChannelSupported();
    this.transport = shared ? 'shared' : 'comlink';
    this.channel = shared ? new SharedChannelClient({ ...DEFAULT_CHANNEL, ...options.channel }) : null;
  }

  static spawn(options: SpawnOptions = {}): ServeClient {
    return new ServeClient(options);
  }

  /** Deploys a copy of the artifacts (the caller's buffer stays usable for further deploys). */
  deploy(artifacts: SerializedModel, backend: BackendName, options: DeployOptions): Promise<DeployResult> {
    return this.control(() => {
      const { artifacts: copy, transfer } = transferableCopy(validateArtifacts(artifacts));
      return this.remote.deploy(Comlink.transfer(copy, transfer), backend, options);
    });
  }

  /** One query, timed end to end; errors come back as { ok: false }, the worker keeps serving. */
  async query(image: RawImage): Promise<ClientQueryResult> {
    await this.acquire();
    try {
      const t0 = performance.now();
      const channel = this.channel;
      let outcome: QueryOutcome;
      // Malformed images take the comlink path so the server's own check answers them.
      if (channel && rawImageProblem(image) === null && channel.fits(image)) {
        this.loop ??= this.remote.serveShared(channel.buffer);
        outcome = await channel.request(image);
      } else {
        await this.stopLoop();
        const { image: copy, transfer } = detachedCopy(image);
        outcome = await this.remote.query(Comlink.transfer(copy, transfer));
      }
      return { ...outcome, e2eMs: performance.now() - t0 };
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

  /** Stops the worker; pending calls never resolve, so stop measuring first. */
  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
  }

  /** Control calls go over comlink, which the worker only reads once its shared loop has ended. */
  private async control<T>(call: () => Promise<T> | T): Promise<T> {
    await this.acquire();
    try {
      await this.stopLoop();
      return await call();
    } finally {
      this.release();
    }
  }

  private async stopLoop(): Promise<void> {
    if (!this.loop || !this.channel) return;
    await this.channel.stop();
    await this.loop;
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
