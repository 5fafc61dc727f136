// A registry entry for element tests: plausible figures, overridable field by field.
import type { ModelEntry } from '../registry/records.ts';

export function modelFixture(id: string, fields: Partial<ModelEntry> = {}): ModelEntry {
  const family = fields.family ?? 1;
  const version = fields.version ?? 1;
  return {
    id,
    familyId: `m${family}`,
    family,
    version,
    name: `model ${family}.${version} · fixture`,
    parentId: null,
    origin: { kind: 'imported', file: 'model.json', settings: null },
    dataset: { name: 'shapes', hash: 'abc123', counts: { train: 2000, val: 400, test: 1200, classes: 2 } },
    createdAt: '2025-01-01T00:00:00.000Z',
    testAcc: 0.912,
    testCount: 1200,
    valAcc: null,
    params: 12_345,
    weightBytes: 49_380,
    flopsPerQuery: 1e6,
    inputSize: 64,
    numClasses: 2,
    source: 'session',
    hasWeights: true,
    ...fields,
  };
}
