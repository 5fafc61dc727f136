// Unit and property tests of the latency-bound search: a simulated server whose p99 rises with the
// rate stands in for the measuring, so the search's bracketing and its answer can be checked exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchSloCapacity, sloEndText, sloOptionsProblem, trialCount, type MeasureRate, type RateMeasurement } from './slo-search.ts';

/** A server that meets p99 = base until `capacity`, then blows up: pass exactly below the threshold rate. */
function thresholdServer(passBelowQps: number, serviceP50Ms = 1): MeasureRate & { calls: number[] } {
  const calls: number[] = [];
  const f = async (qps: number, ask: { minCount: number }): Promise<RateMeasurement> => {
    calls.push(qps);
    const p99Ms = qps <= passBelowQps ? 10 : 100;
    return { p99Ms, p50Ms: qps <= passBelowQps ? 2 : 60, serviceP50Ms, count: ask.minCount, durationMs: (ask.minCount / qps) * 1000, achievedQps: qps, errorCount: 0 };
  };
  return Object.assign(f, { calls });
}

describe('searchSloCapacity', () => {
  it('grows until a fail, then bisects to the resolution, and the answer brackets the true threshold', async () => {
    const server = thresholdServer(300);
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, resolution: 0.05 }, server);
    expect(r.end).toBe('bracketed');
    expect(r.trials.slice(0, 4).map((t) => [t.qps, t.phase, t.pass])).toEqual([[50, 'grow', true], [100, 'grow', true], [200, 'grow', true], [400, 'grow', false]]);
    expect(r.trials.slice(4).every((t) => t.phase === 'bisect')).toBe(true);
    expect(r.capacityQps!).toBeLessThanOrEqual(300);
    expect(r.firstFailQps!).toBeGreaterThan(300);
    expect(r.firstFailQps! / r.capacityQps! - 1).toBeLessThanOrEqual(0.05);
    expect(r.bracketRatio).toBeCloseTo(r.firstFailQps! / r.capacityQps! - 1, 12);
  });

  it('shrinks when the start rate fails', async () => {
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 100 }, thresholdServer(30));
    expect(r.trials.slice(0, 3).map((t) => [t.qps, t.phase, t.pass])).toEqual([[100, 'grow', false], [50, 'shrink', false], [25, 'shrink', true]]);
    expect(r.capacityQps!).toBeLessThanOrEqual(30);
    expect(r.firstFailQps!).toBeGreaterThan(30);
  });

  it('stops at once when the median service time alone is over the bound, with no capacity', async () => {
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 100 }, thresholdServer(0, 30));
    expect(r.end).toBe('below-service-time');
    expect(r.capacityQps).toBeNull();
    expect(r.trials).toHaveLength(1);
  });

  it('counts a trial where the server fell behind as a fail, even with its p99 under the bound', async () => {
    const behind: MeasureRate = async (qps, ask) => ({ p99Ms: 1, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: Math.min(qps, 100), offeredQps: qps, errorCount: 0 });
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, resolution: 0.02 }, behind);
    expect(r.capacityQps!).toBeLessThanOrEqual(100 / 0.9);
    expect(r.firstFailQps!).toBeGreaterThan(100 / 0.9);
  });

  it('with retries, a stall that fails one run below capacity does not end the bracket there; a true fail fails twice', async () => {
    // Below 300 queries/s the server holds the bound, except the first run at 200, which a stall spoils.
    const calls: number[] = [];
    const stalled: MeasureRate = async (qps, ask) => {
      calls.push(qps);
      const stall = qps === 200 && calls.filter((q) => q === 200).length === 1;
      const p99Ms = qps <= 300 && !stall ? 10 : 100;
      return { p99Ms, p50Ms: 2, count: ask.minCount, durationMs: 1000, achievedQps: qps, offeredQps: qps, errorCount: 0 };
    };
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, resolution: 0.05, retryP99Fails: true }, stalled);
    expect(r.trials.slice(0, 5).map((t) => [t.qps, t.phase, t.pass])).toEqual([[50, 'grow', true], [100, 'grow', true], [200, 'grow', false], [200, 'retry', true], [400, 'grow', false]]);
    expect(r.trials[5]).toMatchObject({ qps: 400, phase: 'retry', pass: false });
    expect(r.capacityQps!).toBeGreaterThan(300 / 1.05);
    expect(r.capacityQps!).toBeLessThanOrEqual(300);
    const without = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, resolution: 0.05 }, stalled);
    expect(without.trials.some((t) => t.phase === 'retry')).toBe(false);
  });

  it('never retries a confirmation run: its fail lowers the answer', async () => {
    let confirms = 0;
    const server: MeasureRate = async (qps, ask) => {
      const failConfirm = ask.phase === 'confirm' && confirms++ === 0;
      return { p99Ms: qps <= 300 && !failConfirm ? 10 : 100, p50Ms: 2, count: ask.minCount, durationMs: 1000, achievedQps: qps, offeredQps: qps, errorCount: 0 };
    };
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, resolution: 0.05, retryP99Fails: true, confirmCount: 500 }, server);
    const phases = r.trials.map((t) => t.phase);
    const firstConfirm = phases.indexOf('confirm');
    expect(phases[firstConfirm + 1]).toBe('confirm');
    expect(r.end).toBe('bracketed');
    expect(r.capacityQps!).toBeLessThan(r.trials[firstConfirm]!.qps);
  });

  it('reports no capacity when the trial limit comes right after a failed confirmation (the lowered rate never ran)', async () => {
    // Short runs pass up to 300; every confirmation fails.
    const m: MeasureRate = async (qps, ask) => ({ p99Ms: qps <= 300 && ask.phase !== 'confirm' ? 5 : 50, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: 0 });
    const options = { p99TargetMs: 20, startQps: 50, minCount: 100, confirmCount: 2000, resolution: 0.05 };
    const free = await searchSloCapacity(options, m);
    const firstConfirm = free.trials.findIndex((t) => t.phase === 'confirm');
    const r = await searchSloCapacity({ ...options, maxTrials: firstConfirm + 1 }, m);
    expect(r.trials.at(-1)!.phase).toBe('confirm');
    expect(r.trials.at(-1)!.pass).toBe(false);
    expect(r.end).toBe('unconfirmed');
    expect(r.capacityQps).toBeNull();
    // Every capacity a search reports is a rate it ran and passed.
    expect(free.capacityQps === null || free.trials.some((t) => t.qps === free.capacityQps && t.pass)).toBe(true);
  });

  it('says whether its capacity was confirmed: by a longer run, not at all (the trial limit came first), or not asked', async () => {
    // Short runs and confirmations alike pass up to 300.
    const m: MeasureRate = async (qps, ask) => ({ p99Ms: qps <= 300 ? 5 : 50, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: 0 });
    const options = { p99TargetMs: 20, startQps: 50, minCount: 100, confirmCount: 2000, resolution: 0.05 };
    const free = await searchSloCapacity(options, m);
    expect(free).toMatchObject({ end: 'bracketed', confirmed: true });
    expect(free.trials.at(-1)).toMatchObject({ phase: 'confirm', pass: true, qps: free.capacityQps });
    // The limit reached just before the first confirmation: the bisection's pass stands, unconfirmed, and the table says so.
    const firstConfirm = free.trials.findIndex((t) => t.phase === 'confirm');
    const cut = await searchSloCapacity({ ...options, maxTrials: firstConfirm }, m);
    expect(cut.trials.some((t) => t.phase === 'confirm')).toBe(false);
    expect(cut).toMatchObject({ end: 'max-trials', confirmed: false, capacityQps: free.capacityQps });
    expect(sloEndText(cut)).toBe(`stopped at the most trials allowed; ${cut.capacityQps!.toFixed(1)} queries/s passed only the short runs (no longer run confirmed it)`);
    const unasked = await searchSloCapacity({ ...options, confirmCount: 0 }, m);
    expect(unasked.confirmed).toBeNull();
    expect(sloEndText({ ...unasked, end: 'max-trials' })).toBe('stopped at the most trials allowed');
  });

  it('reports no capacity, unconfirmed, when failed confirmations lower the answer past the lowest rate allowed', async () => {
    // Short runs pass up to 300; every confirmation fails; 290/s is the lowest rate allowed.
    const m: MeasureRate = async (qps, ask) => ({ p99Ms: qps <= 300 && ask.phase !== 'confirm' ? 5 : 50, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: 0 });
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 300, minQps: 290, minCount: 100, confirmCount: 2000, resolution: 0.05 }, m);
    expect(r.trials.at(-1)).toMatchObject({ phase: 'confirm', pass: false });
    expect(r).toMatchObject({ end: 'unconfirmed', capacityQps: null, confirmed: null });
    expect(sloEndText(r)).toBe('no longer confirmation run passed (each failed, or the search ran out of trials or rates first)');
  });

  it('reports no capacity when the confirmation after a failed one is stopped', async () => {
    let confirms = 0;
    const m: MeasureRate = async (qps, ask) => {
      const second = ask.phase === 'confirm' && ++confirms === 2;
      return { p99Ms: qps <= 300 && ask.phase !== 'confirm' ? 5 : 50, p50Ms: 1, count: second ? 3 : ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: 0, aborted: second };
    };
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, minCount: 100, confirmCount: 2000, resolution: 0.05 }, m);
    expect(r.end).toBe('aborted');
    expect(r.trials.filter((t) => t.phase === 'confirm')).toHaveLength(2);
    expect(r.capacityQps).toBeNull();
  });

  it('does not retry a rate the server fell behind at or answered with errors', async () => {
    const behind: MeasureRate = async (qps, ask) => ({ p99Ms: qps > 100 ? 100 : 1, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: Math.min(qps, 100), offeredQps: qps, errorCount: qps > 150 ? 1 : 0 });
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, resolution: 0.05, retryP99Fails: true }, behind);
    const failed = r.trials.filter((t) => !t.pass);
    expect(failed.length).toBeGreaterThan(0);
    expect(r.trials.some((t) => t.phase === 'retry' && t.qps > 100 / 0.9)).toBe(false);
  });

  it('counts a trial with errors or too few queries as a fail', async () => {
    const errors: MeasureRate = async (qps, ask) => ({ p99Ms: 1, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: qps > 80 ? 1 : 0 });
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, minCount: 10 }, errors);
    expect(r.capacityQps!).toBeLessThanOrEqual(80);
    const short: MeasureRate = async (qps, ask) => ({ p99Ms: 1, p50Ms: 1, count: qps > 80 ? ask.minCount - 1 : ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: 0 });
    expect((await searchSloCapacity({ p99TargetMs: 20, startQps: 50, minCount: 10 }, short)).capacityQps!).toBeLessThanOrEqual(80);
  });

  it('asks for the minimum count and confirms with the longer run; a failed confirmation lowers the answer', async () => {
    const asked: number[] = [];
    // Passes at a short run up to 300, but a long run only up to 280.
    const m: MeasureRate = async (qps, ask) => {
      asked.push(ask.minCount);
      const limit = ask.phase === 'confirm' ? 280 : 300;
      return { p99Ms: qps <= limit ? 5 : 50, p50Ms: 1, count: ask.minCount, durationMs: 1000, achievedQps: qps, errorCount: 0 };
    };
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 50, minCount: 100, confirmCount: 2000, resolution: 0.05 }, m);
    const confirms = r.trials.filter((t) => t.phase === 'confirm');
    expect(confirms.length).toBeGreaterThanOrEqual(1);
    expect(confirms.every((t) => t.count === 2000)).toBe(true);
    expect(confirms.at(-1)!.pass).toBe(true);
    expect(r.capacityQps).toBe(confirms.at(-1)!.qps);
    expect(r.capacityQps!).toBeLessThanOrEqual(280);
    expect(asked.filter((c) => c === 100).length).toBe(r.trials.length - confirms.length);
  });

  it('ends with what it measured when stopped', async () => {
    let n = 0;
    const m: MeasureRate = async (qps, ask) => ({ p99Ms: 1, p50Ms: 1, count: ask.minCount, durationMs: 1, achievedQps: qps, errorCount: 0, aborted: ++n === 3 });
    const r = await searchSloCapacity({ p99TargetMs: 20, startQps: 10 }, m);
    expect(r.end).toBe('aborted');
    expect(r.trials).toHaveLength(3);
    expect(r.capacityQps).toBe(20);
  });

  it('refuses nonsense options with a message naming them', async () => {
    expect(sloOptionsProblem({ p99TargetMs: 0, startQps: 1 })).toMatch(/p99 target/);
    expect(sloOptionsProblem({ p99TargetMs: 20, startQps: Number.NaN })).toMatch(/start rate/);
    expect(sloOptionsProblem({ p99TargetMs: 20, startQps: 1, growth: 1 })).toMatch(/growth/);
    expect(sloOptionsProblem({ p99TargetMs: 20, startQps: 1, resolution: 2 })).toMatch(/resolution/);
    await expect(searchSloCapacity({ p99TargetMs: -1, startQps: 1 }, thresholdServer(1))).rejects.toThrow(/p99 target/);
  });

  it('property: for any monotone server, the answer passes, the next fail is within the resolution, and no grid', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 1, max: 5000, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), fc.double({ min: 0.01, max: 0.3, noNaN: true }), async (threshold, start, resolution) => {
        const server = thresholdServer(threshold);
        const r = await searchSloCapacity({ p99TargetMs: 20, startQps: start, resolution, maxTrials: 60, minQps: start / 1e4, maxQps: start * 1e4 }, server);
        expect(r.end).toBe('bracketed');
        expect(r.capacityQps!).toBeLessThanOrEqual(threshold);
        expect(r.firstFailQps!).toBeGreaterThan(threshold);
        expect(r.firstFailQps! / r.capacityQps! - 1).toBeLessThanOrEqual(resolution + 1e-12);
        // Each trial's verdict is the server's; the capacity is the highest passing rate tried.
        expect(Math.max(...r.trials.filter((t) => t.pass).map((t) => t.qps))).toBe(r.capacityQps);
      }),
      { numRuns: 200 },
    );
  });
});

describe('trialCount', () => {
  it('is the minimum count or enough queries to last the minimum duration', () => {
    expect(trialCount(10, 200, 2000)).toBe(200);
    expect(trialCount(500, 200, 2000)).toBe(1000);
    expect(trialCount(333.3, 1, 1000)).toBe(334);
  });
});
