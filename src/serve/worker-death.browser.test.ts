// The inference worker dies (terminated as a crash would): the query in flight fails with a message,
// the next query restarts the worker with the same model and gets the same answer as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SerializedModel } from '../model/artifacts.ts';
import { ServeClient } from './client.ts';
import { freshModel, randomImage } from './test-fixtures.ts';

let artifacts: SerializedModel;
beforeAll(async () => {
  const fresh = await freshModel();
  artifacts = fresh.artifacts;
  fresh.model.dispose();
});

for (const transport of ['shared', 'comlink'] as const) {
  describe(`a dying inference worker (${transport})`, () => {
    let client: ServeClient;
    beforeAll(async () => {
      client = ServeClient.spawn({ transport });
      await client.deploy(artifacts, 'wasm', { warmShaders: true });
    });
    afterAll(() => client.terminate());

    it('fails the query in flight with a message and restarts with the same model', async () => {
      const image = randomImage(5);
      const before = await client.query(image);
      if (!before.ok) throw new Error(before.error);
      // Many queries queued; the worker dies while they are in flight.
      const inFlight = Array.from({ length: 20 }, (_, i) => client.query(randomImage(100 + i)));
      await new Promise((r) => setTimeout(r, 1));
      client.kill();
      const outcomes = await Promise.all(inFlight);
      const failed = outcomes.filter((o) => !o.ok);
      expect(failed.length).toBeGreaterThanOrEqual(1);
      for (const f of failed) if (!f.ok) expect(f.error).toContain('The inference worker died (terminated); queries in flight failed');
      expect(client.restarts).toBeGreaterThanOrEqual(1);

      const after = await client.query(image);
      if (!after.ok) throw new Error(after.error);
      expect(after.probs).toEqual(before.probs);
      // Control calls work on the restarted worker too, and nothing leaked there.
      const tensors = await client.numTensors();
      await client.query(image);
      expect(await client.numTensors()).toBe(tensors);
    });

    it('restarts after a death with nothing in flight', async () => {
      const restarts = client.restarts;
      client.kill();
      const r = await client.query(randomImage(9));
      expect(r.ok).toBe(true);
      expect(client.restarts).toBe(restarts + 1);
    });
  });
}
