// The Models view's controller in Node, wired as in the app with a fake workbench: using a model
// selects it and opens the view; names stay unique; deleting keeps the rest; a downloaded model
// reads back (keeping its id when it is free), and bad files or a busy worker change nothing.
import { describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { FakeWorkbench, MemoryCheckpointStore, MemoryRegistryStorage, taggedArtifacts, tinyDataset } from './test-fakes.ts';

function makeLab(port = new FakeWorkbench()) {
  const dataset = tinyDataset();
  const lab = new Lab({ port, storage: new MemoryRegistryStorage(), checkpoints: new MemoryCheckpointStore(), loadShipped: async () => dataset });
  lab.updateSettings({ epochs: 1, trainSize: 8, batchSize: 4 });
  return { lab, port };
}

const asFiles = (f: { jsonName: string; json: string; binName: string; bin: ArrayBuffer }) => [new File([f.json], f.jsonName, { type: 'application/json' }), new File([f.bin], f.binName)];

describe('ModelsLab', () => {
  it('selects a model and opens the view asked for', async () => {
    const { lab } = makeLab();
    const a = (await lab.train()).modelId!;
    const b = (await lab.train()).modelId!;
    expect(lab.registry.state.selectedId).toBe(b);
    await lab.models.use(a, 'prune');
    expect(lab.registry.state.selectedId).toBe(a);
    expect(lab.store.state.view).toBe('prune');
    expect(lab.models.store.state.message).toContain('model 1.1');
    await lab.models.use('nope', 'serve');
    expect(lab.models.task.state.error).toContain('No model with id "nope"');
    expect(lab.registry.state.selectedId).toBe(a);
  });

  it('renames only to a free, sensible name, and deletes one model without touching the rest', async () => {
    const { lab } = makeLab();
    const a = (await lab.train()).modelId!;
    const b = (await lab.train()).modelId!;
    await lab.models.rename(a, '  first  ');
    expect(lab.registry.get(a)!.name).toBe('first');
    await lab.models.rename(b, 'first');
    expect(lab.models.task.state.error).toMatch(/already named "first"/);
    await lab.models.rename(b, '');
    expect(lab.models.task.state.error).toMatch(/cannot be empty/);
    expect(lab.registry.get(b)!.name).toMatch(/^model 2\.1/);
    lab.models.toggleCompare(a, true);
    lab.models.toggleCompare(b, true);
    await lab.models.remove(b);
    expect(lab.registry.get(b)).toBeNull();
    expect(lab.registry.state.selectedId).toBeNull();
    expect(lab.models.store.state.compared).toEqual([a]);
    expect(lab.registry.models.map((m) => m.id)).toEqual([a]);
  });

  it('deletes a model with every model made from it, keeping its parent, its siblings and the rest', async () => {
    const { lab } = makeLab();
    const base = (await lab.train()).modelId!;
    const other = (await lab.train()).modelId!;
    const draft = lab.registry.get(base)!;
    const child = (parentId: string, tag: number) => lab.registry.add({ ...draft, label: `version ${tag}`, parentId }, taggedArtifacts(tag)).id;
    const day2 = child(base, 2);
    const day4 = child(day2, 4);
    const day6 = child(day4, 6);
    const sibling = child(base, 3);
    lab.models.toggleCompare(day4, true);
    lab.models.toggleCompare(other, true);
    await lab.models.removeWithDescendants(day2);
    expect(lab.registry.models.map((m) => m.id).sort()).toEqual([base, other, sibling].sort());
    for (const gone of [day2, day4, day6]) expect(lab.registry.get(gone)).toBeNull();
    expect(lab.models.store.state.compared).toEqual([other]);
    expect(lab.models.store.state.message).toMatch(/^Deleted ".+" and the 2 models made from it\.$/);
    await lab.models.removeWithDescendants(day2);
    expect(lab.models.task.state.error).toContain(`No model with id "${day2}"`);
    expect(lab.registry.models).toHaveLength(3);
  });

  it('reads a downloaded model back: a new id while the original is there, its own id once it is gone', async () => {
    const { lab } = makeLab();
    const a = (await lab.train()).modelId!;
    const files = await lab.models.files(a);
    await lab.models.importFiles(asFiles(files));
    expect(lab.models.task.state.error).toBeNull();
    const copy = lab.registry.models.at(-1)!;
    expect(copy.id).not.toBe(a);
    expect(copy.origin).toMatchObject({ kind: 'imported', file: files.jsonName });
    expect(copy.origin.kind === 'imported' && copy.origin.settings?.seed).toBe(42);
    expect(lab.models.store.state.message).toContain('test accuracy 85.00% on 6 unseen images');
    await lab.models.remove(a);
    await lab.models.importFiles(asFiles(files));
    expect(lab.registry.get(a)?.origin.kind).toBe('imported');
  });

  it('refuses files that are not a model, and any file while a run holds the worker, changing nothing', async () => {
    const { lab, port } = makeLab();
    const a = (await lab.train()).modelId!;
    await lab.models.importFiles([new File(['hello'], 'notes.txt')]);
    expect(lab.models.task.state.error).toMatch(/Not a model/);
    const files = await lab.models.files(a);
    port.hold();
    const run = lab.train();
    await port.started;
    await lab.models.importFiles(asFiles(files));
    expect(lab.models.task.state.error).toMatch(/training run holds the training worker/);
    port.release();
    await run;
    expect(lab.registry.models).toHaveLength(2);
  });
});
