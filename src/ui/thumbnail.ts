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
  const image = ctx.createImageData(width, height);
  const offset = index * width * height * 3;
  for (let p = 0; p < width * height; p++) {
    image.data[p * 4] = set.pixels[offset + p * 3]!;
    image.data[p * 4 + 1] = set.pixels[offset + p * 3 + 1]!;
    image.data[p * 4 + 2] = set.pixels[offset + p * 3 + 2]!;
    image.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
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

async function encodeThumbnail(set: ImageSet, index: number): Promise<string> {
  const canvas = new OffscreenCanvas(set.width, set.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas context for thumbnails.');
  const image = ctx.createImageData(set.width, set.height);
  const offset = index * set.width * set.height * 3;
  for (let p = 0; p < set.width * set.height; p++) {
    image.data[p * 4] = set.pixels[offset + p * 3]!;
    image.data[p * 4 + 1] = set.pixels[offset + p * 3 + 1]!;
    image.data[p * 4 + 2] = set.pixels[offset + p * 3 + 2]!;
    image.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
}
