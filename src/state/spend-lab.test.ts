// The "where to spend" controller on a real registry (no workers): options from the registry and
// the Ledger's rows, TTA records kept, stored and carried through a report, settings checked, and
// "repeat with 3 seeds" training the next seeds (or refusing, with why).
import { describe, expect, it } from 'vitest';
import type { EpochRecord, TtaRecord } from '../metrics/report.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { LedgerLab } from './ledger-lab.ts';
import { ModelRegistry } from './model-registry.ts';
import type { TextStorage } from './local-text-storage.ts';
import { SpendLab, ttaFromText } from './spend-lab.ts';
import { tinyDataset } from './test-fakes.ts';
import { parseReport } from '../metrics/report-import.ts';

const epoch = (n: number): EpochRecord => ({
  epoch: n, wallMs: 50_000, samplesPerSec: 200, kernelCount: 300, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops: 2e11,
  gflops: 20, loss: 0.5, acc: 0.8, valLoss: 0.6, valAcc: 0.75, numTensors: 32, numBytes: 1e6, instrumentationMs: 1, batches: 10, valMs: 100,
});
const dataset = { name: 'catsdogs', hash: 'f00d', counts: { train: 2000, val: 500, test: 1200, classes: 2 } };

function addTrained(registry: ModelRegistry, settings: Partial<TrainSettings> = {}, testAcc = 0.9) {
  return registry.add({
    label: `seed ${settings.seed ?? 42}`, parentId: null, dataset, testAcc, testCount: 1200, valAcc: 0.75, params: 500, weightBytes: 2000, flopsPerQuery: 25e6, inputSize: 64, numClasses: 2,
    origin: { kind: 'trained', settings: { ...DEFAULT_SETTINGS, epochs: 2, ...settings }, end: 'completed', trainBackend: 'wasm', epochs: [epoch(1), epoch(2)] },
  }, null);
}

const ttaRecord = (modelId: string, views: number, modelP50Ms: number, testAcc: number): TtaRecord => ({
  id: `tta:${modelId}:wasm:${views}:d`, modelId, model: 'm', backend: 'wasm', views, date: '2025-01-02T00:00:00.000Z', count: 1200, p50Ms: modelP50Ms + 0.1, modelP50Ms,
  modelP50LowMs: modelP50Ms, modelP50HighMs: modelP50Ms, testAcc, testImages: 1200, numTensorsLeaked: 0,
});

function memory(): TextStorage & { text: string | null } {
  return { text: null, read() { return this.text; }, write(t) { this.text = t; } };
}

function setup(storage: TextStorage | null = null, trainRecipe?: (s: TrainSettings) => Promise<string | null>) {
  const registry = new ModelRegistry();
  const ledger = new LedgerLab({ registry, backends: () => null });
  const spend = new SpendLab({ registry, rows: () => ledger.rows(), queriesPerDay: () => ledger.store.state.settings.queriesPerDay, dataset: async () => tinyDataset(), storage, ...(trainRecipe ? { trainRecipe } : {}) });
  return { registry, ledger, spend };
}

