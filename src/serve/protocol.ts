// The contract between the serving worker and its client: plain data only (no tensors), so every
// value here can cross postMessage and be shown by the UI as is. Times are wall ms.
import type { BackendCapabilities } from '../metrics/report.ts';
import type { BackendName } from '../tf/backend-names.ts';
import type { ImageModelShape } from '../model/artifacts.ts';

/** A raw image as a camera, a file or the dataset hands it over: bytes, any size, RGB or RGBA. */
export interface RawImage {
  /** height * width * channels bytes, row-major, channels interleaved. */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 3 | 4;
}

export interface DeployOptions {
  /** Run one prediction on zeros at deploy, so the first real query finds its shaders compiled. */
  warmShaders: boolean;
  /** Test-time augmentation: answer each query with the mean of this many views (1, 2, 4 or 8; default 1, the plain model). */
  ttaViews?: number;
  /**
   * Answer queries of the deployed size through the short wasm path (fast-predict.ts: the layers'
   * kernels called as a fixed list; default true). False keeps model.predict for every query, to
   * measure the two side by side (docs/serving-tail.md).
   */
  fastPath?: boolean;
}

export interface DeployResult {
  backend: BackendName;
  /** Backend start plus model load from artifacts. */
  loadMs: number;
  /** Shader warm-up prediction at deploy (0 when not requested). */
  warmMs: number;
  capabilities: BackendCapabilities;
  shape: ImageModelShape;
  /** Analytic forward FLOPs per image. */
  flopsPerQuery: number;
  /** Tensors alive in the worker once deployed (the model's weights). */
  numTensors: number;
}

/** What the worker answers for one query; an error is an answer too, never a crash. */
export type QueryOutcome =
  | { ok: true; probs: number[]; modelMs: number; preprocessMs: number }
  | { ok: false; error: string };

export type BatchOutcome =
  | { ok: true; probs: number[][]; modelMs: number; preprocessMs: number }
  | { ok: false; error: string };

/** The worker's RPC surface (comlink), used for control calls and the slower query path. */
export interface ServerApi {
  deploy(artifacts: unknown, backend: BackendName, options: DeployOptions): Promise<DeployResult>;
  query(image: RawImage): Promise<QueryOutcome>;
  queryBatch(images: RawImage[]): Promise<BatchOutcome>;
  numTensors(): number;
  /** tf.memory() in the worker: tensors and bytes (the soak samples it). */
  memory(): { numTensors: number; numBytes: number };
  /** Serves queries from the shared-memory channel until the client sends stop; resolves with the count served. */
  serveShared(buffer: SharedArrayBuffer): Promise<number>;
  undeploy(): void;
  /** Fault drill and tests: blocks the worker's thread for good, as a hung kernel would; only the client's deadline ends it. */
  hang(): void;
}
