// Export and re-import through the Ledger's controller: a report file written before the registry
// still imports, grouped one row per model and backend; the session's models written as a report
// read back to the same ledger; the tables as CSV and the one-page summary; bad files are named.
import { describe, expect, it } from 'vitest';
import { epochsCsv, ledgerCsv, pruneCsv, serveCsv } from '../metrics/export-tables.ts';
import { parseReport } from '../metrics/report-import.ts';
import type { EpochRecord, PruneRecord, ServeRecord } from '../metrics/report.ts';
import { summaryHtml } from '../metrics/summary-html.ts';
import { parseCsv } from '../metrics/test-csv.ts';
import { ledgerRows } from '../registry/ledger-rows.ts';
import { registryFromReport } from '../registry/report-models.ts';
import { LedgerLab } from './ledger-lab.ts';
import { ModelRegistry } from './model-registry.ts';

const epoch = (n: number): EpochRecord => ({
  epoch: n, wallMs: 1000 * n, samplesPerSec: 200, kernelCount: 300, kernelHistogram: { Conv2D: 100, MatMul: 200 }, kernelCountMethod: 'counted', trainFlops: 2e11,
  gflops: 20, loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 32, numBytes: 1e6, instrumentationMs: 1, batches: 10, valMs: 100,
});

const serve: ServeRecord = { model: 'dense', backend: 'wasm', coldMs: 20, count: 1024, meanMs: 1.1, minMs: 0.9, p50Ms: 1, p90Ms: 1.2, p99Ms: 2, maxMs: 4, modelP50Ms: 0.9, throughput: [{ batchSize: 1, imagesPerSec: 900, msPerImage: 1.1 }], testAcc: 0.9, flopsPerQuery: 25e6, numTensorsLeaked: 0 };

const levels: PruneRecord[] = [
  { method: 'structured', sparsity: 0.5, testAcc: 0.91, p50Ms: 0.6, modelP50Ms: 0.5, weightBytes: 1000, gzipBytes: 900, nonzeroParams: 250, flopsPerQuery: 8e6, fineTuneMs: 3000, fineTuneFlops: 4e11, fineTuneDispatches: 1234 },
  // A level whose latency was not measured (Stop): null in the file. No fineTuneDispatches, as in
  // reports written before they were counted.
  { method: 'unstructured', sparsity: 0.9, testAcc: 0.9, p50Ms: Number.NaN, modelP50Ms: Number.NaN, weightBytes: 2000, gzipBytes: 300, nonzeroParams: 50, flopsPerQuery: 5e6, fineTuneMs: 2500, fineTuneFlops: 3e11 },
];

