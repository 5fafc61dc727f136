// The Models view's controller: every registry model with its lineage; choosing the model the
// other views use; renaming, deleting and downloading models (TF.js's own two files, with the
// registry entry riding in model.json so a model read back keeps its id); reading a model from
// files after checking it against the dataset in the training worker; the storage estimate.
import { downloadBlob } from './download.ts';
import type { LabelledDataset } from '../data/image-set.ts';
import { fromModelFiles, toModelFiles, type ModelFiles } from '../model/model-files.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { WorkbenchPort } from '../workbench/protocol.ts';
import type { ViewId } from './lab-state.ts';
import type { ModelRecorder } from './model-recorder.ts';
import type { ModelRegistry } from './model-registry.ts';
import { Store } from './store.ts';
import { TaskRunner } from './task-runner.ts';

export interface ModelsState {
  /** Ids ticked for the comparison table. */
  compared: string[];
  /** The last outcome worth telling (imported, renamed, refused...). */
  message: string | null;
  /** navigator.storage.estimate(), when the browser gives it. */
  usageBytes: number | null;
  quotaBytes: number | null;
}

export interface ModelsLabDeps {
  registry: ModelRegistry;
  port: Pick<WorkbenchPort, 'checkArtifacts'>;
  recorder: Pick<ModelRecorder, 'imported'>;
  dataset(): Promise<LabelledDataset>;
  /** The Train view's settings: a model read from files is checked on its backend. */
  settings(): TrainSettings;
  openView(view: ViewId): void;
  /** Training holds the worker (checking a file needs it). */
  training(): boolean;
  estimate(): Promise<{ usageBytes: number; quotaBytes: number } | null>;
}

export class ModelsLab {
  readonly store = new Store<ModelsState>({ compared: [], message: null, usageBytes: null, quotaBytes: null });
  readonly task = new TaskRunner();

  constructor(private readonly deps: ModelsLabDeps) {}

  private tell(message: string): void {
    this.store.set({ message });
  }

  /** Selects model `id` and opens `view` on it (Serve, Prune, Inside load it from there as needed). */
  async use(id: string, view: ViewId): Promise<void> {
    const entry = this.deps.registry.get(id);
    if (!entry) {
      this.task.fail(`No model with id "${id}": it may have been deleted.`);
      return;
    }
    this.task.clearError();
    this.deps.registry.select(id);
    this.tell(`"${entry.name}" is the model in use.`);
    this.deps.openView(view);
  }

  rename(id: string, name: string): Promise<void | null> {
    return this.task.run('Renaming', async () => {
      const renamed = this.deps.registry.rename(id, name);
      this.tell(`Renamed to "${renamed.name}".`);
    });
  }

  remove(id: string): Promise<void | null> {
    return this.task.run('Deleting', async () => {
      const entry = this.deps.registry.get(id);
      this.deps.registry.remove(id);
      await this.deps.registry.flushed();
      this.store.set({ compared: this.store.state.compared.filter((c) => c !== id) });
      if (entry) this.tell(`Deleted "${entry.name}".`);
      void this.refreshEstimate();
    });
  }

  /** Deletes a model and every model made from it (a drift run's chain of retrained versions, say). */
  removeWithDescendants(id: string): Promise<void | null> {
    return this.task.run('Deleting', async () => {
      const entry = this.deps.registry.get(id);
      if (!entry) throw new Error(`No model with id "${id}": it may have been deleted.`);
      const family = [entry, ...this.deps.registry.descendants(id)];
      for (const m of family) this.deps.registry.remove(m.id);
      await this.deps.registry.flushed();
      const gone = new Set(family.map((m) => m.id));
      this.store.set({ compared: this.store.state.compared.filter((c) => !gone.has(c)) });
      const n = family.length - 1;
      this.tell(`Deleted "${entry.name}" and the ${n} model${n === 1 ? '' : 's'} made from it.`);
      void this.refreshEstimate();
    });
  }

  toggleCompare(id: string, on: boolean): void {
    const rest = this.store.state.compared.filter((c) => c !== id);
    this.store.set({ compared: on ? [...rest, id] : rest });
  }

  /** The model.json and weights file of a model, ready to download. */
  async files(id: string): Promise<ModelFiles> {
    const entry = this.deps.registry.get(id);
    if (!entry) throw new Error(`No model with id "${id}".`);
    const artifacts = await this.deps.registry.artifacts(id);
    // The registry entry rides in model.json (the per-epoch records stay in the registry).
    const origin = entry.origin.kind === 'trained' ? { ...entry.origin, epochs: [] } : entry.origin;
    return toModelFiles(artifacts, entry.name, { ...entry, origin });
  }

  /** Downloads a model as two files through temporary object URLs (nothing leaves the machine). */
  download(id: string): Promise<void | null> {
    return this.task.run('Preparing the download', async () => {
      const f = await this.files(id);
      downloadBlob(f.jsonName, new Blob([f.json], { type: 'application/json' }));
      downloadBlob(f.binName, new Blob([f.bin], { type: 'application/octet-stream' }));
    });
  }

  /** Reads a model.json + weights pair: refused with a message if it is not a model this dataset can use. */
  importFiles(files: readonly File[]): Promise<void | null> {
    return this.task.run('Checking the model files', async () => {
      if (this.deps.training()) throw new Error('A training run holds the training worker, which checks model files: load them once the run ends.');
      const read = await fromModelFiles(files);
      const dataset = await this.deps.dataset();
      const check = await this.deps.port.checkArtifacts(read.artifacts, this.deps.settings().backend);
      const m = read.metadata ?? {};
      const name = typeof m['name'] === 'string' ? m['name'] : read.fileName.replace(/\.json$/i, '');
      const origin = m['origin'] as { settings?: unknown } | undefined;
      const settings = isSettings(origin?.settings) ? origin.settings : isSettings(m['settings']) ? m['settings'] : null;
      // A downloaded model names its registry id: read back into a registry without it, it keeps that id.
      const id = typeof m['id'] === 'string' ? m['id'] : undefined;
      const entry = await this.deps.recorder.imported(read.fileName, name, settings, typeof m['valAcc'] === 'number' ? m['valAcc'] : null, check, dataset, read.artifacts, id);
      this.tell(`Loaded "${entry.name}": test accuracy ${(check.testAcc * 100).toFixed(2)}% on ${check.testCount} unseen images.`);
    });
  }

  async refreshEstimate(): Promise<void> {
    const e = await this.deps.estimate().catch(() => null);
    if (e) this.store.set({ usageBytes: e.usageBytes, quotaBytes: e.quotaBytes });
  }
}

function isSettings(v: unknown): v is TrainSettings {
  return typeof v === 'object' && v !== null && typeof (v as TrainSettings).seed === 'number' && typeof (v as TrainSettings).width === 'number';
}
