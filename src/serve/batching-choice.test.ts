// The off/on comparison's choice of (T, B): the rules, their stated reasons, and the fallbacks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ThroughputPoint } from '../metrics/report.ts';
import type { BatchingPointRecord } from '../metrics/scale-records.ts';
import { chooseBatching } from './batching-choice.ts';

const point = (maxDelayMs: number, maxBatch: number, load: number, achievedQps: number, p99Ms: number): BatchingPointRecord => ({
  maxDelayMs, maxBatch, off: false, load, offeredQps: 10 * load, achievedQps, count: 256, p50Ms: p99Ms / 2, p99Ms, meanBatch: 1,
});
const off = (load: number, achievedQps: number, p99Ms: number): BatchingPointRecord => ({ ...point(0, 1, load, achievedQps, p99Ms), off: true });
const tp = (batchSize: number, imagesPerSec: number): ThroughputPoint => ({ batchSize, imagesPerSec, msPerImage: 1000 / imagesPerSec });

// WebGL on SwiftShader, as a bench run measured it: 29 images/s at batch 1, 45 at batch 64, and
// the heavy-load throughput highest with T 0 ms, B 64, whose light-load p99 still met 200 ms.
const swiftshaderCurve: BatchingPointRecord[] = [
  off(0.5, 12, 90), off(3, 27, 4000),
  point(0, 4, 0.5, 12, 120), point(0, 4, 3, 33, 3000),
  point(0, 16, 0.5, 12, 150), point(0, 16, 3, 38, 3500),
  point(0, 64, 0.5, 12, 190), point(0, 64, 3, 44, 5000),
  point(10, 64, 0.5, 12, 260), point(10, 64, 3, 43, 5200),
];
const swiftshaderOffline = [tp(1, 29), tp(4, 33), tp(16, 40), tp(64, 45)];

describe('chooseBatching', () => {
  it('excludes a B whose full batch alone outlasts the bound (SwiftShader: B 64 at 45 images/s under 200 ms)', () => {
    const c = chooseBatching(swiftshaderCurve, 200, swiftshaderOffline);
    const b64 = c.candidates.find((x) => x.maxDelayMs === 0 && x.maxBatch === 64)!;
    // 64 × (1000 / 45) ms = 1,422 ms > 200 ms.
    expect(b64.fullBatchMs).toBeCloseTo(64_000 / 45, 6);
    expect(b64.excluded).toBe('a full batch takes 64 × 22.2 ms = 1.42 s > bound 200 ms');
    // B 16: 16 × 25 ms = 400 ms > 200 ms, also out; B 4: 4 × 30.3 ms = 121 ms fits.
    expect(c.candidates.find((x) => x.maxBatch === 16)!.excluded).toBe('a full batch takes 16 × 25.0 ms = 400 ms > bound 200 ms');
    expect(c.chosen).toEqual({ maxDelayMs: 0, maxBatch: 4 });
    expect(c.why).toMatch(/^T 0 ms, B 4: the most throughput at the heavy load \(33\.0 queries\/s\)/);
    // Without the offline throughput only the light-load p99 rule applies: the old choice, B 64.
    expect(chooseBatching(swiftshaderCurve, 200).chosen).toEqual({ maxDelayMs: 0, maxBatch: 64 });
  });

  it('names every reason a configuration is out, the light-load p99 among them', () => {
    const c = chooseBatching(swiftshaderCurve, 200, swiftshaderOffline);
    const t10 = c.candidates.find((x) => x.maxDelayMs === 10)!;
    expect(t10.excluded).toBe('p99 at the light load 260 ms > bound 200 ms; a full batch takes 64 × 22.2 ms = 1.42 s > bound 200 ms');
    expect(c.candidates.find((x) => x.maxBatch === 4)!.excluded).toBeNull();
    expect(c.candidates).toHaveLength(4);
  });

  it('checks the full batch only where the offline throughput at that B was measured', () => {
    const c = chooseBatching(swiftshaderCurve, 200, [tp(1, 29), tp(64, 45)]);
    expect(c.candidates.find((x) => x.maxBatch === 16)!.fullBatchMs).toBeNull();
    expect(c.candidates.find((x) => x.maxBatch === 16)!.excluded).toBeNull();
    expect(c.chosen).toEqual({ maxDelayMs: 0, maxBatch: 16 });
  });

  it('falls back, and says so, when nothing meets every rule', () => {
    // A 20 ms bound: every light-load p99 is over it; B 4's full batch (121 ms) is over it too.
    const c = chooseBatching(swiftshaderCurve, 20, swiftshaderOffline);
    expect(c.candidates.every((x) => x.excluded !== null)).toBe(true);
    expect(c.chosen).toEqual({ maxDelayMs: 0, maxBatch: 64 });
    expect(c.why).toContain('none has a full batch that fits the bound');
    // A 150 ms bound with every light-load p99 over it: B 4's full batch (121 ms) still fits, the others' do not.
    const loose = chooseBatching(swiftshaderCurve.map((p) => ({ ...p, p99Ms: p.p99Ms + 100 })), 150, swiftshaderOffline);
    expect(loose.chosen).toEqual({ maxDelayMs: 0, maxBatch: 4 });
    expect(loose.why).toContain('among those whose full batch fits the bound');
  });

  it('a missing run excludes its configuration; no batching-on run chooses nothing', () => {
    const c = chooseBatching([...swiftshaderCurve, point(2, 4, 3, 99, 10)], 200, swiftshaderOffline);
    expect(c.candidates.find((x) => x.maxDelayMs === 2)!.excluded).toBe('no run at the light load (0.5×)');
    expect(c.chosen).toEqual({ maxDelayMs: 0, maxBatch: 4 });
    const none = chooseBatching([off(0.5, 1, 1), off(3, 2, 2)], 200, swiftshaderOffline);
    expect(none.chosen).toBeNull();
    expect(none.why).toMatch(/no batching-on run/);
  });

  it('property: the choice, when it met every rule, has the most heavy-load throughput of those that did', () => {
    const arb = fc.array(fc.record({ t: fc.constantFrom(0, 2, 10), b: fc.constantFrom(4, 16, 64), qps: fc.double({ min: 1, max: 1000, noNaN: true }), p99: fc.double({ min: 1, max: 500, noNaN: true }) }), { minLength: 1, maxLength: 9 });
    fc.assert(fc.property(arb, fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), (rows, bound, ips) => {
      const seen = new Set<string>();
      const uniq = rows.filter((r) => !seen.has(`${r.t}|${r.b}`) && seen.add(`${r.t}|${r.b}`));
      const pts = uniq.flatMap((r) => [point(r.t, r.b, 0.5, r.qps / 2, r.p99), point(r.t, r.b, 3, r.qps, r.p99 * 10)]);
      const c = chooseBatching(pts, bound, [tp(4, ips), tp(16, ips), tp(64, ips)]);
      const ok = c.candidates.filter((x) => x.excluded === null);
      for (const x of ok) expect(x.lightP99Ms! <= bound && x.maxBatch * (1000 / ips) <= bound * (1 + 1e-12)).toBe(true);
      if (ok.length > 0) {
        const chosen = c.candidates.find((x) => x.maxDelayMs === c.chosen!.maxDelayMs && x.maxBatch === c.chosen!.maxBatch)!;
        expect(chosen.excluded).toBeNull();
        expect(chosen.heavyQps).toBe(Math.max(...ok.map((x) => x.heavyQps!)));
      }
    }));
  });
});
