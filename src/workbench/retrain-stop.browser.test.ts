// Stop during a drift retraining, for real: the Drift view's controller with the real workers (the
// workbench in this page, so its tensors can be counted) stops the retraining in progress through the
// workbench's own between-batches stop; it makes no version, is not counted, and leaks no tensors.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { streamStatus } from '../drift/stream-status.ts';
import { ServeClient } from '../serve/client.ts';
import { useBackend } from '../tf/backends.ts';
import { DriftLab } from '../state/drift-lab.ts';
import { driftWithRealWorkers } from './drift-fixture.ts';

describe('Stop during a drift retraining with the real workers', () => {
  it('stops the retraining after its batch in progress: no version, not counted, no tensors left', async () => {
    await useBackend('wasm');
    const { deps, registry } = await driftWithRealWorkers('drift-stop-test');
    const lab = new DriftLab(deps);
    // 30 epochs: far longer than the test waits, so only the stop can end it.
    expect(lab.configure({ scenario: { ...lab.state.scenario, days: 3, queriesPerDay: 20 }, policies: [{ kind: 'every', days: 1, from: 'fine-tune' }, { kind: 'never' }], fineTuneEpochs: 30 })).toBeNull();
    // Stop lands while the retraining's next batch runs (a macrotask after the first batch's progress).
    lab.store.subscribe((s) => {
      if (/epoch 1\/30, batch 1\//.test(s.progress?.what ?? '')) setTimeout(() => lab.stop(), 0);
    });

    const before = tf.memory().numTensors;
    const models = registry.models.length;
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      const record = await lab.run();
      expect(lab.task.state.error).toBeNull();
      expect(performance.now() - started).toBeLessThan(60_000);
      expect(record!.runs).toHaveLength(1);
      const run = record!.runs[0]!;
      expect(run.days.map((d) => d.day)).toEqual([0, 1]);
      expect(run.retrains).toEqual([]);
      expect(run.summary.retrainings).toBe(0);
      expect(run.totals.retrainMs).toBe(0);
      expect(run.stoppedRetraining).toMatchObject({ day: 1, from: 'fine-tune', epochsDone: 0, epochs: 30 });
      expect(streamStatus(record!)).toMatch(/^Stopped during day 1's retraining under "every day \(fine-tune\)" \(none of its 30 epochs had finished\): it made no version and is not counted in the table\. Kept: days 0 to 1 as served\. Not run: "never"\.$/);
      expect(registry.models).toHaveLength(models);
      // The held model stays; the stopped run's model, optimizer and batch are freed.
      expect(tf.memory().numTensors).toBe(before);
    }
    // The worker is free again and the held model still serves a retraining to its end.
    const next = new DriftLab({ ...deps, spawnServer: () => ServeClient.spawn({ name: 'drift-stop-test-2' }) });
    expect(next.configure({ scenario: { ...next.state.scenario, days: 3, queriesPerDay: 20 }, policies: [{ kind: 'every', days: 1, from: 'fine-tune' }], fineTuneEpochs: 1 })).toBeNull();
    const done = await next.run();
    expect(next.task.state.error).toBeNull();
    expect(done!.runs[0]!.retrains.map((r) => r.day)).toEqual([1]);
    expect(registry.models).toHaveLength(models + 1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
