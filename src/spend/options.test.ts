// Options from a registry: training summed along the lineage (a student pays for its teacher, a
// pruned model for its parent), TTA as a serving choice of its model, seeds grouped into medians,
// and the answer's crossover equal to the hand computation from the rows.
import { describe, expect, it } from 'vitest';
import type { EpochRecord, TtaRecord } from '../metrics/report.ts';
import { ledgerRows } from '../registry/ledger-rows.ts';
import type { ModelEntry, RegistrySnapshot } from '../registry/records.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { decide } from './decide.ts';
import { augmentationNote, groupBySeed, kindOf, spendOptions } from './options.ts';

const epoch = (wallMs: number, trainFlops: number): EpochRecord => ({
  epoch: 1, wallMs, samplesPerSec: 1, kernelCount: 10, kernelHistogram: {}, kernelCountMethod: 'counted', trainFlops, gflops: 1,
  loss: 1, acc: 0.5, valLoss: 1, valAcc: 0.5, numTensors: 32, numBytes: 1, instrumentationMs: 0, batches: 1, valMs: 0,
});
const dataset = { name: 'catsdogs', hash: 'abc', counts: { train: 2000, val: 500, test: 1200, classes: 2 } };

function model(id: string, fields: Partial<ModelEntry> & { settings?: Partial<TrainSettings>; ms?: number; distillFrom?: string }): ModelEntry {
  const { settings, ms = 100_000, distillFrom, ...rest } = fields;
  return {
    id, familyId: id, family: 1, version: 1, name: `model ${id}`, parentId: distillFrom ?? null, dataset, createdAt: '2025-01-01T00:00:00.000Z',
    origin: {
      kind: 'trained', settings: { ...DEFAULT_SETTINGS, ...settings }, end: 'completed', trainBackend: 'wasm', epochs: [epoch(ms / 2, 1e12), epoch(ms / 2, 1e12)],
      ...(distillFrom ? { distill: { teacherId: distillFrom, temperature: 4, hardWeight: 0.3, teacherMs: 500 } } : {}),
    },
    testAcc: 0.9, testCount: 1200, valAcc: null, params: 500, weightBytes: 2000, flopsPerQuery: 25e6, inputSize: 64, numClasses: 2, source: 'session', hasWeights: true,
    ...rest,
  };
}

const serve = (modelId: string, modelP50Ms: number) => ({ id: `s-${modelId}-${modelP50Ms}`, modelId, backend: 'wasm', kind: 'serve' as const, date: '2025-01-01T00:00:00.000Z', count: 1024, p50Ms: modelP50Ms + 0.2, modelP50Ms, testAcc: 0.9 });
const tta = (modelId: string, views: number, modelP50Ms: number, testAcc: number): TtaRecord => ({
  id: `t-${modelId}-${views}`, modelId, model: `model ${modelId}`, backend: 'wasm', views, date: '2025-01-02T00:00:00.000Z', count: 1200, p50Ms: modelP50Ms + 0.2, modelP50Ms,
  modelP50LowMs: modelP50Ms * 0.98, modelP50HighMs: modelP50Ms * 1.02, testAcc, testImages: 1200, numTensorsLeaked: 0,
});

function world(): { snapshot: RegistrySnapshot; tta: TtaRecord[] } {
  const teacher = model('teacher', { testAcc: 0.9 });
  const student = model('student', { distillFrom: 'teacher', ms: 40_000, testAcc: 0.93, flopsPerQuery: 8e6, settings: { width: 8 } });
  const augmented = model('aug', { testAcc: 0.91, ms: 130_000, settings: { augFlip: true, augCrop: 0.1 } });
  const measurements = [serve('teacher', 2), serve('student', 1), serve('aug', 2)];
  return { snapshot: { models: [teacher, student, augmented], measurements }, tta: [tta('teacher', 1, 2, 0.9), tta('teacher', 4, 7, 0.94)] };
}

describe('spendOptions', () => {
  it("charges a student its teacher's training and classifies every option", () => {
    const { snapshot, tta: records } = world();
    const options = spendOptions(snapshot, ledgerRows(snapshot), records, 'wasm');
    const by = new Map(options.map((o) => [o.key, o]));
    expect(options.map((o) => [o.key, o.kind])).toEqual([
      ['teacher:wasm:1', 'dense'], ['teacher:wasm:4', 'tta'], ['student:wasm:1', 'distilled'], ['aug:wasm:1', 'augmented'],
    ]);
    expect(by.get('student:wasm:1')!.trainMs).toBe(140_000);
    expect(by.get('student:wasm:1')!.trainParts.map((p) => p.modelId)).toEqual(['teacher', 'student']);
    expect(by.get('teacher:wasm:4')).toMatchObject({ trainMs: 100_000, perQueryMs: 7, perQueryFlops: 100e6, testAcc: 0.94, views: 4 });
    // The Ledger's rows are the plain models' alone: a TTA record is no measurement of them.
    expect(ledgerRows(snapshot).find((r) => r.modelId === 'teacher')!.modelP50Ms).toBe(2);
  });

  it('groups seeds of one recipe into medians and ranges; one seed stays a single sample', () => {
    const { snapshot } = world();
    const seeds = [model('a1', { settings: { seed: 1 }, ms: 90_000, testAcc: 0.88 }), model('a2', { settings: { seed: 2 }, ms: 100_000, testAcc: 0.9 }), model('a3', { settings: { seed: 3 }, ms: 120_000, testAcc: 0.95 })];
    const snap = { models: [...snapshot.models, ...seeds], measurements: snapshot.measurements };
    const groups = groupBySeed(spendOptions(snap, ledgerRows(snap), [], 'wasm'));
    // The teacher (seed 42) shares the recipe of the three: it joins them.
    const three = groups.find((g) => g.options.length === 4)!;
    expect(three.seeds).toEqual([42, 1, 2, 3]);
    expect(three.trainMs).toBe(100_000);
    expect(three.testAcc).toBe(0.9);
    expect(three.range.testAcc).toEqual([0.88, 0.95]);
    expect(groups.filter((g) => g.options.length === 1).map((g) => g.kind).sort()).toEqual(['augmented', 'distilled']);
  });
});

