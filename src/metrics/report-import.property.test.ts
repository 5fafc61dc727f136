// Reading a run report against the space of inputs: any text, any JSON value, any report the app
// writes and any edit to one is accepted or refused with a message that names the problem (the
// file, and for a schema problem a field that is there in the file); never an uncaught throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validReportDoc } from '../registry/test-reports.ts';
import { applyEdits, edit, expectNamedRefusal } from './test-json-edits.ts';
import { parseReport } from './report-import.ts';

const RUNS = 1000;
const NAME = '"my report.json"';

/** An accepted report has what every reader of it relies on. */
function expectUsable(report: unknown): void {
  const r = report as { schema: unknown; createdAt: unknown; config: { dataset: unknown }; runs: { backend: unknown; train: { epochs: unknown[] }; serve: unknown[]; prune: unknown[] }[] };
  expect(r.schema).toBe(1);
  expect(typeof r.createdAt).toBe('string');
  expect(typeof r.config.dataset).toBe('string');
  for (const run of r.runs) {
    expect(typeof run.backend).toBe('string');
    expect(Array.isArray(run.train.epochs) && Array.isArray(run.serve) && Array.isArray(run.prune)).toBe(true);
  }
}

function check(text: string): void {
  const result = parseReport(text, NAME);
  if (result.ok) expectUsable(result.report);
  else expectNamedRefusal(result.message, text, NAME);
}

describe('parseReport (properties)', () => {
  it('any text is accepted or refused with a message naming the file and the problem', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.json({ maxDepth: 3 }), fc.constantFrom('', ' ', '{', 'null', '[]', '{"schema":1}', '{"runs":[]}')), check), { numRuns: RUNS });
  });

  it('any JSON value, or one under a report\'s keys, is accepted or refused by name', () => {
    const underKeys = fc.record({ schema: fc.oneof(fc.constant(1), fc.jsonValue({ maxDepth: 1 })), environment: fc.jsonValue({ maxDepth: 2 }), config: fc.jsonValue({ maxDepth: 2 }), runs: fc.jsonValue({ maxDepth: 3 }), models: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), underKeys), (value) => check(JSON.stringify(value))), { numRuns: RUNS });
  });

  it('every report the app writes (with the registry or runs only) is accepted', () => {
    fc.assert(
      fc.property(validReportDoc, (doc) => {
        const result = parseReport(JSON.stringify(doc), NAME);
        expect(result.ok ? true : result.message).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('a report with up to three edits is accepted or refused by name', () => {
    fc.assert(fc.property(validReportDoc, fc.array(edit, { minLength: 1, maxLength: 3 }), (doc, edits) => check(JSON.stringify(applyEdits(doc, edits)))), { numRuns: RUNS });
  });
});
