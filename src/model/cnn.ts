// The classifier: a small VGG-style CNN built with tf.layers. Width and depth are adjustable;
// every initializer is seeded so the same seed on the same backend repeats the same curves.
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
  convWidths(config).forEach((filters, i) => {
    model.add(
      tf.layers.conv2d({
        name: `conv${i + 1}`,
        ...(i === 0 ? { inputShape: [config.inputSize, config.inputSize, 3] } : {}),
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
