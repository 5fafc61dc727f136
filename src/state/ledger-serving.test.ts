// The run report carries each model's open-loop sweep and backend comparison, and the Ledger's
// import reads them back: export from one tab, import into another, the same records come back.
import { describe, expect, it } from 'vitest';
import { p50Intervals } from '../metrics/intervals.ts';
import { capacityKnee } from '../metrics/poisson.ts';
import type { CompareResult, OpenLoopSweep } from '../serve/bench-types.ts';
import { openLoopRecord, sweepFromRecord } from '../serve/load-records.ts';
import { Lab } from './lab.ts';
import { NO_SERVE_RESULTS } from './serve-state.ts';
import { FakeWorkbench, MemoryRegistryStorage, tinyDataset } from './test-fakes.ts';

const point = (targetQps: number, achievedQps: number, p99Ms: number, idleShare: number) => ({
  targetQps, achievedQps, count: 128, p50Ms: p99Ms / 3, p90Ms: p99Ms / 2, p99Ms, maxMs: p99Ms * 1.2, serviceP50Ms: 1.1, serviceP50LowMs: 1, serviceP50HighMs: targetQps > 700 ? null : 1.3, p99LowMs: p99Ms * 0.8, p99HighMs: null, maxSendLagMs: p99Ms / 4, errorCount: 0, idleShare,
});

function sweep(): OpenLoopSweep {
  // The lowest rate's p99 is the wake-up's; 10% to 150% all ran, the knee at 70%.
  const points = [point(50, 49.5, 6, 0.97), point(125, 124, 2.5, 0.8), point(250, 247, 3.1, 0.5), point(350, 345, 7, 0.3), point(425, 390, 30, 0.1), point(500, 410, 80, 0.02), point(600, 420, 200, Number.NaN), point(750, 421, 400, 0)];
  return { backend: 'wasm', measuredAt: '2025-05-06T07:08:09.000Z', points, knee: capacityKnee(points), wake: { gapMs: 20, pairs: 24, idleP50Ms: 3.6, idleP90Ms: 4.4, busyP50Ms: 0.8, busyP90Ms: 1.3, extraP50Ms: 2.7, extraP50LowMs: 2.2, extraP50HighMs: null, workerSpinMs: 1 }, aborted: false };
}

const summary = (p50Ms: number) => ({ count: 24, meanMs: p50Ms * 1.1, minMs: p50Ms * 0.8, p50Ms, p90Ms: p50Ms * 1.5, p99Ms: p50Ms * 3, maxMs: p50Ms * 4, stdMs: 0.2 });
/** n answered queries, end to end 1.0 to 1.0 + (n − 1)/100 ms, half of it in the model. */
const querySamples = (n: number) => Array.from({ length: n }, (_, seq) => ({ seq, imageIndex: seq, startMs: seq, e2eMs: 1 + seq / 100, modelMs: (1 + seq / 100) / 2, preprocessMs: 0.05, roundTripMs: 0.45, correct: true }));
const wasmIntervals = p50Intervals(querySamples(24));

const compare: CompareResult = {
  arms: [
    { label: 'wasm', e2e: summary(1.2), model: summary(1), testAcc: 0.9, samples: querySamples(24), errorCount: 0 },
    { label: 'webgl', e2e: summary(30), model: summary(28), testAcc: 0.9, samples: [], errorCount: 1 },
  ],
  rounds: 24,
  aborted: false,
  measuredAt: '2025-05-06T07:09:00.000Z',
};

async function trainedLab() {
  const lab = new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), loadShipped: async () => tinyDataset() });
  lab.updateSettings({ epochs: 1, trainSize: 8, batchSize: 4 });
  const run = await lab.train();
  return { lab, modelId: run.modelId! };
}

const file = (name: string, text: string) => Object.assign(new Blob([text], { type: 'application/json' }), { name });

