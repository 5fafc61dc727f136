// The figures that get compared carry their uncertainty: the Serve summary's p50/p90/p99 with
// order-statistic intervals and its test accuracy with a Wilson interval and a chance mark; the
// backend comparison's ratio "not distinguishable" when intervals overlap; the Prune table's
// accuracies, p50s and "× dense"; the Ledger's accuracy column and repay verdict; the Models list;
// and the charts' axes (accuracy 0–100%, costs and sizes from zero) with chance drawn.
import type { LitElement } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { p50Intervals, quantileEstimate, wilsonInterval } from '../metrics/intervals.ts';
import type { LedgerRow } from '../metrics/ledger.ts';
import { summarize } from '../metrics/stats.ts';
import type { ModelEntry } from '../registry/records.ts';
import type { CompareArm, QuerySample, ServeBenchResult } from '../serve/bench-types.ts';
import type { ModelInspection } from '../workbench/protocol.ts';
import type { DenseState, PruneLevelState } from '../state/prune-state.ts';
import type { TslChart } from './tsl-chart.ts';
import { compareRecord } from '../serve/load-records.ts';
import './tsl-ledger-chart.ts';
import './tsl-ledger-serving.ts';
import { repayJudgement, repayVerdict, sharedRun } from '../metrics/repay-verdict.ts';
import './tsl-ledger-table.ts';
import { storySentences } from './tsl-ledger-story.ts';
import './tsl-models-compare.ts';
import './tsl-models-list.ts';
import './tsl-prune-charts.ts';
import './tsl-prune-cost.ts';
import './tsl-prune-table.ts';
import './tsl-serve-compare.ts';
import './tsl-serve-summary.ts';

/** `n` queries whose times are `base + i·step` ms in a shuffled order, answering `correct` of 300 test images right. */
function samples(n: number, base: number, step: number, correctOf300: number): QuerySample[] {
  return Array.from({ length: n }, (_, seq) => {
    const i = (seq * 389) % n; // a fixed permutation (389 is prime to these n)
    const imageIndex = seq % 300;
    return { seq, imageIndex, startMs: seq, e2eMs: base + i * step, modelMs: (base + i * step) / 2, preprocessMs: 0.05, roundTripMs: base / 2 - 0.05, correct: imageIndex < correctOf300 };
  });
}

function benchResult(qs: QuerySample[], testAcc: number): ServeBenchResult {
  const e2e = summarize(qs.map((q) => q.e2eMs));
  const model = summarize(qs.map((q) => q.modelMs));
  return {
    record: { model: 'm', backend: 'wasm', loadMs: 40, coldMs: 12, coldWarmedMs: 3, count: e2e.count, meanMs: e2e.meanMs, minMs: e2e.minMs, p50Ms: e2e.p50Ms, p90Ms: e2e.p90Ms, p99Ms: e2e.p99Ms, maxMs: e2e.maxMs, modelP50Ms: model.p50Ms, throughput: [], testAcc, flopsPerQuery: 23e6, numTensorsLeaked: 0 },
    e2e, model, roundTrip: summarize(qs.map((q) => q.roundTripMs)), samples: qs, histogram: [], errorCount: 0, warmMs: 2, warmupMs: [12, 2, 2], capabilities: { available: true }, transport: 'shared', aborted: false, throughput: [],
  };
}

async function mount<T extends LitElement = LitElement>(tag: string, props: Record<string, unknown>): Promise<T> {
  const el = document.createElement(tag) as T;
  Object.assign(el, props);
  const box = document.createElement('div');
  box.style.width = '1200px';
  box.append(el);
  document.body.append(box);
  await el.updateComplete;
  return el;
}

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const chartScale = async (chart: TslChart, axis = 'y') => {
  await chart.updateComplete;
  return (chart as unknown as { chart: { scales: Record<string, { min: number; max: number }> } }).chart.scales[axis]!;
};

afterEach(() => {
  document.body.replaceChildren();
});

