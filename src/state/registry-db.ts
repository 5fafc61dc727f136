// The model registry kept in this browser's IndexedDB (through `idb`): model entries, their weights,
// their measurements and the selection, in the database the first version of the app wrote. Opening
// that older database moves its saved models and run history into registry records, once.
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { validateArtifacts, type SerializedModel } from '../model/artifact-check.ts';
import { migrateV1, type V1RunEntry, type V1SavedModelMeta } from '../registry/migrate-v1.ts';
import type { Measurement, ModelEntry, RegistrySnapshot } from '../registry/records.ts';
import type { RegistryStorage } from './model-registry.ts';

/** The same database the first version wrote (version 1: stores models, weights, runs). */
export const REGISTRY_DB = 'train-serve-lab';
export const REGISTRY_DB_VERSION = 2;

interface RegistrySchema extends DBSchema {
  registry: { key: string; value: ModelEntry };
  /** The same rows as version 1, so a saved model's weights stay where they were. */
  weights: { key: string; value: { id: string; artifacts: SerializedModel } };
  measurements: { key: string; value: Measurement; indexes: { modelId: string } };
  /** Out-of-line keys: 'selection' -> the selected model's id, or null. */
  meta: { key: string; value: string | null };
}

type RegistryDb = IDBPDatabase<RegistrySchema>;
type UpgradeTx = IDBPTransaction<RegistrySchema, ('registry' | 'weights' | 'measurements' | 'meta')[], 'versionchange'>;

/** Turns IndexedDB's exceptions into messages: full storage and blocked storage above all. */
export function storageMessage(err: unknown, doing: string): string {
  const e = err as { name?: string; message?: string };
  if (e?.name === 'QuotaExceededError') return `Could not ${doing}: browser storage is full. Delete saved models (or free space for this site) and try again.`;
  if (e?.name === 'SecurityError' || e?.name === 'InvalidStateError') {
    return `Could not ${doing}: this browser does not allow storage for the page (private browsing or storage disabled), so models will not survive a reload.`;
  }
  if (e?.name === 'VersionError') return `Could not ${doing}: a newer version of this app has updated this browser's storage (in another tab?). Reload this page to get that version.`;
  return `Could not ${doing}: ${e?.message ?? String(err)}`;
}

/** How much this site stores and may store (navigator.storage.estimate), or null when the browser does not say. */
export async function storageEstimate(): Promise<{ usageBytes: number; quotaBytes: number } | null> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.estimate) return null;
  try {
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? null : { usageBytes: usage, quotaBytes: quota };
  } catch {
    // An estimate is a nicety; storage works without it.
    return null;
  }
}

export class IdbRegistryStorage implements RegistryStorage {
  private db: Promise<RegistryDb> | null = null;
  /** Set once another tab takes the database over; every later call says so instead of failing obscurely. */
  private closedBecause: string | null = null;

  constructor(private readonly dbName = REGISTRY_DB) {}

  async loadAll(): Promise<RegistrySnapshot & { selectedId: string | null }> {
    return this.run('open the saved models', async (db) => {
      const tx = db.transaction(['registry', 'measurements', 'meta'], 'readonly');
      const [models, measurements, selectedId] = await Promise.all([
        tx.objectStore('registry').getAll(),
        tx.objectStore('measurements').getAll(),
        tx.objectStore('meta').get('selection'),
        tx.done,
      ]);
      // Keys order them by id; the registry lists measurements oldest first.
      measurements.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
      return { models, measurements, selectedId: selectedId ?? null };
    });
  }

  async putModel(entry: ModelEntry, artifacts: SerializedModel | null): Promise<void> {
    await this.run(`save "${entry.name}"`, async (db) => {
      // Checked before anything is written: refused weights leave no entry behind.
      const checked = artifacts ? validateArtifacts(artifacts) : null;
      const tx = db.transaction(['registry', 'weights'], 'readwrite');
      await Promise.all([tx.objectStore('registry').put(entry), checked ? tx.objectStore('weights').put({ id: entry.id, artifacts: checked }) : null, tx.done]);
    });
  }

  async updateModel(entry: ModelEntry): Promise<void> {
    await this.run(`save the changes to "${entry.name}"`, (db) => db.put('registry', entry));
  }

  async deleteModel(id: string): Promise<void> {
    await this.run('delete the model', async (db) => {
      const tx = db.transaction(['registry', 'weights', 'measurements', 'meta'], 'readwrite');
      const done = tx.done;
      // Awaited below; handled now so an abort during the reads is not reported as unhandled.
      done.catch(() => undefined);
      const measurements = tx.objectStore('measurements');
      const [keys, selected] = await Promise.all([measurements.index('modelId').getAllKeys(id), tx.objectStore('meta').get('selection')]);
      await Promise.all([
        tx.objectStore('registry').delete(id),
        tx.objectStore('weights').delete(id),
        ...keys.map((k) => measurements.delete(k)),
        selected === id ? tx.objectStore('meta').put(null, 'selection') : null,
        done,
      ]);
    });
  }