describe('serving records in the run report', () => {
  it('exports the latest open-loop sweep and backend comparison of each model, and imports them back', async () => {
    const { lab, modelId } = await trainedLab();
    const name = lab.registry.get(modelId)!.name;
    lab.serve.store.set({ results: { [modelId]: { ...NO_SERVE_RESULTS, openLoop: sweep(), compare: { result: compare, capabilities: { wasm: 'wasm (SIMD)', webgl: 'webgl 2 (SwiftShader)' }, loadMs: { wasm: 40, webgl: 900 } } } } });
    const report = lab.ledger.report();
    expect(report.openLoop).toHaveLength(1);
    expect(report.openLoop[0]).toMatchObject({ modelId, model: name, backend: 'wasm', kneeQps: 350, firstFailureQps: 425, reason: 'latency', aborted: false, wake: { idleP50Ms: 3.6, busyP50Ms: 0.8 } });
    expect(report.openLoop[0]!.points.map((p) => p.targetQps)).toEqual([50, 125, 250, 350, 425, 500, 600, 750]);
    expect(report.compare).toEqual([{
      modelId, model: name, date: '2025-05-06T07:09:00.000Z', rounds: 24, aborted: false,
      arms: [
        // The arm's p50 intervals from its own queries; an arm without queries on the page has none.
        { backend: 'wasm', count: 24, meanMs: 1.2 * 1.1, p50Ms: 1.2, p90Ms: 1.2 * 1.5, p99Ms: 1.2 * 3, modelP50Ms: 1, p50LowMs: wasmIntervals.e2e!.low, p50HighMs: wasmIntervals.e2e!.high, modelP50LowMs: wasmIntervals.model!.low, modelP50HighMs: wasmIntervals.model!.high, testAcc: 0.9, errorCount: 0, loadMs: 40, capabilities: 'wasm (SIMD)' },
        { backend: 'webgl', count: 24, meanMs: 30 * 1.1, p50Ms: 30, p90Ms: 45, p99Ms: 90, modelP50Ms: 28, testAcc: 0.9, errorCount: 1, loadMs: 900, capabilities: 'webgl 2 (SwiftShader)' },
      ],
    }]);
    const text = JSON.stringify(report, null, 2);

    // Another tab imports the file: the records come back as they were (NaN went out as null and comes back NaN).
    const other = new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), loadShipped: async () => tinyDataset() });
    expect(await other.ledger.importFile(file('session.json', text))).toBe(true);
    expect(other.ledger.store.state.importMessage!.text).toContain('With them: 1 open-loop sweep and 1 backend comparison.');
    // The report itself is JSON (NaN written as null); what comes back equals what this tab held.
    expect(report.openLoop[0]!.points[6]!.idleShare).toBeNull();
    expect(other.ledger.imported.state.openLoop).toEqual(lab.ledger.ownServing().openLoop);
    expect(other.ledger.imported.state.openLoop[0]!.points[6]!.idleShare).toBeNaN();
    expect(other.ledger.imported.state.compare).toEqual(report.compare);
    const shown = other.ledger.shownServing();
    expect(shown.openLoop.map((r) => [r.modelId, r.backend, r.imported])).toEqual([[modelId, 'wasm', true]]);
    expect(shown.compare.map((r) => [r.modelId, r.imported])).toEqual([[modelId, true]]);
    // The sweep drawn from the record has the same knee, points and wake-up as the one measured.
    const back = sweepFromRecord(other.ledger.imported.state.openLoop[0]!);
    expect(back).toEqual(sweep());
    // It is the imported models' data: removing them removes it from view; this tab exports none of it.
    expect(other.ledger.report().openLoop).toEqual([]);
    for (const m of other.registry.models) other.registry.remove(m.id);
    expect(other.ledger.shownServing()).toEqual({ openLoop: [], compare: [] });
  });

  it('reads a report without serving records as having none, and names a bad field', async () => {
    const { lab, modelId } = await trainedLab();
    const report = JSON.parse(JSON.stringify(lab.ledger.report())) as Record<string, unknown>;
    delete report.openLoop;
    delete report.compare;
    const other = new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), loadShipped: async () => tinyDataset() });
    expect(await other.ledger.importFile(file('plain.json', JSON.stringify(report)))).toBe(true);
    expect(other.ledger.imported.state).toEqual({ openLoop: [], compare: [] });

    const bad = JSON.parse(JSON.stringify({ ...report, openLoop: [openLoopRecord(sweep(), { modelId, model: 'm' })] })) as { openLoop: { points: { p99Ms: unknown }[] }[] };
    bad.openLoop[0]!.points[2]!.p99Ms = 'fast';
    const third = new Lab({ port: new FakeWorkbench(), storage: new MemoryRegistryStorage(), loadShipped: async () => tinyDataset() });
    expect(await third.ledger.importFile(file('bad.json', JSON.stringify(bad)))).toBe(false);
    expect(third.ledger.store.state.importMessage!.text).toContain('openLoop[0].points[2].p99Ms must be a number, got "fast"');
    const badInterval = JSON.parse(JSON.stringify({ ...report, openLoop: [openLoopRecord(sweep(), { modelId, model: 'm' })] })) as { openLoop: { points: { serviceP50LowMs: unknown }[] }[] };
    badInterval.openLoop[0]!.points[1]!.serviceP50LowMs = 'soon';
    expect(await third.ledger.importFile(file('bad-interval.json', JSON.stringify(badInterval)))).toBe(false);
    expect(third.ledger.store.state.importMessage!.text).toContain('openLoop[0].points[1].serviceP50LowMs must be a number or null, got "soon"');
    const badWake = JSON.parse(JSON.stringify({ ...report, openLoop: [openLoopRecord(sweep(), { modelId, model: 'm' })] })) as { openLoop: { wake: { extraP50HighMs: unknown } }[] };
    badWake.openLoop[0]!.wake.extraP50HighMs = '2 ms';
    expect(await third.ledger.importFile(file('bad-wake.json', JSON.stringify(badWake)))).toBe(false);
    expect(third.ledger.store.state.importMessage!.text).toContain('openLoop[0].wake.extraP50HighMs must be a number or null, got "2 ms"');
    const stray = { ...report, compare: [{ modelId: 'nobody', model: 'x', date: '', rounds: 1, aborted: false, arms: [] }] };
    expect(await third.ledger.importFile(file('stray.json', JSON.stringify(stray)))).toBe(false);
    expect(third.ledger.store.state.importMessage!.text).toContain('compare[0].modelId "nobody" names no model in the report\'s "models"');
    expect(third.registry.models).toEqual([]);
  });
});
