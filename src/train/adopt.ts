// Loading a saved or imported model back into the training worker: its artifacts are loaded on
// the current backend, checked against the dataset (input size, channels, classes), and tested on
// the unseen test split, so a restored model shows the same test accuracy it was saved with.
import type * as tf from '@tensorflow/tfjs';
import type { LabelledDataset } from '../data/image-set.ts';
import { ArtifactError, loadFromArtifacts } from '../model/artifacts.ts';
import { forwardFlops, paramCount, weightBytes } from '../model/flops.ts';
import { evaluate } from '../model/evaluate.ts';

/** Plain numbers about a model, measured in the worker. */
export interface ModelCheck {
  inputSize: number;
  numClasses: number;
  params: number;
  weightBytes: number;
  /** Accuracy on every image of the unseen test split. */
  testAcc: number;
  testCount: number;
  /** Analytic forward FLOPs of one query. */
  flopsPerQuery: number;
}

/** Loads artifacts and refuses a model this dataset cannot feed; the caller owns the model. */
export async function loadForDataset(artifacts: unknown, dataset: LabelledDataset): Promise<tf.LayersModel> {
  const { model, shape } = await loadFromArtifacts(artifacts);
  const { height, width } = dataset.train;
  const classes = dataset.classNames.length;
  let problem: string | null = null;
  if (shape.height !== height || shape.width !== width) {
    problem = `Wrong input size: the model takes ${shape.height}x${shape.width} images, the dataset "${dataset.name}" has ${height}x${width}.`;
  } else if (shape.numClasses !== classes) {
    problem = `Wrong number of classes: the model outputs ${shape.numClasses}, the dataset "${dataset.name}" has ${classes} (${dataset.classNames.join(', ')}).`;
  }
  if (problem) {
    model.dispose();
    throw new ArtifactError(problem);
  }
  return model;
}

/** Size and test accuracy of a model on this dataset's unseen test split. */
export async function checkModel(model: tf.LayersModel, dataset: LabelledDataset): Promise<ModelCheck> {
  const test = await evaluate(model, dataset.test, dataset.classNames.length);
  return {
    inputSize: dataset.train.height,
    numClasses: dataset.classNames.length,
    params: paramCount(model),
    weightBytes: weightBytes(model),
    testAcc: test.acc,
    testCount: dataset.test.count,
    flopsPerQuery: forwardFlops(model),
  };
}
