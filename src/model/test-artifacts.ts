// fast-check generators of model artifacts for the property tests of the model checks: a Layers
// topology, weight specs of every stored dtype (quantized too), and weight data of exactly the
// size they need, whole or in shards; and the edits that break each part.
import fc from 'fast-check';
import type * as tf from '@tensorflow/tfjs';
import { expectedWeightBytes } from './artifact-check.ts';

export const DTYPES = ['float32', 'int32', 'bool', 'complex64'] as const;
const QUANTIZED = ['uint8', 'uint16', 'float16'] as const;

const topology = fc.oneof(
  fc.record({ class_name: fc.constantFrom('Sequential', 'Model'), config: fc.record({ name: fc.string({ maxLength: 8 }), layers: fc.constant([]) }) }),
  fc.record({ class_name: fc.constant('Sequential'), config: fc.constant({ layers: [] }) }).map((model_config) => ({ model_config, format: 'layers-model' })),
);

const spec = (i: number): fc.Arbitrary<tf.io.WeightsManifestEntry> =>
  fc.record(
    {
      name: fc.string({ maxLength: 10 }).map((s) => `layer${i}/${s}`),
      shape: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }),
      dtype: fc.constantFrom(...DTYPES),
      quantization: fc.record({ dtype: fc.constantFrom(...QUANTIZED), scale: fc.double({ min: 0, max: 1, noNaN: true }), min: fc.double({ min: -1, max: 0, noNaN: true }).map((x) => x + 0) }),
    },
    { requiredKeys: ['name', 'shape', 'dtype'] },
  ) as fc.Arbitrary<tf.io.WeightsManifestEntry>;

/** Weight data of exactly `bytes` bytes, as one buffer or cut into shards (a sharded model.json). */
const weightData = (bytes: number): fc.Arbitrary<ArrayBuffer | ArrayBuffer[]> =>
  fc.tuple(fc.uint8Array({ minLength: bytes, maxLength: bytes }), fc.array(fc.nat(bytes), { maxLength: 3 }), fc.boolean()).map(([data, cuts, whole]) => {
    if (whole) return data.slice().buffer;
    const at = [0, ...cuts.sort((a, b) => a - b), bytes];
    return at.slice(1).map((end, k) => data.slice(at[k], end).buffer);
  });

/** Artifacts as `model.save` hands them over (weightData possibly as shards). */
export interface ArtifactsInput {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer | ArrayBuffer[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

export const validArtifacts: fc.Arbitrary<ArtifactsInput> = fc
  .tuple(topology, fc.integer({ min: 0, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spec(i)))), fc.option(fc.constant('TensorFlow.js tfjs-layers v4.22.0'), { nil: undefined }), fc.option(fc.constant(null), { nil: undefined }))
  .chain(([modelTopology, weightSpecs, generatedBy, convertedBy]) =>
    weightData(expectedWeightBytes(weightSpecs)).map((data) => ({ modelTopology, weightSpecs, weightData: data, format: 'layers-model', ...(generatedBy ? { generatedBy } : {}), ...(convertedBy === null ? { convertedBy } : {}) })),
  );

/** A value that is wrong for a field in some way: another type, a near miss, a trap for lookups. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', '4', 'string', 'float64', 'toString', 'constructor', '__proto__', [], {}, true, [-1], [1.5], ['2'], [Number.NaN], [2 ** 53]),
  fc.anything({ maxDepth: 1 }),
);

/** One edit that breaks (or may break) artifacts: a field of the whole, of the topology, of one spec, or the bytes. */
export const artifactEdit = fc.oneof(
  fc.record({ at: fc.constant('root' as const), key: fc.constantFrom('modelTopology', 'weightSpecs', 'weightData', 'format', 'convertedBy'), value: wrongValue }),
  fc.record({ at: fc.constant('topology' as const), key: fc.constantFrom('class_name', 'config', 'model_config'), value: wrongValue }),
  fc.record({ at: fc.constant('spec' as const), pick: fc.nat(), key: fc.constantFrom('name', 'shape', 'dtype', 'quantization'), value: fc.oneof(wrongValue, fc.record({ dtype: wrongValue })) }),
  fc.record({ at: fc.constant('shape' as const), pick: fc.nat(), dim: fc.nat(), value: wrongValue }),
  fc.record({ at: fc.constant('spec-itself' as const), pick: fc.nat(), value: wrongValue }),
  fc.record({ at: fc.constant('bytes' as const), delta: fc.integer({ min: -8, max: 8 }).filter((d) => d !== 0) }),
);
export type ArtifactEdit = typeof artifactEdit extends fc.Arbitrary<infer T> ? T : never;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Valid artifacts with edits applied in order, on copies (specs and topology are copied; new buffers). */
export function applyArtifactEdits(a: ArtifactsInput, edits: readonly ArtifactEdit[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a, modelTopology: structuredClone(a.modelTopology), weightSpecs: a.weightSpecs.map((s) => structuredClone(s)) };
  const set = (o: unknown, key: string, value: unknown) => {
    if (!isRecord(o)) return;
    if (value === undefined) delete o[key];
    else o[key] = value;
  };
  for (const e of edits) {
    const specs = Array.isArray(out.weightSpecs) ? (out.weightSpecs as unknown[]) : [];
    if (e.at === 'root') set(out, e.key, e.value);
    else if (e.at === 'topology') set(out.modelTopology, e.key, e.value);
    else if (e.at === 'bytes') out.weightData = new ArrayBuffer(Math.max(0, expectedWeightBytes(a.weightSpecs) + e.delta));
    else if (specs.length > 0) {
      const i = e.pick % specs.length;
      if (e.at === 'spec-itself') specs[i] = e.value;
      else if (e.at === 'spec') set(specs[i], e.key, e.value);
      else {
        const shape = isRecord(specs[i]) ? specs[i].shape : undefined;
        if (Array.isArray(shape) && shape.length > 0) shape[e.dim % shape.length] = e.value;
        else if (Array.isArray(shape)) shape.push(e.value);
      }
    }
  }
  return out;
}
