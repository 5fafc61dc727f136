// Analytic work counts of a tf.LayersModel (docs/methods.md, section 1): parameters, weight bytes, MACs
// and FLOPs per layer, forward and training FLOPs. Every figure here is "analytic", not measured.
import * as tf from '@tensorflow/tfjs';

type Layer = tf.LayersModel['layers'][number];
type ConfigValue = ReturnType<Layer['getConfig']>[string];

/** Analytic cost of one layer for one image at inference. */
export interface LayerCost {
  name: string;
  /** Keras class name, e.g. 'Conv2D'. */
  className: string;
  /** Output shape of one image (batch dimension dropped), e.g. [64, 64, 16]. */
  outputShape: number[];
  /** All weights of the layer (trainable and not). */
  params: number;
  /** Multiply-accumulates of the layer's matrix/convolution part; 0 for layers without one. */
  macs: number;
  /** Analytic FLOPs: 2 x macs plus the layer's element-wise work (fused activation included). */
  flops: number;
  /** Part of flops spent on the fused or stand-alone activation. */
  activationFlops: number;
}

export type OptimizerName = 'adam' | 'sgd';

/**
 * Analytic FLOPs per output element of each activation, counting every elementary op (including
 * exp, log, sqrt) as one FLOP. Real transcendental functions cost more; the counts are small next
 * to the convolutions, so the simplification is stated rather than modelled.
 */
export const ACTIVATION_FLOPS_PER_ELEMENT: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1, // max(x, 0)
  relu6: 2, // min(max(x, 0), 6)
  elu: 3, // compare, exp, subtract (alpha folded)
  selu: 4, // elu + scale
  sigmoid: 4, // negate, exp, add 1, divide
  hardSigmoid: 3, // multiply, add, clip
  tanh: 5, // two exps, subtract, add, divide
  softplus: 3, // exp, add 1, log
  softsign: 3, // abs, add 1, divide
  swish: 5, // sigmoid (4) + multiply
  // Softmax over the last axis: max-reduce, subtract, exp, sum-reduce, divide; one each.
  softmax: 5,
};

/** Analytic FLOPs per element for layers that are only an activation (LeakyReLU: multiply, max). */
const ACTIVATION_LAYER_FLOPS: Readonly<Record<string, number>> = {
  ReLU: ACTIVATION_FLOPS_PER_ELEMENT['relu']!,
  LeakyReLU: 2,
  PReLU: 2,
  ELU: ACTIVATION_FLOPS_PER_ELEMENT['elu']!,
  ThresholdedReLU: 2, // compare, select
  Softmax: ACTIVATION_FLOPS_PER_ELEMENT['softmax']!,
};

