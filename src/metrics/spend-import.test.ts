// Reading the bench's "where to spend" table (`spend`) back from a report: a table as the bench
// writes it is accepted (the open last segment's null back to Infinity), a bad field is refused with
// a message naming it, and any edits to the table are accepted or refused by name, never thrown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunReport, SpendRecords, SpendTableRecord } from './report.ts';
import { parseReport } from './report-import.ts';
import { applyEdits, edit, expectNamedRefusal } from './test-json-edits.ts';

const row = (key: string, kind: string, over: Record<string, unknown> = {}) => ({
  key, modelId: key.split(':')[0], name: `model ${key}`, kind, views: 1, seeds: 1, trainMs: 9000, trainFlops: 4e12, perQueryMs: 1.2, perQueryFlops: 2.5e7, testAcc: 0.85, testCount: 400, ...over,
});

/** What the bench writes: two options, one change between them, the last segment open-ended. */
const table = (): SpendTableRecord => ({
  rows: [row('a:wasm:1', 'dense'), row('a:wasm:4', 'tta', { views: 4, perQueryMs: 3.9, trainMs: 9000 }), row('s:wasm:1', 'distilled', { trainMs: 15000, perQueryMs: 0.5 })] as SpendTableRecord['rows'],
  answer: {
    queries: 300_000, targetPct: 80, cheapest: 's:wasm:1',
    changes: [{ queries: 8571.4, queriesPerDay: 285.7, from: 'a:wasm:1', to: 's:wasm:1', fromLine: { key: 'a:wasm:1', upFront: 9000, perQuery: 1.2 }, toLine: { key: 's:wasm:1', upFront: 15000, perQuery: 0.5 } }],
    segments: [{ key: 'a:wasm:1', fromQueries: 0, toQueries: 8571.4 }, { key: 's:wasm:1', fromQueries: 8571.4, toQueries: Number.POSITIVE_INFINITY }],
  },
  anyAccuracy: { cheapest: null, changes: [], segments: [] },
  queriesPerDay: 10_000,
  days: 30,
  notes: ['Student: temperature 4, true-label weight 0.3, half-width, 2 epochs.'],
});

const report = (spend: unknown): Record<string, unknown> => ({
  schema: 1, createdAt: '2026-12-02T01:00:00.000Z',
  environment: { userAgent: 'test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: {} },
  config: { dataset: 'shipped', model: {}, seed: 42, epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 384 },
  runs: [{ backend: 'wasm', train: { epochs: [] }, serve: [], prune: [] }],
  tta: [],
  spend,
});

const parse = (spend: unknown) => parseReport(JSON.stringify(report(spend)), 'bench.json');

function refused(spend: unknown): string {
  const r = parse(spend);
  if (r.ok) throw new Error('accepted');
  return r.message;
}

describe('the report\'s spend table', () => {
  it('reads back the table the bench writes, the open last segment as Infinity', () => {
    const r = parse(table());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const spend = (r.report as RunReport & SpendRecords).spend!;
    expect(spend.rows.map((x) => x.kind)).toEqual(['dense', 'tta', 'distilled']);
    expect(spend.answer.segments.at(-1)!.toQueries).toBe(Number.POSITIVE_INFINITY);
    expect(spend.answer.changes[0]!.toLine.perQuery).toBe(0.5);
    // A report without the table (the app's export) still reads.
    expect(parse(undefined).ok).toBe(true);
  });

  it('reads a figure that was not measured (null) back as NaN', () => {
    const t = JSON.parse(JSON.stringify(table())) as Record<string, unknown> & { rows: Record<string, unknown>[] };
    t.rows[1]!.perQueryMs = null;
    const r = parse(t);
    expect(r.ok && (r.report as RunReport & SpendRecords).spend!.rows[1]!.perQueryMs).toBeNaN();
  });

  it('refuses a bad field by name', () => {
    const t = table();
    expect(refused('a table')).toContain('report.spend must be an object, got "a table"');
    expect(refused({ ...t, rows: [{ ...t.rows[0], kind: 'magic' }] })).toContain('spend.rows[0].kind must be one of dense, augmented, size, distilled, pruned, tta, got "magic"');
    expect(refused({ ...t, rows: [{ ...t.rows[0], trainMs: '9 s' }] })).toContain('spend.rows[0].trainMs must be a number, got "9 s"');
    expect(refused({ ...t, answer: { ...t.answer, cheapest: 'z:wasm:1' } })).toContain('spend.answer.cheapest names the option "z:wasm:1", which is not a row of spend.rows');
    expect(refused({ ...t, answer: { ...t.answer, changes: [{ ...t.answer.changes[0]!, toLine: 5 }] } })).toContain('spend.answer.changes[0].toLine must be an object, got 5');
    expect(refused({ ...t, anyAccuracy: undefined })).toContain('spend.anyAccuracy must be an object');
    expect(refused({ ...t, notes: [3] })).toContain('spend.notes must be a list of text');
    expect(refused({ ...t, days: 'thirty' })).toContain('spend.days must be a number, got "thirty"');
    expect(refused({ ...t, answer: { ...t.answer, segments: [{ key: 'a:wasm:1', fromQueries: 0, toQueries: 'end' }] } })).toContain('spend.answer.segments[0].toQueries must be a number');
  });

  it('any edits to the table are accepted or refused with a message naming the file and the problem', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const doc = JSON.parse(JSON.stringify(report(table()))) as Record<string, unknown>;
        doc.spend = applyEdits(doc.spend, edits);
        const text = JSON.stringify(doc);
        const r = parseReport(text, '"bench.json"');
        if (!r.ok) expectNamedRefusal(r.message, text, '"bench.json"');
      }),
      { numRuns: 500 },
    );
  });
});
