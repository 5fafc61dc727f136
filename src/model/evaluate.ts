// Evaluates a classifier on a whole image set in batches: loss, accuracy, and every
// prediction as plain numbers (for the prediction grid and the confusion matrix).
import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/image-set.ts';
import { batchRanges, batchTensors } from '../data/batches.ts';

export interface Evaluation {
  loss: number;
  acc: number;
  /** Predicted class per image. */
  predicted: Uint8Array;
  /** Probability of the predicted class per image. */
  confidence: Float32Array;
  /** confusion[actual][predicted] counts. */
  confusion: number[][];
}

const EVAL_BATCH = 128;

export async function evaluate(model: tf.LayersModel, set: ImageSet, numClasses: number): Promise<Evaluation> {
  const predicted = new Uint8Array(set.count);
  const confidence = new Float32Array(set.count);
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (const [start, end] of batchRanges(set.count, EVAL_BATCH)) {
    const indices = Array.from({ length: end - start }, (_, i) => start + i);
    const [probsT, lossT] = tf.tidy(() => {
      const { xs, ys } = batchTensors(set, indices, numClasses);
      const probs = model.predict(xs) as tf.Tensor2D;
      const loss = tf.sum(tf.metrics.categoricalCrossentropy(ys, probs));
      return [probs, loss] as const;
    });
    const [probs, loss] = await Promise.all([probsT.data(), lossT.data()]);
    probsT.dispose();
    lossT.dispose();
    lossSum += loss[0]!;
    for (let i = 0; i < indices.length; i++) {
      let best = 0;
      for (let c = 1; c < numClasses; c++) if (probs[i * numClasses + c]! > probs[i * numClasses + best]!) best = c;
      const index = start + i;
      const actual = set.labels[index]!;
      predicted[index] = best;
      confidence[index] = probs[i * numClasses + best]!;
      confusion[actual]![best]!++;
      if (best === actual) correct++;
    }
  }
  return { loss: lossSum / set.count, acc: correct / set.count, predicted, confidence, confusion };
}