describe('tsl-serve-summary', () => {
  it('puts each percentile\'s 95% order-statistic interval under it, and marks a coin-flip accuracy', async () => {
    // 1,024 queries of 1.000..2.023 ms: p50 is the 512th (1.511), its interval ranks 481..544.
    const el = await mount('tsl-serve-summary', { result: benchResult(samples(1024, 1, 0.001, 150), 0.5), classes: 2 });
    const row = el.renderRoot.querySelector('tbody tr')!;
    expect(text(row.querySelector('td'))).toBe('1,024');
    expect(text(row.querySelector('[data-interval="p50"]'))).toBe('[1.48–1.54 ms]');
    expect(text(row.querySelector('[data-interval="p99"]'))).toBe('[2.01–2.02 ms]');
    const acc = el.renderRoot.querySelector('[data-figure="test-acc"]')!;
    expect(text(acc.querySelector('.v'))).toBe('50.0%');
    expect(text(acc.querySelector('[data-interval]'))).toBe('[44.4–55.6%]');
    expect(text(acc)).toContain('n = 300 images');
    expect(text(acc.querySelector('[data-chance-mark]'))).toBe('indistinguishable from chance (50%)');
  });

  it('does not mark an accuracy that is clearly above chance', async () => {
    const el = await mount('tsl-serve-summary', { result: benchResult(samples(1024, 1, 0.001, 270), 0.9), classes: 2 });
    expect(el.renderRoot.querySelector('[data-chance-mark]')).toBeNull();
  });
});

describe('tsl-serve-compare', () => {
  const arm = (label: string, qs: QuerySample[], testAcc: number): CompareArm => ({ label, e2e: summarize(qs.map((q) => q.e2eMs)), model: summarize(qs.map((q) => q.modelMs)), testAcc, samples: qs, errorCount: 0 });

  it('gives each backend\'s p50 its interval and says "not distinguishable" when the intervals overlap', async () => {
    const outcome = {
      result: { arms: [arm('wasm', samples(256, 1, 0.004, 270), 0.9), arm('cpu', samples(256, 1.05, 0.004, 270), 0.9), arm('webgl', samples(256, 20, 0.01, 270), 0.9)], rounds: 256, aborted: false },
      capabilities: { wasm: 'SIMD', cpu: '', webgl: 'SwiftShader' },
      loadMs: { wasm: 40, cpu: 10, webgl: 900 },
    };
    const el = await mount('tsl-serve-compare', { outcome, classes: 2 });
    const rows = [...el.renderRoot.querySelectorAll('tbody tr')];
    expect(text(rows[0]!.querySelector('td'))).toBe('256');
    expect(text(rows[0]!.querySelector('[data-col="p50Ms"] [data-interval]'))).toMatch(/^\[[\d.]+–[\d.]+ ms\]$/);
    expect(text(rows[1]!.querySelector('[data-col="ratio"]'))).toContain('not distinguishable');
    expect(text(rows[2]!.querySelector('[data-col="ratio"]'))).not.toContain('not distinguishable');
    expect(text(rows[2]!.querySelector('[data-col="testAcc"]'))).toBe('90.0%[85.7–93.1%], n = 256');
    // The chart's title names both groups it draws, and its log axis starts below the smallest bar
    // (wasm's model-only p50, about 0.75 ms), so that bar has a height.
    const chart = el.renderRoot.querySelector<TslChart>('tsl-chart')!;
    expect(chart.heading).toContain('model-only p50');
    // Each bar carries its interval: wasm's e2e p50 whisker is the table's interval.
    const wasmBars = chart.series[0]!.errorBars!;
    const wasmP50 = p50Intervals(outcome.result.arms[0]!.samples).e2e!;
    expect([wasmBars.low[0], wasmBars.high[0]]).toEqual([wasmP50.low, wasmP50.high]);
    // In the chart's order: p50, p90, p99, model-only p50.
    const wasmQs = outcome.result.arms[0]!.samples;
    const p90 = quantileEstimate(wasmQs.map((q) => q.e2eMs), 0.9)!;
    expect([wasmBars.low[1], wasmBars.high[1]]).toEqual([p90.low, p90.high]);
    const modelP50 = p50Intervals(wasmQs).model!;
    expect([wasmBars.low[3], wasmBars.high[3]]).toEqual([modelP50.low, modelP50.high]);
    expect(wasmBars.low).toHaveLength(4);
    expect((await chartScale(chart)).min).toBe(0.1);
  });
});

