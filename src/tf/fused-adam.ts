// Adam's step through the fused wasm kernel (src/tf/wasm-adam.ts): one dispatch per variable
// instead of 14, and none per step, on the same optimizer state tfjs's AdamOptimizer keeps (the
// same moment variables, names and float32 accumulators), so checkpoints save and restore it alike.
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE, type AdamUpdateAttrs } from './wasm-adam.ts';

/** AdamOptimizer's private state in tfjs 4.22 (adam_optimizer.ts); the equality test against tfjs's own Adam guards it. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * tf.train.adam's optimizer (same defaults: betas 0.9 / 0.999, the backend's epsilon) that steps
 * through the fused kernel where the backend has it and through tfjs's own step elsewhere.
 */
export class FusedAdam extends tf.AdamOptimizer {
  constructor(
    learningRate: number,
    /** Use the fused update where the backend has it; false is tfjs's stock step (the equality tests compare the two). */
    readonly fused = true,
  ) {
    super(learningRate, 0.9, 0.999);
  }

  override applyGradients(variableGradients: VariableGradients): void {
    if (!this.fused || !fusedAdamAvailable()) return super.applyGradients(variableGradients);
    applyFusedAdam(this, variableGradients);
    this.incrementIterations();
  }
}

/** True when the current backend has the fused update (wasm after registerWasmTrainingKernels). */
export function fusedAdamAvailable(): boolean {
  return tf.getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined;
}

/** One Adam step of `optimizer` with the fused kernel; the caller counts the iteration. */
export function applyFusedAdam(optimizer: tf.AdamOptimizer, variableGradients: VariableGradients): void {
  const s = optimizer as unknown as AdamState;
  const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  // The accumulators are float32 scalars: read them (a memory read on wasm, no kernel) and round as tfjs's sub(1, acc) does.
  const acc1 = s.accBeta1.dataSync()[0]!;
  const acc2 = s.accBeta2.dataSync()[0]!;
  const attrs: AdamUpdateAttrs = {
    learningRate: s.learningRate,
    beta1: s.beta1,
    beta2: s.beta2,
    epsilon: s.epsilon,
    oneMinusAccBeta1: Math.fround(1 - acc1),
    oneMinusAccBeta2: Math.fround(1 - acc2),
  };
  tf.tidy(() => {
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      // Created lazily with tfjs's names, so getWeights() lists the same slots.
      s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
      if (gradient == null) return;
      const m = s.accumulatedFirstMoment[i]!.variable;
      const v = s.accumulatedSecondMoment[i]!.variable;
      const [x1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, { x: value, g: gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      m.assign(m1!);
      v.assign(v1!);
      value.assign(x1!);
    });
    s.accBeta1.assign(tf.scalar(Math.fround(acc1 * Math.fround(s.beta1))));
    s.accBeta2.assign(tf.scalar(Math.fround(acc2 * Math.fround(s.beta2))));
  });
}
