// Serving-at-scale settings: each field taken or refused with a message naming it (old value kept),
// batching on/off keeping T and B, and one search kept per backend and batching choice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SloRun } from '../serve/bench-slo.ts';
import { DEFAULT_SCALE_SETTINGS, parseScaleSettings, sloCompareBackends, sloKey, withSloRun } from './serve-scale-state.ts';

describe('parseScaleSettings', () => {
  it('takes good values and turns batching on and off keeping T and B', () => {
    const a = parseScaleSettings({ sloTargetMs: '12.5', sloMinCount: '400', batchDelayMs: '3', batchMax: '32', batchingOn: true }, DEFAULT_SCALE_SETTINGS);
    expect(a.errors).toEqual({});
    expect(a.settings).toMatchObject({ sloTargetMs: 12.5, sloMinCount: 400, batching: { kind: 'on', maxDelayMs: 3, maxBatch: 32 } });
    const b = parseScaleSettings({ batchingOn: false }, a.settings);
    expect(b.settings.batching).toEqual({ kind: 'off' });
    expect(parseScaleSettings({ batchingOn: 'on' }, b.settings).settings.batching).toEqual({ kind: 'on', maxDelayMs: 3, maxBatch: 32 });
  });

  it('names nonsense and keeps the old value', () => {
    const { settings, errors } = parseScaleSettings({ sloTargetMs: '0', sloMinCount: '2.5', batchMax: '0', queriesPerDay: 'lots', peakFactor: '30', batchingOn: 'maybe' }, DEFAULT_SCALE_SETTINGS);
    expect(settings).toEqual(DEFAULT_SCALE_SETTINGS);
    expect(errors.sloTargetMs).toBe('p99 target (ms) must be a number from 0.1 to 60,000, got "0".');
    expect(errors.sloMinCount).toMatch(/whole number/);
    expect(errors.batchMax).toMatch(/Largest batch B/);
    expect(errors.queriesPerDay).toMatch(/"lots"/);
    expect(errors.peakFactor).toMatch(/peak-hour factor/);
    expect(errors.batchingOn).toBe('Batching must be on or off, got "maybe".');
  });

  it('leaves backends out of the comparison by name, refusing unknown ones', () => {
    const a = parseScaleSettings({ sloSkipBackends: ['webgpu', 'webgl'] }, DEFAULT_SCALE_SETTINGS);
    expect(a.errors).toEqual({});
    expect(a.settings.sloSkipBackends).toEqual(['webgl', 'webgpu']);
    expect(sloCompareBackends(['wasm', 'webgl', 'cpu', 'webgpu'], a.settings.sloSkipBackends)).toEqual(['wasm', 'cpu']);
    // Nothing left out: every available backend, and only those.
    expect(sloCompareBackends(['cpu', 'wasm'], DEFAULT_SCALE_SETTINGS.sloSkipBackends)).toEqual(['wasm', 'cpu']);
    expect(parseScaleSettings({ sloSkipBackends: 'cpu, ' }, a.settings).settings.sloSkipBackends).toEqual(['cpu']);
    const bad = parseScaleSettings({ sloSkipBackends: 'webgl,tpu' }, a.settings);
    expect(bad.errors.sloSkipBackends).toBe('Backends to leave out must be among wasm, webgl, cpu, webgpu, got "tpu".');
    expect(bad.settings.sloSkipBackends).toEqual(['webgl', 'webgpu']);
  });

  it('property: any raw values give valid settings or messages, never a throw', () => {
    const raw = fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String), fc.boolean());
    fc.assert(
      fc.property(fc.record({ sloTargetMs: raw, sloMinCount: raw, batchDelayMs: raw, batchMax: raw, queriesPerDay: raw, peakFactor: raw, batchingOn: raw, sloSkipBackends: raw }, { requiredKeys: [] }), (r) => {
        const { settings, errors } = parseScaleSettings(r, DEFAULT_SCALE_SETTINGS);
        for (const k of Object.keys(errors)) expect(r).toHaveProperty(k);
        expect(settings.sloTargetMs).toBeGreaterThan(0);
        expect(Number.isInteger(settings.sloMinCount)).toBe(true);
        expect(settings.peakFactor).toBeGreaterThanOrEqual(1);
        if (settings.batching.kind === 'on') expect(settings.batching.maxBatch).toBe(settings.batchMax);
        for (const b of settings.sloSkipBackends) expect(['wasm', 'webgl', 'cpu', 'webgpu']).toContain(b);
      }),
    );
  });
});

describe('withSloRun', () => {
  it('keeps the newest search per backend and batching choice', () => {
    const run = (backend: string, capacityQps: number, on = false, p99TargetMs = 20) => ({ backend, batching: on ? { kind: 'on', maxDelayMs: 1, maxBatch: 4 } : { kind: 'off' }, search: { capacityQps, p99TargetMs } }) as unknown as SloRun;
    let runs = withSloRun([], run('wasm', 1));
    runs = withSloRun(runs, run('webgl', 2));
    runs = withSloRun(runs, run('wasm', 3, true));
    runs = withSloRun(runs, run('wasm', 4));
    runs = withSloRun(runs, run('wasm', 5, false, 200));
    expect(runs.map(sloKey)).toEqual(['wasm|off|20', 'webgl|off|20', 'wasm|T 1 ms, B 4|20', 'wasm|off|200']);
    expect(runs[0]!.search.capacityQps).toBe(4);
  });
});
