// Save and load a trained LayersModel as in-memory artifacts: the same thing a user could download,
// in a form that crosses to a worker (one transferable ArrayBuffer), checked before anything loads it.
import * as tf from '@tensorflow/tfjs';
import { ArtifactError, type SerializedModel, validateArtifacts } from './artifact-check.ts';

export { ArtifactError, expectedWeightBytes, transferableCopy, validateArtifacts, type SerializedModel } from './artifact-check.ts';

/** The shape contract of an image classifier served here: NHWC input with 3 channels, [batch, classes] output. */
export interface ImageModelShape {
  height: number;
  width: number;
  channels: 3;
  numClasses: number;
}

/** Serializes the model through `model.save` with an in-memory handler (no download, no storage). */
export async function saveToArtifacts(model: tf.LayersModel): Promise<SerializedModel> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (captured === null) throw new ArtifactError('model.save produced no artifacts.');
  return validateArtifacts(captured);
}

/** Reads the classifier's input/output contract, refusing models the server cannot feed. */
export function imageModelShape(model: tf.LayersModel): ImageModelShape {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ArtifactError(`Wrong model: expected one input and one output, got ${model.inputs.length} and ${model.outputs.length}.`);
  }
  const inShape = model.inputs[0]!.shape;
  const outShape = model.outputs[0]!.shape;
  const [, h, w, c] = inShape;
  if (inShape.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || c !== 3) {
    throw new ArtifactError(`Wrong input shape: expected [batch, height, width, 3] (RGB images), got [${inShape.join(', ')}].`);
  }
  const k = outShape[1];
  if (outShape.length !== 2 || typeof k !== 'number' || k < 2) {
    throw new ArtifactError(`Wrong output shape: expected [batch, classes] with at least 2 classes, got [${outShape.join(', ')}].`);
  }
  return { height: h, width: w, channels: 3, numClasses: k };
}

/** Loads validated artifacts into a model on the current backend; the caller owns (and disposes) it. */
export async function loadFromArtifacts(artifacts: unknown): Promise<{ model: tf.LayersModel; shape: ImageModelShape }> {
  const a = validateArtifacts(artifacts);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({ ...a, modelTopology: a.modelTopology }));
  } catch (err) {
    throw new ArtifactError(`Model failed to load: ${(err as Error).message}`);
  }
  try {
    return { model, shape: imageModelShape(model) };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

