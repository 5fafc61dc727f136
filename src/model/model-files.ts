// Models as files: writes artifacts as TF.js's model.json + weights.bin pair (what
// tf.io.browserDownloads writes, so tf.loadLayersModel can read them too) and reads such a pair
// back, refusing files that are not a model with a message naming the problem. No TF.js here.
import { ArtifactError, type SerializedModel, validateArtifacts } from './artifact-check.ts';

export interface ModelFiles {
  jsonName: string;
  json: string;
  binName: string;
  bin: ArrayBuffer;
}

/** A file name made of letters, digits, dashes and dots only. */
export function safeFileStem(name: string): string {
  return name.trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
}

/** The model.json text and weights file of a model; `metadata` rides along in userDefinedMetadata. */
export function toModelFiles(artifacts: SerializedModel, name: string, metadata?: object): ModelFiles {
  const stem = safeFileStem(name);
  const binName = `${stem}.weights.bin`;
  const json = JSON.stringify({
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${binName}`], weights: artifacts.weightSpecs }],
    ...(metadata ? { userDefinedMetadata: { trainServeLab: metadata } } : {}),
  });
  return { jsonName: `${stem}.json`, json, binName, bin: artifacts.weightData };
}

/** What a model.json + weights pair held: checked artifacts and the lab's metadata if any. */
export interface ReadModel {
  artifacts: SerializedModel;
  /** The metadata this lab wrote into the file, unchecked (the caller re-measures what matters). */
  metadata: Record<string, unknown> | null;
  fileName: string;
}

const baseName = (path: string) => path.split('/').pop() ?? path;

/** A run report by its shape (src/metrics/report.ts): a schema number and a list of runs, and no weights. */
export function looksLikeRunReport(doc: Record<string, unknown>): boolean {
  return typeof doc['schema'] === 'number' && Array.isArray(doc['runs']) && !('weightsManifest' in doc);
}

/** Reads a model.json and its weight files (picked together); throws ArtifactError saying what is wrong. */
export async function fromModelFiles(files: readonly File[]): Promise<ReadModel> {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 0) throw new ArtifactError(`Not a model: pick the model's .json file together with its .weights.bin file (got ${files.map((f) => `"${f.name}"`).join(', ') || 'no files'}).`);
  if (jsons.length > 1) throw new ArtifactError(`Pick one model at a time: got ${jsons.length} .json files.`);
  const jsonFile = jsons[0]!;
  let parsed: unknown;
  try {
    parsed = JSON.parse(await jsonFile.text());
  } catch (err) {
    throw new ArtifactError(`Not a model: "${jsonFile.name}" is not valid JSON (${(err as Error).message}).`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ArtifactError(`Not a model: "${jsonFile.name}" holds no JSON object.`);
  const doc = parsed as Record<string, unknown>;
  // The lab's own run report is JSON too, and the likeliest wrong file here: send it where it belongs.
  if (looksLikeRunReport(doc)) throw new ArtifactError(`"${jsonFile.name}" is a run report, not a model: import it in the Ledger view ("Compare with a report file"), where its models and measurements join the ledger.`);
  const manifest = doc['weightsManifest'];
  if (!Array.isArray(manifest)) throw new ArtifactError(`Not a model: "${jsonFile.name}" has no weightsManifest (is it a TF.js model.json?).`);
  const weightSpecs: unknown[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of manifest as unknown[]) {
    const g = (typeof group === 'object' && group !== null ? group : {}) as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(g.paths) || !Array.isArray(g.weights)) throw new ArtifactError(`Not a model: a weightsManifest entry in "${jsonFile.name}" lacks paths or weights.`);
    weightSpecs.push(...(g.weights as unknown[]));
    for (const path of g.paths as unknown[]) {
      if (typeof path !== 'string') throw new ArtifactError(`Not a model: "${jsonFile.name}" names a weights file that is not a file name (${JSON.stringify(path) ?? typeof path}).`);
      const wanted = baseName(path);
      const file = files.find((f) => f.name === wanted);
      if (!file) throw new ArtifactError(`Missing weights: "${jsonFile.name}" needs "${wanted}"; pick it together with the .json file.`);
      buffers.push(await file.arrayBuffer());
    }
  }
  const artifacts = validateArtifacts({
    modelTopology: doc['modelTopology'],
    weightSpecs,
    weightData: buffers,
    format: doc['format'],
    generatedBy: doc['generatedBy'],
    convertedBy: doc['convertedBy'],
  });
  const user = doc['userDefinedMetadata'] as Record<string, unknown> | undefined;
  const metadata = user && typeof user['trainServeLab'] === 'object' && user['trainServeLab'] !== null ? (user['trainServeLab'] as Record<string, unknown>) : null;
  return { artifacts, metadata, fileName: jsonFile.name };
}
