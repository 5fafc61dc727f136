// Reading a run's kernel breakdown back from a report: any breakdown the bench writes is accepted,
// any edit to one is accepted or refused with a message naming the field, and a report without one
// (older reports) still reads.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validReportDoc } from '../registry/test-reports.ts';
import type { BatchBreakdownRecord, KernelFamily } from './report.ts';
import { applyEdits, edit, expectNamedRefusal } from './test-json-edits.ts';
import { parseReport } from './report-import.ts';

const RUNS = 1000;
const NAME = '"bench.json"';
const FAMILIES: KernelFamily[] = ['Conv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'ReLU gradient', 'BatchMatMul', 'optimizer', 'other'];

const ms = fc.double({ min: 0, max: 1e4, noNaN: true });
const count = fc.nat({ max: 10_000 });

/** A breakdown as src/train/batch-breakdown.ts writes it (an unmeasured time is null in JSON). */
const breakdown: fc.Arbitrary<BatchBreakdownRecord> = fc.record({
  backend: fc.constantFrom('wasm', 'webgl', 'cpu', 'webgpu'),
  batchSize: fc.integer({ min: 1, max: 512 }),
  families: fc.constant(FAMILIES).chain((names) => fc.tuple(...names.map((family) => fc.record({ family: fc.constant(family), ms, calls: count, kernels: fc.array(fc.constantFrom('Conv2D', 'Relu', 'TslAdamUpdate', 'Step'), { maxLength: 3 }) })))),
  kernelSumMs: ms,
  profiledWallMs: ms,
  batchMs: ms,
  repeats: fc.integer({ min: 1, max: 9 }),
  dispatches: count,
  untimedKernels: count,
  timing: fc.constantFrom('backend kernel timer', 'wall time with a read-back after each kernel'),
});

/** A valid report with a breakdown on its first run (reports of models only have no run to hold one). */
const withBreakdown = fc.tuple(validReportDoc, breakdown).filter(([doc]) => Array.isArray(doc.runs) && doc.runs.length > 0);

function put(doc: Record<string, unknown>, b: unknown): string {
  const copy = structuredClone(doc) as { runs: Record<string, unknown>[] };
  copy.runs[0]!.kernelBreakdown = b;
  return JSON.stringify(copy);
}

describe('parseReport: kernelBreakdown', () => {
  it('accepts every breakdown the bench writes, and keeps it', () => {
    fc.assert(
      fc.property(withBreakdown, ([doc, b]) => {
        const result = parseReport(put(doc, b), NAME);
        expect(result.ok ? true : result.message).toBe(true);
        if (result.ok) expect(result.report.runs[0]!.kernelBreakdown).toEqual(b);
      }),
      { numRuns: RUNS },
    );
  });

  it('a breakdown with up to three edits is accepted or refused naming a field that is there', () => {
    fc.assert(
      fc.property(withBreakdown, fc.array(edit, { minLength: 1, maxLength: 3 }), ([doc, b], edits) => {
        const text = put(doc, applyEdits(b, edits));
        const result = parseReport(text, NAME);
        if (!result.ok) expectNamedRefusal(result.message, text, NAME);
      }),
      { numRuns: RUNS },
    );
  });

  it('names the problem: an unknown family, a kernel list that is not names, a time that is text', () => {
    const [doc, b] = fc.sample(withBreakdown, { numRuns: 1, seed: 3 })[0]!;
    const refusal = (bad: unknown): string => {
      const r = parseReport(put(doc, bad), NAME);
      return r.ok ? 'accepted' : r.message;
    };
    expect(refusal({ ...b, families: [{ family: 'Conv3D', ms: 1, calls: 1, kernels: [] }] })).toContain('runs[0].kernelBreakdown.families[0].family must be one of Conv2D');
    expect(refusal({ ...b, families: [{ family: 'other', ms: 1, calls: 1, kernels: [3] }] })).toContain('runs[0].kernelBreakdown.families[0].kernels must be a list of kernel names');
    expect(refusal({ ...b, batchMs: '12 ms' })).toContain('runs[0].kernelBreakdown.batchMs must be a number, got "12 ms"');
    expect(refusal([b])).toContain('runs[0].kernelBreakdown must be an object');
    // Older reports carry none.
    const old = structuredClone(doc) as { runs: Record<string, unknown>[] };
    delete old.runs[0]!.kernelBreakdown;
    expect(parseReport(JSON.stringify(old), NAME).ok).toBe(true);
  });
});
