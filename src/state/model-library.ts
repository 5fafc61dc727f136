// The saved-model library: trained, pruned and imported models with their metadata, kept in the
// browser's IndexedDB (through `idb`) so a reload restores them. Plain data only, no TF.js.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SerializedModel } from '../model/artifact-check.ts';
import { validateArtifacts } from '../model/artifact-check.ts';
import type { EpochRecord } from '../metrics/report.ts';
import type { TrainSettings } from '../train/settings.ts';
import { Store } from './store.ts';

export type SavedModelKind = 'trained' | 'pruned' | 'imported';

/** What the list shows for a saved model; the weights live in a separate object store. */
export interface SavedModelMeta {
  id: string;
  name: string;
  kind: SavedModelKind;
  /** Dataset the model was trained (or checked) on. */
  dataset: string;
  /** Training settings (seed included); null for an imported model with none recorded. */
  settings: TrainSettings | null;
  /** Validation accuracy after the last epoch, as the training run measured it. */
  valAcc: number | null;
  /** Test accuracy measured in the training worker on every unseen test image when saved. */
  testAcc: number | null;
  /** Per-epoch records of the training run, for comparing runs again. */
  records: EpochRecord[];
  /** e.g. "structured 50% of filters" for a pruned model. */
  note: string;
  /** ISO time of saving. */
  savedAt: string;
  weightBytes: number;
  params: number;
  inputSize: number;
  numClasses: number;
}

interface LibrarySchema extends DBSchema {
  models: { key: string; value: SavedModelMeta };
  weights: { key: string; value: { id: string; artifacts: SerializedModel } };
  runs: { key: string; value: { id: string } & Record<string, unknown> };
}

export const LIBRARY_DB = 'train-serve-lab';

export interface LibraryState {
  status: 'closed' | 'opening' | 'ready' | 'unavailable';
  /** Newest first. */
  models: SavedModelMeta[];
  /** The last storage problem, in words a person can act on. */
  error: string | null;
  /** navigator.storage.estimate(), when the browser gives it. */
  usageBytes: number | null;
  quotaBytes: number | null;
}

/** Turns IndexedDB's exceptions into messages: full storage and blocked storage above all. */
export function storageMessage(err: unknown, doing: string): string {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'QuotaExceededError') return `Could not ${doing}: browser storage is full. Delete saved models (or free space for this site) and try again.`;
  if (e?.name === 'SecurityError' || e?.name === 'InvalidStateError') {
    return `Could not ${doing}: this browser does not allow storage for the page (private browsing or storage disabled), so models will not survive a reload.`;
  }
  return `Could not ${doing}: ${e?.message ?? String(err)}`;
}

export class ModelLibrary {
  readonly store = new Store<LibraryState>({ status: 'closed', models: [], error: null, usageBytes: null, quotaBytes: null });
  private db: Promise<IDBPDatabase<LibrarySchema> | null> | null = null;

  constructor(private readonly dbName = LIBRARY_DB) {}

  /** Opens the database once and loads the list; storage failure leaves status 'unavailable' with a message. */
  open(): Promise<IDBPDatabase<LibrarySchema> | null> {
    this.db ??= this.openOnce();
    return this.db;
  }

  private async openOnce(): Promise<IDBPDatabase<LibrarySchema> | null> {
    this.store.set({ status: 'opening' });
    try {
      if (typeof indexedDB === 'undefined') throw Object.assign(new Error('no IndexedDB'), { name: 'SecurityError' });
      const db = await openDB<LibrarySchema>(this.dbName, 1, {
        upgrade(db) {
          db.createObjectStore('models', { keyPath: 'id' });
          db.createObjectStore('weights', { keyPath: 'id' });
          db.createObjectStore('runs', { keyPath: 'id' });
        },
      });
      this.store.set({ status: 'ready', models: sortNewest(await db.getAll('models')), error: null });
      void this.refreshEstimate();
      return db;
    } catch (err) {
      this.store.set({ status: 'unavailable', error: storageMessage(err, 'open the saved-model library') });
      return null;
    }
  }

