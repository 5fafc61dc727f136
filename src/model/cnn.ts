// The classifier: a small VGG-style CNN built with tf.layers. Width and depth are adjustable;
// every initializer is seeded so the same seed on the same backend repeats the same curves.
// Its first layer centres the [0, 1] pixels on zero, so training, serving and a downloaded model
// all see the same inputs without any preprocessing outside the model.
import * as tf from '@tensorflow/tfjs';
import type { LabelledDataset } from '../data/image-set.ts';
import { DEFAULT_MODEL as SHAPE } from './shape.ts';

export interface ModelConfig {
  /** Input images are inputSize x inputSize RGB, values in [0, 1]. */
  inputSize: number;
  numClasses: number;
  /** Filters in the first conv block; each further block doubles it. */
  width: number;
  /** Number of conv blocks (conv 3x3 + relu + 2x2 max-pool). */
  depth: number;
  /** Units in the hidden dense layer. */
  denseUnits: number;
  /** Dropout rate before the output layer (0 disables it). */
  dropout: number;
  seed: number;
}

export const DEFAULT_MODEL: Omit<ModelConfig, 'numClasses' | 'seed'> = SHAPE;

/** The settings a model is built from: a structural slice, so any settings record with these fields will do. */
export type ModelSettings = Pick<ModelConfig, 'width' | 'depth' | 'dropout' | 'seed'>;

/** The model `settings` ask for on `dataset`: input size and classes come from the data, hidden units are fixed. */
export function modelConfigOf(settings: ModelSettings, dataset: LabelledDataset): ModelConfig {
  return {
    inputSize: dataset.train.height,
    numClasses: dataset.classNames.length,
    width: settings.width,
    depth: settings.depth,
    denseUnits: DEFAULT_MODEL.denseUnits,
    dropout: settings.dropout,
    seed: settings.seed,
  };
}

/**
 * The first layer's x * scale + offset: pixels in [0, 1] become [-0.5, 0.5]. With all-positive
 * inputs every weight of a first-layer filter gets a gradient of the same sign, and training sat
 * at chance through epoch 1 on some seeds; centred, it learns in epoch 1 (measured by
 * scripts/early-learning.ts). Centring only: dividing by the pixels' std as well (about 4x) did
 * no better there.
 */
export const INPUT_CENTERING = { scale: 1, offset: -0.5 } as const;

/** Name of the centring layer; models saved before it existed have no such layer and take [0, 1] as they were trained. */
export const CENTER_LAYER = 'center';

/** Widths of each conv block, e.g. [16, 32, 64]. */
export function convWidths(config: Pick<ModelConfig, 'width' | 'depth'>): number[] {
  return Array.from({ length: config.depth }, (_, i) => config.width * 2 ** i);
}

/** Builds an uncompiled model; the caller owns it and must dispose it. */
export function buildCnn(config: ModelConfig): tf.LayersModel {
  const maxDepth = Math.floor(Math.log2(config.inputSize));
  if (config.depth < 1 || config.depth > maxDepth) {
    throw new Error(`Model depth ${config.depth} does not fit a ${config.inputSize}px input (1 to ${maxDepth} blocks).`);
  }
  let seed = config.seed;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const model = tf.sequential({ name: 'cnn' });
  // tf.layers.rescaling is Keras's Rescaling: it serializes as a standard layer, so saved models carry it.
  model.add(tf.layers.rescaling({ name: CENTER_LAYER, inputShape: [config.inputSize, config.inputSize, 3], ...INPUT_CENTERING }));
  convWidths(config).forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        name: `conv${i + 1}`,
        filters,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(),
      }),
    );
    model.add(tf.layers.maxPooling2d({ name: `pool${i + 1}`, poolSize: 2, strides: 2 }));
  });
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'dense1', units: config.denseUnits, activation: 'relu', kernelInitializer: init() }));
  if (config.dropout > 0) model.add(tf.layers.dropout({ name: 'dropout', rate: config.dropout, seed: seed++ }));
  model.add(tf.layers.dense({ name: 'output', units: config.numClasses, activation: 'softmax', kernelInitializer: init() }));
  return model;
}
