// The running training's checkpoint, kept in IndexedDB after every finished epoch (one put, one
// transaction), so a reload or a closed tab loses at most the epoch in progress. Its own small
// database: it holds one record at a time and never needs the registry's migrations.
import { openDB, type IDBPDatabase } from 'idb';
import type { DatasetIdentity } from '../registry/records.ts';
import type { TrainingCheckpoint } from '../workbench/protocol.ts';
import { storageMessage } from './registry-db.ts';

/** A checkpoint as stored: the run's state plus which data it was trained on, and when. */
export interface StoredCheckpoint extends TrainingCheckpoint {
  dataset: DatasetIdentity;
  /** ISO 8601. */
  savedAt: string;
}

/** Where the checkpoint lives (IndexedDB in the app, memory in Node tests). */
export interface CheckpointStore {
  save(checkpoint: StoredCheckpoint): Promise<void>;
  load(): Promise<StoredCheckpoint | null>;
  clear(): Promise<void>;
}

const STORE = 'checkpoint';
const KEY = 'current';

export class IdbCheckpointStore implements CheckpointStore {
  private db: Promise<IDBPDatabase> | null = null;

  constructor(private readonly dbName = 'train-serve-lab-checkpoint') {}

  private open(doing: string): Promise<IDBPDatabase> {
    if (typeof indexedDB === 'undefined') return Promise.reject(new Error(storageMessage({ name: 'SecurityError' }, doing)));
    this.db ??= (async () => {
      try {
        return await openDB(this.dbName, 1, {
          upgrade: (db) => db.createObjectStore(STORE),
          // Another tab wants a newer version: let it have the database.
          blocking: () => void this.close(),
        });
      } catch (err) {
        this.db = null;
        throw new Error(storageMessage(err, doing));
      }
    })();
    return this.db;
  }

  private async run<T>(doing: string, body: (db: IDBPDatabase) => Promise<T>): Promise<T> {
    const db = await this.open(doing);
    try {
      return await body(db);
    } catch (err) {
      throw new Error(storageMessage(err, doing));
    }
  }

  save(checkpoint: StoredCheckpoint): Promise<void> {
    return this.run('save the training checkpoint', async (db) => {
      await db.put(STORE, checkpoint, KEY);
    });
  }

  load(): Promise<StoredCheckpoint | null> {
    return this.run('read the training checkpoint', async (db) => ((await db.get(STORE, KEY)) as StoredCheckpoint | undefined) ?? null);
  }

  clear(): Promise<void> {
    return this.run('delete the training checkpoint', async (db) => {
      await db.delete(STORE, KEY);
    });
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    (await db?.catch(() => null))?.close();
  }
}
