// Model artifact checks against the space of inputs: any artifacts `model.save` can hand over are
// accepted as they are; anything else, and any edit to valid artifacts, is either still a model
// whose bytes match its specs or refused with an ArtifactError whose message says what is wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArtifactError, expectedWeightBytes, validateArtifacts, type SerializedModel } from './artifact-check.ts';
import { applyArtifactEdits, artifactEdit, validArtifacts, wrongValue } from './test-artifacts.ts';

const RUNS = 1000;
const STORED = ['float32', 'int32', 'bool', 'complex64', 'uint8', 'uint16', 'float16'];
const PROBLEMS = ['Not a model: ', 'Not a Layers model: ', 'Weights truncated: ', 'Weights too long: ', ' has dtype ', ' has shape '];

/** What a loader relies on in accepted artifacts: every spec readable and the bytes exactly what the specs need. */
function expectModel(m: SerializedModel): void {
  expect(typeof m.modelTopology).toBe('object');
  for (const s of m.weightSpecs) {
    expect(typeof s.name).toBe('string');
    expect(s.shape.every((d) => Number.isSafeInteger(d) && d >= 0), `shape ${String(s.shape)}`).toBe(true);
    expect(STORED).toContain(s.quantization?.dtype ?? s.dtype);
  }
  expect(m.weightData).toBeInstanceOf(ArrayBuffer);
  expect(m.weightData.byteLength).toBe(expectedWeightBytes(m.weightSpecs));
}

/** Accepted as a model, or refused with an ArtifactError that says what is wrong in words and whole numbers. */
function expectModelOrNamedRefusal(input: unknown): void {
  let model: SerializedModel;
  try {
    model = validateArtifacts(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ArtifactError);
    const message = (err as Error).message;
    expect(PROBLEMS.some((p) => message.includes(p)), message).toBe(true);
    // Byte counts are whole numbers of 0 or more; a value is named as it is, never as "[object Object]".
    expect(message, message).not.toMatch(/(NaN|Infinity|-\d+|\d+\.\d+) bytes|\[object /);
    return;
  }
  expectModel(model);
}

describe('validateArtifacts (properties)', () => {
  it('accepts every artifacts model.save can hand over, whole or sharded, as they are', () => {
    fc.assert(
      fc.property(validArtifacts, (a) => {
        const model = validateArtifacts(a);
        expectModel(model);
        expect(model.modelTopology).toBe(a.modelTopology);
        expect(model.weightSpecs).toEqual(a.weightSpecs);
        const bytes = Array.isArray(a.weightData) ? a.weightData.flatMap((b) => [...new Uint8Array(b)]) : [...new Uint8Array(a.weightData)];
        expect([...new Uint8Array(model.weightData)]).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('any value at all is a model or refused with an ArtifactError saying what is wrong', () => {
    const shaped = fc.record({ modelTopology: fc.oneof(wrongValue, fc.constant({ class_name: 'Sequential', config: {} })), weightSpecs: fc.oneof(wrongValue, fc.array(fc.oneof(wrongValue, fc.record({ name: wrongValue, shape: wrongValue, dtype: wrongValue })), { maxLength: 3 })), weightData: fc.oneof(wrongValue, fc.constant(new ArrayBuffer(4))) }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(fc.anything(), shaped), expectModelOrNamedRefusal), { numRuns: RUNS });
  });

  it('valid artifacts with up to three edits are a model or refused by what is wrong', () => {
    fc.assert(
      fc.property(validArtifacts, fc.array(artifactEdit, { minLength: 1, maxLength: 3 }), (a, edits) => {
        expectModelOrNamedRefusal(applyArtifactEdits(a, edits));
      }),
      { numRuns: RUNS },
    );
  });
});

// Found by the properties: a shape entry that is not a whole number (seed -1911757360, path
// "3:0:1:0:0:0:0:0:0:0:0:0:0:0": shape [{}]) or a dtype that is a key of Object.prototype (seed
// -1353030567, path "302:0:0:0:1:1:0:0:0:0:0:0:0:0:0:0:2": quantization dtype "__proto__") gave
// "need NaN bytes"; a negative one "need -4 bytes"; a quantized dtype {} read "[object Object]".
describe('validateArtifacts (regressions found by the properties)', () => {
  const topology = { class_name: 'Sequential', config: {} };
  const withSpec = (spec: Record<string, unknown>, bytes = 4) => ({ modelTopology: topology, weightSpecs: [{ name: 'dense/kernel', shape: [1], dtype: 'float32', ...spec }], weightData: new ArrayBuffer(bytes) });

  it('names a shape that is not whole numbers of 0 or more', () => {
    expect(() => validateArtifacts(withSpec({ shape: [{}] }))).toThrow('Weight "dense/kernel" has shape [an object], which is not a list of whole numbers of 0 or more.');
    expect(() => validateArtifacts(withSpec({ shape: [-1] }))).toThrow('has shape [-1]');
    expect(() => validateArtifacts(withSpec({ shape: ['2', 1.5, null] }))).toThrow('has shape ["2", 1.5, null]');
  });

  it('names a dtype that only Object.prototype knows, and a quantized dtype that is not text', () => {
    expect(() => validateArtifacts(withSpec({ dtype: 'toString' }))).toThrow('Weight "dense/kernel" has dtype "toString", which an image classifier cannot use.');
    expect(() => validateArtifacts(withSpec({ dtype: 'constructor' }))).toThrow('has dtype "constructor"');
    expect(() => validateArtifacts(withSpec({ quantization: { dtype: {} } }))).toThrow('has dtype an object');
  });

  it('says null, not "object", for a null input', () => {
    expect(() => validateArtifacts(null)).toThrow('Not a model: expected model artifacts (an object), got null.');
  });
});