describe('tsl-ledger-serving', () => {
  const arm = (label: string, qs: QuerySample[]): CompareArm => ({ label, e2e: summarize(qs.map((q) => q.e2eMs)), model: summarize(qs.map((q) => q.modelMs)), testAcc: 0.9, samples: qs, errorCount: 0 });

  it('gives each compared backend its p50s with their intervals and query count, and a ratio that overlaps as not distinguishable', async () => {
    const result = { arms: [arm('wasm', samples(256, 1, 0.004, 270)), arm('cpu', samples(256, 1.05, 0.004, 270)), arm('webgl', samples(256, 20, 0.01, 270))], rounds: 256, aborted: false };
    const record = compareRecord(result, { modelId: 'm1', model: 'm' });
    // A record from before the intervals were kept: the figures alone, and a ratio with no verdict.
    const older = { ...record, modelId: 'm0', arms: record.arms.map(({ p50LowMs: _a, p50HighMs: _b, modelP50LowMs: _c, modelP50HighMs: _d, ...rest }) => rest) };
    const el = await mount('tsl-ledger-serving', { serving: { openLoop: [], compare: [{ ...record, imported: false }, { ...older, imported: true }] } });
    const arms = (modelId: string) => [...el.renderRoot.querySelectorAll(`tr[data-model-id="${modelId}"] [data-arm]`)].map(text);
    const [wasm, cpu, webgl] = arms('m1');
    expect(wasm).toMatch(/^wasm: [\d.]+ ms \[[\d.]+–[\d.]+ ms\] · model only [\d.]+ ms \[[\d.]+–[\d.]+ ms\] · n = 256$/);
    expect(cpu).toMatch(/· model only 1\.\d\d× wasm, not distinguishable$/);
    expect(webgl).toMatch(/· model only \d+\.\d\d× wasm$/);
    const [, oldCpu] = arms('m0');
    expect(oldCpu).toMatch(/^cpu: [\d.]+ ms · model only [\d.]+ ms · n = 256 · model only 1\.\d\d× wasm$/);
  });
});

const inspection: ModelInspection = { layers: [], params: 285_922, nonzeroParams: 285_922, weightBytes: 1_143_688, gzipBytes: 1_050_000, flopsPerQuery: 23_167_306, theoreticalFlopsPerQuery: 23_167_306 };

function pruneFixture(denseAcc: number, levelAcc: number) {
  const denseQs = samples(256, 1, 0.004, 270);
  const dense: DenseState & { latency: ReturnType<typeof p50Intervals> } = {
    testAcc: denseAcc, weightBytes: 1_143_688, gzipBytes: 1_050_000, nonzeroParams: 285_922, params: 285_922, flopsPerQuery: 23_167_306,
    p50Ms: 1.51, modelP50Ms: 0.755, inspection, filterNorms: [], latency: p50Intervals(denseQs),
  };
  const level = (method: 'unstructured' | 'structured', sparsity: number, base: number, testAcc: number): PruneLevelState => ({
    row: {
      method, sparsity, testAcc, p50Ms: base + 0.51, modelP50Ms: (base + 0.51) / 2, weightBytes: 1_143_688, gzipBytes: 400_000, nonzeroParams: 100_000, flopsPerQuery: 10e6,
      fineTuneMs: 20_000, fineTuneFlops: 3e11, fineTuneDispatches: 40_000, flopsKind: method === 'unstructured' ? 'theoretical' : 'analytic', params: 285_922,
      latency: p50Intervals(samples(256, base, 0.004, 270)),
    } as PruneLevelState['row'],
    inspection,
    modelId: null,
  });
  return { dense, levels: [level('unstructured', 0.9, 1.02, levelAcc), level('structured', 0.5, 0.4, 0.5)] };
}