  private async ready(doing: string): Promise<IDBPDatabase<LibrarySchema>> {
    const db = await this.open();
    if (!db) throw new Error(this.store.state.error ?? storageMessage(new Error('unavailable'), doing));
    return db;
  }

  /** Saves a model and its metadata in one transaction; returns the stored metadata. */
  async save(meta: Omit<SavedModelMeta, 'id' | 'savedAt'>, artifacts: SerializedModel): Promise<SavedModelMeta> {
    const db = await this.ready('save the model');
    const checked = validateArtifacts(artifacts);
    const full: SavedModelMeta = { ...meta, id: newId(), savedAt: new Date().toISOString() };
    try {
      const tx = db.transaction(['models', 'weights'], 'readwrite');
      await Promise.all([tx.objectStore('weights').put({ id: full.id, artifacts: checked }), tx.objectStore('models').put(full), tx.done]);
    } catch (err) {
      const message = storageMessage(err, `save "${meta.name}"`);
      this.store.set({ error: message });
      throw new Error(message);
    }
    this.store.set({ models: sortNewest([...this.store.state.models, full]), error: null });
    void this.refreshEstimate();
    return full;
  }

  /** The saved artifacts of a model, checked again (storage can be edited or cut short). */
  async load(id: string): Promise<{ meta: SavedModelMeta; artifacts: SerializedModel }> {
    const db = await this.ready('load the model');
    const [meta, weights] = await Promise.all([db.get('models', id), db.get('weights', id)]);
    if (!meta || !weights) throw new Error(`No saved model with id "${id}": it may have been deleted in another tab.`);
    return { meta, artifacts: validateArtifacts(weights.artifacts) };
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (trimmed === '') throw new Error('A model name cannot be empty.');
    if (trimmed.length > 80) throw new Error(`A model name can be at most 80 characters, got ${trimmed.length}.`);
    const db = await this.ready('rename the model');
    const meta = await db.get('models', id);
    if (!meta) throw new Error(`No saved model with id "${id}".`);
    const renamed = { ...meta, name: trimmed };
    await db.put('models', renamed);
    this.store.set({ models: this.store.state.models.map((m) => (m.id === id ? renamed : m)) });
  }

  async remove(id: string): Promise<void> {
    const db = await this.ready('delete the model');
    const tx = db.transaction(['models', 'weights'], 'readwrite');
    await Promise.all([tx.objectStore('models').delete(id), tx.objectStore('weights').delete(id), tx.done]);
    this.store.set({ models: this.store.state.models.filter((m) => m.id !== id) });
    void this.refreshEstimate();
  }

  /** Every stored run-history entry (issue 6's RunHistory persists through these). */
  async loadRuns<T extends { id: string }>(): Promise<T[]> {
    const db = await this.open();
    return db ? ((await db.getAll('runs')) as unknown as T[]) : [];
  }

  async putRun<T extends { id: string }>(entry: T): Promise<void> {
    const db = await this.ready('save the run history');
    await db.put('runs', entry as unknown as LibrarySchema['runs']['value']);
  }

  async deleteRun(id: string): Promise<void> {
    const db = await this.ready('delete the run');
    await db.delete('runs', id);
  }

  async refreshEstimate(): Promise<void> {
    const storage = globalThis.navigator?.storage;
    if (!storage?.estimate) return;
    try {
      const { usage, quota } = await storage.estimate();
      this.store.set({ usageBytes: usage ?? null, quotaBytes: quota ?? null });
    } catch {
      // An estimate is a nicety; the library works without it.
    }
  }

  /** Closes the connection (tests, and before deleting the database). */
  async close(): Promise<void> {
    const db = await this.db;
    db?.close();
    this.db = null;
    this.store.set({ status: 'closed' });
  }
}

function sortNewest(models: SavedModelMeta[]): SavedModelMeta[] {
  return [...models].sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

function newId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `m-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
