// The soak's options and its pass/fail rule: flat tensors and bytes, no failed queries.
import { describe, expect, it } from 'vitest';
import { parseSoakArgs, soakFailures } from './soak.ts';

const epoch = (n: number, numTensors: number, numBytes = 1000) => ({ epoch: n, numTensors, numBytes, wallMs: 10 });
const sample = (queries: number, numTensors: number, numBytes = 500) => ({ queries, numTensors, numBytes });

describe('npm run soak', () => {
  it('defaults to the soak it is for: 30 epochs and 10,000 queries on every available backend', () => {
    const o = parseSoakArgs([]);
    expect([o.epochs, o.queries, o.backends, o.build]).toEqual([30, 10_000, null, true]);
    expect(parseSoakArgs(['--backends', 'wasm,cpu', '--epochs', '3', '--no-build']).backends).toEqual(['wasm', 'cpu']);
    expect(() => parseSoakArgs(['--queries', '-5'])).toThrow('--queries needs a whole number of at least 1, got "-5"');
    expect(() => parseSoakArgs(['--fast'])).toThrow('Unknown option "--fast"');
    expect(o.minutes).toBeNull();
  });

  it('takes a time budget per backend, which lifts the query count unless one is given', () => {
    expect(parseSoakArgs(['--minutes', '2.5'])).toMatchObject({ minutes: 2.5, queries: 1_000_000, epochs: 30 });
    expect(parseSoakArgs(['--minutes', '3', '--queries', '500'])).toMatchObject({ minutes: 3, queries: 500 });
    expect(() => parseSoakArgs(['--minutes', '0'])).toThrow('--minutes needs a number of minutes above 0, got "0"');
    expect(() => parseSoakArgs(['--minutes', 'soon'])).toThrow('--minutes needs a number of minutes above 0');
  });

  it('passes flat runs and names what grew', () => {
    const flat = { backend: 'wasm', epochs: [epoch(1, 32), epoch(2, 32)], serve: [sample(0, 12), sample(500, 12)], serveErrors: 0, serveWallMs: 1, trainError: null };
    expect(soakFailures(flat)).toEqual([]);
    expect(soakFailures({ ...flat, epochs: [epoch(1, 32), epoch(30, 33, 1004)] })).toEqual(['wasm: 33 tensors after epoch 30, 32 after epoch 1.', 'wasm: 1004 bytes after epoch 30, 1000 after epoch 1.']);
    expect(soakFailures({ ...flat, serve: [sample(0, 12), sample(10_000, 13)], serveErrors: 2 })).toEqual([
      'wasm: the server held 13 tensors after 10000 queries, 12 after warm-up.',
      'wasm: 2 serving queries failed.',
    ]);
    expect(soakFailures({ ...flat, epochs: [], trainError: 'backend webgpu is not available in this browser' })[0]).toContain('training did not finish');
  });
});
