// The Models view's controller: saves trained models (and pruned ones) to the library with their
// metadata, brings a saved model back into the training worker to serve, prune or compare it,
// downloads models as files and imports them after checking. Plain data; tensors stay in workers.
import { downloadBlob } from './download.ts';
import type { SerializedModel } from '../model/artifact-check.ts';
import { fromModelFiles, toModelFiles } from '../model/model-files.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { Lab } from './lab.ts';
import { IDLE_TRAINING, type ViewId } from './lab-state.ts';
import { ModelLibrary, type SavedModelMeta } from './model-library.ts';
import { Store } from './store.ts';

export interface ModelsState {
  /** What is being done right now, for the progress line; null when idle. */
  task: string | null;
  /** The last outcome worth telling (saved, imported, refused...). */
  message: string | null;
  error: string | null;
  /** The saved model that is the lab's current model, if it came from the library. */
  currentId: string | null;
  /** Ids ticked for the comparison table. */
  compared: string[];
}

export class ModelsLab {
  readonly library: ModelLibrary;
  readonly store = new Store<ModelsState>({ task: null, message: null, error: null, currentId: null, compared: [] });

  constructor(
    private readonly lab: Lab,
    library = new ModelLibrary(),
  ) {
    this.library = library;
  }

  private async run<T>(task: string, body: () => Promise<T>): Promise<T | null> {
    if (this.store.state.task) {
      this.store.set({ error: `Busy: ${this.store.state.task}. Wait for it to finish.` });
      return null;
    }
    this.store.set({ task, error: null, message: null });
    try {
      return await body();
    } catch (err) {
      this.store.set({ error: (err as Error).message });
      return null;
    } finally {
      this.store.set({ task: null });
    }
  }

  /** Saves the lab's freshly trained model: artifacts, settings, records, and test accuracy measured now. */
  saveTrained(name?: string): Promise<SavedModelMeta | null> {
    return this.run('Saving the trained model', async () => {
      const t = this.lab.store.state.training;
      if (!this.lab.store.state.hasModel || !t.settings) throw new Error('No trained model to save: train one first.');
      const check = await this.lab.checkCurrentModel();
      const artifacts = await this.lab.exportModel();
      const last = t.records.at(-1);
      const s = t.settings;
      const meta = await this.library.save(
        {
          name: name ?? `${s.backend} · ${t.records.length} epoch${t.records.length === 1 ? '' : 's'} · seed ${s.seed}`,
          kind: 'trained',
          dataset: this.lab.dataset?.name ?? 'unknown',
          settings: s,
          valAcc: last?.valAcc ?? null,
          testAcc: check.testAcc,
          records: t.records,
          note: `${t.end ?? 'stopped'} run of ${s.trainSize} images`,
          weightBytes: check.weightBytes,
          params: check.params,
          inputSize: check.inputSize,
          numClasses: check.numClasses,
        },
        artifacts,
      );
      this.store.set({ currentId: meta.id, message: `Saved "${meta.name}".` });
      return meta;
    });
  }

  /** Saves a pruned model from the Prune view's last sweep, labelled with its level. */
  savePruned(artifacts: SerializedModel, note: string, testAcc: number, params: number, weightBytes: number): Promise<SavedModelMeta | null> {
    return this.run('Saving the pruned model', async () => {
      const t = this.lab.store.state.training;
      const dataset = this.lab.dataset;
      const meta = await this.library.save(
        {
          name: `pruned · ${note}`,
          kind: 'pruned',
          dataset: dataset?.name ?? 'unknown',
          settings: t.settings,
          valAcc: null,
          testAcc,
          records: [],
          note,
          weightBytes,
          params,
          inputSize: dataset?.train.height ?? 0,
          numClasses: dataset?.classNames.length ?? 0,
        },
        artifacts,
      );
      this.store.set({ message: `Saved "${meta.name}".` });
      return meta;
    });
  }

