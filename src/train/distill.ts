// Knowledge distillation's loss (Hinton, Vinyals & Dean 2015): the student learns from the
// teacher's outputs softened at temperature T, mixed with the true labels. The models end in
// softmax, so softening works on probabilities: softmax(log(p) / T) = softmax(z / T) for
// p = softmax(z), exactly (up to the clamp that keeps log finite).
import * as tf from '@tensorflow/tfjs';

/** Keeps log(p) finite where float32 softmax rounded a probability to 0 (log(1e-30) ≈ -69). */
const MIN_PROB = 1e-30;
/** The hard term's clamp, as tf.metrics.categoricalCrossentropy clamps (so both losses agree). */
const HARD_EPSILON = 1e-7;

/** How a student learns from its teacher. */
export interface DistillParams {
  /** Softmax temperature applied to the teacher's and the student's outputs (≥ 1 softens). */
  temperature: number;
  /** Weight α of the true-label loss; the softened teacher loss takes 1 - α. */
  hardWeight: number;
}

/** log softmax(log(p) / T): the log of p softened at temperature T. */
export function logSoftened(p: tf.Tensor2D, temperature: number): tf.Tensor2D {
  return tf.tidy(() => tf.logSoftmax(tf.div(tf.log(tf.maximum(p, MIN_PROB)), temperature)) as tf.Tensor2D);
}

/** The teacher's probabilities softened at temperature T: the soft targets. */
export function softTargets(teacherProbs: tf.Tensor2D, temperature: number): tf.Tensor2D {
  return tf.tidy(() => tf.exp(logSoftened(teacherProbs, temperature)) as tf.Tensor2D);
}

/**
 * The distillation loss, mean over the batch:
 *   α · CE(y, p) + (1 − α) · T² · CE(q_T, p_T)
 * with y the one-hot labels, p the student's probabilities, q_T the teacher's soft targets,
 * p_T = softmax(log(p) / T) and CE(a, b) = −Σ a log b. The soft term is scaled by T², as Hinton
 * et al. do, so its gradients keep their size as T changes.
 */
export function distillLoss(labels: tf.Tensor2D, soft: tf.Tensor2D, studentProbs: tf.Tensor2D, { temperature, hardWeight }: DistillParams): tf.Scalar {
  return tf.tidy(() => {
    const hard = tf.neg(tf.sum(tf.mul(labels, tf.log(tf.clipByValue(studentProbs, HARD_EPSILON, 1 - HARD_EPSILON))), 1));
    const softCe = tf.neg(tf.sum(tf.mul(soft, logSoftened(studentProbs, temperature)), 1));
    const perImage = tf.add(tf.mul(hard, hardWeight), tf.mul(softCe, (1 - hardWeight) * temperature * temperature));
    return tf.mean(perImage) as tf.Scalar;
  });
}

/** Share of images whose most probable class is their label. */
export function batchAccuracy(labels: tf.Tensor2D, probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(labels, 1), tf.argMax(probs, 1)), 'float32')) as tf.Scalar);
}
