// The Prune table's precision column and its caption: how tight each p50's 95% interval got
// before the latency rounds stopped, against the ±3% target, and each level's accuracy change with its interval. Screenshot: screenshots/prune-table-intervals.png.
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { createRng } from '../data/prng.ts';
import { formatPoints } from '../metrics/format.ts';
import { differenceInterval, p50Intervals } from '../metrics/intervals.ts';
import type { QuerySample } from '../serve/bench-types.ts';
import type { DenseState, PruneLevelState } from '../state/prune-state.ts';
import type { ModelInspection } from '../workbench/protocol.ts';
import { formatPrecision } from './tsl-prune-table.ts';
import './tsl-prune-table.ts';

const inspection: ModelInspection = { layers: [], params: 285_922, nonzeroParams: 285_922, weightBytes: 1_143_688, gzipBytes: 1_050_000, flopsPerQuery: 23_167_306, theoreticalFlopsPerQuery: 23_167_306 };

/** `n` queries of lognormal latency around `medianMs` with log-spread `sigma` (model only half of it). */
function queries(n: number, medianMs: number, sigma: number, seed: number): QuerySample[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, seq) => {
    const e2eMs = medianMs * Math.exp(sigma * rng.normal());
    return { seq, imageIndex: seq % 300, startMs: seq, e2eMs, modelMs: e2eMs / 2, preprocessMs: 0.05, roundTripMs: 0.1, correct: seq % 10 !== 0 };
  });
}

function fixture(levelSigma: number, n: number) {
  const dense: DenseState = { testAcc: 0.9, weightBytes: 1_143_688, gzipBytes: 1_050_000, nonzeroParams: 285_922, params: 285_922, flopsPerQuery: 23_167_306, p50Ms: 1.5, modelP50Ms: 0.75, inspection, filterNorms: [], latency: p50Intervals(queries(n, 1.5, 0.08, 1)) };
  const level = (method: 'unstructured' | 'structured', sparsity: number, medianMs: number, sigma: number, seed: number): PruneLevelState => {
    const latency = p50Intervals(queries(n, medianMs, sigma, seed));
    return {
      row: {
        method, sparsity, testAcc: 0.89, p50Ms: latency.e2e!.value, modelP50Ms: latency.model!.value, weightBytes: method === 'structured' ? 400_000 : 1_143_688, gzipBytes: 400_000, nonzeroParams: 100_000, flopsPerQuery: 10e6,
        fineTuneMs: 20_000, fineTuneFlops: 3e11, fineTuneDispatches: 40_000, flopsKind: method === 'unstructured' ? 'theoretical' : 'analytic', params: 285_922, latency,
      },
      inspection,
      modelId: null,
    };
  };
  return { dense, levels: [level('unstructured', 0.9, 1.5, 0.08, 2), level('structured', 0.5, 0.7, levelSigma, 3)] };
}

async function mount(props: Record<string, unknown>) {
  await page.viewport(1400, 700);
  const el = document.createElement('tsl-prune-table');
  Object.assign(el, props);
  const box = document.createElement('div');
  box.style.width = '1280px';
  box.style.background = 'white';
  box.append(el);
  document.body.append(box);
  await el.updateComplete;
  return el;
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
afterEach(() => document.body.replaceChildren());

describe('tsl-prune-table precision', () => {
  it('shows each row\'s reached ±% and says the target was met', async () => {
    const { dense, levels } = fixture(0.08, 160);
    const el = await mount({ dense, levels, testCount: 300, classes: 2 });
    const cells = [...el.renderRoot.querySelectorAll('[data-col="precision"]')].map(text);
    expect(cells).toHaveLength(3);
    for (const c of cells) expect(c).toMatch(/^±\d\.\d% \/ ±\d\.\d%$/);
    expect(cells[0]).toBe(`${formatPrecision(dense.latency!.e2e)} / ${formatPrecision(dense.latency!.model)}`);
    const stop = el.renderRoot.querySelector('p.stop')!;
    expect(stop.getAttribute('data-stop')).toBe('precise');
    expect(text(stop)).toContain('(target met)');
    expect(el.renderRoot.querySelectorAll('[data-col="precision"] .wide')).toHaveLength(0);
    // The accuracy change against dense carries its interval: 89% against 90% on the same 300 images.
    const delta = text(el.renderRoot.querySelector('tr[data-level="structured:0.5"] [data-col="accDelta"]'));
    const { low, high } = differenceInterval(0.89, 300, 0.9, 300);
    expect(delta).toBe(`−1.0 pt[${formatPoints(low).replace(' pt', '')} to ${formatPoints(high)}]`);
    expect(low).toBeLessThan(0);
    expect(high).toBeGreaterThan(0);
    await page.screenshot({ path: '../../screenshots/prune-table-intervals.png', element: el });
  });

  it('marks a p50 wider than ±3% and says the cap came first', async () => {
    const { dense, levels } = fixture(0.6, 64);
    const el = await mount({ dense, levels, testCount: 300, classes: 2 });
    const stop = el.renderRoot.querySelector('p.stop')!;
    expect(stop.getAttribute('data-stop')).toBe('cap');
    expect(text(stop)).toContain('the cap or Stop came first');
    expect(el.renderRoot.querySelectorAll('tr[data-level="structured:0.5"] [data-col="precision"] .wide').length).toBeGreaterThan(0);
    await page.screenshot({ path: '../../screenshots/prune-table-intervals-cap.png', element: el });
  });

  it('shows no caption or ±% before the latency rounds', async () => {
    const { dense, levels } = fixture(0.08, 160);
    delete dense.latency;
    for (const l of levels) delete l.row.latency;
    const el = await mount({ dense, levels });
    expect(el.renderRoot.querySelector('p.stop')).toBeNull();
    expect(text(el.renderRoot.querySelector('[data-col="precision"]'))).toBe('— / —');
  });
});
