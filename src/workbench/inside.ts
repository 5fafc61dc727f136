// The Inside view's part of the workbench (reached as `port.inside.*`): feature maps, the layer table and its time profile, and weight snapshots of the
// current model, plus the live observer the training loop calls between batches.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import type { LabelledDataset } from '../data/image-set.ts';
import { buildCnn, modelConfigOf } from '../model/cnn.ts';
import { batchTensors } from '../data/batches.ts';
import type { TrainSettings } from '../train/settings.ts';
import { extractActivations } from '../inspect/activations.ts';
import { layerTable } from '../inspect/layer-table.ts';
import { checkLiveRate } from '../inspect/live-budget.ts';
import { InsideObserver } from '../inspect/live.ts';
import { profileLayers } from '../inspect/profile.ts';
import type { ActivationSnapshot, LayerProfile, LayerRow, LiveConfig, WeightSnapshot } from '../inspect/types.ts';
import { weightSnapshot } from '../inspect/weights.ts';
import { profileTrainingBatch, type BatchBreakdownRecord } from '../train/batch-breakdown.ts';
import { WorkbenchError, type InsideApi } from './protocol.ts';

/** What the service needs from the worker that owns the model. */
export interface ModelHolder {
  model(): tf.LayersModel | null;
  dataset(): LabelledDataset | null;
  /** Training or pruning is running right now (not paused). */
  busy(): boolean;
}

export class InsideService implements InsideApi {
  readonly observer = new InsideObserver();

  constructor(private readonly holder: ModelHolder) {}

  private model(): tf.LayersModel {
    const model = this.holder.model();
    if (!model) throw new WorkbenchError('no-model', 'No model yet: start training in the Train view first.');
    return model;
  }

  /** What to watch while training runs (null stops live snapshots). */
  setLive(config: LiveConfig | null): void {
    if (config) {
      const errors = checkLiveRate(config.rate);
      if (errors.length > 0) throw new WorkbenchError('bad-input', errors.join(' '));
    }
    this.observer.configure(config);
  }

  /** Feature maps and class probabilities of one image (size*size*3 RGB bytes) with the current weights. */
  async activations(pixels: Uint8Array, size: number): Promise<ActivationSnapshot> {
    const snapshot = await extractActivations(this.model(), pixels, size);
    return Comlink.transfer(snapshot, snapshot.layers.map((l) => l.bytes.buffer as ArrayBuffer));
  }

  /** The layer table of the current model, or of the model `settings` would build when there is none yet. */
  layerTable(settings: TrainSettings): { rows: LayerRow[]; source: 'current' | 'settings' } {
    const current = this.holder.model();
    if (current) return { rows: layerTable(current), source: 'current' };
    const dataset = this.holder.dataset();
    if (!dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    const model = buildCnn(modelConfigOf(settings, dataset));
    try {
      return { rows: layerTable(model), source: 'settings' };
    } finally {
      model.dispose();
    }
  }

  /** Times every layer on a batch of validation images; refused while training runs (pause first). */
  async profile(batchSize: number, repeats = 5): Promise<LayerProfile> {
    if (this.holder.busy()) throw new WorkbenchError('busy', 'Training is running: pause it (or let it finish) to profile the layers, so the two do not slow each other down.');
    const model = this.model();
    const dataset = this.holder.dataset();
    if (!dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 256)) throw new WorkbenchError('bad-input', `Profile batch size must be 1 to 256, got ${batchSize}.`);
    const indices = Array.from({ length: batchSize }, (_, i) => i % dataset.val.count);
    const { xs, ys } = batchTensors(dataset.val, indices, dataset.classNames.length);
    ys.dispose();
    try {
      return await profileLayers(model, xs, repeats);
    } finally {
      xs.dispose();
    }
  }

  /** Where a training batch's time goes, kernel family by family, on a copy of the current model (src/train/batch-breakdown.ts). */
  async trainingBreakdown(batchSize: number): Promise<BatchBreakdownRecord> {
    if (this.holder.busy()) throw new WorkbenchError('busy', 'Training is running: pause it (or let it finish) to profile a training batch.');
    const model = this.model();
    const dataset = this.holder.dataset();
    if (!dataset) throw new WorkbenchError('no-dataset', 'No dataset loaded yet.');
    if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 256)) throw new WorkbenchError('bad-input', `Profile batch size must be 1 to 256, got ${batchSize}.`);
    const indices = Array.from({ length: batchSize }, (_, i) => i % dataset.train.count);
    const { xs, ys } = batchTensors(dataset.train, indices, dataset.classNames.length);
    try {
      return await profileTrainingBatch(model, xs, ys);
    } finally {
      tf.dispose([xs, ys]);
    }
  }

  /** First-conv kernels, filter L1 norms and |w| histograms of the current model. */
  async weights(): Promise<WeightSnapshot> {
    return weightSnapshot(this.model());
  }
}
