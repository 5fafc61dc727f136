// Pixel-level shifts of a drawn image (lighting, camera noise, blur) as exact transforms of its RGB
// bytes, seeded, so the same spec gives the same pixels in Node and in the browser.
import { createRng } from '../data/prng.ts';

export interface PixelShift {
  /** 0: as drawn; 0.5: dusk; 1: night. */
  lighting: number;
  /** 0..1: Gaussian noise sigma up to MAX_NOISE_SIGMA. */
  noise: number;
  /** 0..1: box blur radius up to MAX_BLUR_RADIUS px. */
  blur: number;
  seed: number;
}

export const MAX_NOISE_SIGMA = 40;
export const MAX_BLUR_RADIUS = 2;

/**
 * Applies the shifts in camera order (the scene's light, then the lens, then the sensor) to
 * `rgb` (height * width * 3 bytes) in place. Night keeps 30% of the light, casts it blue and
 * flattens contrast, as a dim scene with auto white balance would.
 */
export function applyPixelShift(rgb: Uint8Array, width: number, height: number, shift: PixelShift): void {
  if (shift.lighting > 0) {
    const s = shift.lighting;
    const gain = 1 - 0.7 * s;
    const tint = [1 - 0.25 * s, 1 - 0.1 * s, 1 + 0.2 * s];
    const contrast = 1 - 0.4 * s;
    for (let p = 0; p < rgb.length; p += 3) {
      for (let c = 0; c < 3; c++) {
        const v = ((rgb[p + c]! - 128) * contrast + 128) * gain * tint[c]!;
        rgb[p + c] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
  const radius = Math.round(shift.blur * MAX_BLUR_RADIUS);
  if (radius > 0) boxBlur(rgb, width, height, radius);
  if (shift.noise > 0) {
    const sigma = shift.noise * MAX_NOISE_SIGMA;
    const rng = createRng(shift.seed);
    for (let p = 0; p < rgb.length; p++) {
      const v = rgb[p]! + sigma * rng.normal();
      rgb[p] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
}

/** A separable box blur of `radius` px (edges clamped), in place. */
function boxBlur(rgb: Uint8Array, width: number, height: number, radius: number): void {
  const tmp = new Float32Array(rgb.length);
  const n = 2 * radius + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) sum += rgb[(y * width + Math.min(width - 1, Math.max(0, x + k))) * 3 + c]!;
        tmp[(y * width + x) * 3 + c] = sum / n;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) sum += tmp[(Math.min(height - 1, Math.max(0, y + k)) * width + x) * 3 + c]!;
        rgb[(y * width + x) * 3 + c] = Math.round(sum / n);
      }
    }
  }
}

/** Mean of all channel values of one image, in 0-255 units: the input statistic the drift signal watches. */
export function meanBrightness(rgb: Uint8Array, offset: number, length: number): number {
  let sum = 0;
  for (let i = offset; i < offset + length; i++) sum += rgb[i]!;
  return length > 0 ? sum / length : 0;
}