describe('tsl-prune-table and tsl-prune-cost', () => {
  it('shows each accuracy with its interval and count, marks chance, and says when "× dense" is not distinguishable', async () => {
    const { dense, levels } = pruneFixture(0.9, 0.89);
    const el = await mount('tsl-prune-table', { dense, levels, testCount: 300, classes: 2 });
    const dRow = el.renderRoot.querySelector('tr[data-level="dense"]')!;
    expect(text(dRow.querySelector('[data-col="testAcc"]'))).toBe('90.0%');
    expect(text(dRow.querySelector('[data-col="testAcc"]')!.parentElement)).toBe('90.0%[86.1–92.9%]');
    expect(text(el.renderRoot.querySelector('thead'))).toContain('n = 300');
    const u = el.renderRoot.querySelector('tr[data-level="unstructured:0.9"]')!;
    expect(text(u.querySelector('[data-col="modelP50Ms"]'))).toContain('not distinguishable from dense');
    expect(text(u.querySelector('[data-col="modelP50Ms"] [data-interval]'))).toMatch(/n = 256$/);
    const s = el.renderRoot.querySelector('tr[data-level="structured:0.5"]')!;
    expect(text(s.querySelector('[data-col="modelP50Ms"]'))).not.toContain('not distinguishable');
    expect(text(s.querySelector('[data-chance-mark]'))).toBe('indistinguishable from chance (50%)');
    expect(u.querySelector('[data-chance-mark]')).toBeNull();

    const cost = await mount('tsl-prune-cost', { dense, levels });
    const costRows = [...cost.renderRoot.querySelectorAll('tbody tr')];
    expect(text(costRows[0]!.querySelector('[data-col="repayTime"]'))).toContain('not distinguishable');
    expect(text(costRows[1]!.querySelector('[data-col="repayTime"]'))).not.toContain('not distinguishable');
  });

  it('draws accuracy on 0–100% with chance, and latency and size from zero', async () => {
    const { dense, levels } = pruneFixture(0.9, 0.89);
    const el = await mount('tsl-prune-charts', { dense, levels, testCount: 300, classes: 2 });
    const chart = (name: string) => el.renderRoot.querySelector<TslChart>(`tsl-chart[data-chart="${name}"]`)!;
    const acc = await chartScale(chart('accuracy'));
    expect([acc.min, acc.max]).toEqual([0, 100]);
    expect(chart('accuracy').referenceLines[0]!.label).toBe('chance (50%)');
    expect(chart('accuracy').series[0]!.errorBars).toBeDefined();
    expect((await chartScale(chart('latency'))).min).toBe(0);
    // Each latency point carries its own interval: the dense model's first, then the level's.
    const modelOnly = chart('latency').series.find((x) => x.label === 'unstructured model-only')!;
    expect(modelOnly.errorBars!.low[0]).toBe(dense.latency.model!.low);
    expect(modelOnly.errorBars!.high[1]).toBe(levels[0]!.row.latency!.model!.high);
    expect((await chartScale(chart('gzip'))).min).toBe(0);
  });
});

function model(id: string, extra: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id, familyId: 'root', family: 1, version: 1, name: `model 1.1 · ${id}`, parentId: null,
    origin: { kind: 'trained', settings: { backend: 'wasm', epochs: 3, batchSize: 32, learningRate: 0.001, width: 16, depth: 3, trainSize: 512, seed: 42, patience: 0, dropout: 0 } as never, end: 'completed', trainBackend: 'wasm', epochs: [] },
    dataset: { name: 'shapes', hash: 'abc', counts: { train: 512, val: 400, test: 300, classes: 2 } }, createdAt: '2025-01-01T00:00:00.000Z',
    testAcc: 0.5, testCount: 300, valAcc: 0.51, params: 285_922, weightBytes: 1_143_688, flopsPerQuery: 23e6, inputSize: 64, numClasses: 2, source: 'session', hasWeights: true,
    ...extra,
  };
}

function ledgerRow(modelId: string, kind: 'dense' | 'pruned', minMs: number, maxMs: number, parentId: string | null = null): LedgerRow {
  const at = (queries: number) => ({ kind: 'at' as const, queries });
  return {
    key: `${modelId}:wasm`, modelId, modelName: `model · ${modelId}`, parentId, runId: 'root', runLabel: 'model 1.1', kind, model: kind === 'dense' ? 'dense' : 'structured 50% of filters',
    trainBackend: 'wasm', serveBackend: 'wasm', trainMs: 30_000, trainFlops: 4e11, trainDispatches: 60_000, fineTuneMs: kind === 'pruned' ? 10_000 : 0, fineTuneFlops: 0, fineTuneDispatches: 0,
    p50Ms: maxMs + 0.5, modelP50Ms: (minMs + maxMs) / 2, flopsPerQuery: 23e6, measured: { count: 2, minMs, maxMs, queries: 1280, kinds: ['serve', 'sweep'], inRuns: [] }, servedHow: 'fixture',
    breakEvenTime: at(30_000), breakEvenFlops: at(17_000), repay: kind === 'pruned' ? { msSaved: 0.05, flopsSaved: 1e7, fineTuneMs: 10_000, fineTuneFlops: 1e11, time: at(200_000), flops: at(10_000) } : null,
  };
}

