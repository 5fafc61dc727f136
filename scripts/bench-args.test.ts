import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './bench-args.ts';

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
});
