// An inference worker that hangs rather than crashes (its thread spins forever): the next query
// fails within its deadline with a message, and the query after it is answered by a fresh worker
// with the same model, over both transports.
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

const DEADLINE_MS = 600;

for (const transport of ['shared', 'comlink'] as const) {
  describe(`a hung inference worker (${transport})`, () => {
    let client: ServeClient;
    beforeAll(async () => {
      client = ServeClient.spawn({ transport, queryDeadlineMs: DEADLINE_MS });
      await client.deploy(artifacts, 'wasm', { warmShaders: true });
    });
    afterAll(() => client.terminate());

    it('is caught by the query deadline, and a fresh worker answers the next query', async () => {
      const image = randomImage(7);
      const before = await client.query(image);
      if (!before.ok) throw new Error(before.error);
      await client.hang();
      const t0 = performance.now();
      const stuck = await client.query(image);
      const waitedMs = performance.now() - t0;
      expect(stuck.ok).toBe(false);
      if (!stuck.ok) expect(stuck.error).toContain(`it hung: no answer within ${DEADLINE_MS} ms, the query deadline`);
      // Caught at the deadline, not long after it.
      expect(waitedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
      expect(waitedMs).toBeLessThan(DEADLINE_MS * 10);
      const after = await client.query(image);
      if (!after.ok) throw new Error(after.error);
      expect(after.probs).toEqual(before.probs);
      expect(client.restarts).toBe(1);
    });
  });
}
