// Test-time augmentation in the exports: the CSV table (k, the views, accuracy with its Wilson
// interval and image count, model-only p50 with its interval and query count) and the HTML summary's section.
import { describe, expect, it } from 'vitest';
import { ttaCsv } from './export-tables.ts';
import { wilsonInterval } from './intervals.ts';
import type { RunReport, TtaRecord } from './report.ts';
import { summaryHtml } from './summary-html.ts';
import { ttaTableRows } from './tta-table.ts';

const record = (views: number, over: Partial<TtaRecord> = {}): TtaRecord => ({
  id: `tta:m1:wasm:${views}:2026-12-01T10:00:00.000Z`, modelId: 'm1', model: 'model 1.1', backend: 'wasm', views, date: '2026-12-01T10:00:00.000Z',
  count: 400, p50Ms: 1.5 * views, modelP50Ms: 1.2 * views, modelP50LowMs: 1.1 * views, modelP50HighMs: 1.3 * views,
  testAcc: 0.8 + views / 100, testImages: 400, numTensorsLeaked: 0, ...over,
});

const records = [record(4), record(1), record(2), record(8, { modelP50HighMs: Number.NaN, count: 3, testImages: 3, testAcc: 2 / 3 })];

const report = (tta?: TtaRecord[]): RunReport & { tta?: TtaRecord[] } => ({
  schema: 1, createdAt: '2026-12-01T11:00:00.000Z',
  environment: { userAgent: 'test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: {} },
  config: { dataset: 'shipped', model: {}, seed: 42, epochs: 1, batchSize: 32, learningRate: 0.001, trainSize: 128 },
  runs: [], ...(tta ? { tta } : {}),
});

/** Simple CSV (no quoted commas in these fixtures except the views, which have none). */
const parse = (csv: string) => {
  const [head, ...lines] = csv.trimEnd().split('\r\n').map((l) => l.split(','));
  return lines.map((l) => Object.fromEntries(head!.map((h, i) => [h, l[i]!])));
};

describe('test-time augmentation rows', () => {
  it('orders by measurement then k, names the views and compares each k with the same measurement\'s 1 view', () => {
    const rows = ttaTableRows(records);
    expect(rows.map((r) => r.k)).toEqual([1, 2, 4, 8]);
    expect(rows[2]!.views).toBe('original + mirror + centre crop + mirrored centre crop');
    expect(rows[0]!.views).toBe('original');
    expect(rows[2]!.p50VsOneView).toBeCloseTo(4);
    expect(rows[1]!.accVsOneView).toBeCloseTo(0.01);
    const w = wilsonInterval(0.82 * 400, 400);
    expect([rows[1]!.testAccLow, rows[1]!.testAccHigh]).toEqual([w.low, w.high]);
    // Another measurement of the same model has its own 1 view; one without gives NaN, not a wrong ratio.
    const alone = ttaTableRows([record(4, { date: '2026-12-02T00:00:00.000Z' })]);
    expect(alone[0]!.p50VsOneView).toBeNaN();
  });
});

describe('ttaCsv', () => {
  it('writes k, the views, accuracy with its interval and n, and the p50 with its interval and n', () => {
    const rows = parse(ttaCsv(records));
    expect(rows).toHaveLength(4);
    const four = rows.find((r) => r.k === '4')!;
    expect(four).toMatchObject({ model: 'model 1.1', modelId: 'm1', serveBackend: 'wasm', views: 'original + mirror + centre crop + mirrored centre crop', testImages: '400', modelP50Ms: '4.8', modelP50LowMs95: '4.4', modelP50HighMs95: '5.2', queries: '400', numTensorsLeaked: '0' });
    expect(Number(four.testAcc)).toBeCloseTo(0.84, 12);
    const w = wilsonInterval(0.84 * 400, 400);
    expect(Number(four.testAccLow95)).toBeCloseTo(w.low, 12);
    expect(Number(four.testAccHigh95)).toBeCloseTo(w.high, 12);
    expect(Number(four.modelP50VsOneView)).toBeCloseTo(4, 12);
    // An interval end the sample could not give is an empty cell, never "NaN".
    const eight = rows.find((r) => r.k === '8')!;
    expect(eight.modelP50HighMs95).toBe('');
    expect(eight.testImages).toBe('3');
    expect(ttaCsv(records)).not.toContain('NaN');
  });

  it('writes only the header without records', () => {
    expect(ttaCsv([])).toBe('model,modelId,serveBackend,measuredAt,k,views,testAcc,testAccLow95,testAccHigh95,testImages,modelP50Ms,modelP50LowMs95,modelP50HighMs95,queries,p50Ms,modelP50VsOneView,testAccChangeVsOneView,numTensorsLeaked\r\n');
  });
});

describe('the HTML summary', () => {
  it('has a test-time augmentation table when the report carries records, escaped', () => {
    const html = summaryHtml(report([...records, record(1, { modelId: 'm2', model: '<b>x</b>', id: 'x' })]), [], 10_000, []);
    expect(html).toContain('<h2>Test-time augmentation</h2>');
    const section = html.slice(html.indexOf('<h2>Test-time augmentation</h2>'));
    const table = section.slice(section.indexOf('<table>'), section.indexOf('</table>'));
    expect(table.match(/<tr>/g)).toHaveLength(6);
    expect(table).toContain('<th>k</th>');
    expect(table).toContain('<th>n queries</th>');
    // k = 4: views, accuracy with its interval, n, the change, the p50 with its interval, n, the ratio.
    expect(table).toMatch(/<td>4<\/td><td>original \+ mirror \+ centre crop \+ mirrored centre crop<\/td><td>84\.0% \[[\d.]+–[\d.]+%\]<\/td><td>400<\/td><td>\+3\.00 pt<\/td><td>4\.80 ms \[4\.40–5\.20 ms\]<\/td><td>400<\/td><td>4\.00×<\/td>/);
    expect(table).toContain('[at least 8.80 ms]');
    expect(table).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(table).not.toContain('<b>x');
  });

  it('has no such section without records', () => {
    expect(summaryHtml(report(), [], 10_000, [])).not.toContain('Test-time augmentation');
    expect(summaryHtml(report([]), [], 10_000, [])).not.toContain('Test-time augmentation');
  });
});
