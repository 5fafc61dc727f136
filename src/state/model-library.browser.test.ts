// The saved-model library against the browser's real IndexedDB: save, list, reload (a new library
// on the same database), rename, delete, the run history, and the storage error messages.
import { afterAll, describe, expect, it } from 'vitest';
import type { SerializedModel } from '../model/artifact-check.ts';
import { ModelLibrary, storageMessage, type SavedModelMeta } from './model-library.ts';
import { persistRunHistory } from './history-store.ts';
import { RunHistory, type RunHistoryEntry } from './run-history.ts';

const DB = `test-library-${Date.now()}`;

/** A tiny but valid Layers model artifact: one dense layer, 2x2 kernel + 2 biases. */
function artifacts(): SerializedModel {
  return {
    modelTopology: { class_name: 'Sequential', config: { name: 's', layers: [] } },
    weightSpecs: [
      { name: 'dense/kernel', shape: [2, 2], dtype: 'float32' },
      { name: 'dense/bias', shape: [2], dtype: 'float32' },
    ],
    weightData: new Float32Array([1, 2, 3, 4, 5, 6]).buffer,
  };
}

const meta = (name: string): Omit<SavedModelMeta, 'id' | 'savedAt'> => ({
  name, kind: 'trained', dataset: 'synthetic', settings: null, valAcc: 0.5, testAcc: 0.61234, records: [], note: '', weightBytes: 24, params: 6, inputSize: 32, numClasses: 2,
});

afterAll(async () => {
  await new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = req.onerror = req.onblocked = resolve;
  });
});

describe('ModelLibrary', () => {
  it('saves models and weights, and a fresh library on the same database lists them again', async () => {
    const lib = new ModelLibrary(DB);
    await lib.open();
    expect(lib.store.state.status).toBe('ready');
    const a = await lib.save(meta('first'), artifacts());
    await new Promise((r) => setTimeout(r, 5));
    const b = await lib.save(meta('second'), artifacts());
    expect(lib.store.state.models.map((m) => m.name)).toEqual(['second', 'first']);
    await lib.close();

    const reloaded = new ModelLibrary(DB);
    await reloaded.open();
    expect(reloaded.store.state.models.map((m) => m.id)).toEqual([b.id, a.id]);
    const { meta: m, artifacts: art } = await reloaded.load(a.id);
    expect(m.testAcc).toBe(0.61234);
    expect(Array.from(new Float32Array(art.weightData))).toEqual([1, 2, 3, 4, 5, 6]);

    await reloaded.rename(a.id, '  renamed  ');
    await expect(reloaded.rename(a.id, '   ')).rejects.toThrow('cannot be empty');
    await reloaded.remove(b.id);
    await expect(reloaded.load(b.id)).rejects.toThrow('No saved model');
    await reloaded.close();

    const again = new ModelLibrary(DB);
    await again.open();
    expect(again.store.state.models.map((x) => x.name)).toEqual(['renamed']);
    await again.close();
  });

  it('refuses to save artifacts whose weights are cut short, and keeps the list as it was', async () => {
    const lib = new ModelLibrary(DB);
    await lib.open();
    const before = lib.store.state.models.length;
    const bad = { ...artifacts(), weightData: new ArrayBuffer(8) };
    await expect(lib.save(meta('bad'), bad)).rejects.toThrow('Weights truncated: weightData holds 8 bytes but the 2 weight specs need 24 bytes.');
    expect(lib.store.state.models).toHaveLength(before);
    await lib.close();
  });

  it('reports the storage estimate', async () => {
    const lib = new ModelLibrary(DB);
    await lib.open();
    await lib.refreshEstimate();
    expect(lib.store.state.quotaBytes).toBeGreaterThan(0);
    await lib.close();
  });

  it('names full and blocked storage in its messages', () => {
    expect(storageMessage(new DOMException('full', 'QuotaExceededError'), 'save "m"')).toBe(
      'Could not save "m": browser storage is full. Delete saved models (or free space for this site) and try again.',
    );
    expect(storageMessage(new DOMException('no', 'SecurityError'), 'open the saved-model library')).toContain('private browsing or storage disabled');
  });

  it('keeps the run history across a reload', async () => {
    const lib = new ModelLibrary(DB);
    await lib.open();
    const history = new RunHistory();
    const stop = await persistRunHistory(history, lib);
    const entry: Omit<RunHistoryEntry, 'id'> = {
      date: new Date().toISOString(), label: 'wasm, 1 epoch', source: 'session', settings: { seed: 1 }, dataset: { name: 'synthetic', counts: { train: 4 } },
      run: { backend: 'wasm', train: { epochs: [] }, serve: [], prune: [] } as unknown as RunHistoryEntry['run'],
    };
    const kept = history.add(entry);
    const dropped = history.add({ ...entry, label: 'to delete' });
    history.remove(dropped.id);
    await expect.poll(async () => (await lib.loadRuns<RunHistoryEntry>()).map((e) => e.id)).toEqual([kept.id]);
    stop();

    const restored = new RunHistory();
    await persistRunHistory(restored, lib);
    expect(restored.entries.map((e) => [e.id, e.label, e.source])).toEqual([[kept.id, 'wasm, 1 epoch', 'saved']]);
    await lib.close();
  });
});
