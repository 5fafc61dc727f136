// A retraining for real: the Drift view's controller runs a short stream with the real drawing,
// serving and training code (the workbench in this page, so its tensors can be counted), makes each
// retraining a new registry version whose parent is the model it replaced, and leaks no tensors.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../tf/backends.ts';
import { DriftLab } from '../state/drift-lab.ts';
import { driftWithRealWorkers } from './drift-fixture.ts';

describe('DriftLab with the real workers', () => {
  it('retrains into a new version (parent: the replaced model) and leaks no tensors', async () => {
    await useBackend('wasm');
    const { deps, registry, base } = await driftWithRealWorkers('drift-test');
    const lab = new DriftLab(deps);
    expect(lab.configure({ scenario: { ...lab.state.scenario, days: 3, queriesPerDay: 20 }, policies: [{ kind: 'every', days: 1, from: 'fine-tune' }], fineTuneEpochs: 1 })).toBeNull();

    const counts: number[] = [];
    for (let round = 0; round < 2; round++) {
      const record = await lab.run();
      expect(lab.task.state.error).toBeNull();
      const run = record!.runs[0]!;
      // Days 0-2: a retraining at the end of day 1 only (none after the last day).
      expect(run.retrains.map((r) => r.day)).toEqual([1]);
      const retrained = registry.get(run.retrains[0]!.modelId)!;
      expect(retrained.parentId).toBe(base.id);
      expect(retrained.family).toBe(base.family);
      expect(retrained.version).toBeGreaterThan(1);
      expect(retrained.hasWeights).toBe(true);
      expect(retrained.origin.kind === 'trained' && retrained.origin.retrain).toEqual({ policy: 'every day (fine-tune)', day: 1, from: 'fine-tune' });
      expect(run.days[2]!.modelId).toBe(retrained.id);
      expect(run.deploys.map((d) => d.day)).toEqual([0, 2]);
      expect(run.totals.busyMs).toBeCloseTo(run.totals.initialTrainMs + run.totals.retrainMs + run.totals.deployMs + run.totals.servingMs, 6);
      counts.push(tf.memory().numTensors);
    }
    // The held model stays, the retraining's model and optimizer are freed: the count is flat.
    expect(counts[1]).toBe(counts[0]);
    expect(lab.state.samples.map((s) => s.day)).toEqual([0, 1, 2]);
  });
});
