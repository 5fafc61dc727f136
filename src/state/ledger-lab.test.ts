// The Ledger's controller on a real registry (no storage): rows from the registry, the export of
// this tab's models, and importing report files (a bad file is named and changes nothing).
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../metrics/report.ts';
import { DEFAULT_MODEL } from '../model/shape.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import { LedgerLab, MODEL_SHAPE } from './ledger-lab.ts';
import { ModelRegistry } from './model-registry.ts';

const epoch = (n: number): EpochRecord => ({
  epoch: n, wallMs: 1000, samplesPerSec: 200, kernelCount: 300, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops: 2e11,
  gflops: 20, loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 32, numBytes: 1e6, instrumentationMs: 1, batches: 10, valMs: 100,
});

const dataset = { name: 'catsdogs', hash: 'f00d', counts: { train: 2000, val: 500, test: 1200, classes: 2 } };

function setup() {
  const registry = new ModelRegistry();
  const ledger = new LedgerLab({ registry, backends: () => ({ wasm: { available: true, simd: true } }) });
  const model = registry.add({
    label: 'wasm, 2 epochs', parentId: null, dataset, testAcc: 0.9, testCount: 1200, valAcc: 0.75, params: 500, weightBytes: 2000, flopsPerQuery: 25e6, inputSize: 64, numClasses: 2,
    origin: { kind: 'trained', settings: { ...DEFAULT_SETTINGS, epochs: 2 }, end: 'completed', trainBackend: 'wasm', epochs: [epoch(1), epoch(2)] },
  }, null);
  return { registry, ledger, model };
}

const file = (name: string, text: string) => Object.assign(new Blob([text], { type: 'application/json' }), { name });

describe('LedgerLab', () => {
  it('makes its rows from the registry and follows new measurements', () => {
    const { registry, ledger, model } = setup();
    expect(ledger.rows()).toHaveLength(1);
    expect(ledger.rows()[0]!.servedHow).toContain('not served yet');
    expect(ledger.rows()).toBe(ledger.rows());
    registry.measure({ modelId: model.id, backend: 'wasm', kind: 'serve', count: 1024, p50Ms: 1, modelP50Ms: 0.9, testAcc: 0.9 });
    registry.measure({ modelId: model.id, backend: 'wasm', kind: 'sweep', count: 256, p50Ms: 1.2, modelP50Ms: 1.1, testAcc: 0.9 });
    const [row] = ledger.rows();
    expect(ledger.rows()).toHaveLength(1);
    expect(row!.modelP50Ms).toBeCloseTo(1.0, 12);
    expect(row!.measured.count).toBe(2);
  });

  it('exports the models of this tab with their measurements, not those read from a report', async () => {
    const { registry, ledger, model } = setup();
    registry.measure({ modelId: model.id, backend: 'wasm', kind: 'serve', count: 1024, p50Ms: 1, modelP50Ms: 0.9, testAcc: 0.9 });
    const report = ledger.report();
    expect(report.environment.backends).toEqual({ wasm: { available: true, simd: true } });
    expect(report.models.map((m) => m.id)).toEqual([model.id]);
    expect(report.runs[0]!.modelId).toBe(model.id);
    expect(ledger.ownRuns(report)[0]!.label).toBe(model.name);

    // Another tab imports it: the models arrive marked as read from a report, and its own export leaves them out.
    const other = setup();
    expect(await other.ledger.importFile(file('session.json', JSON.stringify(report)))).toBe(true);
    expect(other.ledger.store.state.importMessage).toEqual({ kind: 'ok', text: expect.stringContaining('Imported 1 run (1 model) from "session.json"') });
    expect(other.registry.get(model.id)!.source).toBe('report');
    expect(other.ledger.rows().map((r) => r.modelId)).toEqual([other.model.id, model.id]);
    expect(other.ledger.report().models.map((m) => m.id)).toEqual([other.model.id]);
    // Importing it again adds nothing.
    await other.ledger.importFile(file('session.json', JSON.stringify(report)));
    expect(other.ledger.store.state.importMessage!.text).toContain('Nothing new in "session.json"');
    expect(other.registry.models).toHaveLength(2);
  });

  it('names a bad file and changes nothing', async () => {
    const { registry, ledger } = setup();
    const before = registry.snapshot();
    expect(await ledger.importFile(file('notes.json', 'these are my notes'))).toBe(false);
    expect(ledger.store.state.importMessage).toEqual({ kind: 'error', text: expect.stringContaining('"notes.json" is not JSON') });
    const report = ledger.report() as unknown as { models: { params: unknown }[] };
    report.models[0]!.params = 'lots';
    expect(await ledger.importFile(file('edited.json', JSON.stringify(report)))).toBe(false);
    expect(ledger.store.state.importMessage!.text).toContain('"edited.json" does not match the run report schema: models[0].params must be a number, got "lots"');
    expect(await ledger.importFile(file('future.json', JSON.stringify({ ...report, schema: 2 })))).toBe(false);
    expect(ledger.store.state.importMessage!.text).toContain('schema version 2');
    expect(registry.snapshot()).toEqual(before);
  });

  it('names the CNN shape from the TF-free constants', () => {
    expect(MODEL_SHAPE).toEqual({ denseUnits: DEFAULT_MODEL.denseUnits, inputSize: DEFAULT_MODEL.inputSize });
  });
});
