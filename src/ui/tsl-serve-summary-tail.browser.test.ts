// The Serve summary's tail figures: p90 ÷ p50 and p99 ÷ p50 of end to end and of model only,
// derived from the same queries as the table, with the query count beside them.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { formatRatioInterval } from '../metrics/format.ts';
import { quantileRatioBounds } from '../metrics/intervals.ts';
import { summarize } from '../metrics/stats.ts';
import type { QuerySample, ServeBenchResult } from '../serve/bench-types.ts';
import { sortedTimes, tailRatioIntervals, tailRatios, type TslServeSummary } from './tsl-serve-summary.ts';

/** 1,000 queries: end to end 1.000..1.999 ms, model only 1 ms for 900 of them and 4 ms for the slowest 100. */
function result(): ServeBenchResult {
  const qs: QuerySample[] = Array.from({ length: 1000 }, (_, seq) => ({ seq, imageIndex: seq % 300, startMs: seq, e2eMs: 1 + seq / 1000, modelMs: seq >= 900 ? 4 : 1, preprocessMs: 0.05, roundTripMs: 0.1, correct: true }));
  const e2e = summarize(qs.map((q) => q.e2eMs));
  const model = summarize(qs.map((q) => q.modelMs));
  return {
    record: { model: 'm', backend: 'wasm', loadMs: 40, coldMs: 12, coldWarmedMs: 3, count: e2e.count, meanMs: e2e.meanMs, minMs: e2e.minMs, p50Ms: e2e.p50Ms, p90Ms: e2e.p90Ms, p99Ms: e2e.p99Ms, maxMs: e2e.maxMs, modelP50Ms: model.p50Ms, throughput: [], testAcc: 0.9, flopsPerQuery: 23e6, numTensorsLeaked: 0 },
    e2e, model, roundTrip: summarize(qs.map((q) => q.roundTripMs)), samples: qs, histogram: [], errorCount: 0, warmMs: 2, warmupMs: [12, 2, 2], capabilities: { available: true }, transport: 'shared', aborted: false, throughput: [],
  };
}

afterEach(() => document.body.replaceChildren());

describe('tsl-serve-summary tail figures', () => {
  it('shows p90/p50 and p99/p50 of end to end and model only, with the query count', async () => {
    await page.viewport(1280, 900);
    const el = document.createElement('tsl-serve-summary') as TslServeSummary;
    el.result = result();
    el.style.width = '1200px';
    document.body.append(el);
    await el.updateComplete;
    const fig = (key: string) => el.renderRoot.querySelector(`[data-figure="${key}"]`)!;
    const r = el.result!;
    expect(fig('tail-e2e').querySelector('.v')!.textContent).toBe(`${(r.e2e.p90Ms / r.e2e.p50Ms).toFixed(2)}× · ${(r.e2e.p99Ms / r.e2e.p50Ms).toFixed(2)}×`);
    expect(fig('tail-e2e').textContent).toContain('1,000 queries');
    // The slowest tenth at 4 ms: p90 still 1 ms (nearest rank 900), p99 4 ms.
    expect(fig('tail-model').querySelector('.v')!.textContent).toBe('1.00× · 4.00×');
    // Under each, the bounds from the same queries' order statistics.
    const sorted = Float64Array.from(r.samples.map((q) => q.e2eMs)).sort();
    expect(fig('tail-e2e').querySelector('[data-interval="tail-e2e"]')!.textContent).toBe(`${formatRatioInterval(quantileRatioBounds(sorted, 0.9))} · ${formatRatioInterval(quantileRatioBounds(sorted, 0.99))}`);
    // The model-only p90 lies where 1 ms turns to 4 ms, so its bounds span both; p99 sits among the 4 ms.
    expect(fig('tail-model').querySelector('[data-interval="tail-model"]')!.textContent).toBe('[1.00–4.00×] · [4.00–4.00×]');
    await page.screenshot({ path: '../../screenshots/serve-summary-tail.png', element: el });
  });

  it('shows a dash without a measured median', () => {
    expect(tailRatios(null)).toBe('—');
    expect(tailRatios({ ...summarize([1, 2, 3]), p50Ms: Number.NaN })).toBe('—');
    expect(tailRatioIntervals(sortedTimes([]))).toBeNull();
    expect(sortedTimes([3, Number.NaN, 1, 2])).toEqual(Float64Array.from([1, 2, 3]));
    expect(tailRatioIntervals(sortedTimes([1, 2, 3]))).toBe('[too few queries] · [too few queries]');
  });
});
