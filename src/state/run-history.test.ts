// The run history's API, as the Lab and persistence (issue 7) use it.
import { describe, expect, it } from 'vitest';
import { RunHistory, type RunHistoryEntry } from './run-history.ts';

const training = { label: 'Run 1', run: { backend: 'wasm', train: { epochs: [] }, serve: [], prune: [] }, settings: { epochs: 1 }, dataset: { name: 'catsdogs', counts: { train: 64 } } };
const serve = { model: 'dense', backend: 'wasm', coldMs: 1, count: 64, meanMs: 1, minMs: 1, p50Ms: 1, p90Ms: 1, p99Ms: 1, maxMs: 1, throughput: [], testAcc: 0.5, flopsPerQuery: 1, numTensorsLeaked: 0 };

describe('RunHistory', () => {
  it('attaches serve and prune results to the run of the current model', () => {
    const h = new RunHistory();
    let notified = 0;
    h.subscribe(() => notified++);
    h.attachServe(serve); // no run yet: nothing to attach to
    expect(h.entries).toHaveLength(0);
    const first = h.recordTraining(training);
    h.attachServe(serve);
    h.attachPrune([{ method: 'structured', sparsity: 0.5, testAcc: 0.5, p50Ms: Number.NaN, weightBytes: 1, gzipBytes: 1, nonzeroParams: 1, flopsPerQuery: 1, fineTuneMs: 1 }], null);
    expect(h.entries[0]!.id).toBe(first.id);
    expect(h.entries[0]!.source).toBe('session');
    expect(h.entries[0]!.run.serve).toHaveLength(1);
    expect(h.entries[0]!.run.prune[0]!.p50Ms).toBeNaN(); // not turned into null
    expect(notified).toBe(3);
  });

  it('restores saved entries ahead of the session, once each, and removes by id', () => {
    const h = new RunHistory();
    const live = h.recordTraining(training);
    const saved: RunHistoryEntry = { ...training, id: 'saved-1', date: '2026-01-01T00:00:00Z', source: 'session' };
    h.restore([saved]);
    h.restore([saved]);
    expect(h.entries.map((e) => e.id)).toEqual(['saved-1', live.id]);
    expect(h.entries[0]!.source).toBe('saved');
    h.remove(live.id);
    h.attachServe(serve); // the current run is gone: nothing changes
    expect(h.entries.map((e) => e.id)).toEqual(['saved-1']);
    expect(h.entries[0]!.run.serve).toHaveLength(0);
  });

  it('keeps a copy, not the caller\'s objects', () => {
    const h = new RunHistory();
    const run = { backend: 'wasm', train: { epochs: [] }, serve: [], prune: [] };
    h.add({ ...training, run, date: '', source: 'imported' });
    run.backend = 'changed';
    expect(h.entries[0]!.run.backend).toBe('wasm');
  });
});
