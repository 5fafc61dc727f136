// Draws one image of an ImageSet (RGB bytes) into a canvas. The context is CPU-backed
// (willReadFrequently): dozens of GPU-backed canvases become compositor layers, and on
// software GL (no GPU here) compositing them stalled the page for a second.
import type { ImageSet } from '../data/image-set.ts';

export function drawImage(canvas: HTMLCanvasElement, set: ImageSet, index: number): void {
  const { width, height } = set;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  ctx.putImageData(toImageData(ctx, set, index), 0, 0);
}

/** One image of the set as opaque RGBA. */
function toImageData(ctx: { createImageData(w: number, h: number): ImageData }, set: ImageSet, index: number): ImageData {
  const { width, height } = set;
  const image = ctx.createImageData(width, height);
  const offset = index * width * height * 3;
  for (let p = 0; p < width * height; p++) {
    image.data[p * 4] = set.pixels[offset + p * 3]!;
    image.data[p * 4 + 1] = set.pixels[offset + p * 3 + 1]!;
    image.data[p * 4 + 2] = set.pixels[offset + p * 3 + 2]!;
    image.data[p * 4 + 3] = 255;
  }
  return image;
}

// Blob URLs of encoded thumbnails, per image set. <img> elements paint into their parent's
// layer, while every <canvas> is a compositor layer of its own: a hundred canvases made each
// frame's commit cost ~100 ms here. URLs are revoked when their image set is collected.
const urlCache = new WeakMap<ImageSet, Map<number, Promise<string>>>();
const revokeWhenCollected = new FinalizationRegistry<Map<number, Promise<string>>>((urls) => {
  for (const url of urls.values()) void url.then((u) => URL.revokeObjectURL(u), () => undefined);
});

/** A PNG blob URL showing one image of the set; encoded once, then shared by every view. */
export function thumbnailUrl(set: ImageSet, index: number): Promise<string> {
  let urls = urlCache.get(set);
  if (!urls) {
    urls = new Map();
    urlCache.set(set, urls);
    revokeWhenCollected.register(set, urls);
  }
  let url = urls.get(index);
  if (!url) {
    url = encodeThumbnail(set, index);
    urls.set(index, url);
  }
  return url;
}

// One canvas, one image at a time: at the first epoch's end the grids ask for ~70 thumbnails at
// once, and a canvas (and a putImageData) each, all in one task, was a 100 ms frame gap.
// Chained, each encode is its own short task; the canvas is reused for every image.
let encoder: OffscreenCanvas | null = null;
let queue: Promise<unknown> = Promise.resolve();

function encodeThumbnail(set: ImageSet, index: number): Promise<string> {
  const next = queue.then(() => encodeNow(set, index));
  queue = next.catch(() => undefined);
  return next;
}

async function encodeNow(set: ImageSet, index: number): Promise<string> {
  if (encoder?.width !== set.width || encoder.height !== set.height) encoder = new OffscreenCanvas(set.width, set.height);
  const ctx = encoder.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas context for thumbnails.');
  ctx.putImageData(toImageData(ctx, set, index), 0, 0);
  return URL.createObjectURL(await encoder.convertToBlob({ type: 'image/png' }));
}
