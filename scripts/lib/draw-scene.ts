// Everything around the face in a generated image: colours, background clutter, occluders and the
// final lighting + noise pass. Shared by both classes, so none of it tells a cat from a dog.
import type { Rng } from '../../src/data/prng.ts';

/**
 * The part of the Canvas 2D API the generator uses. Both the browser's CanvasRenderingContext2D
 * and @napi-rs/canvas's context satisfy it, so the drawing code is not tied to one canvas library.
 */
export type DrawContext = Pick<
  CanvasRenderingContext2D,
  | 'save'
  | 'restore'
  | 'translate'
  | 'rotate'
  | 'scale'
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'quadraticCurveTo'
  | 'arc'
  | 'ellipse'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'clip'
  | 'fillRect'
  | 'createLinearGradient'
  | 'createRadialGradient'
  | 'getImageData'
  | 'putImageData'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineCap'
  | 'lineJoin'
  | 'globalAlpha'
>;

export type Rgb = readonly [number, number, number];

export function css(c: Rgb, alpha = 1): string {
  const [r, g, b] = c.map((v) => Math.round(Math.min(255, Math.max(0, v))));
  return alpha >= 1 ? `rgb(${r},${g},${b})` : `rgba(${r},${g},${b},${alpha.toFixed(3)})`;
}

export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

export function jitter(rng: Rng, c: Rgb, amount: number): Rgb {
  return [c[0] + rng.range(-amount, amount), c[1] + rng.range(-amount, amount), c[2] + rng.range(-amount, amount)];
}

export function randomColour(rng: Rng): Rgb {
  return [rng.range(0, 255), rng.range(0, 255), rng.range(0, 255)];
}

/**
 * Fur colours (main, secondary) common to real cats and dogs. Both classes draw from the same
 * list, so colour alone carries no label information.
 */
export const FUR_PALETTE: readonly (readonly [Rgb, Rgb])[] = [
  [[214, 136, 58], [160, 88, 30]], // ginger / red
  [[122, 74, 40], [70, 42, 20]], // brown
  [[38, 36, 36], [90, 86, 84]], // black
  [[236, 228, 212], [196, 178, 150]], // white / cream
  [[138, 138, 140], [86, 86, 92]], // grey
  [[216, 176, 96], [170, 124, 52]], // golden
  [[180, 150, 120], [110, 84, 60]], // fawn
  [[60, 50, 44], [196, 150, 96]], // black and tan
  [[200, 200, 196], [60, 58, 58]], // white with black
];

/** Background: a gradient, sometimes a texture, then random shapes (some in fur colours). */
export function drawBackground(ctx: DrawContext, rng: Rng, size: number, clutter: number): void {
  const a = randomColour(rng);
  const b = rng.chance(0.5) ? mix(a, randomColour(rng), 0.5) : randomColour(rng);
  if (rng.chance(0.6)) {
    const angle = rng.range(0, Math.PI * 2);
    const dx = Math.cos(angle) * size * 0.5;
    const dy = Math.sin(angle) * size * 0.5;
    const g = ctx.createLinearGradient(size / 2 - dx, size / 2 - dy, size / 2 + dx, size / 2 + dy);
    g.addColorStop(0, css(a));
    g.addColorStop(1, css(b));
    ctx.fillStyle = g;
  } else {
    const g = ctx.createRadialGradient(rng.range(0, size), rng.range(0, size), 0, size / 2, size / 2, size * rng.range(0.5, 1));
    g.addColorStop(0, css(a));
    g.addColorStop(1, css(b));
    ctx.fillStyle = g;
  }
  ctx.fillRect(0, 0, size, size);

  if (rng.chance(0.5)) drawTexture(ctx, rng, size);

  const shapes = rng.int(clutter + 1);
  for (let i = 0; i < shapes; i++) drawClutterShape(ctx, rng, size, false);
}

