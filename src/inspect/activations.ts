// Feature maps of every conv layer for one image: the model's layers applied one by one in a
// tidy (the same ops model.predict runs), the conv outputs and the final output read back as plain
// numbers, then every tensor freed.
import * as tf from '@tensorflow/tfjs';
import type { ActivationSnapshot, FeatureMaps } from './types.ts';

type Layer = tf.LayersModel['layers'][number];

const CONV_CLASSES = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

export function isConvLayer(layer: Layer): boolean {
  return CONV_CLASSES.has(layer.getClassName());
}

/**
 * Runs `x` through the model layer by layer (inference mode: dropout is identity) and returns
 * each conv layer's output and the final output. Inside one tidy: the caller owns what is returned.
 * Only plain stacks (Sequential-style) are supported, which is what src/model/cnn.ts builds.
 */
export function forwardWithActivations(model: tf.LayersModel, x: tf.Tensor4D): { conv: { layer: string; output: tf.Tensor4D }[]; output: tf.Tensor } {
  return tf.tidy(() => {
    const conv: { layer: string; output: tf.Tensor4D }[] = [];
    let h: tf.Tensor = x;
    for (const layer of model.layers) {
      if (layer.getClassName() === 'InputLayer') continue;
      const out = layer.apply(h, { training: false });
      if (Array.isArray(out) || !(out instanceof tf.Tensor)) throw new Error(`Layer '${layer.name}' does not give one tensor; only plain stacks of layers can be inspected.`);
      h = out;
      if (isConvLayer(layer)) conv.push({ layer: layer.name, output: h as tf.Tensor4D });
    }
    return { conv, output: h };
  });
}

/** size*size*3 RGB bytes as a [1, size, size, 3] float tensor in [0, 1], as training sees images. */
export function imageTensor(pixels: Uint8Array, size: number): tf.Tensor4D {
  if (pixels.length !== size * size * 3) throw new Error(`The image has ${pixels.length} bytes; a ${size}x${size} RGB image needs ${size * size * 3}.`);
  // Scaled in JS exactly as src/data/batches.ts does, so the numbers match training's inputs.
  return tf.tensor4d(Float32Array.from(pixels, (v) => v / 255), [1, size, size, 3]);
}

/** Scales each channel of an HWC map to 0..255 by that channel's maximum, channel-major. */
export function scaleChannels(values: Float32Array, height: number, width: number, channels: number): Pick<FeatureMaps, 'bytes' | 'channelMax'> {
  const area = height * width;
  const channelMax = new Array<number>(channels).fill(0);
  for (let p = 0; p < area; p++) {
    for (let c = 0; c < channels; c++) {
      const v = values[p * channels + c]!;
      if (v > channelMax[c]!) channelMax[c] = v;
    }
  }
  const bytes = new Uint8Array(area * channels);
  for (let c = 0; c < channels; c++) {
    const max = channelMax[c]!;
    if (max <= 0) continue; // ReLU outputs are >= 0: a channel with max 0 stays black
    const scale = 255 / max;
    for (let p = 0; p < area; p++) bytes[c * area + p] = Math.max(0, Math.round(values[p * channels + c]! * scale));
  }
  return { bytes, channelMax };
}

/** Every conv layer's feature maps and the class probabilities for one image; leaves no tensors behind. */
export async function extractActivations(model: tf.LayersModel, pixels: Uint8Array, size: number, at: { epoch: number; batch: number } = { epoch: 0, batch: 0 }): Promise<ActivationSnapshot> {
  const start = performance.now();
  const x = imageTensor(pixels, size);
  const { conv, output } = forwardWithActivations(model, x);
  x.dispose();
  try {
    const layers: FeatureMaps[] = [];
    for (const { layer, output: t } of conv) {
      const [, height, width, channels] = t.shape;
      layers.push({ layer, height, width, channels, ...scaleChannels((await t.data()) as Float32Array, height, width, channels) });
    }
    const probabilities = Array.from((await output.data()) as Float32Array);
    return { layers, probabilities, epoch: at.epoch, batch: at.batch, computeMs: performance.now() - start };
  } finally {
    for (const c of conv) c.output.dispose();
    output.dispose();
  }
}
