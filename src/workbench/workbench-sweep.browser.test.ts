// The training worker's pruneSweep (the Workbench, called directly here rather than through
// comlink) on wasm: plain records and artifacts out, Stop keeps finished levels, no leaked tensors.
import { beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from './workbench.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import type { PrunedLevel } from './protocol.ts';
import { squaresSet } from '../prune/test-fixtures.ts';

const service = new Workbench();
const dataset = { name: 'squares', classNames: ['top-left', 'bottom-right'], train: squaresSet(96, 16, 1), val: squaresSet(32, 16, 2), test: squaresSet(64, 16, 3) };
const levels = [
  { method: 'unstructured' as const, sparsity: 0.9 },
  { method: 'structured' as const, sparsity: 0.5 },
];

beforeAll(async () => {
  service.setDataset(dataset);
  const result = await service.train({ ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 2, batchSize: 16, trainSize: 96, width: 4, depth: 2 }, {});
  expect(result.end).toBe('completed');
});

describe('Workbench.pruneSweep on wasm', () => {
  it('returns plain records and artifacts per level and leaks no tensors (twice)', async () => {
    for (let run = 0; run < 2; run++) {
      const before = service.memory().numTensors;
      const seen: PrunedLevel[] = [];
      const out = await service.pruneSweep({ levels, epochs: 1, schedule: 'gradual', scope: 'global' }, { onLevel: (l) => seen.push(l) });
      expect(service.memory().numTensors).toBe(before);
      expect(out.stopped).toBe(false);
      expect(out.backend).toBe('wasm');
      expect(seen.map((l) => l.record.method)).toEqual(['unstructured', 'structured']);
      expect(out.levels.map((l) => l.record)).toEqual(seen.map((l) => l.record));
      expect(out.dense.filterNorms.map((f) => f.norms.length)).toEqual([4, 8]);
      expect(out.dense.artifacts.weightData.byteLength).toBe(out.dense.weightBytes);
      for (const l of out.levels) expect(l.artifacts.weightData.byteLength).toBe(l.record.weightBytes);
      expect(out.levels[1]!.record.weightBytes).toBeLessThan(out.dense.weightBytes);
    }
  });

  it('stops after the batch in progress, keeping finished levels, without leaks', async () => {
    const before = service.memory().numTensors;
    const out = await service.pruneSweep(
      { levels, epochs: 2, schedule: 'one-shot', scope: 'per-layer' },
      { onProgress: (p) => { if (p.level === 2) service.stopPrune(); } },
    );
    expect(service.memory().numTensors).toBe(before);
    expect(out.stopped).toBe(true);
    expect(out.levels.map((l) => l.record.method)).toEqual(['unstructured']);
  });
});
