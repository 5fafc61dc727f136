// Switching the dataset in use: training settings change only where the new set cannot take them,
// every change is reported with its reason, a switch back restores the person's own values, and a
// run set aside is said to be set aside.
import { describe, expect, it } from 'vitest';
import type { ImageSet, LabelledDataset } from '../data/image-set.ts';
import { Lab } from './lab.ts';
import { switchText } from './dataset-lab.ts';
import { FakeWorkbench, MemoryRegistryStorage } from './test-fakes.ts';

const set = (count: number): ImageSet => ({ pixels: new Uint8Array(count * 4 * 4 * 3), labels: new Uint8Array(count).map((_, i) => i % 2), count, height: 4, width: 4, ids: Array.from({ length: count }, (_, i) => `img-${i}`) });
const dataset = (name: string, train: number): LabelledDataset => ({ name, classNames: ['cat', 'dog'], train: set(train), val: set(4), test: set(6) });

async function makeLab() {
  const shipped = dataset('catsdogs', 2000);
  const lab = new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), loadShipped: async () => shipped });
  await lab.loadDataset();
  return lab;
}

describe('DatasetLab.use', () => {
  it('keeps settings the new set can take, and says nothing changed', async () => {
    const lab = await makeLab();
    lab.updateSettings({ trainSize: 512, batchSize: 16 });
    await lab.datasets.use(dataset('pets', 900));
    expect(lab.store.state.settings).toMatchObject({ trainSize: 512, batchSize: 16 });
    const change = lab.datasets.lastSwitch.state.change!;
    expect(change).toMatchObject({ from: 'catsdogs', to: 'pets', changes: [], setAside: null });
    expect(switchText(change)).toBe('Training settings unchanged.');
  });

  it('lowers only what does not fit, says why, and restores it on the way back', async () => {
    const lab = await makeLab();
    await lab.datasets.use(dataset('pets', 20));
    expect(lab.store.state.settings).toMatchObject({ trainSize: 20, batchSize: 20 });
    const down = lab.datasets.lastSwitch.state.change!;
    expect(down.changes).toEqual([
      { field: 'trainSize', label: 'Training-set size', from: 2000, to: 20, why: 'this set has only 20 training images' },
      { field: 'batchSize', label: 'Batch size', from: 32, to: 20, why: 'a batch cannot be larger than the 20 training images used' },
    ]);
    expect(switchText(down)).toBe('Training-set size 2,000 → 20: this set has only 20 training images. Batch size 32 → 20: a batch cannot be larger than the 20 training images used.');
    await lab.datasets.use('shipped');
    expect(lab.store.state.settings).toMatchObject({ trainSize: 2000, batchSize: 32 });
    expect(lab.datasets.lastSwitch.state.change!.changes.map((c) => [c.field, c.from, c.to])).toEqual([['trainSize', 20, 2000], ['batchSize', 20, 32]]);
  });

  it('keeps a value the person set after the switch, rather than restoring the old one', async () => {
    const lab = await makeLab();
    await lab.datasets.use(dataset('pets', 20));
    lab.updateSettings({ trainSize: 16 });
    await lab.datasets.use('shipped');
    expect(lab.store.state.settings.trainSize).toBe(16);
    // The batch size was not touched since: it comes back as far as the person's 16 images allow.
    expect(lab.store.state.settings.batchSize).toBe(16);
    expect(lab.datasets.lastSwitch.state.change!.changes).toEqual([{ field: 'batchSize', label: 'Batch size', from: 20, to: 16, why: 'a batch cannot be larger than the 16 training images used' }]);
  });

  it('says that the Train view\'s last run was set aside, and forgets the report once a run starts', async () => {
    const lab = await makeLab();
    lab.updateSettings({ epochs: 2, trainSize: 8, batchSize: 4 });
    const run = await lab.train();
    expect(run.phase).toBe('finished');
    await lab.datasets.use(dataset('pets', 40));
    expect(lab.store.state.training.phase).toBe('idle');
    const change = lab.datasets.lastSwitch.state.change!;
    expect(change.setAside).toEqual({ epochs: 2, modelId: run.modelId });
    expect(switchText(change)).toContain('The Train view\'s last run (2 epochs, on "catsdogs") was set aside, since its classes and test images were the old set\'s; its model stays in the Models view.');
    await lab.train();
    expect(lab.datasets.lastSwitch.state.change).toBeNull();
  });
});
