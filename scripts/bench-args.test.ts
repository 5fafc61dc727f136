import { describe, expect, it } from 'vitest';
import { adoptPageSettings, parseBenchArgs, trainingPresets } from './bench-args.ts';
import { PHOTOS_TRAIN_SETTINGS } from '../src/state/presets-builtin.ts';

describe('parseBenchArgs', () => {
  it('reads every option', () => {
    const o = parseBenchArgs(['--backends', 'wasm,webgl', '--epochs', '2', '--batch-size', '16', '--train-size', '100', '--seed', '7', '--serve', '--queries', '2048', '--prune', '--out', 'x.json', '--no-build']);
    expect(o).toMatchObject({ backends: ['wasm', 'webgl'], epochs: 2, batchSize: 16, trainSize: 100, seed: 7, serve: true, queries: 2048, prune: true, out: 'x.json', build: false });
  });

  it('has defaults and names bad options', () => {
    expect(parseBenchArgs([]).backends).toEqual(['wasm', 'webgl', 'cpu']);
    expect(() => parseBenchArgs(['--epochs', 'two'])).toThrow('--epochs needs a whole number >= 1, got two.');
    expect(() => parseBenchArgs(['--backends', 'tpu'])).toThrow(/tpu/);
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow(/Unknown option "--frobnicate"/);
  });

  it('takes a dataset folder with --data and refuses a missing one', () => {
    expect(parseBenchArgs(['--data', '/tmp/pets']).data).toBe('/tmp/pets');
    expect(parseBenchArgs([]).data).toBeNull();
    expect(() => parseBenchArgs(['--data'])).toThrow(/--data needs a folder/);
    expect(() => parseBenchArgs(['--data', '--serve'])).toThrow(/--data needs a folder/);
  });

  it('takes --spend and its settings, and names a bad one', () => {
    expect(parseBenchArgs([]).spend).toBe(false);
    const o = parseBenchArgs(['--spend', '--spend-queries', '32', '--spend-tta-queries', '48', '--spend-target', '82.5', '--spend-days', '7']);
    expect(o).toMatchObject({ spend: true, spendQueries: 32, spendTtaQueries: 48, spendTarget: 82.5, spendDays: 7 });
    expect(parseBenchArgs(['--spend']).spendTarget).toBeNull();
    expect(() => parseBenchArgs(['--spend-target', '120'])).toThrow('--spend-target needs a percentage from 0 to 100, got 120.');
    expect(() => parseBenchArgs(['--spend-days', '0'])).toThrow(/--spend-days needs a whole number >= 1/);
  });

  it('takes --drift and its settings, and names a bad one', () => {
    expect(parseBenchArgs([])).toMatchObject({ drift: false, driftDays: 6, driftQueries: 600, driftEpochs: 8 });
    expect(parseBenchArgs(['--drift', '--drift-days', '3', '--drift-queries', '40', '--drift-epochs', '1'])).toMatchObject({ drift: true, driftDays: 3, driftQueries: 40, driftEpochs: 1 });
    expect(() => parseBenchArgs(['--drift-epochs', '0'])).toThrow('--drift-epochs needs a whole number >= 1, got 0.');
    expect(() => parseBenchArgs(['--drift-days', '1'])).toThrow('--drift-days needs a whole number >= 2, got 1.');
    expect(() => parseBenchArgs(['--drift-queries', 'many'])).toThrow(/--drift-queries needs a whole number >= 10/);
  });

  it('takes the serving-at-scale options and names bad ones', () => {
    const o = parseBenchArgs(['--serve', '--slo', '20', '--slo-queries', '40', '--slo-check', '0', '--slo-duration', '300', '--batching', '--batching-bound', '150', '--batching-queries', '32']);
    expect(o).toMatchObject({ sloMs: 20, sloQueries: 40, sloCheck: 0, sloDurationMs: 300, batching: true, batchingBoundMs: 150, batchingQueries: 32 });
    expect(parseBenchArgs([])).toMatchObject({ sloMs: null, sloQueries: 300, sloCheck: 2000, batching: false, batchingBoundMs: 200, batchingQueries: 256 });
    expect(() => parseBenchArgs(['--slo'])).toThrow('--slo needs a number of ms above 0 and at most 60000, got nothing.');
    expect(() => parseBenchArgs(['--slo', '-5'])).toThrow(/--slo needs a number of ms/);
    expect(() => parseBenchArgs(['--slo-queries', '5'])).toThrow('--slo-queries needs a whole number >= 20, got 5.');
    expect(() => parseBenchArgs(['--batching-bound', 'fast'])).toThrow(/--batching-bound needs a number of ms/);
  });

  it('takes a shipped preset with Train settings by name, and names a wrong one', () => {
    expect(trainingPresets().map((p) => p.name)).toEqual(['photos']);
    const o = parseBenchArgs(['--preset', 'photos', '--epochs', '2']);
    expect(o.preset?.search).toContain('t.augFlip=true');
    expect(o.given).toEqual(['epochs']);
    expect(parseBenchArgs([]).preset).toBeNull();
    // The drift preset holds no Train settings, so the bench's training has nothing to take from it.
    expect(() => parseBenchArgs(['--preset', 'drift-camera'])).toThrow('--preset needs the name of a shipped preset with Train settings (photos), got drift-camera.');
    expect(() => parseBenchArgs(['--preset'])).toThrow(/got nothing/);
  });

  it('keeps the typed training flags and takes the rest from the page the preset opened', () => {
    const o = parseBenchArgs(['--preset', 'photos', '--epochs', '2', '--seed', '9']);
    adoptPageSettings(o, { epochs: PHOTOS_TRAIN_SETTINGS.epochs!, batchSize: 48, trainSize: 1120, seed: 42, learningRate: 0.002 });
    expect(o).toMatchObject({ epochs: 2, seed: 9, batchSize: 48, trainSize: 1120, learningRate: 0.002 });
    const untyped = parseBenchArgs(['--preset', 'photos']);
    adoptPageSettings(untyped, { epochs: 40, batchSize: 32, trainSize: 2000, seed: 42, learningRate: 0.001 });
    expect(untyped.epochs).toBe(40);
  });
});
