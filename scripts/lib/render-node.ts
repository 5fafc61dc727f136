// Node-side rendering of dataset images with @napi-rs/canvas: shared by the generator, the
// contact sheet and the regeneration test so all three produce the very same bytes.
import { createCanvas, Image, type SKRSContext2D } from '@napi-rs/canvas';
import { createHash } from 'node:crypto';
import { drawSample, DEFAULT_DIFFICULTY, type Difficulty, type DrawContext } from './draw-face.ts';
import { rgbaToRgb } from '../../src/data/pixels.ts';

/** JPEG quality (0-100): 90 keeps whiskers and slit pupils legible at ~2-3 KB per image. */
export const JPEG_QUALITY = 90;

/** @napi-rs/canvas's version, recorded in the manifest: other versions may encode other bytes. */
export async function rendererVersion(): Promise<string> {
  const pkg = (await import('@napi-rs/canvas/package.json', { with: { type: 'json' } })) as { default: { version: string } };
  return `@napi-rs/canvas ${pkg.default.version}`;
}

function asDrawContext(ctx: SKRSContext2D): DrawContext {
  // @napi-rs/canvas mirrors the DOM context but declares its own ImageData/gradient classes;
  // the drawing code only uses the shared subset, so this one structural cast is safe.
  return ctx as unknown as DrawContext;
}

/** Draws one image into an RGBA buffer (no encoding), e.g. for contact sheets. */
export function renderCanvas(seed: number, index: number, label: number, size: number, difficulty: Difficulty = DEFAULT_DIFFICULTY) {
  const canvas = createCanvas(size, size);
  drawSample(asDrawContext(canvas.getContext('2d')), size, seed, index, label, difficulty);
  return canvas;
}

export function renderJpeg(seed: number, index: number, label: number, size: number, difficulty: Difficulty = DEFAULT_DIFFICULTY): Buffer {
  return renderCanvas(seed, index, label, size, difficulty).encodeSync('jpeg', JPEG_QUALITY);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Decodes an encoded image to size*size*3 RGB bytes (the dataset is already square and sized). */
export function decodeRgbNode(bytes: Uint8Array, size: number): Uint8Array {
  const image = new Image();
  image.src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (image.width !== size || image.height !== size) {
    throw new Error(`Expected a ${size}x${size} image, got ${image.width}x${image.height}.`);
  }
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return rgbaToRgb(ctx.getImageData(0, 0, size, size).data);
}
