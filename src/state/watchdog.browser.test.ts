// A training worker made to hang for real (its thread spins forever mid-run), in Chromium: the
// watchdog flags the silence, stopping restarts the worker (the hung one is terminated, the run
// fails with a message), and the run goes on in the fresh worker from its last checkpoint.
import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { IdbCheckpointStore } from './checkpoint-db.ts';
import { Lab } from './lab.ts';

describe('the training watchdog', () => {
  it('catches a hung worker, restarts it, and resumes the run from its checkpoint', async () => {
    const dataset = syntheticDataset({ train: 192, val: 16, test: 16, size: 16 });
    const lab = new Lab({ storage: null, checkpoints: new IdbCheckpointStore(`watchdog-test-${Date.now()}`), loadShipped: async () => dataset, watchdog: { minSilentMs: 1500, factor: 3, checkEveryMs: 100 } });
    lab.updateSettings({ backend: 'wasm', epochs: 4, trainSize: 192, batchSize: 16, width: 4, depth: 2 });
    const run = lab.train();
    // At least epoch 2 (an epoch of this tiny model can pass between two polls), with epochs still to run.
    await expect.poll(() => lab.store.state.training.epoch, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    void lab.port.hang().catch(() => undefined);
    await expect.poll(() => lab.store.state.training.stalled, { timeout: 60_000, interval: 50 }).not.toBeNull();
    const stalled = lab.store.state.training.stalled!;
    expect(stalled.silentMs).toBeGreaterThanOrEqual(stalled.thresholdMs);
    await lab.training.abandonHungWorker();
    const ended = await run;
    expect(ended.phase).toBe('failed');
    expect(ended.error).toMatch(/stopped answering and was restarted/);
    // The hang lands at the worker's next yield, in epoch 2 or soon after it: the checkpoint is of a finished epoch before the last.
    const cut = lab.store.state.interrupted!;
    expect(cut.epochs).toBe(4);
    expect([1, 2, 3]).toContain(cut.epoch);
    // The fresh worker answers, holds the dataset again, and finishes the run.
    const resumed = await lab.training.resumeInterrupted();
    expect(resumed.phase).toBe('finished');
    expect(resumed.records.map((r) => r.epoch)).toEqual([1, 2, 3, 4]);
    expect(lab.registry.get(resumed.modelId)?.origin.kind).toBe('trained');
  });
});