  /**
   * Makes a saved model the lab's current model (loaded into the training worker on the Train
   * view's backend, re-tested), then opens `view` so it can be served or pruned.
   */
  use(id: string, view: ViewId): Promise<SavedModelMeta | null> {
    return this.run('Loading the saved model', async () => {
      if (this.lab.busy) throw new Error('A training run is in progress: stop it before loading a saved model.');
      await this.lab.loadDataset();
      const { meta, artifacts } = await this.library.load(id);
      const settings: TrainSettings = { ...(meta.settings ?? this.lab.store.state.settings), backend: this.lab.store.state.settings.backend };
      const check = await this.lab.adoptModel(artifacts, settings);
      // A new training object tells the Serve view to export the adopted model afresh.
      this.lab.store.set({
        training: { ...IDLE_TRAINING, phase: 'finished', end: 'completed', settings, records: meta.records },
        hasModel: true,
        view,
      });
      this.store.set({ currentId: id, message: `Loaded "${meta.name}": test accuracy ${(check.testAcc * 100).toFixed(2)}% on ${check.testCount} unseen images (saved with ${meta.testAcc === null ? 'none recorded' : `${(meta.testAcc * 100).toFixed(2)}%`}).` });
      return meta;
    });
  }

  rename(id: string, name: string): Promise<void | null> {
    return this.run('Renaming', () => this.library.rename(id, name));
  }

  remove(id: string): Promise<void | null> {
    return this.run('Deleting', async () => {
      await this.library.remove(id);
      this.store.set({ compared: this.store.state.compared.filter((c) => c !== id), currentId: this.store.state.currentId === id ? null : this.store.state.currentId });
    });
  }

  toggleCompare(id: string, on: boolean): void {
    const rest = this.store.state.compared.filter((c) => c !== id);
    this.store.set({ compared: on ? [...rest, id] : rest });
  }

  /** The model.json and weights file of a saved model, ready to download. */
  async files(id: string) {
    const { meta, artifacts } = await this.library.load(id);
    // The metadata rides in model.json; the per-epoch records stay in the library.
    const small: Partial<SavedModelMeta> = { ...meta };
    delete small.records;
    return toModelFiles(artifacts, meta.name, small);
  }

  /** Downloads a saved model as two files through temporary object URLs (nothing leaves the machine). */
  download(id: string): Promise<void | null> {
    return this.run('Preparing the download', async () => {
      const f = await this.files(id);
      downloadBlob(f.jsonName, new Blob([f.json], { type: 'application/json' }));
      downloadBlob(f.binName, new Blob([f.bin], { type: 'application/octet-stream' }));
    });
  }

  /** Imports a model.json + weights pair: refused with a message if it is not a model this dataset can use. */
  importFiles(files: readonly File[]): Promise<SavedModelMeta | null> {
    return this.run('Checking the model files', async () => {
      const read = await fromModelFiles(files);
      const dataset = await this.lab.loadDataset();
      const check = await this.lab.checkArtifacts(read.artifacts, this.lab.store.state.settings.backend);
      const m = read.metadata ?? {};
      const name = typeof m['name'] === 'string' ? m['name'] : read.fileName.replace(/\.json$/i, '');
      const meta = await this.library.save(
        {
          name: `${name} (imported)`,
          kind: 'imported',
          dataset: dataset.name,
          settings: isSettings(m['settings']) ? m['settings'] : null,
          valAcc: typeof m['valAcc'] === 'number' ? m['valAcc'] : null,
          testAcc: check.testAcc,
          records: [],
          note: `from ${read.fileName}`,
          weightBytes: check.weightBytes,
          params: check.params,
          inputSize: check.inputSize,
          numClasses: check.numClasses,
        },
        read.artifacts,
      );
      this.store.set({ message: `Imported "${meta.name}": test accuracy ${(check.testAcc * 100).toFixed(2)}% on ${check.testCount} unseen images.` });
      return meta;
    });
  }
}

function isSettings(v: unknown): v is TrainSettings {
  return typeof v === 'object' && v !== null && typeof (v as TrainSettings).seed === 'number' && typeof (v as TrainSettings).width === 'number';
}
