// Draws one layer's feature maps as a grid of small tiles on a single canvas (one canvas per
// layer instead of one per channel: fewer compositor layers), through a viridis colour map.
import type { FeatureMaps } from '../inspect/types.ts';

/** Viridis at five stops, interpolated to 256 entries: dark = 0, yellow = the channel's maximum. */
const STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]] as const;
const LUT = Array.from({ length: 256 }, (_, v) => {
  const x = (v / 255) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const t = x - i;
  return STOPS[i]!.map((a, k) => Math.round(a + (STOPS[i + 1]![k]! - a) * t)) as [number, number, number];
});

/** Tiles per row: a roughly square grid. */
export function atlasColumns(channels: number): number {
  return Math.ceil(Math.sqrt(channels));
}

export function drawFeatureAtlas(canvas: HTMLCanvasElement, maps: FeatureMaps): void {
  const { height: h, width: w, channels, bytes } = maps;
  const cols = atlasColumns(channels);
  const rows = Math.ceil(channels / cols);
  const W = cols * (w + 1) - 1;
  const H = rows * (h + 1) - 1;
  if (canvas.width !== W) canvas.width = W;
  if (canvas.height !== H) canvas.height = H;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  const image = ctx.createImageData(W, H);
  image.data.fill(255); // white gutters between tiles
  const area = h * w;
  for (let c = 0; c < channels; c++) {
    const x0 = (c % cols) * (w + 1);
    const y0 = Math.floor(c / cols) * (h + 1);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const [r, g, b] = LUT[bytes[c * area + y * w + x]!]!;
        const o = ((y0 + y) * W + x0 + x) * 4;
        image.data[o] = r;
        image.data[o + 1] = g;
        image.data[o + 2] = b;
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}

/** The first conv layer's kernels as RGB tiles, all on one scale: grey is 0, colour the sign and size. */
export function drawRgbFilters(canvas: HTMLCanvasElement, values: Float32Array, kh: number, kw: number, filters: number): void {
  const cols = atlasColumns(filters);
  const rows = Math.ceil(filters / cols);
  const W = cols * (kw + 1) - 1;
  const H = rows * (kh + 1) - 1;
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  let maxAbs = 1e-12;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  const image = ctx.createImageData(W, H);
  image.data.fill(255);
  for (let f = 0; f < filters; f++) {
    const x0 = (f % cols) * (kw + 1);
    const y0 = Math.floor(f / cols) * (kh + 1);
    for (let y = 0; y < kh; y++) {
      for (let x = 0; x < kw; x++) {
        const o = ((y0 + y) * W + x0 + x) * 4;
        // kernel layout [kh, kw, 3, filters]
        for (let c = 0; c < 3; c++) image.data[o + c] = Math.round(128 + (127 * values[((y * kw + x) * 3 + c) * filters + f]!) / maxAbs);
      }
    }
  }
  ctx.putImageData(image, 0, 0);
}
