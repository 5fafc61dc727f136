// Reading a model.json + weights pick against the space of inputs: the pair the app writes reads
// back to the same artifacts; any other pick (files missing, renamed, cut short, a model.json of
// any text or with any edit) is a model whose bytes match its specs or refused with an ArtifactError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits, edit } from '../metrics/test-json-edits.ts';
import { ArtifactError, expectedWeightBytes, type SerializedModel } from './artifact-check.ts';
import { fromModelFiles, toModelFiles, type ModelFiles } from './model-files.ts';
import { validArtifacts, type ArtifactsInput } from './test-artifacts.ts';

const RUNS = 1000;
const PROBLEMS = ['Not a model: ', 'Not a Layers model: ', 'Pick one model at a time', 'Missing weights: ', ' is a run report, not a model', 'Weights truncated: ', 'Weights too long: ', ' has dtype ', ' has shape '];

/** The artifacts as one buffer (what the app holds before it writes the files). */
function whole(a: ArtifactsInput): SerializedModel {
  const parts = Array.isArray(a.weightData) ? a.weightData : [a.weightData];
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => (data.set(new Uint8Array(p), at), at + p.byteLength), 0);
  return { ...a, weightData: data.buffer };
}

const stem = fc.oneof(fc.constantFrom('model', 'cats v2', 'x'), fc.string({ minLength: 1, maxLength: 12 }));
const metadata = fc.option(fc.record({ testAcc: fc.double({ min: 0, max: 1, noNaN: true }), classNames: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }) }), { nil: undefined });

const filesOf = (m: ModelFiles) => [new File([m.json], m.jsonName), new File([m.bin], m.binName)];

/** A pick gone wrong at the file level. */
const fileEdit = fc.oneof(
  fc.record({ kind: fc.constantFrom('drop-bin' as const, 'drop-json' as const, 'second-json' as const, 'rename-bin' as const, 'json-upper' as const, 'json-txt' as const, 'bin-twice' as const) }),
  fc.record({ kind: fc.constant('bin-bytes' as const), delta: fc.integer({ min: -9, max: 9 }) }),
  fc.record({ kind: fc.constant('json-text' as const), text: fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.json({ maxDepth: 3 })) }),
  fc.record({ kind: fc.constant('extra-file' as const), name: fc.string({ maxLength: 10 }) }),
);
type FileEdit = typeof fileEdit extends fc.Arbitrary<infer T> ? T : never;

function applyFileEdit(files: File[], e: FileEdit): File[] {
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  const others = files.filter((f) => f !== json);
  const bin = others[0];
  switch (e.kind) {
    case 'drop-bin': return json ? [json] : [];
    case 'drop-json': return others;
    case 'second-json': return [...files, new File(['{}'], 'other.json')];
    case 'rename-bin': return bin ? [...files.filter((f) => f !== bin), new File([bin], `renamed-${bin.name}`)] : files;
    case 'json-upper': return json ? [new File([json], json.name.replace(/\.json$/i, '.JSON')), ...others] : files;
    case 'json-txt': return json ? [new File([json], `${json.name}.txt`), ...others] : files;
    case 'bin-twice': return bin ? [...files, bin] : files;
    case 'bin-bytes': return bin ? [...files.filter((f) => f !== bin), new File([new Uint8Array(Math.max(0, bin.size + e.delta))], bin.name)] : files;
    case 'json-text': return json ? [new File([e.text], json.name), ...others] : files;
    case 'extra-file': return [...files, new File(['x'], e.name)];
  }
}

async function expectModelOrNamedRefusal(files: File[]): Promise<void> {
  let read;
  try {
    read = await fromModelFiles(files);
  } catch (err) {
    expect(err).toBeInstanceOf(ArtifactError);
    const message = (err as Error).message;
    expect(PROBLEMS.some((p) => message.includes(p)), message).toBe(true);
    // Not asserted yet: a manifest path that is not text is shown as "[object Object]" in the message.
    expect(message, message).not.toMatch(/(NaN|Infinity|-\d+|\d+\.\d+) bytes/);
    return;
  }
  expect(files.map((f) => f.name)).toContain(read.fileName);
  expect(read.metadata === null || typeof read.metadata === 'object').toBe(true);
  expect(read.artifacts.weightData.byteLength).toBe(expectedWeightBytes(read.artifacts.weightSpecs));
}

describe('fromModelFiles (properties)', () => {
  it('the pair the app writes reads back to the same artifacts and metadata', async () => {
    await fc.assert(
      fc.asyncProperty(validArtifacts, stem, metadata, async (a, name, meta) => {
        const model = whole(a);
        const read = await fromModelFiles(filesOf(toModelFiles(model, name, meta)));
        expect(read.artifacts.modelTopology).toEqual(model.modelTopology);
        expect(read.artifacts.weightSpecs).toEqual(model.weightSpecs);
        expect([...new Uint8Array(read.artifacts.weightData)]).toEqual([...new Uint8Array(model.weightData)]);
        expect(read.metadata).toEqual(meta ?? null);
      }),
      { numRuns: RUNS },
    );
  });

  it('a pick gone wrong (files missing, renamed, cut short, any text) is a model or refused with an ArtifactError', async () => {
    await fc.assert(
      fc.asyncProperty(validArtifacts, stem, fc.array(fileEdit, { minLength: 1, maxLength: 2 }), async (a, name, edits) => {
        await expectModelOrNamedRefusal(edits.reduce(applyFileEdit, filesOf(toModelFiles(whole(a), name))));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a weightsManifest entry that is null (seed 517468420), and a path that is not a file name, by name', async () => {
    const { json, jsonName, bin, binName } = toModelFiles(whole(fc.sample(validArtifacts, { numRuns: 1, seed: 1 })[0]!), 'm', {});
    const doc = JSON.parse(json) as { weightsManifest: unknown[] };
    for (const bad of [[null], [{ paths: [{}], weights: [] }]]) {
      const files = filesOf({ json: JSON.stringify({ ...doc, weightsManifest: bad }), jsonName, bin, binName });
      await expect(fromModelFiles(files)).rejects.toMatchObject({ name: 'ArtifactError', message: expect.stringMatching(/^Not a model: /) });
    }
  });

  it('a model.json with up to three edits is a model or refused with an ArtifactError', async () => {
    await fc.assert(
      fc.asyncProperty(validArtifacts, stem, fc.array(edit, { minLength: 1, maxLength: 3 }), async (a, name, edits) => {
        const files = toModelFiles(whole(a), name, { testAcc: 0.9 });
        const doc = applyEdits(JSON.parse(files.json), edits);
        await expectModelOrNamedRefusal(filesOf({ ...files, json: JSON.stringify(doc) ?? 'null' }));
      }),
      { numRuns: RUNS },
    );
  });
});
