// The dataset in use: the shipped set loaded once (decoded in a worker, shared by every caller
// that asks while it loads), or a person's own set from the Data view, handed to the training
// worker. A switch is refused while training or pruning holds the worker.
import type { LabelledDataset } from '../data/image-set.ts';
import type { WorkbenchPort } from '../workbench/protocol.ts';
import { IDLE_TRAINING, isTrainingBusy, type LabState } from './lab-state.ts';
import { Store } from './store.ts';

export interface DatasetLabDeps {
  store: Store<LabState>;
  port: Pick<WorkbenchPort, 'setDataset'>;
  /** Loads and decodes the shipped set, reporting progress. */
  loadShipped(onProgress: (done: number, total: number) => void): Promise<LabelledDataset>;
  /** Pruning holds the worker too. */
  pruning(): boolean;
  /** Applies training settings (only those a smaller set forces to change). */
  updateSettings(raw: Partial<{ trainSize: number; batchSize: number }>): void;
}

/** A training setting a dataset switch changed, with the reason in words. */
export interface SettingChange {
  field: 'trainSize' | 'batchSize';
  /** The field as the Train view labels it. */
  label: string;
  from: number;
  to: number;
  why: string;
}

/** What the last dataset switch did, for the Data view's message and the Train view. */
export interface DatasetSwitch {
  from: string;
  to: string;
  /** Settings changed because the new set could not take them (or back to the person's own value). */
  changes: SettingChange[];
  /** The Train view's last run (of the old dataset) was set aside; null when there was none. */
  setAside: { epochs: number; modelId: string | null } | null;
}

/** A person's own value that a switch had to lower, and what it was lowered to (so a switch back restores it). */
type Lowered = Partial<Record<SettingChange['field'], { wanted: number; applied: number }>>;

const LABELS: Record<SettingChange['field'], string> = { trainSize: 'Training-set size', batchSize: 'Batch size' };

/** One sentence per change, e.g. "Training-set size 2,000 → 32: ...". */
export function describeChanges(changes: readonly SettingChange[]): string {
  return changes.map((c) => `${c.label} ${c.from.toLocaleString('en')} → ${c.to.toLocaleString('en')}: ${c.why}.`).join(' ');
}

/** What a switch did to the training settings and the Train view, in sentences. */
export function switchText(change: DatasetSwitch | null): string {
  if (!change) return '';
  const settings = change.changes.length > 0 ? describeChanges(change.changes) : 'Training settings unchanged.';
  const aside = change.setAside
    ? ` The Train view's last run (${change.setAside.epochs} epoch${change.setAside.epochs === 1 ? '' : 's'}, on "${change.from}") was set aside, since its classes and test images were the old set's${change.setAside.modelId ? '; its model stays in the Models view' : ''}.`
    : '';
  return `${settings}${aside}`;
}

export class DatasetLab {
  /** The shipped set once loaded, kept so training can switch back to it. */
  private shipped: LabelledDataset | null = null;
  private loading: Promise<LabelledDataset> | null = null;

  constructor(private readonly deps: DatasetLabDeps) {
    // The report belongs to the switch; once a run starts on the new set it is old news.
    deps.store.select((s) => isTrainingBusy(s), (busy) => {
      if (busy) this.dismissSwitch();
    });
  }

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

  /** What the last switch changed; null before one, or once a run started after it. */
  readonly lastSwitch = new Store<{ change: DatasetSwitch | null }>({ change: null });
  private lowered: Lowered = {};

  /**
   * Switches training to a person's dataset, or back to the shipped one. The Train view's run
   * belonged to the old dataset's classes and test split, so it is set aside (its model stays in
   * the registry with its dataset's identity). Training settings change only where the new set
   * cannot take them: a training-set size above its training images, a batch above that size; a
   * value lowered by an earlier switch comes back when it fits again. Every change is reported.
   */
  async use(dataset: LabelledDataset | 'shipped'): Promise<LabelledDataset> {
    const { store, port } = this.deps;
    if (isTrainingBusy(store.state) || this.deps.pruning()) throw new Error('Training or pruning is running: stop it before switching the dataset.');
    if (store.state.dataset.kind === 'loading') throw new Error('The shipped dataset is still loading: wait for it before switching.');
    const fromName = this.dataset?.name ?? 'the shipped set';
    const before = store.state.training;
    const setAside = before.phase === 'idle' ? null : { epochs: before.records.length, modelId: before.modelId };
    let next: LabelledDataset;
    if (dataset === 'shipped' && !this.shipped) {
      store.set({ dataset: { kind: 'idle' }, training: IDLE_TRAINING });
      next = await this.load();
    } else {
      next = dataset === 'shipped' ? this.shipped! : dataset;
      await port.setDataset(next);
      store.set({ dataset: { kind: 'ready', dataset: next }, training: IDLE_TRAINING });
    }
    const changes = this.fitSettings(next.train.count);
    this.lastSwitch.set({ change: { from: fromName, to: next.name, changes, setAside } });
    return next;
  }

  /** Lowers what the new set cannot take and restores what an earlier switch lowered; returns what changed. */
  private fitSettings(trainImages: number): SettingChange[] {
    const { store } = this.deps;
    const current = store.state.settings;
    // A value the person changed since the last switch is theirs now: forget what that switch lowered.
    const wanted = (field: SettingChange['field']): number => {
      const l = this.lowered[field];
      return l && l.applied === current[field] ? l.wanted : current[field];
    };
    const wantTrain = wanted('trainSize');
    const wantBatch = wanted('batchSize');
    const trainSize = Math.min(wantTrain, trainImages);
    const batchSize = Math.min(wantBatch, trainSize);
    const patch: Partial<Record<SettingChange['field'], number>> = {};
    if (trainSize !== current.trainSize) patch.trainSize = trainSize;
    if (batchSize !== current.batchSize) patch.batchSize = batchSize;
    if (Object.keys(patch).length > 0) this.deps.updateSettings(patch);
    const after = store.state.settings;
    this.lowered = {};
    if (after.trainSize < wantTrain) this.lowered.trainSize = { wanted: wantTrain, applied: after.trainSize };
    if (after.batchSize < wantBatch) this.lowered.batchSize = { wanted: wantBatch, applied: after.batchSize };
    const changes: SettingChange[] = [];
    if (after.trainSize !== current.trainSize) {
      const why = after.trainSize < current.trainSize ? `this set has only ${trainImages.toLocaleString('en')} training images` : 'your setting from before the last switch, which fits this set';
      changes.push({ field: 'trainSize', label: LABELS.trainSize, from: current.trainSize, to: after.trainSize, why });
    }
    if (after.batchSize !== current.batchSize) {
      const why = after.batchSize < current.batchSize ? `a batch cannot be larger than the ${after.trainSize.toLocaleString('en')} training images used` : 'your setting from before the last switch, which fits again';
      changes.push({ field: 'batchSize', label: LABELS.batchSize, from: current.batchSize, to: after.batchSize, why });
    }
    return changes;
  }

  /** Forgets the last switch's report (a run started, or the person dismissed it). */
  dismissSwitch(): void {
    this.lastSwitch.set({ change: null });
  }
}
