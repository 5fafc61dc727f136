// The stopping rule against the space of inputs: a 'precise' stop means every p50's interval is
// truly inside the target, the cap always ends a run, and the decision does not depend on the
// unit (ms or s) the latencies are in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileEstimate } from './intervals.ts';
import { checkPrecision, precisionRule } from './precision-stop.ts';

const RUNS = 1000;
const latency = fc.double({ min: 0.05, max: 50, noNaN: true });
const series = fc.array(fc.array(latency, { minLength: 0, maxLength: 300 }), { minLength: 1, maxLength: 4 });
const rules = fc.record({ cap: fc.integer({ min: 1, max: 400 }), min: fc.integer({ min: 1, max: 400 }), target: fc.double({ min: 0.001, max: 0.5, noNaN: true }) });

describe('checkPrecision (properties)', () => {
  it('stops as precise only when every series has its minimum count and its interval inside the target', () => {
    fc.assert(
      fc.property(series, rules, (all, r) => {
        const rule = precisionRule(r.cap, r.min, { relHalfWidth: r.target });
        const check = checkPrecision(all.map((samples, i) => ({ label: `s${i}`, samples })), rule);
        if (check.reason !== 'precise') return;
        for (const samples of all) {
          expect(samples.length).toBeGreaterThanOrEqual(rule.minCount);
          const e = quantileEstimate(samples, 0.5)!;
          expect(e.low).not.toBeNull();
          expect(e.high).not.toBeNull();
          expect(e.low!).toBeGreaterThanOrEqual(e.value * (1 - r.target) - 1e-12);
          expect(e.high!).toBeLessThanOrEqual(e.value * (1 + r.target) + 1e-12);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('always ends a run that reached the cap, and never one below both the cap and the minimum', () => {
    fc.assert(
      fc.property(series, rules, (all, r) => {
        const rule = precisionRule(r.cap, r.min);
        const check = checkPrecision(all.map((samples, i) => ({ label: `s${i}`, samples })), rule);
        const most = Math.max(...all.map((s) => s.length));
        const fewest = Math.min(...all.map((s) => s.length));
        if (most >= rule.maxCount) expect(check.reason).not.toBeNull();
        if (most < rule.maxCount && fewest < rule.minCount) expect(check.reason).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('decides the same whatever the unit: scaling every latency changes nothing', () => {
    fc.assert(
      fc.property(series, rules, fc.constantFrom(0.001, 1000, 4), (all, r, scale) => {
        const rule = precisionRule(r.cap, r.min, { relHalfWidth: r.target });
        const a = checkPrecision(all.map((samples, i) => ({ label: `s${i}`, samples })), rule);
        const b = checkPrecision(all.map((samples, i) => ({ label: `s${i}`, samples: samples.map((x) => x * scale) })), rule);
        // Scaling by a power of two is exact; by 1000 the half-widths may move in the last bits.
        if (scale === 4) expect(b.reason).toBe(a.reason);
        else if (a.worst?.relHalfWidth != null && Math.abs(a.worst.relHalfWidth - r.target) > 1e-9) expect(b.reason).toBe(a.reason);
      }),
      { numRuns: RUNS },
    );
  });
});
