// Shared helpers for the serving tests: a fresh default CNN, its artifacts, and random images.
import * as tf from '@tensorflow/tfjs';
import { buildCnn, type ModelConfig } from '../model/cnn.ts';
import { saveToArtifacts, type SerializedModel } from '../model/artifacts.ts';
import { createRng } from '../data/prng.ts';
import type { ImageSet } from '../data/image-set.ts';
import type { RawImage } from './protocol.ts';

export const TEST_MODEL: ModelConfig = { inputSize: 64, numClasses: 2, width: 16, depth: 3, denseUnits: 64, dropout: 0, seed: 1 };

/** A freshly built (untrained) model and its artifacts; the caller disposes the model. */
export async function freshModel(): Promise<{ model: tf.LayersModel; artifacts: SerializedModel }> {
  const model = buildCnn(TEST_MODEL);
  return { model, artifacts: await saveToArtifacts(model) };
}

export function randomImage(seed: number, width = 64, height = 64, channels: 3 | 4 = 3): RawImage {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = rng.int(256);
  return { data, width, height, channels };
}

/** A labelled set of random 64x64 RGB images (labels random too: accuracy is near chance). */
export function randomImageSet(count: number, seed: number): ImageSet {
  const rng = createRng(seed);
  const pixels = new Uint8Array(count * 64 * 64 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = rng.int(256);
  const labels = Uint8Array.from({ length: count }, () => rng.int(2));
  return { pixels, labels, count, height: 64, width: 64, ids: Array.from({ length: count }, (_, i) => `rand-${i}`) };
}
