// The training worker's API (exposed with comlink): holds the dataset and the trained model,
// runs one training at a time, and hands out plain numbers and serialized models.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { saveToArtifacts, type SerializedModel } from '../model/artifacts.ts';
import type { LabelledDataset } from '../data/image-set.ts';
import type { BackendCapabilities, EpochRecord } from '../metrics/report.ts';
import { ALL_BACKENDS, type BackendName, useBackend } from '../tf/backends.ts';
import { activeCapabilities, probeBackends } from '../tf/capabilities.ts';
import { calibrateCounterCost, type RunEnd, type TrainCallbacks, TrainingRun } from './trainer.ts';
import type { TrainSettings } from './settings.ts';
import { batchTensors } from './batches.ts';
import { forwardFlops } from '../model/flops.ts';

export interface InferenceSpeed {
  batchSize: number;
  msPerBatch: number;
  /** Analytic forward FLOPs x batch / measured seconds. */
  gflops: number;
}

export interface TrainResult {
  end: RunEnd;
  records: EpochRecord[];
  backend: BackendName;
  capabilities: BackendCapabilities;
}

export class TrainerService {
  private dataset: LabelledDataset | null = null;
  private current: TrainingRun | null = null;
  private running = false;

  setDataset(dataset: LabelledDataset): void {
    if (this.running) throw new Error('Cannot change the dataset while training runs.');
    this.dataset = dataset;
  }

  async probe(): Promise<Record<string, BackendCapabilities>> {
    return probeBackends(ALL_BACKENDS, 'wasm');
  }

  async train(settings: TrainSettings, callbacks: TrainCallbacks): Promise<TrainResult> {
    if (this.running) throw new Error('A training run is already in progress.');
    if (!this.dataset) throw new Error('No dataset loaded yet.');
    this.running = true;
    try {
      await useBackend(settings.backend);
      const capabilities = await activeCapabilities();
      // The previous model is replaced only once the new run exists, so a failed start
      // (say, a backend that will not load) keeps the last trained model.
      const run = new TrainingRun(settings, this.dataset, calibrateCounterCost());
      this.current?.dispose();
      this.current = run;
      const end = await run.run(callbacks);
      return { end, records: run.records, backend: settings.backend, capabilities };
    } finally {
      this.running = false;
    }
  }

  pause(): void {
    this.current?.pause();
  }

  resume(): void {
    this.current?.resume();
  }

  stop(): void {
    this.current?.stop();
  }

  /** The trained model as in-memory artifacts (topology + weights), the same as a saved file. */
  async exportModel(): Promise<SerializedModel> {
    if (!this.current) throw new Error('No trained model yet: train first.');
    const artifacts = await saveToArtifacts(this.current.model);
    // The weights buffer was made for this call alone, so it can move rather than be copied.
    return Comlink.transfer(artifacts, [artifacts.weightData]);
  }

  /**
   * Forward-pass speed of the trained model at a given batch size on the training backend:
   * the reference that training GFLOP/s is compared against (same model, same batch).
   */
  async measureInference(batchSize: number, repeats = 10): Promise<InferenceSpeed> {
    if (!this.current || !this.dataset) throw new Error('No trained model yet: train first.');
    const model = this.current.model;
    const set = this.dataset.val;
    const indices = Array.from({ length: batchSize }, (_, i) => i % set.count);
    const { xs, ys } = batchTensors(set, indices, this.dataset.classNames.length);
    ys.dispose();
    try {
      const once = async () => {
        const out = model.predict(xs) as tf.Tensor;
        await out.data();
        out.dispose();
      };
      await once(); // warm-up: shader compilation and first-call allocation are not speed
      const start = performance.now();
      for (let i = 0; i < repeats; i++) await once();
      const msPerBatch = (performance.now() - start) / repeats;
      const flops = forwardFlops(model) * batchSize;
      return { batchSize, msPerBatch, gflops: flops / (msPerBatch / 1000) / 1e9 };
    } finally {
      xs.dispose();
    }
  }

  memory(): { numTensors: number; numBytes: number } {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}
