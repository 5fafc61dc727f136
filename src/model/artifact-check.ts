// Checks model artifacts before anything loads them, without TF.js at runtime (only its types),
// so the page can validate and copy artifacts for a worker without pulling TF.js into its bundle.
import type * as tf from '@tensorflow/tfjs';

/** A Layers model in memory: topology JSON, weight specs, and all weights in one ArrayBuffer. */
export interface SerializedModel {
  /** Keras-style model JSON as written by `model.save`. */
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** All weights concatenated in weightSpecs order (transferable). */
  weightData: ArrayBuffer;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/** Raised for artifacts the server refuses; the message says what is wrong in user terms. */
export class ArtifactError extends Error {
  override name = 'ArtifactError';
}

// Bytes per stored element; quantized weights are stored at their quantized width.
const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** A value from a file or a message as a message shows it: text quoted, never "[object Object]". */
const shown = (v: unknown): string =>
  typeof v === 'string' ? `"${v}"` : typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined ? String(v) : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

/** Bytes the weight data must hold for these specs (strings are refused: their size is not in the spec). */
export function expectedWeightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number {
  let total = 0;
  for (const spec of specs) {
    const stored: unknown = spec.quantization?.dtype ?? spec.dtype;
    // Own keys only: a dtype "toString" must not find Object.prototype's function.
    const size = typeof stored === 'string' && Object.hasOwn(BYTES_PER_ELEMENT, stored) ? BYTES_PER_ELEMENT[stored]! : undefined;
    if (size === undefined) throw new ArtifactError(`Weight "${spec.name}" has dtype ${shown(stored)}, which an image classifier cannot use.`);
    total += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  return total;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Checks artifacts that may come from anywhere (a file, a worker message) and returns them
 * with the weights as one ArrayBuffer. Throws ArtifactError with a message a user can act on.
 */
export function validateArtifacts(input: unknown): SerializedModel {
  if (!isObject(input)) throw new ArtifactError(`Not a model: expected model artifacts (an object), got ${input === null ? 'null' : typeof input}.`);
  const topology = input['modelTopology'];
  if (!isObject(topology) || topology instanceof ArrayBuffer) {
    throw new ArtifactError('Not a Layers model: the artifacts have no JSON model topology.');
  }
  const inner = isObject(topology['model_config']) ? topology['model_config'] : topology;
  if (typeof inner['class_name'] !== 'string' || !isObject(inner['config'])) {
    throw new ArtifactError('Not a Layers model: the topology has no class_name/config (is this a graph model?).');
  }
  const specs = input['weightSpecs'];
  if (!Array.isArray(specs)) throw new ArtifactError('Not a model: the artifacts have no weightSpecs list.');
  for (const s of specs as unknown[]) {
    if (!isObject(s) || typeof s['name'] !== 'string' || !Array.isArray(s['shape']) || typeof s['dtype'] !== 'string') {
      throw new ArtifactError('Not a model: a weight spec lacks name, shape or dtype.');
    }
    // A size is whole numbers of 0 or more; anything else would make the byte count NaN or negative.
    const shape = s['shape'] as unknown[];
    if (!shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new ArtifactError(`Weight "${s['name']}" has shape [${shape.map(shown).join(', ')}], which is not a list of whole numbers of 0 or more.`);
    }
  }
  const weightSpecs = specs as tf.io.WeightsManifestEntry[];
  const weightData = joinWeightData(input['weightData']);
  const expected = expectedWeightBytes(weightSpecs);
  if (weightData.byteLength !== expected) {
    const what = weightData.byteLength < expected ? 'truncated' : 'too long';
    throw new ArtifactError(
      `Weights ${what}: weightData holds ${weightData.byteLength} bytes but the ${weightSpecs.length} weight specs need ${expected} bytes.`,
    );
  }
  const out: SerializedModel = { modelTopology: topology, weightSpecs, weightData };
  if (typeof input['format'] === 'string') out.format = input['format'];
  if (typeof input['generatedBy'] === 'string') out.generatedBy = input['generatedBy'];
  if (typeof input['convertedBy'] === 'string' || input['convertedBy'] === null) out.convertedBy = input['convertedBy'];
  return out;
}

function joinWeightData(data: unknown): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  // Sharded weights arrive as a list; one buffer is what transfers cheaply to a worker.
  if (Array.isArray(data) && data.every((d) => d instanceof ArrayBuffer)) {
    const out = new Uint8Array(data.reduce((n, d) => n + d.byteLength, 0));
    let at = 0;
    for (const d of data) {
      out.set(new Uint8Array(d), at);
      at += d.byteLength;
    }
    return out.buffer;
  }
  if (data === undefined) throw new ArtifactError('Not a model: the artifacts carry no weightData.');
  throw new ArtifactError('Not a model: weightData must be an ArrayBuffer (or a list of them).');
}

/** A copy whose weight buffer can be transferred to a worker without detaching the caller's. */
export function transferableCopy(a: SerializedModel): { artifacts: SerializedModel; transfer: Transferable[] } {
  const weightData = a.weightData.slice(0);
  return { artifacts: { ...a, weightData }, transfer: [weightData] };
}