describe('tsl-ledger-table and tsl-ledger-chart', () => {
  it('shows each row\'s test accuracy with its interval and a chance mark, and a repay whose ranges overlap as not distinguishable', async () => {
    const models = [model('dense'), model('p1', { testAcc: 0.88, parentId: 'dense', version: 2 }), model('p2', { testAcc: 0.9, parentId: 'dense', version: 3 })];
    const rows = [ledgerRow('dense', 'dense', 0.8, 1.2), ledgerRow('p1', 'pruned', 1.0, 1.1, 'dense'), ledgerRow('p2', 'pruned', 0.4, 0.5, 'dense')];
    const el = await mount('tsl-ledger-table', { rows, models });
    const row = (id: string) => el.renderRoot.querySelector(`tr[data-model-id="${id}"]`)!;
    expect(text(row('dense').querySelector('[data-col="testAcc"]'))).toBe('test 50.0% [44.4–55.6%], n = 300');
    expect(text(row('dense').querySelector('[data-chance-mark]'))).toBe('indistinguishable from chance (50%)');
    expect(row('p1').querySelector('[data-chance-mark]')).toBeNull();
    expect(text(row('p1').querySelector('[data-col="repayTime"]'))).toContain('not distinguishable: its measured p50s overlap its parent\'s (n = 2, range 0.80–1.20 ms)');
    expect(text(row('p2').querySelector('[data-col="repayTime"]'))).not.toContain('not distinguishable');
    // The details give the break-even's spread over the measured range: 30 s / 1.2 ms to 30 s / 0.8 ms.
    row('dense').querySelector<HTMLButtonElement>('[data-action="how"]')!.click();
    await el.updateComplete;
    expect(text(el.renderRoot.querySelector('tr.details'))).toContain('from 25,000 to 37,500 queries over the range of its 2 measured p50s');
  });

  it('does not judge a repay that rests on a single measurement, in the table and in the story', async () => {
    const models = [model('dense'), model('p1', { testAcc: 0.88, parentId: 'dense', version: 2 })];
    const one = (r: LedgerRow): LedgerRow => ({ ...r, measured: { ...r.measured, count: 1, maxMs: r.measured.minMs } });
    const dense = one(ledgerRow('dense', 'dense', 0.8, 0.8));
    const pruned = ledgerRow('p1', 'pruned', 0.4, 0.5, 'dense');
    const el = await mount('tsl-ledger-table', { rows: [dense, pruned], models });
    const cell = el.renderRoot.querySelector('tr[data-model-id="p1"] [data-col="repayTime"]')!;
    expect(cell.querySelector('[data-verdict="not judged"]')).not.toBeNull();
    expect(text(cell)).toContain('not judged: one measurement on a side (this n = 2, range 0.40–0.50 ms, its parent n = 1)');
    const sentences = storySentences({ runId: 'root', dense, pruned, lines: () => [], fallbackQueries: 0 }, 10_000);
    expect(sentences.at(-1)).toContain('(one measurement on a side: the saving is not judged).');
    // Overlapping ranges on both sides: not distinguishable, in the story too.
    const overlapping = storySentences({ runId: 'root', dense: ledgerRow('dense', 'dense', 0.8, 1.2), pruned: ledgerRow('p1', 'pruned', 1.0, 1.1, 'dense'), lines: () => [], fallbackQueries: 0 }, 10_000);
    expect(overlapping.at(-1)).toContain('the saving is not distinguishable from none');
    // Ranges apart: the repay count stands alone.
    expect(storySentences({ runId: 'root', dense: ledgerRow('dense', 'dense', 0.8, 1.2), pruned: ledgerRow('p2', 'pruned', 0.4, 0.5, 'dense'), lines: () => [], fallbackQueries: 0 }, 10_000).at(-1)).toMatch(/repays after .*\)\.$/);
  });

  it('judges a repay resting on one measurement a side by the intervals of an interleaved run that timed both', async () => {
    const models = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].reduce((all, id, i) => [...all, model(id, { parentId: 'dense', version: i + 2 })], [model('dense')]);
    const inRun = (r: LedgerRow, runId: string, low: number, high: number | null): LedgerRow => ({ ...r, measured: { ...r.measured, count: 1, maxMs: r.measured.minMs, inRuns: [{ runId, low, high }] } });
    const dense = inRun(ledgerRow('dense', 'dense', 0.8, 0.8), 'run-1', 0.75, 0.85);
    const apart = inRun(ledgerRow('p1', 'pruned', 0.4, 0.4, 'dense'), 'run-1', 0.38, 0.43);
    const close = inRun(ledgerRow('p2', 'pruned', 0.78, 0.78, 'dense'), 'run-1', 0.7, 0.9);
    // Timed in another run: its interval and the parent's come from different moments.
    const elsewhere = inRun(ledgerRow('p3', 'pruned', 0.4, 0.4, 'dense'), 'run-2', 0.38, 0.43);
    // Slower than its parent in the run, while the fixture's medians give it a 0.05 ms saving.
    const against = inRun(ledgerRow('p4', 'pruned', 0.95, 0.95, 'dense'), 'run-1', 0.9, 1.0);
    // Faster than its parent in the run, while the medians give it no saving (−0.10 ms).
    const noSaving = (r: LedgerRow): LedgerRow => ({ ...r, repay: { ...r.repay!, msSaved: -0.1, time: { kind: 'never', reason: 'negative saving' } } });
    const unbacked = noSaving(inRun(ledgerRow('p5', 'pruned', 0.9, 0.9, 'dense'), 'run-1', 0.5, 0.6));
    expect(sharedRun(apart, dense)).toEqual({ row: apart.measured.inRuns[0], parent: dense.measured.inRuns[0], faster: 'this' });
    expect([apart, close, elsewhere, against].map((r) => repayVerdict(r, dense))).toEqual(['distinguishable', 'not distinguishable', 'not judged', 'not judged']);
    // Timed in the run, but no saving figure to back (built by hand: a measured row has both medians).
    const unmeasured: LedgerRow = { ...apart, modelId: 'p6', key: 'p6:wasm', repay: { ...apart.repay!, msSaved: Number.NaN } };
    expect(repayJudgement(unbacked, dense)).toMatchObject({ verdict: 'not judged', disagrees: true, oneRun: { faster: 'this' } });
    const el = await mount('tsl-ledger-table', { rows: [dense, apart, close, elsewhere, against, unbacked, unmeasured], models });
    const cell = (id: string) => el.renderRoot.querySelector(`tr[data-model-id="${id}"] [data-col="repayTime"]`)!;
    // A row's "how" details: opened, read, and closed again so the next row's are the only ones shown.
    const detailsOf = async (id: string) => {
      const how = el.renderRoot.querySelector<HTMLButtonElement>(`tr[data-model-id="${id}"] [data-action="how"]`)!;
      how.click();
      await el.updateComplete;
      const shown = text(el.renderRoot.querySelector('tr.details'));
      how.click();
      await el.updateComplete;
      return shown;
    };
    expect(cell('p1').querySelector('[data-verdict]')).toBeNull();
    expect(text(cell('p2'))).toContain("not distinguishable: in one run with its parent, its p50 [0.70–0.90 ms] overlaps the parent's [0.75–0.85 ms]");
    expect(await detailsOf('p2')).toContain("Judged in one run: the interleaved run that timed both in the same rounds gave its model-only p50 [0.70–0.90 ms], which overlaps its parent's [0.75–0.85 ms], so by that run the time saving is not distinguishable from none");
    expect(cell('p3').querySelector('[data-verdict="not judged"]')).not.toBeNull();
    expect(text(cell('p4'))).toContain('not judged: in one run with its parent it was slower, against the medians, which give a saving of 0.05 ms');
    expect(text(cell('p5'))).toContain('not judged: in one run with its parent it was faster, against the medians, which give a loss of 0.10 ms');
    expect(await detailsOf('p5')).toContain("gave its model-only p50 [0.50–0.60 ms], below its parent's [0.75–0.85 ms], while the rows' medians give a loss of 0.10 ms; the count rests on the medians, which that run contradicts.");
    expect(text(cell('p6'))).toContain('not judged: its saving was not measured, so the run has nothing to back');
    expect(await detailsOf('p6')).toContain("below its parent's [0.75–0.85 ms], but the saving was not measured, so the run has nothing to back.");
    const story = (pruned: LedgerRow) => storySentences({ runId: 'root', dense, pruned, lines: () => [], fallbackQueries: 0 }, 10_000).at(-1);
    expect(story(against)).toContain('(the one run that timed both contradicts that saving: it is not judged).');
    expect(story(unbacked)).toContain('saves nothing per query (-0.10 ms)');
    expect(story(unbacked)).toContain('(the one run that timed both found it faster, where the medians give a loss of 0.10 ms: the saving is not judged).');
    // Slower in the run while the medians give no difference: that contradicts them too.
    const even = { ...against, repay: { ...against.repay!, msSaved: 0 } };
    expect(story(even)).toContain('(the one run that timed both found it slower, where the medians give no difference: the saving is not judged).');
    expect(story(unmeasured)).toContain('(the saving was not measured: it is not judged).');
    expect(await detailsOf('p1')).toContain("Judged in one run: the interleaved run that timed both in the same rounds gave its model-only p50 [0.38–0.43 ms], below its parent's [0.75–0.85 ms].");
  });

  it('starts the cumulative-cost axis at zero', async () => {
    const el = await mount('tsl-ledger-chart', { heading: 'cost', unit: 'time', lines: [{ label: 'dense', upFront: 30_000, perQuery: 1 }, { label: 'pruned', upFront: 40_000, perQuery: 0.5 }] });
    const y = await chartScale(el.renderRoot.querySelector<TslChart>('tsl-chart')!);
    expect(y.min).toBe(0);
  });
});