describe('decide', () => {
  it('finds the cheapest option reaching the accuracy, and the traffic where it changes, as computed by hand from the rows', () => {
    const { snapshot, tta: records } = world();
    const groups = groupBySeed(spendOptions(snapshot, ledgerRows(snapshot), records, 'wasm'));
    const ask = { targetAcc: 0.925, rule: 'measured' as const, unit: 'time' as const, days: 30 };
    // Eligible: TTA-4 (94%, 100 s + 7 ms/query) and the student (93%, 140 s + 1 ms/query).
    // By hand: (140,000 − 100,000) / (7 − 1) = 6,666.67 queries, 222.2 a day over 30 days.
    const low = decide(groups, { ...ask, queriesPerDay: 100 });
    expect(low.eligible.map((g) => g.key).sort()).toEqual(['student:wasm:1', 'teacher:wasm:4']);
    expect(low.cheapest?.key).toBe('teacher:wasm:4');
    expect(low.changes).toHaveLength(1);
    expect(low.changes[0]!.queries).toBeCloseTo(40_000 / 6, 9);
    expect(low.changes[0]!.queriesPerDay).toBeCloseTo(40_000 / 6 / 30, 9);
    expect(decide(groups, { ...ask, queriesPerDay: 300 }).cheapest?.key).toBe('student:wasm:1');
    expect(low.excluded.map((e) => e.why)).toContain('below the accuracy asked for');
  });

  it("with the interval rule, a single seed counts by its Wilson interval's lower end", () => {
    const { snapshot, tta: records } = world();
    const groups = groupBySeed(spendOptions(snapshot, ledgerRows(snapshot), records, 'wasm'));
    // 93% of 1,200 has a lower end of 91.4%: it no longer reaches 92.5%; 94% (92.5%) just does.
    const a = decide(groups, { targetAcc: 0.925, rule: 'interval', unit: 'time', queriesPerDay: 100, days: 30 });
    expect(a.eligible.map((g) => g.key)).toEqual(['teacher:wasm:4']);
  });
});

describe('augmentation note', () => {
  it('says what an augmented model was trained with and that serving it costs nothing more; its TTA options and plain models do not', () => {
    const { snapshot, tta: records } = world();
    const aug = model('aug2', { settings: { augFlip: true, augCrop: 0.1, augBrightness: 0.2 } });
    const snap = { ...snapshot, models: [...snapshot.models, aug], measurements: [...snapshot.measurements, serve('aug2', 2)] };
    const options = spendOptions(snap, ledgerRows(snap), [...records, tta('aug', 4, 7, 0.92)], 'wasm');
    const by = new Map(options.map((o) => [o.key, o]));
    const zero = 'serving cost zero (same model, same FLOPs per query)';
    expect(by.get('aug:wasm:1')!.what).toBe(`augmented (width 16, depth 3); augmentation: flip, crop 10%; ${zero}`);
    expect(by.get('aug2:wasm:1')!.what).toContain('augmentation: flip, crop 10%, brightness ±0.2; serving cost zero');
    // Same network: the FLOPs per query of an augmented model are its own, not more.
    expect(by.get('aug:wasm:1')!.perQueryFlops).toBe(25e6);
    expect(by.get('aug:wasm:4')!.what).not.toContain('serving cost zero');
    expect(by.get('teacher:wasm:1')!.what).not.toContain('augmentation');
    expect(augmentationNote(model('off', { settings: { augFlip: false, augCrop: 0, augContrast: 0 } }))).toBeNull();
    // A student distilled with augmentation keeps its kind and gets the note too.
    const student = model('s2', { distillFrom: 'teacher', settings: { augSaturation: 0.3 } });
    expect(augmentationNote(student)).toBe(`augmentation: saturation ±0.3; ${zero}`);
    // Models trained before augmentation existed have no such fields: off.
    const old = model('old', {});
    const legacy: Partial<TrainSettings> = { ...(old.origin as { settings: TrainSettings }).settings };
    for (const k of ['augFlip', 'augCrop', 'augBrightness', 'augContrast', 'augSaturation'] as const) delete legacy[k];
    expect(augmentationNote({ ...old, origin: { ...old.origin, settings: legacy } as ModelEntry['origin'] })).toBeNull();
  });
});

describe('kindOf labels', () => {
  it('name the size beside the kind when it is not the default, so a sweep\'s augmented sizes tell apart', () => {
    expect(kindOf(model('d', {})).label).toBe('dense');
    expect(kindOf(model('a', { settings: { augFlip: true } })).label).toBe('augmented');
    expect(kindOf(model('a8', { settings: { augFlip: true, width: 8, depth: 2 } }))).toMatchObject({ kind: 'augmented', label: 'augmented, 8×2' });
    expect(kindOf(model('s', { settings: { width: 32, depth: 3 } })).label).toBe('size 32×3');
    expect(kindOf(model('st', { distillFrom: 'd', settings: { width: 8 } })).label).toBe('distilled student, 8×3');
  });
});