const environment = { userAgent: 'test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: { wasm: { available: true, simd: true } } };

/** A report file as the Ledger's export wrote it before the registry: one run, served once, swept. */
const olderReport = () => JSON.stringify({
  schema: 1,
  createdAt: '2025-03-04T05:06:07.000Z',
  environment,
  config: { dataset: 'catsdogs', model: { kind: 'cnn', width: 16, depth: 3, denseUnits: 64, inputSize: 64 }, seed: 42, epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 2000, backend: 'wasm', patience: 0, dropout: 0 },
  runs: [{
    backend: 'wasm',
    train: { epochs: [epoch(1), epoch(2)] },
    serve: [serve],
    prune: levels,
    pruneDense: { testAcc: 0.9, p50Ms: 1, modelP50Ms: 0.9, weightBytes: 2000, gzipBytes: 1800, nonzeroParams: 500, params: 500, flopsPerQuery: 25e6 },
    settings: { backend: 'wasm', epochs: 2, batchSize: 32, learningRate: 0.001, trainSize: 2000, seed: 42, width: 16, depth: 3 },
    dataset: { name: 'catsdogs', counts: { train: 2000, val: 500, test: 1200, classes: 2 } },
    label: 'Run 1: wasm, 2 epochs × 2,000 images',
  }],
}, null, 2);

const file = (name: string, text: string) => Object.assign(new Blob([text], { type: 'application/json' }), { name });

function lab() {
  const registry = new ModelRegistry();
  return { registry, ledger: new LedgerLab({ registry, backends: () => environment.backends }) };
}

describe('report export and import', () => {
  it('imports a report written before the registry: one dense row (serve and sweep), one row per pruned level', async () => {
    const { ledger } = lab();
    expect(await ledger.importFile(file('earlier.json', olderReport()))).toBe(true);
    expect(ledger.store.state.importMessage!.text).toContain('Imported 1 run (3 models) from "earlier.json"');
    const rows = ledger.rows();
    expect(rows.map((r) => [r.model, r.serveBackend, r.measured.count])).toEqual([['dense', 'wasm', 2], ['structured 50% of filters', 'wasm', 1], ['unstructured 90%', 'wasm', 0]]);
    // The figures the ledger gave this file before: 3,000 ms / (0.9 - 0.5 ms) = 7,500 queries to repay.
    expect(rows[1]!.repay!.time).toEqual({ kind: 'at', queries: 7500 });
    expect(rows[0]!.breakEvenTime).toEqual({ kind: 'at', queries: Math.ceil(3000 / 0.9) });
    expect(rows[2]!.modelP50Ms).toBeNaN();
    expect(rows[2]!.trainDispatches).toBe(600);
    // Nothing of it is exported again: it is already a file. Importing it again adds nothing.
    expect(ledger.ownModels()).toEqual([]);
    expect(await ledger.importFile(file('earlier.json', olderReport()))).toBe(true);
    expect(ledger.store.state.importMessage!.text).toContain('Nothing new in "earlier.json"');
    expect(ledger.rows()).toHaveLength(3);
  });

  it('round-trips the session through its own export to the same ledger, NaN included', async () => {
    const older = lab();
    await older.ledger.importFile(file('earlier.json', olderReport()));
    // Make the imported models this tab's own, as if they had been made here.
    const own = new ModelRegistry();
    const snap = older.registry.snapshot();
    own.addFromReport(snap);
    own.store.set({ models: own.models.map((m) => ({ ...m, source: 'session' as const })) });
    const ledger = new LedgerLab({ registry: own, backends: () => environment.backends });
    const text = JSON.stringify(ledger.report(), null, 2);
    const parsed = parseReport(text, 'session.json');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(ledgerRows(registryFromReport(parsed.report, 'session.json'))).toEqual(ledger.rows());
  });

  it('names the problem with a file that is not a report of this schema', () => {
    expect(parseReport('{"schema": 1, "runs": [', 'broken.json')).toMatchObject({ ok: false, message: expect.stringContaining('broken.json is not JSON') });
    expect(parseReport('{"name": "my-package", "version": "1.0.0"}', 'package.json')).toMatchObject({ ok: false, message: expect.stringContaining('not a Train & Serve Lab run report') });
    expect(parseReport('{"schema": 2, "runs": []}', 'new.json')).toMatchObject({ ok: false, message: expect.stringContaining('schema version 2; this app reads schema version 1') });
    expect(parseReport('{"schema": 1, "environment": {}, "config": {"dataset": "x"}, "runs": []}', 'empty.json')).toMatchObject({ ok: false, message: expect.stringContaining('report.runs is empty') });
    const edited = JSON.parse(olderReport()) as { runs: { train: { epochs: { wallMs: unknown }[] }; prune: { fineTuneDispatches?: unknown }[] }[] };
    edited.runs[0]!.train.epochs[1]!.wallMs = 'slow';
    expect(parseReport(JSON.stringify(edited), 'edited.json')).toMatchObject({ ok: false, message: expect.stringContaining('runs[0].train.epochs[1].wallMs must be a number, got "slow"') });
    const pruned = JSON.parse(olderReport()) as typeof edited;
    pruned.runs[0]!.prune[0]!.fineTuneDispatches = 'many';
    expect(parseReport(JSON.stringify(pruned), 'edited.json')).toMatchObject({ ok: false, message: expect.stringContaining('runs[0].prune[0].fineTuneDispatches must be a number, got "many"') });
  });

  it('writes the tables as CSV and a one-page summary, with model names, ids and measurement counts', async () => {
    const { ledger, registry } = lab();
    await ledger.importFile(file('earlier.json', olderReport()));
    const report = JSON.parse(JSON.stringify(ledger.report())) as ReturnType<LedgerLab['report']>;
    expect(report.models).toEqual([]);
    // The CSVs of the file's own runs, as the older ledger wrote them, with the model ids added last.
    const parsed = parseReport(olderReport(), 'earlier.json');
    if (!parsed.ok) throw new Error(parsed.message);
    const runs = parsed.report.runs.map((run) => ({ label: run.label ?? run.backend, run }));
    expect(epochsCsv(runs).split('\r\n')[0]).toMatch(/^run,backend,epoch,wallMs,.*,modelId$/);
    expect(epochsCsv(runs).split('\r\n')).toHaveLength(4);
    expect(serveCsv(runs)).toContain('"Run 1: wasm, 2 epochs × 2,000 images",wasm,dense,wasm,');
    expect(pruneCsv(runs).split('\r\n')).toHaveLength(5);
    expect(pruneCsv(runs).split('\r\n')[0]).toContain(',fineTuneFlops,fineTuneDispatches');

    const rows = ledger.rows();
    const csv = ledgerCsv(rows, 1000);
    expect(csv).toContain(',7500,');
    expect(csv).toContain('unknown: not measured');
    const [head, ...lines] = parseCsv(csv);
    const cell = (model: string, col: string) => lines.find((l) => l.some((c) => c.includes(model)))![head!.indexOf(col)];
    expect(cell('structured 50%', 'fineTuneDispatches')).toBe('1234');
    expect(cell('structured 50%', 'trainDispatches')).toBe('1834');
    expect(cell('unstructured 90%', 'fineTuneDispatches')).toBe('');
    expect(cell('unstructured 90%', 'trainDispatches')).toBe('600');
    const dense = registry.models[0]!;
    expect(cell(dense.name, 'modelId')).toBe(dense.id);
    expect(cell(dense.name, 'measurements')).toBe('2');
    expect(cell(dense.name, 'modelP50MinMs')).toBe('0.9');
    expect(cell(dense.name, 'measuredBy')).toBe('serve sweep');
    // The sweep's count was not recorded in the older file: unknown, not a sum that leaves it out.
    expect(cell(dense.name, 'measuredQueries')).toBe('');
    // The repay verdict as the table gives it: the older file's single sweep measurement of a level
    // kept no run id, so its saving is not judged; a dense row has none.
    expect(cell('structured 50%', 'repayVerdictTime')).toBe('not judged');
    expect(cell('structured 50%', 'repayJudgedBy')).toBe('one measurement on a side');
    expect(cell(dense.name, 'repayVerdictTime')).toBe('');

    const html = summaryHtml(parsed.report, rows, 1000, [{ title: 'Cost <chart>', src: 'data:image/png;base64,AAAA', alt: 'a "quoted" alt' }]);
    expect(html).toContain('<img src="data:image/png;base64,AAAA" alt="a &quot;quoted&quot; alt">');
    expect(html).toContain('Cost &lt;chart&gt;');
    expect(html).toContain('7,500');
    expect(html).toContain('n = 2');
    // The repay verdict as the Ledger table and its CSV give it, with what it rests on.
    expect(html).toContain('<th>repay verdict (time)</th>');
    expect(html).toContain('<td>not judged (one measurement on a side)</td>');
    expect(html).toContain(dense.name.replace(/&/g, '&amp;'));
  });
});