describe('tsl-chart', () => {
  it('starts a bar chart at zero even where the values are far from it', async () => {
    const el = await mount<TslChart>('tsl-chart', { type: 'bar', labels: [1, 4, 16, 64], series: [{ label: 'images/s', values: [793, 1088, 503, 518], color: '#000' }] });
    expect((await chartScale(el)).min).toBe(0);
  });
});

describe('tsl-models-list and tsl-models-compare', () => {
  it('lists accuracies with their interval and count, marks a coin-flip model, and draws validation accuracy on 0–100% with chance', async () => {
    const trained = model('a', { origin: { ...(model('a').origin as Extract<ModelEntry['origin'], { kind: 'trained' }>), epochs: [{ valAcc: 0.5 }, { valAcc: 0.51 }] as never } });
    const list = await mount('tsl-models-list', { models: [trained, model('b', { testAcc: 0.92 })] });
    const rows = [...list.renderRoot.querySelectorAll('tbody tr')];
    expect(text(rows[0]!.querySelector('[data-col="testAcc"]'))).toBe('50.0%');
    expect(text(rows[0]!.querySelector('[data-col="testAcc"]')!.parentElement)).toContain('[44.4–55.6%]n = 300 indistinguishable from chance (50%)');
    expect(text(rows[0]!.querySelector('[data-col="valAcc"]')!.parentElement)).toContain('n = 400');
    expect(rows[1]!.querySelector('[data-chance-mark]')).toBeNull();
    const compare = await mount('tsl-models-compare', { models: [trained], measurements: [] });
    expect(text(compare.renderRoot.querySelector('[data-col="testAcc"]'))).toBe('50.0%[44.4–55.6%], n = 300indistinguishable from chance (50%)');
    const chart = compare.renderRoot.querySelector<TslChart>('tsl-chart[data-chart="val-acc"]')!;
    const y = await chartScale(chart);
    expect([y.min, y.max]).toEqual([0, 100]);
    expect(chart.referenceLines[0]!.label).toBe('chance (50%)');
    // Each epoch's validation accuracy with its Wilson interval from the model's 400-image split.
    expect(chart.series[0]!.label).toBe(`${trained.name} (n = 400)`);
    expect(chart.series[0]!.errorBars!.low[0]).toBeCloseTo(wilsonInterval(200, 400).low * 100, 9);
    expect(chart.series[0]!.errorBars!.high[1]).toBeCloseTo(wilsonInterval(0.51 * 400, 400).high * 100, 9);
    // A model whose split size is not known (read from an older report) has no interval.
    const unknown = model('c', { origin: trained.origin, dataset: { ...trained.dataset, counts: { ...trained.dataset.counts, val: Number.NaN } } });
    const other = await mount('tsl-models-compare', { models: [unknown], measurements: [] });
    expect(other.renderRoot.querySelector<TslChart>('tsl-chart[data-chart="val-acc"]')!.series[0]!.errorBars).toBeUndefined();
  });
});
