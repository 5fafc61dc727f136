// Export and re-import: the session's runs written as a report file read back to the same runs,
// and bad or foreign files are refused with a message naming the problem.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../model/cnn.ts';
import { ledgerRows } from '../metrics/ledger.ts';
import { epochsCsv, ledgerCsv, pruneCsv, serveCsv } from '../metrics/export-tables.ts';
import { parseReport } from '../metrics/report-import.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { summaryHtml } from '../metrics/summary-html.ts';
import { entriesFromReport, MODEL_SHAPE, reportFromEntries } from './ledger-lab.ts';
import { RunHistory } from './run-history.ts';

const epoch = (n: number): EpochRecord => ({
  epoch: n, wallMs: 1000 * n, samplesPerSec: 200, kernelCount: 300, kernelHistogram: { Conv2D: 100, MatMul: 200 }, kernelCountMethod: 'counted', trainFlops: 2e11,
  gflops: 20, loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 32, numBytes: 1e6, instrumentationMs: 1, batches: 10, valMs: 100,
});

function session(): RunHistory {
  const history = new RunHistory();
  history.recordTraining({ label: 'Run 1: wasm', run: { backend: 'wasm', train: { epochs: [epoch(1), epoch(2)] }, serve: [], prune: [] }, settings: { backend: 'wasm', epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 2000, seed: 42, width: 16, depth: 3 }, dataset: { name: 'catsdogs', counts: { train: 2000, val: 500, test: 1200 } } });
  history.attachServe({ model: 'dense', backend: 'wasm', coldMs: 20, count: 1024, meanMs: 1.1, minMs: 0.9, p50Ms: 1, p90Ms: 1.2, p99Ms: 2, maxMs: 4, modelP50Ms: 0.9, throughput: [{ batchSize: 1, imagesPerSec: 900, msPerImage: 1.1 }], testAcc: 0.9, flopsPerQuery: 25e6, numTensorsLeaked: 0 });
  history.attachPrune(
    [
      { method: 'structured', sparsity: 0.5, testAcc: 0.91, p50Ms: 0.6, modelP50Ms: 0.5, weightBytes: 1000, gzipBytes: 900, nonzeroParams: 250, flopsPerQuery: 8e6, fineTuneMs: 3000, fineTuneFlops: 4e11, fineTuneDispatches: 1234 },
      // A level whose latency was not measured (Stop): NaN, which JSON writes as null. No
      // fineTuneDispatches, as in reports written before they were counted.
      { method: 'unstructured', sparsity: 0.9, testAcc: 0.9, p50Ms: Number.NaN, modelP50Ms: Number.NaN, weightBytes: 2000, gzipBytes: 300, nonzeroParams: 50, flopsPerQuery: 5e6, fineTuneMs: 2500, fineTuneFlops: 3e11 },
    ],
    { testAcc: 0.9, p50Ms: 1, modelP50Ms: 0.9, weightBytes: 2000, gzipBytes: 1800, nonzeroParams: 500, params: 500, flopsPerQuery: 25e6 },
  );
  return history;
}

