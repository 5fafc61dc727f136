// The runs of this session (and saved or imported ones): one plain, JSON-serializable entry per
// training run, to which its serve and prune results are attached as they finish. The Ledger reads
// it; persistence (issue 7) saves `entries` and hands them back through `restore`.
import type { PruneDenseRecord, PruneRecord, RunRecord, ServeRecord } from '../metrics/report.ts';
import { Store } from './store.ts';

export interface RunHistoryEntry {
  id: string;
  /** When the training finished (or the report was written), ISO 8601. */
  date: string;
  /** Shown in the ledger, e.g. "wasm, 8 epochs, 2,000 images". */
  label: string;
  /** session: trained here; imported: from a report file; saved: restored from storage. */
  source: 'session' | 'imported' | 'saved';
  /** The report's record of this run: training epochs, serve and prune results. */
  run: RunRecord;
  /** The training settings the run used. */
  settings: Record<string, unknown>;
  dataset: { name: string; counts: Record<string, number> };
  /** Imported entries: the file name. */
  file?: string;
}

export interface RunHistoryState {
  entries: RunHistoryEntry[];
}

let counter = 0;
const newId = (): string => `run-${Date.now().toString(36)}-${(counter++).toString(36)}`;

// structuredClone keeps NaN (a figure not measured), which JSON would turn into null.
const copy = <T>(x: T): T => structuredClone(x);

export class RunHistory {
  readonly store = new Store<RunHistoryState>({ entries: [] });
  /** The entry of the model the lab holds now: serve and prune results attach to it. */
  private currentId: string | null = null;

  get entries(): readonly RunHistoryEntry[] {
    return this.store.state.entries;
  }

  subscribe(listener: (state: RunHistoryState) => void): () => void {
    return this.store.subscribe(listener);
  }

  /** Appends an entry (a copy: later changes to the caller's objects do not leak in). */
  add(entry: Omit<RunHistoryEntry, 'id'> & { id?: string }): RunHistoryEntry {
    const added: RunHistoryEntry = { ...copy(entry), id: entry.id ?? newId() };
    this.store.set({ entries: [...this.entries.filter((e) => e.id !== added.id), added] });
    return added;
  }

  /** Puts saved entries back (e.g. from IndexedDB) ahead of this session's, skipping ids already present. */
  restore(entries: readonly RunHistoryEntry[]): void {
    const have = new Set(this.entries.map((e) => e.id));
    const restored = entries.filter((e) => !have.has(e.id)).map((e) => ({ ...copy(e), source: e.source === 'session' ? ('saved' as const) : e.source }));
    this.store.set({ entries: [...restored, ...this.entries] });
  }

  remove(id: string): void {
    if (this.currentId === id) this.currentId = null;
    this.store.set({ entries: this.entries.filter((e) => e.id !== id) });
  }

  private update(id: string, change: (run: RunRecord) => RunRecord): void {
    this.store.set({ entries: this.entries.map((e) => (e.id === id ? { ...e, run: change(e.run) } : e)) });
  }

  /** A training run finished: it becomes the current entry. */
  recordTraining(entry: Omit<RunHistoryEntry, 'id' | 'source' | 'date'>): RunHistoryEntry {
    const added = this.add({ ...entry, source: 'session', date: new Date().toISOString() });
    this.currentId = added.id;
    return added;
  }

  /** The current model was served: its latency record joins the current entry. */
  attachServe(record: ServeRecord): void {
    if (!this.currentId) return;
    const r = copy(record);
    this.update(this.currentId, (run) => ({ ...run, serve: [...run.serve, r] }));
  }

  /** A prune sweep of the current model finished: its levels (and the dense baseline) replace the entry's earlier sweep. */
  attachPrune(records: PruneRecord[], dense: PruneDenseRecord | null): void {
    if (!this.currentId || records.length === 0) return;
    const prune = copy(records);
    const pruneDense = dense ? copy(dense) : undefined;
    this.update(this.currentId, (run) => ({ ...run, prune, ...(pruneDense ? { pruneDense } : {}) }));
  }
}
