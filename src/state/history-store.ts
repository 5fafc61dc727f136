// Keeps the run history (issue 6's RunHistory) in IndexedDB: restores saved entries at start and
// writes every added, changed or removed entry back, so a reload brings the Ledger's runs back.
import type { ModelLibrary } from './model-library.ts';
import type { RunHistory, RunHistoryEntry } from './run-history.ts';

/** Restores the stored runs into `history`, then mirrors its changes; returns the unsubscribe. */
export async function persistRunHistory(history: RunHistory, library: ModelLibrary): Promise<() => void> {
  const stored = await library.loadRuns<RunHistoryEntry>();
  if (stored.length > 0) history.restore(stored.sort((a, b) => a.date.localeCompare(b.date)));
  let known = new Map(history.entries.map((e) => [e.id, e]));
  const write = async (entries: readonly RunHistoryEntry[]) => {
    const next = new Map(entries.map((e) => [e.id, e]));
    for (const [id, entry] of next) if (known.get(id) !== entry) await library.putRun(entry);
    for (const id of known.keys()) if (!next.has(id)) await library.deleteRun(id);
    known = next;
  };
  // Entries this session made before the stored ones came back are written too.
  await write(history.entries).catch(() => undefined);
  let chain = Promise.resolve();
  return history.subscribe((state) => {
    // One write at a time, in order; a storage failure shows in the library's error line.
    chain = chain.then(() => write(state.entries)).catch((err: unknown) => {
      library.store.set({ error: `Could not save the run history: ${(err as Error).message}` });
    });
  });
}