  async putMeasurement(measurement: Measurement): Promise<void> {
    await this.run('save the measurement', (db) => db.put('measurements', measurement));
  }

  async loadWeights(id: string): Promise<SerializedModel> {
    return this.run("load the model's weights", async (db) => {
      const row = await db.get('weights', id);
      if (!row) throw new Error(`no weights are stored for model "${id}" (deleted in another tab?).`);
      // Checked again: storage can be edited or cut short.
      return validateArtifacts(row.artifacts);
    });
  }

  async putSelection(id: string | null): Promise<void> {
    await this.run('remember the selected model', (db) => db.put('meta', id, 'selection'));
  }

  /** Closes the connection (tests, and before deleting the database). */
  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    (await db?.catch(() => null))?.close();
  }

  private async run<T>(doing: string, body: (db: RegistryDb) => Promise<T>): Promise<T> {
    const db = await this.connection(doing);
    try {
      return await body(db);
    } catch (err) {
      throw new Error(storageMessage(err, doing));
    }
  }

  private connection(doing: string): Promise<RegistryDb> {
    if (this.closedBecause) return Promise.reject(new Error(`Could not ${doing}: ${this.closedBecause}`));
    this.db ??= this.open(doing).catch((err: unknown) => {
      // The next call tries again (the other tab may have closed by then).
      this.db = null;
      throw err;
    });
    return this.db;
  }

  private open(doing: string): Promise<RegistryDb> {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error(storageMessage({ name: 'SecurityError' }, doing)));
    let migrationError: unknown = null;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        reject(new Error(message));
      };
      // Some browsers (private modes) throw from indexedDB.open itself rather than failing the request.
      try {
        openDB<RegistrySchema>(this.dbName, REGISTRY_DB_VERSION, {
          upgrade: (db, oldVersion, _newVersion, tx) => {
            // An aborted upgrade rejects the open, which is reported there; this promise says it again.
            tx.done.catch(() => undefined);
            if (oldVersion < 1) db.createObjectStore('weights', { keyPath: 'id' });
            db.createObjectStore('registry', { keyPath: 'id' });
            db.createObjectStore('measurements', { keyPath: 'id' }).createIndex('modelId', 'modelId');
            db.createObjectStore('meta');
            if (oldVersion < 1) return;
            migrateFromV1(db, tx).catch((err: unknown) => {
              // Aborting keeps version 1 exactly as it was: nothing is lost, a later version can retry.
              migrationError = err;
              try {
                tx.abort();
              } catch {
                // Already finished: the open's error says what happened.
              }
            });
          },
          // An older tab holds the database open and does not let go: the upgrade waits for it.
          blocked: () => fail(`Could not ${doing}: another tab of this app still has them open with an older version. Close or reload that tab, then reload this one.`),
          blocking: (_current, next) => {
            // Another tab wants a newer version (or to delete the database): let it, and say so from now on.
            this.closedBecause = next === null
              ? 'the saved models were deleted in another tab (or with the site data). Reload this page.'
              : 'another tab opened the saved models with a newer version of this app, so this tab let go of them. Reload this page to keep saving.';
            const db = this.db;
            this.db = null;
            void db?.then((d) => d.close(), () => undefined);
          },
          terminated: () => {
            // The browser closed the connection (storage cleared, disk trouble): reopen on the next call.
            this.db = null;
          },
        }).then(
          (db) => {
            // Too late: the caller was told the open was blocked; the next call opens afresh.
            if (settled) {
              db.close();
              return;
            }
            settled = true;
            resolve(db);
          },
          (err: unknown) => {
            if (migrationError !== null) {
              fail(`Could not move the saved models to this version of the app (${(migrationError as Error).message ?? String(migrationError)}). They are kept as they were; this tab works without storage.`);
            } else {
              fail(storageMessage(err, doing));
            }
          },
        );
      } catch (err) {
        fail(storageMessage(err, doing));
      }
    });
  }
}

/** Inside the upgrade transaction: reads version 1's models and runs, writes registry records, drops the old stores. */
async function migrateFromV1(db: RegistryDb, tx: UpgradeTx): Promise<void> {
  // Version 1's stores are not in this schema; they are read and deleted untyped.
  const oldDb = db as unknown as IDBPDatabase;
  const oldTx = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  const has = (name: string) => oldDb.objectStoreNames.contains(name);
  const [models, runs] = await Promise.all([
    has('models') ? (oldTx.objectStore('models').getAll() as Promise<V1SavedModelMeta[]>) : [],
    has('runs') ? (oldTx.objectStore('runs').getAll() as Promise<V1RunEntry[]>) : [],
  ]);
  const snapshot = migrateV1(models, runs);
  const registry = tx.objectStore('registry');
  const measurements = tx.objectStore('measurements');
  await Promise.all([...snapshot.models.map((m) => registry.put(m)), ...snapshot.measurements.map((m) => measurements.put(m))]);
  if (has('models')) oldDb.deleteObjectStore('models');
  if (has('runs')) oldDb.deleteObjectStore('runs');
}
