// Serving-at-scale records: CSV rows, merging imported ones, and reading them back from a report
// (a report without them still reads; a bad field is named).
import { describe, expect, it } from 'vitest';
import { batchingCsv, fleetCsv, sloCsv } from './scale-csv.ts';
import { checkScale } from './scale-records-check.ts';
import { mergeScale, type ScaleRecords } from './scale-records.ts';
import { SchemaError } from './field-checks.ts';

const records = (): ScaleRecords => ({
  slo: [{
    modelId: 'm1', model: 'model 1', backend: 'wasm', date: '2026-12-01T00:00:00Z', batching: 'off', maxDelayMs: null, maxBatch: null, p99TargetMs: 20,
    capacityQps: 400, confirmed: true, firstFailQps: 420, end: 'bracketed', closedLoopQps: 500, deployMs: 300, firstQueryMs: 5, minCount: 300, minDurationMs: 2000,
    trials: [{ qps: 250, phase: 'grow', pass: true, p99Ms: 3, p99LowMs: 2.5, p99HighMs: null, p50Ms: 1, count: 500, durationMs: 2000, offeredQps: 255, achievedQps: 250, errorCount: 0 }, { qps: 500, phase: 'grow', pass: false, p99Ms: 80, p99LowMs: 60, p99HighMs: 95, p50Ms: 9, count: 1000, durationMs: 2100, offeredQps: 490, achievedQps: 470, errorCount: 0 }],
    aborted: false,
  }],
  batching: [{ modelId: 'm1', model: 'model 1', backend: 'wasm', date: 'd', closedLoopQps: 500, countPerRun: 256, aborted: false, points: [{ maxDelayMs: 0, maxBatch: 1, off: true, load: 0.5, offeredQps: 250, achievedQps: 249, count: 256, p50Ms: 1, p99Ms: 3, p99LowMs: 2.8, p99HighMs: null, meanBatch: 1 }] }],
  fleet: [{ modelId: 'm1', model: 'model 1', date: 'd', queriesPerDay: 1e6, peakFactor: 3, queriesPerVisit: 20, trainingSeconds: 60, rows: [{ label: 'wasm, batching off', backend: 'wasm', batching: 'off', capacityQps: 400, p99TargetMs: 20, coldStartMs: 305, warmQueryMs: 2, peakQps: 34.7, instances: 1, computeSecondsPerDay: 86400, daysToPassTraining: 60 / 86400, deviceSecondsPerDay: 17250 }] }],
});

describe('serving-at-scale records', () => {
  it('write one CSV row per trial, run and plan choice', () => {
    const r = records();
    const slo = sloCsv(r.slo).trim().split('\r\n');
    expect(slo).toHaveLength(3);
    expect(slo[0]).toContain('p99TargetMs');
    expect(slo[2]).toContain('false');
    expect(batchingCsv(r.batching).trim().split('\r\n')).toHaveLength(2);
    expect(fleetCsv(r.fleet)).toContain('computeSecondsPerDay');
  });

  it('read back from a report as written, and a report without them has none', () => {
    const data = JSON.parse(JSON.stringify(records())) as Record<string, unknown>;
    expect(checkScale(data, new Set(['m1']))).toEqual(records());
    expect(checkScale({}, null)).toEqual({ slo: [], batching: [], fleet: [] });
  });

  it('read a trial written before the p99 interval and the arrived rate with nulls there', () => {
    const old = JSON.parse(JSON.stringify(records())) as { slo: { trials: Record<string, unknown>[] }[] };
    delete old.slo[0]!.trials[1]!.p99LowMs;
    delete old.slo[0]!.trials[1]!.p99HighMs;
    delete old.slo[0]!.trials[1]!.offeredQps;
    const read = checkScale(old as unknown as Record<string, unknown>, null);
    expect(read.slo[0]!.trials[1]).toMatchObject({ p99Ms: 80, p99LowMs: null, p99HighMs: null, offeredQps: null });
    // Whether a confirmation passed came later too: read as null (not recorded); anything else but a true or false is named.
    const unconfirmed = JSON.parse(JSON.stringify(records())) as { slo: Record<string, unknown>[] };
    delete unconfirmed.slo[0]!.confirmed;
    expect(checkScale(unconfirmed as unknown as Record<string, unknown>, null).slo[0]!.confirmed).toBeNull();
    unconfirmed.slo[0]!.confirmed = 'yes';
    expect(() => checkScale(unconfirmed as unknown as Record<string, unknown>, null)).toThrow('slo[0].confirmed must be true, false or null, got "yes".');
    const bad = JSON.parse(JSON.stringify(records())) as { slo: { trials: Record<string, unknown>[] }[] };
    bad.slo[0]!.trials[0]!.p99HighMs = 'high';
    expect(() => checkScale(bad as unknown as Record<string, unknown>, null)).toThrow('slo[0].trials[0].p99HighMs must be a number or null, got "high".');
  });

  it('name a bad field and an unknown model', () => {
    const bad = JSON.parse(JSON.stringify(records())) as { slo: { trials: { p99Ms: unknown }[] }[] };
    bad.slo[0]!.trials[1]!.p99Ms = 'slow';
    expect(() => checkScale(bad as unknown as Record<string, unknown>, null)).toThrow(SchemaError);
    expect(() => checkScale(bad as unknown as Record<string, unknown>, null)).toThrow('slo[0].trials[1].p99Ms must be a number, got "slow".');
    expect(() => checkScale(JSON.parse(JSON.stringify(records())) as Record<string, unknown>, new Set(['other']))).toThrow(/names no model/);
  });

  it('merge: a record of the same key read later replaces the earlier one', () => {
    const a = records();
    const b = records();
    b.slo[0]!.capacityQps = 410;
    const m = mergeScale(a, b);
    expect(m.slo).toHaveLength(1);
    expect(m.slo![0]!.capacityQps).toBe(410);
    // Nothing of a kind: the key is left out.
    expect(mergeScale({}, { slo: a.slo }).batching).toBeUndefined();
    expect(mergeScale({}, {})).toEqual({});
  });
});
