// Does an idle worker's wake-up make low open-loop rates slow? The probe times a query after an
// idle gap against ones sent back to back, for the worker as it serves (polls 1 ms, then sleeps in
// Atomics.wait) and for a worker kept busy-waiting through the gap; the lowest sweep rate's p99 is
// compared the same two ways. The numbers are printed: they depend on the machine, so the
// assertions check what the probe reports, not how large the effect is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { runOpenLoop } from './bench-open-loop.ts';
import { ServeClient } from './client.ts';
import { measureIdleWake, wakeGapMs } from './idle-wake.ts';
import { imageAt } from './query-order.ts';
import { freshModel, randomImageSet } from './test-fixtures.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;
const set = randomImageSet(128, 9);

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

async function deployed(workerSpinMs?: number): Promise<ServeClient> {
  const client = ServeClient.spawn(workerSpinMs === undefined ? {} : { channel: { workerSpinMs } });
  await client.deploy(artifacts, 'wasm', { warmShaders: true });
  for (let i = 0; i < 20; i++) await client.query(imageAt(set, i));
  return client;
}

describe('idle wake-up', () => {
  it('times queries after an idle gap against queries sent back to back', async () => {
    expect(wakeGapMs(5)).toBe(100);
    expect(wakeGapMs(1000)).toBe(5);
    expect(wakeGapMs(50)).toBe(20);
    const lines: string[] = [];
    for (const spin of [undefined, 400]) {
      const client = await deployed(spin);
      try {
        expect(client.workerSpinMs).toBe(spin ?? 1);
        const wake = (await measureIdleWake(client, set, { gapMs: 20, pairs: 16 }))!;
        expect(wake).toMatchObject({ gapMs: 20, pairs: 16, workerSpinMs: spin ?? 1 });
        expect(wake.idleP50Ms).toBeLessThanOrEqual(wake.idleP90Ms);
        expect(wake.busyP50Ms).toBeLessThanOrEqual(wake.busyP90Ms);
        // The paired extra (idle − back to back, per round): 16 rounds bound both ends of its median's interval.
        expect(wake.extraP50LowMs).not.toBeNull();
        expect(wake.extraP50HighMs).not.toBeNull();
        expect(wake.extraP50LowMs!).toBeLessThanOrEqual(wake.extraP50Ms!);
        expect(wake.extraP50Ms!).toBeLessThanOrEqual(wake.extraP50HighMs!);
        // About 50 queries a second, 20 ms apart on average: the lowest rate of a wasm sweep here.
        const low = await runOpenLoop(client, set, { targetQps: 50, count: 128, seed: 3 });
        expect(low.point.count).toBe(128);
        lines.push(
          `worker ${spin === undefined ? 'sleeps after 1 ms' : `busy-waits ${spin} ms`}: after 20 ms idle p50 ${wake.idleP50Ms.toFixed(2)} ms (p90 ${wake.idleP90Ms.toFixed(2)}), ` +
            `back to back p50 ${wake.busyP50Ms.toFixed(2)} ms (p90 ${wake.busyP90Ms.toFixed(2)}), extra ${wake.extraP50Ms!.toFixed(2)} [${wake.extraP50LowMs!.toFixed(2)}–${wake.extraP50HighMs!.toFixed(2)}] ms; open loop at 50/s: p50 ${low.point.p50Ms.toFixed(2)}, p99 ${low.point.p99Ms.toFixed(2)} ms, ` +
            `${(low.point.idleShare! * 100).toFixed(0)}% found it asleep`,
        );
      } finally {
        client.terminate();
      }
    }
    console.log(`[idle wake]\n${lines.join('\n')}`);
  });

  it('reports nothing when stopped before the first pair', async () => {
    const client = await deployed();
    try {
      const stop = new AbortController();
      stop.abort();
      expect(await measureIdleWake(client, set, { gapMs: 5, signal: stop.signal })).toBeNull();
    } finally {
      client.terminate();
    }
  });
});
