// Two tabs of the app over one storage, in Node: each tab's writes reach the other (a model made,
// renamed, measured, deleted), nothing either tab wrote is lost, and each keeps its own selection.
import { describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { FakeWorkbench, MemoryCheckpointStore, MemoryRegistryStorage, memorySyncBus, tinyDataset } from './test-fakes.ts';

function twoTabs() {
  const storage = new MemoryRegistryStorage();
  const bus = memorySyncBus();
  const dataset = tinyDataset();
  const tab = () => {
    const lab = new Lab({ port: new FakeWorkbench(), storage, sync: bus(), checkpoints: new MemoryCheckpointStore(), loadShipped: async () => dataset });
    lab.updateSettings({ epochs: 1, trainSize: 8, batchSize: 4 });
    return lab;
  };
  return { a: tab(), b: tab(), storage };
}

const names = (lab: Lab) => lab.registry.models.map((m) => m.name);

describe('two tabs', () => {
  it('see each other’s models, renames, measurements and deletions, and lose no write', async () => {
    const { a, b, storage } = twoTabs();
    await Promise.all([a.startStorage(), b.startStorage()]);
    const made = (await a.train()).modelId!;
    await expect.poll(() => b.registry.get(made)?.source).toBe('saved');
    expect(a.registry.get(made)?.source).toBe('session');
    // B trains its own meanwhile: both models stay in both tabs.
    const other = (await b.train()).modelId!;
    await expect.poll(() => a.registry.models.length).toBe(2);
    expect(new Set(names(a))).toEqual(new Set(names(b)));
    // A rename in B shows in A.
    await b.models.rename(made, 'from tab A');
    await expect.poll(() => a.registry.get(made)?.name).toBe('from tab A');
    // Both measure at once: both measurements are kept, in both tabs.
    const m = { backend: 'wasm', kind: 'serve' as const, count: 10, p50Ms: 1, modelP50Ms: 0.9, testAcc: 0.9 };
    a.registry.measure({ ...m, modelId: made });
    b.registry.measure({ ...m, modelId: made, p50Ms: 2 });
    await expect.poll(() => a.registry.measurementsOf(made).length).toBe(2);
    await expect.poll(() => b.registry.measurementsOf(made).length).toBe(2);
    expect(storage.measurements.size).toBe(2);
    // Each tab keeps its own selection; deleting in A drops the model in B (and B's selection of it).
    expect(a.registry.state.selectedId).toBe(made);
    expect(b.registry.state.selectedId).toBe(other);
    b.registry.select(made);
    await a.models.remove(made);
    await expect.poll(() => b.registry.get(made)).toBeNull();
    expect(b.registry.state.selectedId).toBeNull();
    expect(names(a)).toEqual(names(b));
    expect(storage.models.size).toBe(1);
  });
});
