// The dataset in use: the shipped set loaded once (decoded in a worker, shared by every caller
// that asks while it loads), or a person's own set from the Data view, handed to the training
// worker. A switch is refused while training or pruning holds the worker.
import type { LabelledDataset } from '../data/image-set.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import type { WorkbenchPort } from '../workbench/protocol.ts';
import { IDLE_TRAINING, isTrainingBusy, type LabState } from './lab-state.ts';
import type { Store } from './store.ts';

export interface DatasetLabDeps {
  store: Store<LabState>;
  port: Pick<WorkbenchPort, 'setDataset'>;
  /** Loads and decodes the shipped set, reporting progress. */
  loadShipped(onProgress: (done: number, total: number) => void): Promise<LabelledDataset>;
  /** Pruning holds the worker too. */
  pruning(): boolean;
  /** Applies training settings (a smaller set trains on all it has). */
  updateSettings(raw: { trainSize: number; batchSize: number }): void;
}

export class DatasetLab {
  /** The shipped set once loaded, kept so training can switch back to it. */
  private shipped: LabelledDataset | null = null;
  private loading: Promise<LabelledDataset> | null = null;

  constructor(private readonly deps: DatasetLabDeps) {}

  get dataset(): LabelledDataset | null {
    const d = this.deps.store.state.dataset;
    return d.kind === 'ready' ? d.dataset : null;
  }

  /** The dataset in use; the shipped set's load in flight is shared, never a second download. */
  load(): Promise<LabelledDataset> {
    const existing = this.dataset;
    if (existing) return Promise.resolve(existing);
    this.loading ??= this.loadShipped().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  /** Resolves once the shipped set's load at start-up has ended (any way). */
  async settled(): Promise<void> {
    if (this.deps.store.state.dataset.kind !== 'loading') return;
    await new Promise<void>((resolve) => {
      const off = this.deps.store.subscribe((s) => {
        if (s.dataset.kind === 'loading') return;
        off();
        resolve();
      });
    });
  }

  private async loadShipped(): Promise<LabelledDataset> {
    const { store, port } = this.deps;
    store.set({ dataset: { kind: 'loading', done: 0, total: 1 } });
    try {
      const dataset = await this.deps.loadShipped((done, total) => store.set({ dataset: { kind: 'loading', done, total } }));
      await port.setDataset(dataset);
      this.shipped = dataset;
      store.set({ dataset: { kind: 'ready', dataset } });
      return dataset;
    } catch (err) {
      store.set({ dataset: { kind: 'error', message: `Could not load the dataset: ${(err as Error).message}` } });
      throw err;
    }
  }

  /**
   * Switches training to a person's dataset, or back to the shipped one. The Train view's run
   * belonged to the old dataset's classes and test split, so it is set aside; the models made
   * from it stay in the registry with their dataset's identity.
   */
  async use(dataset: LabelledDataset | 'shipped'): Promise<LabelledDataset> {
    const { store, port } = this.deps;
    if (isTrainingBusy(store.state) || this.deps.pruning()) throw new Error('Training or pruning is running: stop it before switching the dataset.');
    if (store.state.dataset.kind === 'loading') throw new Error('The shipped dataset is still loading: wait for it before switching.');
    if (dataset === 'shipped' && !this.shipped) {
      store.set({ dataset: { kind: 'idle' } });
      return this.load();
    }
    const next = dataset === 'shipped' ? this.shipped! : dataset;
    await port.setDataset(next);
    store.set({ dataset: { kind: 'ready', dataset: next }, training: IDLE_TRAINING });
    // The default training-set size is the whole shipped split; a smaller set trains on all it has.
    this.deps.updateSettings({ trainSize: Math.min(DEFAULT_SETTINGS.trainSize, next.train.count), batchSize: Math.min(store.state.settings.batchSize, next.train.count) });
    return next;
  }
}
