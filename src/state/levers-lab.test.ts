// The levers' controller in Node, wired as in the app with a fake workbench: a distillation makes
// a smaller student whose parent is the teacher, with its recipe, and the same student trained
// alone; the size sweep makes one model per size with its row; bad settings and a missing
// teacher are refused by name and change nothing.
import { describe, expect, it } from 'vitest';
import { Lab } from './lab.ts';
import { sizeRow } from './levers-lab.ts';
import { FakeWorkbench, MemoryCheckpointStore, MemoryRegistryStorage, tagOf, tinyDataset } from './test-fakes.ts';
import type { ModelEntry } from '../registry/records.ts';
import type { EpochRecord } from '../metrics/report.ts';

function makeLab(port = new FakeWorkbench()) {
  const dataset = tinyDataset();
  const lab = new Lab({ port, storage: new MemoryRegistryStorage(), checkpoints: new MemoryCheckpointStore(), loadShipped: async () => dataset });
  lab.updateSettings({ epochs: 2, trainSize: 8, batchSize: 4, width: 16, depth: 3 });
  return { lab, port };
}

describe('LeversLab.distill', () => {
  it('makes a student (parent: the teacher, with its recipe) and the same student trained alone', async () => {
    const { lab, port } = makeLab();
    const teacherId = (await lab.train()).modelId!;
    const teacherTag = tagOf(await lab.registry.artifacts(teacherId));
    lab.levers.updateDistill({ temperature: '3', hardWeight: '0.25', shrink: 'half-width', epochs: '2' });
    const outcome = await lab.levers.distill();
    expect(lab.levers.task.state.error).toBeNull();
    expect(outcome).not.toBeNull();
    expect(port.distilled).toEqual([{ teacher: teacherTag, width: 8, depth: 3, temperature: 3, hardWeight: 0.25 }]);
    const student = lab.registry.get(outcome!.studentId)!;
    expect(student.parentId).toBe(teacherId);
    expect(student.family).toBe(lab.registry.get(teacherId)!.family);
    expect(student.origin.kind).toBe('trained');
    if (student.origin.kind !== 'trained') return;
    expect(student.origin.distill).toEqual({ teacherId, temperature: 3, hardWeight: 0.25, teacherMs: 10 });
    expect(student.origin.settings.width).toBe(8);
    expect(student.hasWeights).toBe(true);
    const baseline = lab.registry.get(outcome!.baselineId)!;
    expect(baseline.parentId).toBeNull();
    expect(baseline.origin.kind === 'trained' && baseline.origin.distill).toBeFalsy();
    expect(baseline.origin.kind === 'trained' && baseline.origin.settings).toEqual(student.origin.settings);
    expect(outcome!.teacherMs).toBe(10);
    expect(outcome!.studentTrainMs).toBe(3000);
    expect(lab.levers.store.state.job).toBeNull();
    expect(lab.session.workerModelId).toBe(baseline.id);
  });

  it('one block fewer, and refuses a student that cannot be smaller, or no teacher, by name', async () => {
    const { lab, port } = makeLab();
    expect(await lab.levers.distill()).toBeNull();
    expect(lab.levers.task.state.error).toMatch(/No teacher/);
    await lab.train();
    lab.levers.updateDistill({ shrink: 'one-block-fewer' });
    await lab.levers.distill();
    expect(port.distilled.at(-1)).toMatchObject({ width: 16, depth: 2 });
    lab.updateSettings({ width: 2 });
    await lab.train();
    lab.levers.updateDistill({ shrink: 'half-width' });
    const before = lab.registry.models.length;
    expect(await lab.levers.distill()).toBeNull();
    expect(lab.levers.task.state.error).toMatch(/width is 2/);
    expect(lab.registry.models.length).toBe(before);
  });

  it('names bad settings and keeps the old values', () => {
    const { lab } = makeLab();
    lab.levers.updateDistill({ temperature: '0.5', hardWeight: 'half', shrink: 'tiny' });
    const s = lab.levers.store.state;
    expect(s.distillErrors.temperature).toMatch(/Temperature T must be between 1 and 20/);
    expect(s.distillErrors.hardWeight).toMatch(/True-label weight α must be a number/);
    expect(s.distillErrors.shrink).toMatch(/tiny/);
    expect(s.distill.temperature).toBe(4);
    lab.levers.updateDistill({ temperature: '2' });
    expect(lab.levers.store.state.distillErrors.temperature).toBeUndefined();
    expect(lab.levers.store.state.distill.temperature).toBe(2);
  });
});

describe('LeversLab.sizeSweep', () => {
  it('trains each size for the budget, one registry model each, with a row per size', async () => {
    const { lab } = makeLab();
    lab.levers.updateSweep({ sizes: '4x2, 8x2, 8x3', epochs: '3', targetValAcc: '0.7' });
    const rows = await lab.levers.sizeSweep();
    expect(lab.levers.task.state.error).toBeNull();
    expect(rows!.map((r) => [r.width, r.depth])).toEqual([[4, 2], [8, 2], [8, 3]]);
    for (const r of rows!) {
      const m = lab.registry.get(r.modelId)!;
      expect(m.origin.kind === 'trained' && [m.origin.settings.width, m.origin.settings.depth, m.origin.settings.epochs]).toEqual([r.width, r.depth, 3]);
      expect(m.parentId).toBeNull();
      expect(r.trainMs).toBe(6000);
      expect(r.msToTarget).toBe(1000);
    }
    expect(lab.levers.store.state.sweepRows).toHaveLength(3);
  });

  it('refuses bad sizes by name', () => {
    const { lab } = makeLab();
    lab.levers.updateSweep({ sizes: '8x2, 99x2' });
    expect(lab.levers.store.state.sweepErrors.sizes).toMatch(/width 99/);
    lab.levers.updateSweep({ sizes: '8 by 2' });
    expect(lab.levers.store.state.sweepErrors.sizes).toMatch(/"8 by 2" is not width x depth/);
    expect(lab.levers.store.state.sweep.sizes).toHaveLength(3);
  });
});

describe('sizeRow', () => {
  it('times the target to the end of the first epoch that reached it, and takes the best within the budget', () => {
    const rec = (epoch: number, valAcc: number) => ({ epoch, wallMs: 100 * epoch, valAcc }) as EpochRecord;
    const entry = { id: 'm', testAcc: 0.8, testCount: 100, params: 10, flopsPerQuery: 5 } as ModelEntry;
    const row = sizeRow({ width: 8, depth: 2 }, entry, [rec(1, 0.6), rec(2, 0.86), rec(3, 0.84)], 0.85, 50);
    expect(row).toMatchObject({ trainMs: 600, msToTarget: 300, epochToTarget: 2, bestValAcc: 0.86, bestEpoch: 2 });
    expect(sizeRow({ width: 8, depth: 2 }, entry, [rec(1, 0.6)], 0.85, 50).msToTarget).toBeNull();
  });
});
