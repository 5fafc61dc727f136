// The interleaved comparison stopping when precise, with fake servers whose latencies are drawn
// from seeded distributions (the real-worker run is in stop-when-precise.browser.test.ts).
import { describe, expect, it } from 'vitest';
import { createRng } from '../data/prng.ts';
import type { ImageSet } from '../data/image-set.ts';
import { quantileEstimate } from '../metrics/intervals.ts';
import { describeStop } from '../metrics/precision-stop.ts';
import { compareInterleaved, type CompareArmInput } from './bench-compare.ts';
import type { ServeClient } from './client.ts';

const set: ImageSet = { pixels: new Uint8Array(8 * 2 * 2 * 3), labels: new Uint8Array(8), count: 8, height: 2, width: 2, ids: Array.from({ length: 8 }, (_, i) => `i${i}`) };

/** A server answering in `draw()` ms model-only (+0.2 ms end to end); `queries` counts what it answered. */
function fakeArm(label: string, seed: number, draw: (rng: ReturnType<typeof createRng>) => number): CompareArmInput & { queries: () => number } {
  const rng = createRng(seed);
  let answered = 0;
  const client = {
    query: async () => {
      answered++;
      const modelMs = draw(rng);
      return { ok: true as const, e2eMs: modelMs + 0.2, modelMs, preprocessMs: 0, probs: [1, 0] };
    },
  } as unknown as ServeClient;
  return { label, client, queries: () => answered };
}

const tight = (median: number) => (rng: ReturnType<typeof createRng>) => median * Math.exp(0.05 * rng.normal());

describe('compareInterleaved stopping when precise', () => {
  it('stops on a checked block once every p50 is within ±3%, with at least 32 rounds', async () => {
    const arms = [fakeArm('a', 1, tight(1)), fakeArm('b', 2, tight(2))];
    const r = await compareInterleaved(arms, set, { queries: 1024, blockSize: 16 });
    expect(r.stop).toMatchObject({ reason: 'precise', relHalfWidthTarget: 0.03, confidence: 0.95, maxCount: 1024, minCount: 32, count: r.rounds });
    expect(r.rounds).toBeGreaterThanOrEqual(32);
    expect(r.rounds).toBeLessThan(1024);
    expect(r.rounds % 16).toBe(0);
    expect(r.stop!.worstRelHalfWidth!).toBeLessThanOrEqual(0.03);
    for (const arm of r.arms) {
      for (const field of ['e2eMs', 'modelMs'] as const) {
        const e = quantileEstimate(arm.samples.map((s) => s[field]), 0.5)!;
        expect(e.low!).toBeGreaterThanOrEqual(e.value * 0.97);
        expect(e.high!).toBeLessThanOrEqual(e.value * 1.03);
      }
    }
    expect(r.measureMs).toBeGreaterThanOrEqual(0);
  });

  it('runs to the cap when one arm stays wide, and names it', async () => {
    const arms = [fakeArm('steady', 3, tight(1)), fakeArm('noisy', 4, (rng) => rng.range(1, 100))];
    const r = await compareInterleaved(arms, set, { queries: 96 });
    expect(r.rounds).toBe(96);
    expect(r.stop).toMatchObject({ reason: 'cap', count: 96 });
    expect(r.stop!.worstLabel).toMatch(/^noisy /);
    expect(r.stop!.worstRelHalfWidth!).toBeGreaterThan(0.03);
  });

  it('runs every round with precision off, and keeps Stop as stopped', async () => {
    const fixed = await compareInterleaved([fakeArm('a', 5, tight(1)), fakeArm('b', 6, tight(1))], set, { queries: 200, precision: false });
    expect(fixed.rounds).toBe(200);
    expect(fixed.stop).toBeUndefined();

    const controller = new AbortController();
    const a = fakeArm('a', 7, (rng) => rng.range(1, 100));
    const b = fakeArm('b', 8, tight(1));
    const r = await compareInterleaved([a, b], set, {
      queries: 1024,
      signal: controller.signal,
      onProgress: (p) => p.done === 20 && controller.abort(),
    });
    expect(r.rounds).toBe(20);
    expect(r.stop?.reason).toBe('stopped');
  });

  it('stops at a time cap, on a checked block, and says so', async () => {
    const slow = fakeArm('slow', 11, (rng) => rng.range(1, 100));
    const client = slow.client as unknown as { query: () => Promise<unknown> };
    const answer = client.query;
    client.query = async () => {
      await new Promise((r) => setTimeout(r, 1));
      return answer();
    };
    const r = await compareInterleaved([slow, fakeArm('b', 12, tight(1))], set, { queries: 100_000, blockSize: 16, precision: { maxMs: 60 } });
    expect(r.stop).toMatchObject({ reason: 'cap', maxMs: 60, maxCount: 100_000 });
    expect(r.rounds % 16).toBe(0);
    expect(r.rounds).toBeLessThan(100_000);
    expect(r.stop!.elapsedMs!).toBeGreaterThanOrEqual(60);
    expect(describeStop(r.stop!, 'rounds')).toMatch(/^stopped at the time cap of 0.1 s \(\d+ rounds\) before the target/);
  });

  it('takes a looser target and a larger minimum', async () => {
    const r = await compareInterleaved([fakeArm('a', 9, tight(1)), fakeArm('b', 10, tight(1))], set, { queries: 1024, blockSize: 16, precision: { relHalfWidth: 0.2, minCount: 160 } });
    expect(r.stop).toMatchObject({ reason: 'precise', minCount: 160, relHalfWidthTarget: 0.2 });
    expect(r.rounds).toBe(160);
  });
});
