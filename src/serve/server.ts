// The inference server (worker side): holds one deployed model on one backend and answers queries
// with plain numbers. Every tensor it makes is disposed before the answer leaves; a bad query is
// answered with an error, never a crash.
import { hangThisThread } from '../tf/hang.ts';
import * as tf from '@tensorflow/tfjs';
import { type BackendName, useBackend } from '../tf/backends.ts';
import { activeCapabilities } from '../tf/capabilities.ts';
import { type ImageModelShape, loadFromArtifacts } from '../model/artifacts.ts';
import { forwardFlops } from '../model/flops.ts';
import { Preprocessor, imagesToInput } from './preprocess.ts';
import { FastPredictor } from './fast-predict.ts';
import { serveSharedChannel } from './shared-channel.ts';
import { predictTta } from './tta.ts';
import { ttaViewsProblem, type TtaViews } from './tta-views.ts';
import type { BatchOutcome, DeployOptions, DeployResult, QueryOutcome, RawImage, ServerApi } from './protocol.ts';

interface Deployed {
  model: tf.LayersModel;
  shape: ImageModelShape;
  /** Views each query is answered from (test-time augmentation; 1 = the plain model). */
  ttaViews: TtaViews;
  /** The short per-query path on wasm (kept input tensor, the layers' kernels as a list, the k views in one batch); null elsewhere. */
  fast: FastPredictor | null;
}

export class InferenceServer implements ServerApi {
  private deployed: Deployed | null = null;
  private readonly preprocessor = new Preprocessor();

  /** Starts `backend`, loads the artifacts (replacing any deployed model) and optionally warms shaders. */
  async deploy(artifacts: unknown, backend: BackendName, options: DeployOptions): Promise<DeployResult> {
    const ttaViews = options.ttaViews ?? 1;
    const ttaProblem = ttaViewsProblem(ttaViews);
    if (ttaProblem) throw new Error(ttaProblem);
    this.undeploy();
    const t0 = performance.now();
    await useBackend(backend);
    const { model, shape } = await loadFromArtifacts(artifacts);
    const loadMs = performance.now() - t0;
    this.deployed = { model, shape, ttaViews: ttaViews as TtaViews, fast: options.fastPath !== false ? FastPredictor.create(model, shape.height, shape.width, { views: ttaViews as TtaViews }) : null };
    let warmMs = 0;
    if (options.warmShaders) {
      // One prediction on zeros compiles and caches every shader program the real queries use
      // (same shapes), and on wasm pages in the kernels; its answer is thrown away.
      const t1 = performance.now();
      const out = tf.tidy(() => predictTta(model, tf.zeros([1, shape.height, shape.width, 3]), ttaViews as TtaViews));
      await out.data();
      out.dispose();
      warmMs = performance.now() - t1;
    }
    return {
      backend,
      loadMs,
      warmMs,
      capabilities: await activeCapabilities(),
      shape,
      flopsPerQuery: forwardFlops(model),
      numTensors: tf.memory().numTensors,
    };
  }

  /** One image in, class probabilities out; preprocessing and model time measured separately. */
  async query(image: RawImage): Promise<QueryOutcome> {
    const d = this.deployed;
    if (!d) return { ok: false, error: 'No model deployed: call deploy first.' };
    let input: tf.Tensor4D | null = null;
    let output: tf.Tensor | null = null;
    try {
      if (d.fast?.fits(image)) {
        const a = await d.fast.predict(image);
        return { ok: true, probs: Array.from(a.probs), modelMs: a.modelMs, preprocessMs: a.preprocessMs };
      }
      const t0 = performance.now();
      input = this.preprocessor.toInput(image, d.shape.height, d.shape.width);
      const t1 = performance.now();
      const x = input;
      // With test-time augmentation the views are built and predicted as one batch: part of the model's time.
      output = tf.tidy(() => predictTta(d.model, x, d.ttaViews));
      const values = await output.data();
      const t2 = performance.now();
      return { ok: true, probs: Array.from(values), modelMs: t2 - t1, preprocessMs: t1 - t0 };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    } finally {
      input?.dispose();
      output?.dispose();
    }
  }

  /** A batch in one predict call (offline throughput); probabilities per image, in order. */
  async queryBatch(images: RawImage[]): Promise<BatchOutcome> {
    const d = this.deployed;
    if (!d) return { ok: false, error: 'No model deployed: call deploy first.' };
    let input: tf.Tensor4D | null = null;
    let output: tf.Tensor | null = null;
    try {
      const t0 = performance.now();
      input = imagesToInput(images, d.shape.height, d.shape.width);
      const t1 = performance.now();
      const x = input;
      output = tf.tidy(() => d.model.predict(x) as tf.Tensor);
      const values = await output.data();
      const t2 = performance.now();
      const k = d.shape.numClasses;
      const probs = images.map((_, i) => Array.from(values.subarray(i * k, (i + 1) * k)));
      return { ok: true, probs, modelMs: t2 - t1, preprocessMs: t1 - t0 };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    } finally {
      input?.dispose();
      output?.dispose();
    }
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }

  serveShared(buffer: SharedArrayBuffer): Promise<number> {
    return serveSharedChannel(buffer, (image) => this.query(image), (images) => this.queryBatch(images));
  }

  hang(): void {
    hangThisThread();
  }

  undeploy(): void {
    this.deployed?.fast?.dispose();
    this.deployed?.model.dispose();
    this.deployed = null;
  }
}
