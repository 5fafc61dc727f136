// Field paths in a refusal: a key that is not a plain name (a file's own count names may hold dots)
// is written JSON-quoted in brackets, so the path read back leads to that very field. Found by the
// report property test: a count named "A.A" was named as counts.A.A, a field that is not there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportOf, runsOnly, validRegistry } from '../registry/test-reports.ts';
import { fieldPath } from './field-checks.ts';
import { parseReport } from './report-import.ts';
import { expectNamedRefusal, parsePath } from './test-json-edits.ts';

describe('fieldPath and parsePath', () => {
  it('writes plain names with a dot and any other key JSON-quoted, and reads both back', () => {
    expect(fieldPath('runs[0].dataset.counts', 'train')).toBe('runs[0].dataset.counts.train');
    expect(fieldPath('runs[0].dataset.counts', 'A.A')).toBe('runs[0].dataset.counts["A.A"]');
    expect(fieldPath('x', 'say "hi" ]')).toBe('x["say \\"hi\\" ]"]');
    expect(parsePath('report.runs[1].dataset.counts["A.A"]')).toEqual(['runs', 1, 'dataset', 'counts', 'A.A']);
    expect(parsePath('x["say \\"hi\\" ]"]')).toEqual(['x', 'say "hi" ]']);
    expect(parsePath('runs[0].serve[1].p50Ms')).toEqual(['runs', 0, 'serve', 1, 'p50Ms']);
  });

  it('refuses a count under a dotted name by a path that leads to it', () => {
    const doc = runsOnly(reportOf(fc.sample(validRegistry, { numRuns: 1, seed: 1 })[0]!)) as { runs: { dataset?: { counts: Record<string, unknown> } }[] };
    const run = doc.runs.find((r) => r.dataset);
    if (!run?.dataset) throw new Error('the sample has a run with a dataset');
    run.dataset.counts['A.A'] = [];
    const text = JSON.stringify(doc);
    const result = parseReport(text, '"my report.json"');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/dataset\.counts\["A\.A"\] must be a number, got a list/);
    expectNamedRefusal(result.message, text, '"my report.json"');
  });
});