/** Layers that do no arithmetic at inference: reshapes, and dropout (identity outside training). */
const ZERO_COST_LAYERS = new Set(['InputLayer', 'Flatten', 'Reshape', 'Permute', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/**
 * Analytic FLOPs per element of batch normalization at inference as TF.js runs it, unfolded:
 * (x - mean) * rsqrt(var + eps) * gamma + beta, with the per-channel rsqrt amortized away.
 */
const BATCH_NORM_FLOPS_PER_ELEMENT = 4;

/** Analytic FLOPs per element of a Rescaling layer: x * scale + offset, one multiply and one add. */
export const RESCALING_FLOPS_PER_ELEMENT = 2;

/**
 * Analytic optimizer FLOPs per trainable parameter per step, counted from TF.js 4.22's
 * applyGradients (tfjs-core/src/optimizers). Adam: m update 3 (mul, mul, add), v update 4
 * (square, mul, mul, add), bias corrections 2 (div, div), step 5 (sqrt, add eps, div, mul by -lr,
 * add) = 14. SGD: multiply by -lr, add = 2.
 */
export const OPTIMIZER_FLOPS_PER_PARAM: Readonly<Record<OptimizerName, number>> = { adam: 14, sgd: 2 };

/**
 * Analytic ratio of training to forward FLOPs per sample: the forward pass, the gradient with
 * respect to each layer's inputs and the gradient with respect to its weights each cost about one
 * forward pass (the usual 3x; it slightly overcounts the first layer, whose input gradient is not needed).
 */
export const TRAIN_TO_FORWARD_RATIO = 3;

/** float32 weights. */
const BYTES_PER_PARAM = 4;

function product(xs: readonly number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

function perImageShape(shape: readonly (number | null)[], layer: string, what: string): number[] {
  const dims = shape.slice(1);
  if (dims.some((d) => d === null)) {
    throw new Error(`flops: layer '${layer}' has an unknown ${what} dimension (${JSON.stringify(shape)}); analytic counts need static shapes.`);
  }
  return dims as number[];
}

function singleShape(shape: (number | null)[] | (number | null)[][], layer: string, what: string): number[] {
  if (shape.length > 0 && Array.isArray(shape[0])) {
    throw new Error(`flops: layer '${layer}' has several ${what}s; only single-input, single-output layers are counted.`);
  }
  return perImageShape(shape as (number | null)[], layer, what);
}

function inputShapeOf(layer: Layer): number[] {
  const input = layer.input;
  if (Array.isArray(input)) throw new Error(`flops: layer '${layer.name}' has several inputs; only single-input layers are counted.`);
  return perImageShape(input.shape, layer.name, 'input');
}

function configNumbers(value: ConfigValue, key: string, layer: string): number[] {
  const xs = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(xs) || !xs.every((x): x is number => typeof x === 'number')) {
    throw new Error(`flops: layer '${layer}' has no numeric '${key}' in its config.`);
  }
  return xs;
}

function activationFlopsPerElement(name: ConfigValue, layer: string): number {
  const key = typeof name === 'string' ? name : name == null ? 'linear' : '';
  const flops = ACTIVATION_FLOPS_PER_ELEMENT[key];
  if (flops === undefined) {
    throw new Error(`flops: layer '${layer}' uses activation ${JSON.stringify(name)}, which has no analytic count; add it to ACTIVATION_FLOPS_PER_ELEMENT.`);
  }
  return flops;
}

/** Input channels, from the axis the layer's dataFormat puts them on. */
function channelsIn(inShape: number[], config: Record<string, ConfigValue>): number {
  return config['dataFormat'] === 'channelsFirst' ? inShape[0]! : inShape[inShape.length - 1]!;
}

/**
 * Per-layer analytic costs of one image at inference. Conv MACs = output elements x kernel area
 * x input channels (H_out*W_out*C_out*K_h*K_w*C_in for Conv2D); Dense MACs = output elements x
 * input features; FLOPs = 2 x MACs, which already covers the bias add (n multiplies, n - 1 adds
 * and 1 bias add per output is exactly 2n). Pooling counts one FLOP per input element each window
 * touches (K_h*K_w per output element); activations use ACTIVATION_FLOPS_PER_ELEMENT; reshapes and
 * dropout are free. Unknown layer classes throw instead of being silently counted as zero.
 */
export function layerCosts(model: tf.LayersModel): LayerCost[] {
  return model.layers.map((layer) => {
    const className = layer.getClassName();
    const config = layer.getConfig();
    const outputShape = singleShape(layer.outputShape, layer.name, 'output');
    const outElements = product(outputShape);
    const params = layer.countParams();
    let macs = 0;
    let otherFlops = 0;
    let activationFlops = 0;

    switch (className) {
      case 'Conv1D':
      case 'Conv2D':
      case 'Conv3D': {
        const kernel = configNumbers(config['kernelSize'], 'kernelSize', layer.name);
        macs = outElements * product(kernel) * channelsIn(inputShapeOf(layer), config);
        activationFlops = outElements * activationFlopsPerElement(config['activation'], layer.name);
        break;
      }
      case 'DepthwiseConv2D': {
        // Each output element reads one input channel's window.
        const kernel = configNumbers(config['kernelSize'], 'kernelSize', layer.name);
        macs = outElements * product(kernel);
        activationFlops = outElements * activationFlopsPerElement(config['activation'], layer.name);
        break;
      }
      case 'Dense': {
        const inShape = inputShapeOf(layer);
        macs = outElements * inShape[inShape.length - 1]!;
        activationFlops = outElements * activationFlopsPerElement(config['activation'], layer.name);
        break;
      }
      case 'MaxPooling1D':
      case 'AveragePooling1D':
      case 'MaxPooling2D':
      case 'AveragePooling2D':
      case 'MaxPooling3D':
      case 'AveragePooling3D': {
        const pool = configNumbers(config['poolSize'], 'poolSize', layer.name);
        otherFlops = outElements * product(pool);
        break;
      }
      case 'GlobalMaxPooling1D':
      case 'GlobalAveragePooling1D':
      case 'GlobalMaxPooling2D':
      case 'GlobalAveragePooling2D':
        otherFlops = product(inputShapeOf(layer));
        break;
      case 'BatchNormalization':
        otherFlops = outElements * BATCH_NORM_FLOPS_PER_ELEMENT;
        break;
      case 'Rescaling':
        otherFlops = outElements * RESCALING_FLOPS_PER_ELEMENT;
        break;
      case 'Activation':
        activationFlops = outElements * activationFlopsPerElement(config['activation'], layer.name);
        break;
      default: {
        const perElement = ACTIVATION_LAYER_FLOPS[className];
        if (perElement !== undefined) activationFlops = outElements * perElement;
        else if (!ZERO_COST_LAYERS.has(className)) {
          throw new Error(`flops: layer '${layer.name}' is a ${className}, which has no analytic count yet.`);
        }
      }
    }
    return { name: layer.name, className, outputShape, params, macs, flops: 2 * macs + otherFlops + activationFlops, activationFlops };
  });
}

/** Analytic forward FLOPs of one image: the sum of layerCosts. */
export function forwardFlops(model: tf.LayersModel): number {
  return layerCosts(model).reduce((sum, c) => sum + c.flops, 0);
}

/** Analytic training FLOPs per sample: TRAIN_TO_FORWARD_RATIO (3) x forward. Optimizer excluded. */
export function trainFlopsPerSample(model: tf.LayersModel): number {
  return TRAIN_TO_FORWARD_RATIO * forwardFlops(model);
}

/** Analytic FLOPs of one optimizer step over `paramCount` trainable parameters. */
export function optimizerFlopsPerStep(paramCount: number, optimizer: OptimizerName): number {
  if (!(Number.isSafeInteger(paramCount) && paramCount >= 0)) {
    throw new Error(`optimizerFlopsPerStep: paramCount must be a non-negative integer, got ${paramCount}.`);
  }
  const perParam = OPTIMIZER_FLOPS_PER_PARAM[optimizer];
  if (perParam === undefined) throw new Error(`optimizerFlopsPerStep: unknown optimizer '${String(optimizer)}'.`);
  return perParam * paramCount;
}

/**
 * Analytic training FLOPs of one epoch: samples x trainFlopsPerSample plus one optimizer step per
 * batch (the last batch may be partial). The optimizer defaults to Adam, which the app trains with.
 */
export function epochTrainFlops(model: tf.LayersModel, samples: number, batchSize: number, optimizer: OptimizerName = 'adam'): number {
  if (!(Number.isSafeInteger(samples) && samples >= 0)) throw new Error(`epochTrainFlops: samples must be a non-negative integer, got ${samples}.`);
  if (!(Number.isSafeInteger(batchSize) && batchSize >= 1)) throw new Error(`epochTrainFlops: batchSize must be a positive integer, got ${batchSize}.`);
  const steps = Math.ceil(samples / batchSize);
  return samples * trainFlopsPerSample(model) + steps * optimizerFlopsPerStep(trainableParamCount(model), optimizer);
}

/** All parameters, trainable or not. */
export function paramCount(model: tf.LayersModel): number {
  return model.countParams();
}

/** Parameters the optimizer updates. */
export function trainableParamCount(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + product(perImageShape([null, ...w.shape], w.name, 'weight')), 0);
}

/** Bytes of all weights stored as float32 (the serialized size before compression). */
export function weightBytes(model: tf.LayersModel): number {
  return BYTES_PER_PARAM * paramCount(model);
}
