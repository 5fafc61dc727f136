// Draws a day's images: each spec with the shipped set's drawing code (plus its drift variant) on a
// Canvas 2D context, then its pixel shifts. The context comes from the caller (an OffscreenCanvas in
// the drawing worker, @napi-rs/canvas in Node), so this file holds no canvas of its own.
import type { ImageSet } from '../data/image-set.ts';
import { rgbaToRgb } from '../data/pixels.ts';
import { drawSample, DEFAULT_DIFFICULTY, type DrawContext } from '../../scripts/lib/draw-face.ts';
import { applyPixelShift } from './pixel-shifts.ts';
import { variantOf } from './scene-variants.ts';
import type { ImageSpec } from './schedule.ts';

/** A fresh size x size context with the identity transform, for one image. */
export type ContextFactory = (size: number) => DrawContext;

/** The specs' images as an ImageSet (RGB bytes), ids "day-D-Q". */
export function drawImages(specs: readonly ImageSpec[], size: number, newContext: ContextFactory, day: number): ImageSet {
  const stride = size * size * 3;
  const pixels = new Uint8Array(specs.length * stride);
  const labels = new Uint8Array(specs.length);
  const ids: string[] = [];
  specs.forEach((spec, i) => {
    const ctx = newContext(size);
    drawSample(ctx, size, spec.seed, spec.index, spec.label, DEFAULT_DIFFICULTY, variantOf(spec));
    const rgb = rgbaToRgb(ctx.getImageData(0, 0, size, size).data);
    applyPixelShift(rgb, size, size, spec.pixel);
    pixels.set(rgb, i * stride);
    labels[i] = spec.label;
    ids.push(`day-${day}-${i}`);
  });
  return { pixels, labels, count: specs.length, height: size, width: size, ids };
}
