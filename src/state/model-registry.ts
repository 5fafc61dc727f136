// The model registry: every model the app holds (trained, kept after a lost backend, pruned,
// loaded from files, restored from storage, read from a report) with a stable id, a version in
// its family, a unique name and its lineage; the latency measurements taken of each model on each
// serving backend; and the one selected model that Serve, Prune, Inside and the Ledger act on.
// Plain data in a store; weights are held for this tab's models and read from storage otherwise.
import type { SerializedModel } from '../model/artifact-check.ts';
import { Store } from './store.ts';
import type { Measurement, ModelEntry, RegistrySnapshot } from '../registry/records.ts';
import { descendantsIn } from '../registry/lineage.ts';

/** Tells the app's other tabs that storage changed, and hears when they change it (BroadcastChannel in the app). */
export interface RegistrySync {
  announce(): void;
  /** Calls `listener` whenever another tab announced a change; returns the unsubscribe. */
  listen(listener: () => void): () => void;
}

/** Where the registry keeps what outlives the tab (IndexedDB in the app, memory in tests). */
export interface RegistryStorage {
  /** Everything stored, and the model selected when the tab last closed. */
  loadAll(): Promise<RegistrySnapshot & { selectedId: string | null }>;
  /** A new model, with its weights when it has them, in one transaction. */
  putModel(entry: ModelEntry, artifacts: SerializedModel | null): Promise<void>;
  /** A changed entry (a new name). */
  updateModel(entry: ModelEntry): Promise<void>;
  /** The model, its weights and its measurements. */
  deleteModel(id: string): Promise<void>;
  putMeasurement(measurement: Measurement): Promise<void>;
  loadWeights(id: string): Promise<SerializedModel>;
  putSelection(id: string | null): Promise<void>;
}

export interface RegistryState extends RegistrySnapshot {
  /** The model Serve, Prune, Inside and the Ledger act on. */
  selectedId: string | null;
  /** Restored from storage yet? */
  restored: boolean;
  /** The last storage failure, in words a person can act on; the registry keeps working in memory. */
  storageError: string | null;
}

/** What a caller says about a new model; the registry gives it its id, family, version and name. */
export type ModelDraft = Omit<ModelEntry, 'id' | 'familyId' | 'family' | 'version' | 'name' | 'createdAt' | 'source' | 'hasWeights'> & {
  /** What the name says after "model 3.2 · ", e.g. "wasm, 3 epochs, seed 42". */
  label: string;
  /** Reuse an id (a model read back from a file that names its own). */
  id?: string;
};

let counter = 0;
const newId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
// structuredClone keeps NaN (a figure not measured), which JSON would turn into null.
const copy = <T>(x: T): T => structuredClone(x);

