// Distillation end to end on wasm, with the real workbench (called directly, not through a
// worker) under the levers' controller: the student is smaller, its parent in the registry is the
// teacher, its recipe holds the measured teacher time, the same student trained alone exists too,
// and a second run leaves the worker holding as many tensors as the first.
import { beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from './workbench.ts';
import type { WorkbenchPort } from './protocol.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { LeversLab } from '../state/levers-lab.ts';
import { ModelRegistry } from '../state/model-registry.ts';

const dataset = syntheticDataset({ train: 64, val: 32, test: 32, size: 16 });
const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 2, batchSize: 16, trainSize: 64, width: 8, depth: 2, learningRate: 0.01 };
const workbench = new Workbench();
const registry = new ModelRegistry(null);
let held: string | null = null;
const levers = new LeversLab({
  registry,
  session: { trainingStarted: () => (held = null), holds: (id) => (held = id) },
  port: workbench as unknown as WorkbenchPort,
  dataset: async () => dataset,
  settings: () => settings,
  training: () => false,
});
let teacherId = '';

beforeAll(async () => {
  workbench.setDataset(dataset);
  const result = await workbench.train(settings, {});
  const check = await workbench.checkCurrent();
  teacherId = registry.add(
    { label: 'teacher', parentId: null, origin: { kind: 'trained', settings, end: result.end, trainBackend: 'wasm', epochs: result.records }, dataset: { name: dataset.name, counts: { train: 64, val: 32, test: 32 }, hash: '' } as never, ...check, valAcc: null },
    await workbench.exportModel(),
  ).id;
});

describe('distillation on wasm', () => {
  it('makes a smaller student with the teacher as parent, and its size trained alone; no tensors leak (twice)', async () => {
    levers.updateDistill({ temperature: '4', hardWeight: '0.3', shrink: 'half-width', epochs: '2' });
    const counts: number[] = [];
    for (let run = 0; run < 2; run++) {
      const outcome = await levers.distill(teacherId);
      expect(levers.task.state.error).toBeNull();
      const student = registry.get(outcome!.studentId)!;
      const alone = registry.get(outcome!.baselineId)!;
      const teacher = registry.get(teacherId)!;
      expect(student.parentId).toBe(teacherId);
      expect(student.params).toBeLessThan(teacher.params);
      expect(alone.params).toBe(student.params);
      expect(alone.parentId).toBeNull();
      expect(student.hasWeights && alone.hasWeights).toBe(true);
      if (student.origin.kind !== 'trained') throw new Error('a student is a trained model');
      expect(student.origin.distill!.teacherId).toBe(teacherId);
      expect(student.origin.distill!.teacherMs).toBeGreaterThan(0);
      for (const r of student.origin.epochs) {
        expect(r.teacherMs).toBeGreaterThan(0);
        expect(r.teacherMs!).toBeLessThan(r.wallMs);
        // The student's FLOPs count the teacher's forward passes too.
        expect(r.trainFlops).toBeGreaterThan(alone.origin.kind === 'trained' ? alone.origin.epochs[0]!.trainFlops : Infinity);
      }
      expect(student.testAcc).toBeGreaterThan(0.5);
      expect(held).toBe(alone.id);
      counts.push(workbench.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
  });

  it('refuses a temperature out of range in the worker, keeping the held model', async () => {
    const before = workbench.memory().numTensors;
    const teacher = await registry.artifacts(teacherId);
    await expect(workbench.distill({ teacher, student: { ...settings, width: 4 }, temperature: 0, hardWeight: 0.5 }, {})).rejects.toThrow(/Temperature T must be between 1 and 20/);
    expect(workbench.memory().numTensors).toBe(before);
  });

  it('previews augmentation of the first batch as bytes, the same twice', async () => {
    const s = { ...settings, augFlip: true, augCrop: 0.2, augBrightness: 0.2 };
    const a = await workbench.augmentSamples(s, 6);
    const b = await workbench.augmentSamples(s, 6);
    expect(a.count).toBe(6);
    expect(a.original.length).toBe(6 * 16 * 16 * 3);
    expect(Array.from(a.augmented)).toEqual(Array.from(b.augmented));
    expect(Array.from(a.augmented)).not.toEqual(Array.from(a.original));
  });
});