function drawTexture(ctx: DrawContext, rng: Rng, size: number): void {
  const colour = rng.chance(0.5) ? randomColour(rng) : ([0, 0, 0] as Rgb);
  ctx.save();
  ctx.globalAlpha = rng.range(0.08, 0.3);
  ctx.strokeStyle = css(colour);
  ctx.fillStyle = css(colour);
  const kind = rng.int(3);
  if (kind === 0) {
    // Parallel stripes at a random angle: wallpaper, blinds, floorboards.
    const step = rng.range(3, 9);
    ctx.lineWidth = rng.range(0.7, step / 2);
    ctx.translate(size / 2, size / 2);
    ctx.rotate(rng.range(0, Math.PI));
    ctx.beginPath();
    for (let x = -size; x <= size; x += step) {
      ctx.moveTo(x, -size);
      ctx.lineTo(x, size);
    }
    ctx.stroke();
  } else if (kind === 1) {
    const cell = rng.range(4, 12);
    for (let y = 0; y < size; y += cell) {
      for (let x = (Math.floor(y / cell) % 2) * cell; x < size; x += cell * 2) ctx.fillRect(x, y, cell, cell);
    }
  } else {
    const n = 20 + rng.int(60);
    for (let i = 0; i < n; i++) {
      ctx.beginPath();
      ctx.arc(rng.range(0, size), rng.range(0, size), rng.range(0.4, 1.6), 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}

/**
 * One random shape. Clutter sometimes borrows fur colours and face-like parts (triangles, small
 * dark ellipses) so that "a triangle somewhere" or "a dark blob somewhere" is not a class cue.
 */
export function drawClutterShape(ctx: DrawContext, rng: Rng, size: number, large: boolean): void {
  const colour = rng.chance(0.35) ? jitter(rng, rng.pick(FUR_PALETTE)[rng.int(2)]!, 20) : randomColour(rng);
  ctx.save();
  ctx.globalAlpha = rng.range(0.35, 1);
  ctx.fillStyle = css(colour);
  ctx.strokeStyle = css(colour);
  ctx.translate(rng.range(-0.05, 1.05) * size, rng.range(-0.05, 1.05) * size);
  ctx.rotate(rng.range(0, Math.PI * 2));
  const s = size * (large ? rng.range(0.15, 0.35) : rng.range(0.04, 0.2));
  switch (rng.int(6)) {
    case 0:
      ctx.beginPath();
      ctx.ellipse(0, 0, s, s * rng.range(0.3, 1), 0, 0, Math.PI * 2);
      ctx.fill();
      break;
    case 1:
      ctx.fillRect(-s, -s * 0.5, s * 2, s * rng.range(0.3, 1.2));
      break;
    case 2:
      ctx.beginPath();
      ctx.moveTo(-s * 0.6, s * 0.5);
      ctx.lineTo(s * rng.range(-0.3, 0.3), -s);
      ctx.lineTo(s * 0.6, s * 0.5);
      ctx.closePath();
      ctx.fill();
      break;
    case 3:
      ctx.lineWidth = rng.range(0.6, 3);
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(-s * 1.5, 0);
      ctx.quadraticCurveTo(0, s * rng.range(-1.5, 1.5), s * 1.5, 0);
      ctx.stroke();
      break;
    case 4:
      ctx.lineWidth = rng.range(0.8, 2.5);
      ctx.beginPath();
      ctx.arc(0, 0, s, 0, rng.range(1, 6));
      ctx.stroke();
      break;
    default:
      // A blob made of a few overlapping circles (a cushion, a plant, a toy).
      for (let i = 0; i < 4; i++) {
        ctx.beginPath();
        ctx.arc(rng.range(-s, s) * 0.6, rng.range(-s, s) * 0.6, s * rng.range(0.3, 0.7), 0, Math.PI * 2);
        ctx.fill();
      }
  }
  ctx.restore();
}

/** Something in front of the face: a bar (a fence, a table edge), a hand-sized blob, a leaf. */
export function drawOccluder(ctx: DrawContext, rng: Rng, size: number, faceX: number, faceY: number, faceR: number): void {
  const colour = rng.chance(0.4) ? jitter(rng, rng.pick(FUR_PALETTE)[0], 25) : randomColour(rng);
  ctx.save();
  ctx.fillStyle = css(colour);
  ctx.globalAlpha = rng.range(0.85, 1);
  // Offset from the face centre so it covers a part of the face, rarely the middle.
  const angle = rng.range(0, Math.PI * 2);
  const dist = faceR * rng.range(0.5, 1.2);
  ctx.translate(faceX + Math.cos(angle) * dist, faceY + Math.sin(angle) * dist);
  ctx.rotate(rng.range(0, Math.PI));
  if (rng.chance(0.5)) {
    ctx.fillRect(-size, -faceR * rng.range(0.12, 0.3), size * 2, faceR * rng.range(0.25, 0.6));
  } else {
    ctx.beginPath();
    ctx.ellipse(0, 0, faceR * rng.range(0.35, 0.7), faceR * rng.range(0.2, 0.45), 0, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.restore();
}

export interface LightingRange {
  /** Largest brightness shift, in 0-255 units, either way. */
  brightness: number;
  /** Contrast factor is drawn from [1 - contrast, 1 + contrast / 2]. */
  contrast: number;
  /** Largest per-channel colour cast, in 0-255 units. */
  colourCast: number;
  /** Largest per-pixel Gaussian noise sigma, in 0-255 units. */
  noiseSigma: number;
}

/**
 * Camera-like finish on the pixels: brightness, contrast, a colour cast (white balance), a
 * vignette and sensor noise. Done on the pixel buffer so it is exact and renderer-independent.
 */
export function applyLighting(ctx: DrawContext, rng: Rng, size: number, range: LightingRange): void {
  const brightness = rng.range(-range.brightness, range.brightness);
  const contrast = rng.range(1 - range.contrast, 1 + range.contrast / 2);
  const cast = [0, 1, 2].map(() => rng.range(-range.colourCast, range.colourCast));
  const sigma = rng.range(0, range.noiseSigma);
  const vignette = rng.chance(0.3) ? rng.range(0.1, 0.4) : 0;
  const image = ctx.getImageData(0, 0, size, size);
  const data = image.data;
  const half = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r2 = ((x - half) ** 2 + (y - half) ** 2) / (half * half * 2);
      const shade = 1 - vignette * r2;
      const p = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) {
        const v = ((data[p + c]! - 128) * contrast + 128 + brightness + cast[c]!) * shade + sigma * rng.normal();
        data[p + c] = v; // Uint8ClampedArray rounds and clamps.
      }
      data[p + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
}
