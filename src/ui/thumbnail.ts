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
