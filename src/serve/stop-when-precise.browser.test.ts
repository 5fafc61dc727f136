// Stopping when precise with real server workers on wasm: the closed loop and an interleaved
// comparison end either precise (every p50 within ±3% at 95%, past the minimum) or at the cap,
// and say which. Behaviour only: how soon it stops depends on the machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackend } from '../tf/backends.ts';
import type { SerializedModel } from '../model/artifacts.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import type { QuerySample } from './bench-types.ts';
import { runServeBench } from './bench.ts';
import { compareInterleaved } from './bench-compare.ts';
import { ServeClient } from './client.ts';
import { freshModel, randomImageSet } from './test-fixtures.ts';

let model: tf.LayersModel;
let artifacts: SerializedModel;
const testSet = randomImageSet(128, 7);

beforeAll(async () => {
  await useBackend('wasm');
  ({ model, artifacts } = await freshModel());
});
afterAll(() => model.dispose());

function expectPrecise(samples: readonly QuerySample[]): void {
  for (const field of ['e2eMs', 'modelMs'] as const) {
    const e = quantileEstimate(samples.map((s) => s[field]), 0.5)!;
    expect(e.low!).toBeGreaterThanOrEqual(e.value * 0.97);
    expect(e.high!).toBeLessThanOrEqual(e.value * 1.03);
  }
}

describe('stopping when precise', () => {
  it('the closed loop runs at least 1,024 queries and ends precise or at its cap', async () => {
    const r = await runServeBench({ artifacts, backend: 'wasm', testSet, queries: 3072, batchSizes: [], compareColdStart: false });
    const stop = r.stop!;
    console.log(`[closed loop] ${r.record.count} queries, ${stop.reason}, widest ±${((stop.worstRelHalfWidth ?? NaN) * 100).toFixed(2)}% (${stop.worstLabel})`);
    expect(r.record.count).toBeGreaterThanOrEqual(1024);
    expect(stop.maxCount).toBe(3072);
    if (stop.reason === 'precise') {
      expect(r.record.count % 16).toBe(0);
      expectPrecise(r.samples);
    } else {
      expect(stop.reason).toBe('cap');
      expect(r.record.count).toBe(3072);
    }
    expect(r.record.numTensorsLeaked).toBe(0);
  });

  it('an interleaved comparison of two workers stops on a block once both are precise, or at the cap', async () => {
    const a = ServeClient.spawn({ name: 'precise-a' });
    const b = ServeClient.spawn({ name: 'precise-b' });
    try {
      await a.deploy(artifacts, 'wasm', { warmShaders: true });
      await b.deploy(artifacts, 'wasm', { warmShaders: true });
      const r = await compareInterleaved([{ label: 'a', client: a }, { label: 'b', client: b }], testSet, { queries: 512, blockSize: 16 });
      const stop = r.stop!;
      console.log(`[compare] ${r.rounds} rounds in ${r.measureMs?.toFixed(0)} ms, ${stop.reason}, widest ±${((stop.worstRelHalfWidth ?? NaN) * 100).toFixed(2)}% (${stop.worstLabel})`);
      expect(r.rounds).toBeGreaterThanOrEqual(32);
      expect(r.rounds % 16).toBe(0);
      if (stop.reason === 'precise') for (const arm of r.arms) expectPrecise(arm.samples);
      else expect(r.rounds).toBe(512);
      // Every arm answered the same images, round for round.
      expect(r.arms[1]!.samples.map((s) => s.imageIndex)).toEqual(r.arms[0]!.samples.map((s) => s.imageIndex));
    } finally {
      a.terminate();
      b.terminate();
    }
  });
});
