// The random draws of training-time augmentation as plain numbers: per image, whether it is
// flipped, the crop box, and the brightness, contrast and saturation factors. Seeded by the run's
// seed, the epoch and the batch, so the same seed gives the same augmented batch. No TF.js here:
// the tensor ops that apply these draws are in augment.ts.
import { createRng } from '../data/prng.ts';
import type { AugmentSettings } from './settings.ts';

/** One image's draws. */
export interface AugmentDraw {
  flip: boolean;
  /** Crop box in normalised coordinates [y1, x1, y2, x2] of the source image (x1 > x2 when flipped). */
  box: [number, number, number, number];
  /** Added to every pixel ([0, 1] scale). */
  brightness: number;
  /** Multiplies the distance of each pixel from the image's mean. */
  contrast: number;
  /** Multiplies the distance of each pixel from its own grey. */
  saturation: number;
}

/** The settings' augmentation, absent fields read as off. */
export function augmentationOf(s: AugmentSettings): Required<AugmentSettings> {
  return { augFlip: s.augFlip ?? false, augCrop: s.augCrop ?? 0, augBrightness: s.augBrightness ?? 0, augContrast: s.augContrast ?? 0, augSaturation: s.augSaturation ?? 0 };
}

export function augmentationOn(s: AugmentSettings): boolean {
  const a = augmentationOf(s);
  return a.augFlip || a.augCrop > 0 || a.augBrightness > 0 || a.augContrast > 0 || a.augSaturation > 0;
}

/** "flip, crop 20%, brightness ±0.2" or "off". */
export function describeAugmentation(s: AugmentSettings): string {
  const a = augmentationOf(s);
  const parts = [
    a.augFlip ? 'flip' : '',
    a.augCrop > 0 ? `crop up to ${Math.round(a.augCrop * 100)}%` : '',
    a.augBrightness > 0 ? `brightness ±${a.augBrightness}` : '',
    a.augContrast > 0 ? `contrast ±${a.augContrast}` : '',
    a.augSaturation > 0 ? `saturation ±${a.augSaturation}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'off';
}

/** A seed for one batch's draws, distinct per (seed, epoch, batch) and independent of the batch order's own seed. */
export function batchAugmentSeed(seed: number, epoch: number, batch: number): number {
  // Knuth's multiplicative hash of the three, kept to 32 bits.
  return (Math.imul(seed ^ 0x5bd1e995, 2654435761) + Math.imul(epoch, 40503) + Math.imul(batch, 9973)) >>> 0;
}

/** `count` images' draws from `seed`; every field is drawn for every image (so switching one lever off leaves the others' draws as they were). */
export function drawAugmentation(settings: AugmentSettings, count: number, seed: number): AugmentDraw[] {
  const a = augmentationOf(settings);
  const rng = createRng(seed);
  const draws: AugmentDraw[] = [];
  for (let i = 0; i < count; i++) {
    const flipU = rng.next();
    const scaleU = rng.next();
    const yU = rng.next();
    const xU = rng.next();
    const bU = rng.next();
    const cU = rng.next();
    const sU = rng.next();
    const flip = a.augFlip && flipU < 0.5;
    // The crop keeps a side of 1 - u·crop of the image, placed uniformly inside it.
    const side = 1 - scaleU * a.augCrop;
    const y1 = yU * (1 - side);
    const x1 = xU * (1 - side);
    const box: AugmentDraw['box'] = flip ? [y1, x1 + side, y1 + side, x1] : [y1, x1, y1 + side, x1 + side];
    draws.push({
      flip,
      box,
      // A lever that is off draws exactly its identity (never -0).
      brightness: a.augBrightness > 0 ? (2 * bU - 1) * a.augBrightness : 0,
      contrast: a.augContrast > 0 ? 1 + (2 * cU - 1) * a.augContrast : 1,
      saturation: a.augSaturation > 0 ? 1 + (2 * sU - 1) * a.augSaturation : 1,
    });
  }
  return draws;
}