export class ModelRegistry {
  readonly store = new Store<RegistryState>({ models: [], measurements: [], selectedId: null, restored: false, storageError: null });
  /** Weights of this tab's models (and of stored ones once read), by model id. */
  private readonly weights = new Map<string, SerializedModel>();
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly storage: RegistryStorage | null = null,
    private readonly sync: RegistrySync | null = null,
  ) {
    // Another tab wrote: this tab's own writes land first, then it reads storage again.
    sync?.listen(() => void this.catchUp());
  }

  /**
   * Reads storage again after another tab wrote to it, so both tabs show the same models and
   * measurements: models the other tab made join (as saved ones), renames and deletions apply,
   * and nothing this tab made is dropped (its writes are flushed before the read). The selection
   * stays this tab's own.
   */
  async catchUp(): Promise<void> {
    if (!this.storage) return;
    await this.writes;
    try {
      const stored = await this.storage.loadAll();
      const mine = new Map(this.state.models.map((m) => [m.id, m]));
      const models = stored.models.map((m) => ({ ...m, source: mine.get(m.id)?.source ?? (m.source === 'session' ? ('saved' as const) : m.source) }));
      const ids = new Set(models.map((m) => m.id));
      for (const id of mine.keys()) if (!ids.has(id)) this.weights.delete(id);
      const selectedId = this.state.selectedId && ids.has(this.state.selectedId) ? this.state.selectedId : null;
      this.store.set({ models: sortByCreation(models), measurements: stored.measurements, selectedId });
    } catch (err) {
      this.store.set({ storageError: (err as Error).message });
    }
  }

  get state(): RegistryState {
    return this.store.state;
  }

  get models(): readonly ModelEntry[] {
    return this.state.models;
  }

  get measurements(): readonly Measurement[] {
    return this.state.measurements;
  }

  snapshot(): RegistrySnapshot {
    return { models: copy(this.state.models), measurements: copy(this.state.measurements) };
  }

  get(id: string | null | undefined): ModelEntry | null {
    return (id && this.state.models.find((m) => m.id === id)) || null;
  }

  /** The selected model, or null. */
  get selected(): ModelEntry | null {
    return this.get(this.state.selectedId);
  }

  /** Brings back what storage holds (once, at start); entries made meanwhile stay. */
  async restore(): Promise<void> {
    if (!this.storage) {
      this.store.set({ restored: true });
      return;
    }
    try {
      const stored = await this.storage.loadAll();
      const have = new Set(this.state.models.map((m) => m.id));
      const models = [...stored.models.filter((m) => !have.has(m.id)).map((m) => ({ ...m, source: m.source === 'session' ? ('saved' as const) : m.source })), ...this.state.models];
      const haveM = new Set(this.state.measurements.map((m) => m.id));
      const measurements = [...stored.measurements.filter((m) => !haveM.has(m.id)), ...this.state.measurements];
      const selectedId = this.state.selectedId ?? (models.some((m) => m.id === stored.selectedId) ? stored.selectedId : null);
      this.store.set({ models: sortByCreation(models), measurements, selectedId, restored: true });
    } catch (err) {
      this.store.set({ restored: true, storageError: (err as Error).message });
    }
  }

  /** Adds a model made now; with artifacts it can be served and is stored with its weights. */
  add(draft: ModelDraft, artifacts: SerializedModel | null, source: ModelEntry['source'] = 'session'): ModelEntry {
    const { label, id: wantedId, ...rest } = draft;
    const parent = this.get(draft.parentId);
    const id = wantedId && !this.get(wantedId) ? wantedId : newId(parent ? 'v' : 'm');
    const family = parent ? parent.family : this.nextFamily();
    const version = parent ? this.nextVersion(parent.familyId) : 1;
    const entry: ModelEntry = {
      ...copy(rest),
      id,
      familyId: parent ? parent.familyId : id,
      family,
      version,
      name: this.uniqueName(`model ${family}.${version} · ${label}`),
      createdAt: new Date().toISOString(),
      source,
      hasWeights: artifacts !== null,
    };
    if (artifacts) this.weights.set(id, artifacts);
    this.store.set({ models: [...this.state.models, entry] });
    this.persist((s) => s.putModel(entry, artifacts));
    return entry;
  }

  /** Entries read from a report file: kept as they are (measurements only, no weights). */
  addFromReport(snapshot: RegistrySnapshot): number {
    const have = new Set(this.state.models.map((m) => m.id));
    // Names stay unique within the import too: each new name counts as taken for the next.
    const taken = new Set(this.state.models.map((m) => m.name));
    const fresh = snapshot.models.filter((m) => !have.has(m.id)).map((m) => {
      const name = uniqueAmong(taken, m.name);
      taken.add(name);
      return { ...copy(m), source: 'report' as const, hasWeights: false, name };
    });
    const freshIds = new Set(fresh.map((m) => m.id));
    const measurements = snapshot.measurements.filter((m) => freshIds.has(m.modelId)).map(copy);
    this.store.set({ models: [...this.state.models, ...fresh], measurements: [...this.state.measurements, ...measurements] });
    for (const m of fresh) this.persist((s) => s.putModel(m, null));
    for (const m of measurements) this.persist((s) => s.putMeasurement(m));
    return fresh.length;
  }

  /** Records one latency measurement of a model on a backend. */
  measure(m: Omit<Measurement, 'id' | 'date'>): Measurement | null {
    if (!this.get(m.modelId) || !(m.count > 0)) return null;
    const measurement: Measurement = { ...copy(m), id: newId('meas'), date: new Date().toISOString() };
    this.store.set({ measurements: [...this.state.measurements, measurement] });
    this.persist((s) => s.putMeasurement(measurement));
    return measurement;
  }

  /** Records the measurements one interleaved run made of several models, under one shared runId. */
  measureOneRun(ms: readonly Omit<Measurement, 'id' | 'date' | 'runId'>[]): Measurement[] {
    const runId = newId('run');
    return ms.flatMap((m) => this.measure({ ...m, runId }) ?? []);
  }

  /** Measurements of one model (on one backend, if given), oldest first. */
  measurementsOf(modelId: string, backend?: string): Measurement[] {
    return this.state.measurements.filter((m) => m.modelId === modelId && (backend === undefined || m.backend === backend));
  }

  select(id: string | null): void {
    if (id !== null && !this.get(id)) throw new Error(`No model with id "${id}" in the registry.`);
    if (id === this.state.selectedId) return;
    this.store.set({ selectedId: id });
    this.persist((s) => s.putSelection(id));
  }

  /** The weights of a model, from memory or from storage. */
  async artifacts(id: string): Promise<SerializedModel> {
    const entry = this.get(id);
    if (!entry) throw new Error(`No model with id "${id}" in the registry.`);
    const held = this.weights.get(id);
    if (held) return held;
    if (!entry.hasWeights || !this.storage) {
      const why = entry.source === 'report' ? 'it was read from a report, which keeps measurements only' : 'its weights were not kept';
      throw new Error(`"${entry.name}" has no weights here: ${why}.`);
    }
    const loaded = await this.storage.loadWeights(id);
    this.weights.set(id, loaded);
    return loaded;
  }

  rename(id: string, name: string): ModelEntry {
    const entry = this.get(id);
    if (!entry) throw new Error(`No model with id "${id}".`);
    const trimmed = name.trim();
    if (trimmed === '') throw new Error('A model name cannot be empty.');
    if (trimmed.length > 80) throw new Error(`A model name can be at most 80 characters, got ${trimmed.length}.`);
    if (this.state.models.some((m) => m.id !== id && m.name === trimmed)) throw new Error(`Another model is already named "${trimmed}": names are unique.`);
    const renamed = { ...entry, name: trimmed };
    this.store.set({ models: this.state.models.map((m) => (m.id === id ? renamed : m)) });
    this.persist((s) => s.updateModel(renamed));
    return renamed;
  }

  /** Deletes a model and its measurements; its children keep their lineage (the parent shows as deleted). */
  remove(id: string): void {
    if (!this.get(id)) return;
    this.weights.delete(id);
    this.store.set({
      models: this.state.models.filter((m) => m.id !== id),
      measurements: this.state.measurements.filter((m) => m.modelId !== id),
      selectedId: this.state.selectedId === id ? null : this.state.selectedId,
    });
    this.persist((s) => s.deleteModel(id));
  }

  /** The chain from the family's root down to this model. */
  ancestry(id: string): ModelEntry[] {
    const chain: ModelEntry[] = [];
    for (let m = this.get(id); m; m = this.get(m.parentId)) chain.unshift(m);
    return chain;
  }

  children(id: string): ModelEntry[] {
    return this.state.models.filter((m) => m.parentId === id);
  }

  /** Every model made from this one at any remove (its children, theirs, ...), nearest first. */
  descendants(id: string): ModelEntry[] {
    return descendantsIn(this.state.models, id);
  }

  /** Resolves when every storage write so far has settled (tests, and before a reload). */
  flushed(): Promise<void> {
    return this.writes;
  }

  private persist(write: (s: RegistryStorage) => Promise<void>): void {
    const storage = this.storage;
    if (!storage) return;
    // One write at a time, in order; a failure is shown, and the registry goes on in memory.
    // Each landed write is announced, so the app's other tabs read it.
    this.writes = this.writes.then(() => write(storage)).then(
      () => this.sync?.announce(),
      (err: unknown) => this.store.set({ storageError: (err as Error).message }),
    );
  }

  private nextFamily(): number {
    return this.state.models.reduce((n, m) => Math.max(n, m.family), 0) + 1;
  }

  private nextVersion(familyId: string): number {
    return this.state.models.filter((m) => m.familyId === familyId).reduce((n, m) => Math.max(n, m.version), 0) + 1;
  }

  private uniqueName(base: string): string {
    return uniqueAmong(new Set(this.state.models.map((m) => m.name)), base);
  }
}

/** `base`, or `base (2)`, `base (3)`… whichever is not taken yet. */
function uniqueAmong(taken: ReadonlySet<string>, base: string): string {
  if (!taken.has(base)) return base;
  let k = 2;
  while (taken.has(`${base} (${k})`)) k++;
  return `${base} (${k})`;
}

function sortByCreation(models: ModelEntry[]): ModelEntry[] {
  return [...models].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
