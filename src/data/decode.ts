// Turns an encoded image (the shipped JPEGs now, users' JPEG/PNG/WebP/GIF/BMP files later) into
// size x size RGB bytes: centre-crop to a square, resize, drop alpha. Uses only
// createImageBitmap + OffscreenCanvas, so it runs on the main thread and in a Web Worker alike.
import { rgbaToRgb } from './pixels.ts';

/** Transparent pixels are composited onto white, which is what most image viewers show. */
const MATTE = '#ffffff';

/**
 * Decodes `blob` and returns size*size*3 bytes (RGB, row-major). The crop is the largest centred
 * square; EXIF orientation is applied first. Rejects with an Error that names the problem when the
 * blob is empty or cannot be decoded.
 */
export async function decodeImageToRgb(blob: Blob, size: number): Promise<Uint8Array> {
  if (!Number.isInteger(size) || size <= 0) throw new Error(`decodeImageToRgb: size must be a positive integer, got ${size}.`);
  const what = describe(blob);
  if (blob.size === 0) throw new Error(`Cannot decode ${what}: the file is empty.`);

  let full: ImageBitmap;
  try {
    full = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`Cannot decode ${what}: not a supported image or corrupt data (${reason}).`, { cause });
  }

  let square: ImageBitmap | null = null;
  try {
    const { width, height } = full;
    if (width === 0 || height === 0) throw new Error(`Cannot decode ${what}: the image has no pixels (${width}x${height}).`);
    const side = Math.min(width, height);
    const sx = Math.floor((width - side) / 2);
    const sy = Math.floor((height - side) / 2);
    if (side !== size) {
      // Let the browser crop and resample in one step ('high' filters properly when shrinking a
      // large photo; a plain drawImage would alias). The full-size bitmap is freed right after.
      square = await createImageBitmap(full, sx, sy, side, side, {
        resizeWidth: size,
        resizeHeight: size,
        resizeQuality: 'high',
      });
      full.close();
    }
    return readRgb(square ?? full, square ? 0 : sx, square ? 0 : sy, size);
  } finally {
    // close() on an already-closed bitmap is a no-op, so both are safe to close here.
    full.close();
    square?.close();
  }
}

/**
 * One small canvas reused across calls: creating a canvas per image costs more than decoding a
 * 64x64 JPEG. Sharing is safe because drawing and reading back below are synchronous.
 */
let scratch: OffscreenCanvasRenderingContext2D | null = null;

function scratchContext(size: number): OffscreenCanvasRenderingContext2D {
  if (!scratch || scratch.canvas.width !== size || scratch.canvas.height !== size) {
    const ctx = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('decodeImageToRgb: OffscreenCanvas 2D context is unavailable.');
    scratch = ctx;
  }
  return scratch;
}

/** Draws `size` x `size` pixels of `bitmap` from (sx, sy) onto a white canvas and reads them back. */
function readRgb(bitmap: ImageBitmap, sx: number, sy: number, size: number): Uint8Array {
  const ctx = scratchContext(size);
  ctx.fillStyle = MATTE;
  ctx.fillRect(0, 0, size, size);
  ctx.drawImage(bitmap, sx, sy, size, size, 0, 0, size, size);
  return rgbaToRgb(ctx.getImageData(0, 0, size, size).data);
}

function describe(blob: Blob): string {
  const name = typeof File !== 'undefined' && blob instanceof File && blob.name ? `"${blob.name}"` : 'image';
  return `${name} (${blob.type || 'unknown type'}, ${blob.size} bytes)`;
}
