// Serving at scale in the run report: a tab's latency-bound searches, batching curve and fleet plan
// go into the export and come back in another tab's Ledger import; an older report without them
// still imports with none.
import { describe, expect, it } from 'vitest';
import type { BatchingCurve } from '../serve/bench-batching.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import { Lab } from './lab.ts';
import { FakeWorkbench, MemoryRegistryStorage, tinyDataset } from './test-fakes.ts';

const trial = (qps: number, pass: boolean) => ({ qps, phase: 'grow' as const, pass, p99Ms: pass ? 5 : 90, p50Ms: 1, count: 300, durationMs: 2000, achievedQps: qps, errorCount: 0 });

const slo = (batchingOn: boolean, capacityQps: number): SloRun => ({
  backend: 'wasm', batching: batchingOn ? { kind: 'on', maxDelayMs: 2, maxBatch: 16 } : { kind: 'off' }, measuredAt: '2026-12-01T00:00:00.000Z',
  deployMs: 250, firstQueryMs: 4, closedLoopQps: 800, closedLoopCount: 100, closedLoopP99Ms: 2, minCount: 300, minDurationMs: 2000,
  search: { p99TargetMs: 20, trials: [trial(400, true), trial(800, false)], capacityQps, confirmed: null, firstFailQps: 800, end: 'bracketed', bracketRatio: 800 / capacityQps - 1 },
  aborted: false,
});

const curve: BatchingCurve = {
  backend: 'wasm', measuredAt: '2026-12-01T00:01:00.000Z', closedLoopQps: 800, countPerRun: 256, aborted: false,
  points: [{ maxDelayMs: 0, maxBatch: 1, off: true, load: 3, offeredQps: 2400, achievedQps: 820, count: 256, p50Ms: 100, p99Ms: 200, meanBatch: 1 }],
};

const file = (name: string, text: string) => Object.assign(new Blob([text], { type: 'application/json' }), { name });
const newLab = () => new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), loadShipped: async () => tinyDataset() });

describe('serving at scale in the run report', () => {
  it('exports searches, the curve and the fleet plan, and another tab imports them', async () => {
    const lab = newLab();
    lab.updateSettings({ epochs: 1, trainSize: 8, batchSize: 4 });
    const modelId = (await lab.train()).modelId!;
    lab.serve.store.set({ scaleResults: { [modelId]: { slo: [slo(false, 400), slo(true, 700)], batchingCurve: curve } } });
    lab.serve.updateScale({ queriesPerDay: '8640000', peakFactor: '2', queriesPerVisit: '10' });
    const report = lab.ledger.report();
    expect(report.slo!.map((r) => [r.batching, r.capacityQps])).toEqual([['off', 400], ['T 2 ms, B 16', 700]]);
    expect(report.batching).toHaveLength(1);
    // 8,640,000 / 86,400 x 2 = 200 queries/s at the peak: ceil(200 / 400) = 1 and ceil(200 / 700) = 1 instance.
    expect(report.fleet![0]!.rows.map((r) => [r.peakQps, r.instances, r.computeSecondsPerDay])).toEqual([[200, 1, 86_400], [200, 1, 86_400]]);

    const other = newLab();
    expect(await other.ledger.importFile(file('run.json', JSON.stringify(report)))).toBe(true);
    const imported = other.ledger.imported.state;
    expect(imported.slo).toEqual(report.slo);
    expect(imported.batching).toEqual(report.batching);
    expect(imported.fleet).toEqual(report.fleet);
  });

  it('a report without them imports with none', async () => {
    const lab = newLab();
    lab.updateSettings({ epochs: 1, trainSize: 8, batchSize: 4 });
    await lab.train();
    const report = lab.ledger.report();
    expect(report.slo).toBeUndefined();
    const other = newLab();
    expect(await other.ledger.importFile(file('old.json', JSON.stringify(report)))).toBe(true);
    expect(other.ledger.imported.state.slo ?? []).toEqual([]);
  });
});
