// The short soak (`npm run soak` is the long one): training epochs after the first and
// hundreds of served queries leave tensors and bytes exactly where they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveToArtifacts, type SerializedModel } from '../model/artifacts.ts';
import { useBackend } from '../tf/backends.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { TrainingRun } from '../train/trainer.ts';
import { ServeClient } from './client.ts';
import { soakQueries } from './soak.ts';

const dataset = syntheticDataset({ train: 32, val: 16, test: 64, size: 32 });
let artifacts: SerializedModel;

describe('short soak', () => {
  it('trains 8 epochs with the same tensors and bytes after each', async () => {
    await useBackend('wasm');
    const settings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 8, batchSize: 16, trainSize: 32, width: 4, depth: 2 };
    const run = new TrainingRun(settings, dataset);
    expect(await run.run()).toBe('completed');
    expect(new Set(run.records.map((r) => r.numTensors)).size).toBe(1);
    expect(new Set(run.records.map((r) => r.numBytes)).size).toBe(1);
    artifacts = await saveToArtifacts(run.model);
    run.dispose();
  });

  for (const backend of ['wasm', 'webgl'] as const) {
    describe(`serving on ${backend}`, () => {
      let client: ServeClient;
      beforeAll(async () => {
        client = ServeClient.spawn({ name: `soak-${backend}` });
        await client.deploy(artifacts, backend, { warmShaders: true });
      });
      afterAll(() => client.terminate());

      it('answers hundreds of queries with flat tensors and bytes in the worker', async () => {
        const queries = backend === 'wasm' ? 1000 : 200;
        const r = await soakQueries(client, dataset.test, { queries, sampleEvery: queries / 5 });
        expect(r.errors).toBe(0);
        expect(r.samples.map((s) => s.queries)).toEqual([0, 1, 2, 3, 4, 5].map((k) => (k * queries) / 5));
        expect(new Set(r.samples.map((s) => s.numTensors)).size).toBe(1);
        expect(new Set(r.samples.map((s) => s.numBytes)).size).toBe(1);
      });
    });
  }
});