const environment = { userAgent: 'test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: { wasm: { available: true, simd: true } } };

describe('report export and import', () => {
  it('round-trips the runs, NaN included, and the ledger gives the same figures', () => {
    const history = session();
    const report = reportFromEntries(history.entries, environment, MODEL_SHAPE);
    expect(report.schema).toBe(1);
    expect(report.config).toMatchObject({ dataset: 'catsdogs', epochs: 2, seed: 42, model: { kind: 'cnn', width: 16, depth: 3 } });
    const parsed = parseReport(JSON.stringify(report, null, 2), 'session.json');
    if (!parsed.ok) throw new Error(parsed.message);
    const [entry] = entriesFromReport(parsed.report, 'session.json');
    expect(entry!.source).toBe('imported');
    expect(entry!.run).toEqual(history.entries[0]!.run);
    expect(entry!.dataset).toEqual(history.entries[0]!.dataset);
    const strip = (rows: ReturnType<typeof ledgerRows>) => rows.map(({ key: _k, runId: _i, runLabel: _l, ...r }) => r);
    expect(strip(ledgerRows({ id: 'a', label: 'a', run: entry!.run }))).toEqual(strip(ledgerRows({ id: 'b', label: 'b', run: history.entries[0]!.run })));
  });

  it('names the problem with a file that is not a report of this schema', () => {
    expect(parseReport('{"schema": 1, "runs": [', 'broken.json')).toMatchObject({ ok: false, message: expect.stringContaining('broken.json is not JSON') });
    expect(parseReport('{"name": "my-package", "version": "1.0.0"}', 'package.json')).toMatchObject({ ok: false, message: expect.stringContaining('not a Train & Serve Lab run report') });
    expect(parseReport('{"schema": 2, "runs": []}', 'new.json')).toMatchObject({ ok: false, message: expect.stringContaining('schema version 2; this app reads schema version 1') });
    const report = reportFromEntries(session().entries, environment, MODEL_SHAPE) as unknown as { runs: { train: { epochs: { wallMs: unknown }[] } }[] };
    report.runs[0]!.train.epochs[1]!.wallMs = 'slow';
    expect(parseReport(JSON.stringify(report), 'edited.json')).toMatchObject({ ok: false, message: expect.stringContaining('runs[0].train.epochs[1].wallMs must be a number, got "slow"') });
    const pruned = reportFromEntries(session().entries, environment, MODEL_SHAPE) as unknown as { runs: { prune: { fineTuneDispatches?: unknown }[] }[] };
    pruned.runs[0]!.prune[0]!.fineTuneDispatches = 'many';
    expect(parseReport(JSON.stringify(pruned), 'edited.json')).toMatchObject({ ok: false, message: expect.stringContaining('runs[0].prune[0].fineTuneDispatches must be a number, got "many"') });
  });

  it('keeps the report config in step with the CNN', () => {
    expect(MODEL_SHAPE).toEqual({ denseUnits: DEFAULT_MODEL.denseUnits, inputSize: DEFAULT_MODEL.inputSize });
  });

  it('writes the tables as CSV and a one-page summary', () => {
    const history = session();
    const runs = history.entries.map((e) => ({ label: e.label, run: e.run }));
    expect(epochsCsv(runs).split('\r\n')[0]).toMatch(/^run,backend,epoch,wallMs,/);
    expect(epochsCsv(runs).split('\r\n')).toHaveLength(4);
    expect(serveCsv(runs)).toContain('Run 1: wasm,wasm,dense,wasm,');
    expect(pruneCsv(runs).split('\r\n')).toHaveLength(5);
    expect(pruneCsv(runs).split('\r\n')[0]).toContain(',fineTuneFlops,fineTuneDispatches');
    const rows = ledgerRows({ id: 'r', label: 'Run 1', run: history.entries[0]!.run });
    const csv = ledgerCsv(rows, 1000);
    // Structured 50%: 3,000 ms / (0.9 - 0.5 ms) = 7,500 queries to repay.
    expect(csv).toContain(',7500,');
    expect(csv).toContain('unknown: not measured');
    // Structured 50%: 600 dispatches in the epochs + 1,234 in the fine-tuning; the unstructured
    // level did not record its fine-tuning's, so its cell is empty and its total is the training's.
    const lines = csv.split('\r\n');
    const col = lines[0]!.split(',').indexOf('fineTuneDispatches');
    const cell = (model: string, c: number) => lines.find((l) => l.includes(model))!.split(',')[c];
    expect(cell('structured 50%', col)).toBe('1234');
    expect(cell('structured 50%', lines[0]!.split(',').indexOf('trainDispatches'))).toBe('1834');
    expect(cell('unstructured 90%', col)).toBe('');
    expect(cell('unstructured 90%', lines[0]!.split(',').indexOf('trainDispatches'))).toBe('600');
    const html = summaryHtml(reportFromEntries(history.entries, environment, MODEL_SHAPE), rows, 1000, [{ title: 'Cost <chart>', src: 'data:image/png;base64,AAAA', alt: 'a "quoted" alt' }]);
    expect(html).toContain('<img src="data:image/png;base64,AAAA" alt="a &quot;quoted&quot; alt">');
    expect(html).toContain('Cost &lt;chart&gt;');
    expect(html).toContain('7,500');
  });
});