describe('SpendLab', () => {
  it('prices the models and their TTA records, and keeps the records through storage and a report', () => {
    const storage = memory();
    const { registry, ledger, spend } = setup(storage);
    const m = addTrained(registry);
    registry.measure({ modelId: m.id, backend: 'wasm', kind: 'serve', count: 1024, p50Ms: 1.1, modelP50Ms: 1, testAcc: 0.9 });
    const report = { ...ledger.report(), tta: [ttaRecord(m.id, 1, 1, 0.9), ttaRecord(m.id, 4, 3.2, 0.93)] };
    expect(spend.importReport(report)).toBe(2);
    expect(spend.importReport(report)).toBe(0);
    expect(spend.options().map((o) => [o.kind, o.views, o.trainMs, o.perQueryMs])).toEqual([['dense', 1, 100_000, 1], ['tta', 4, 100_000, 3.2]]);
    // Stored, read back by the next tab; the export carries them beside the registry.
    expect(ttaFromText(storage.text)).toHaveLength(2);
    expect(setup(storage).spend.store.state.tta).toHaveLength(2);
    expect((ledger.report() as unknown as { tta?: unknown[] }).tta).toBeUndefined();
    const wired = new LedgerLab({ registry, backends: () => null, extraRecords: () => spend.records() });
    expect((wired.report() as unknown as { tta: TtaRecord[] }).tta.map((r) => r.views)).toEqual([1, 4]);
    // 10,000 a day for 30 days: the answer at 93% is TTA (the only option reaching it).
    spend.updateSettings({ targetPct: '93' });
    expect(spend.answer().cheapest?.views).toBe(4);
  });

  it('drops a stored value that is not a list of records, and names a bad setting', () => {
    expect(ttaFromText('{"not": "a list"}')).toEqual([]);
    expect(ttaFromText('[{"id": 3}]')).toEqual([]);
    const { spend } = setup();
    spend.updateSettings({ days: 'soon', targetPct: '101' });
    expect(spend.store.state.errors.days).toBe('Days must be a whole number from 1 to 36,500, got "soon".');
    expect(spend.store.state.errors.targetPct).toMatch(/0 to 100/);
    expect(spend.store.state.settings.days).toBe(30);
  });

  it('repeats a trained recipe up to three seeds, with the next unused seeds', async () => {
    const trained: number[] = [];
    const holder: { registry?: ModelRegistry } = {};
    const { spend, registry } = setup(null, async (s) => {
      trained.push(s.seed);
      return addTrained(holder.registry!, s).id;
    });
    holder.registry = registry;
    addTrained(registry, { seed: 42 });
    addTrained(registry, { seed: 43 });
    const key = spend.groups()[0]!.key;
    const made = await spend.repeatWithSeeds(key);
    expect(trained).toEqual([44]);
    expect(made).toHaveLength(1);
    const group = spend.groups()[0]!;
    expect(group.seeds).toEqual([42, 43, 44]);
    expect(spend.store.state.message).toMatch(/3 seeds/);
  });

  it('serves the seeds already there that have no cost per query yet, so each median is over every seed', async () => {
    const served: string[] = [];
    const holder: { registry?: ModelRegistry } = {};
    const registry = new ModelRegistry();
    holder.registry = registry;
    const ledger = new LedgerLab({ registry, backends: () => null });
    const spend = new SpendLab({
      registry, rows: () => ledger.rows(), queriesPerDay: () => 10_000, dataset: async () => tinyDataset(),
      trainRecipe: async (s) => addTrained(registry, s).id,
      serveModel: async (id, backend) => {
        served.push(`${id}@${backend}`);
        registry.select(id);
        registry.measure({ modelId: id, backend, kind: 'serve', count: 64, p50Ms: 1.1, modelP50Ms: 1, testAcc: 0.9 });
      },
    });
    const first = addTrained(registry, { seed: 42 });
    const other = addTrained(registry, { seed: 7, width: 8 });
    registry.select(other.id);
    const made = (await spend.repeatWithSeeds(spend.groups()[0]!.key))!;
    // Serving selected each model in turn; the person's selection is given back.
    expect(registry.state.selectedId).toBe(other.id);
    expect(served).toEqual([`${made[0]}@wasm`, `${made[1]}@wasm`, `${first.id}@wasm`]);
    expect(spend.groups()[0]!.options.map((o) => o.perQueryMs)).toEqual([1, 1, 1]);
  });

  it('refuses to repeat a pruned model here, with why, and a repeat without the training lab', async () => {
    const { spend, registry } = setup();
    const m = addTrained(registry);
    expect(await spend.repeatWithSeeds(spend.groups()[0]!.key)).toBeNull();
    expect(spend.task.state.error).toMatch(/training lab/);
    registry.add({
      label: 'pruned', parentId: m.id, dataset, testAcc: 0.9, testCount: 1200, valAcc: null, params: 250, weightBytes: 1000, flopsPerQuery: 10e6, inputSize: 64, numClasses: 2,
      origin: { kind: 'pruned', method: 'structured', sparsity: 0.5, schedule: 'gradual', scope: 'global', fineTuneEpochs: 3, record: { method: 'structured', sparsity: 0.5, testAcc: 0.9, p50Ms: 1, weightBytes: 1000, gzipBytes: 900, nonzeroParams: 250, flopsPerQuery: 10e6, fineTuneMs: 3000 } },
    }, null);
    const pruned = spend.groups().find((g) => g.kind === 'pruned')!;
    expect(pruned.trainMs).toBe(103_000);
    expect(await spend.repeatWithSeeds(pruned.key)).toBeNull();
    expect(spend.task.state.error).toMatch(/its own controller/);
  });

  it('refuses a report whose tta record has a wrong field, naming it; a report without tta imports with none', () => {
    const { registry, ledger, spend } = setup();
    const m = addTrained(registry);
    const good = { ...ledger.report(), tta: [ttaRecord(m.id, 4, 3, 0.9)] };
    expect(parseReport(JSON.stringify({ ...good, tta: [{ ...good.tta[0], views: 3 }] }), '"r.json"')).toEqual({ ok: false, message: '"r.json" does not match the run report schema: tta[0].views must be 1, 2, 4 or 8, got 3.' });
    expect(parseReport(JSON.stringify({ ...good, tta: [{ ...good.tta[0], modelP50Ms: 'fast' }] }), '"r.json"')).toMatchObject({ ok: false, message: expect.stringContaining('tta[0].modelP50Ms must be a number') });
    const old = parseReport(JSON.stringify(ledger.report()), 'old');
    expect(old.ok && spend.importReport(old.report)).toBe(0);
    // A not-measured interval end (NaN) is written as null and read back as NaN.
    const withNull = parseReport(JSON.stringify({ ...good, tta: [{ ...good.tta[0], modelP50HighMs: Number.NaN }] }), 'n');
    expect(withNull.ok && spend.importReport(withNull.report)).toBe(1);
    expect(spend.store.state.tta[0]!.modelP50HighMs).toBeNaN();
  });
});

describe('SpendLab storage refusals', () => {
  it('keeps the records in memory (and in the report) when the browser refuses to store them', () => {
    const refusing: TextStorage = { read: () => null, write: () => { throw new Error('QuotaExceededError'); } };
    const { registry, ledger, spend } = setup(refusing);
    const m = addTrained(registry);
    const report = { ...ledger.report(), tta: [ttaRecord(m.id, 1, 1, 0.9)] };
    expect(spend.importReport(report)).toBe(1);
    expect(spend.store.state.tta).toHaveLength(1);
    expect(spend.records().tta).toHaveLength(1);
  });
});
