// Procedurally drawn cat and dog faces for the shipped dataset. An image is a pure function of
// (seed, index); the scripts draw it on @napi-rs/canvas (any Canvas 2D context would do). Cats
// and dogs differ only in face parts (ears, eyes, muzzle, nose, whiskers, tongue); fur, pose,
// background, lighting and noise are drawn from the same distributions for both.
import { createRng, type Rng } from '../../src/data/prng.ts';
import {
  FUR_PALETTE,
  applyLighting,
  css,
  drawBackground,
  drawClutterShape,
  drawOccluder,
  jitter,
  mix,
  type DrawContext,
  type LightingRange,
  type Rgb,
} from './draw-scene.ts';

export type { DrawContext } from './draw-scene.ts';

/** The knobs that set how hard the task is (tuned so a small CNN needs several epochs). */
export interface Difficulty {
  /** Head radius as a fraction of the image size: [min, max). */
  headScale: readonly [number, number];
  /** Largest head rotation, radians, either way. */
  maxRotation: number;
  /** How far the head centre may wander from the image centre, as a fraction of the size. */
  maxOffset: number;
  /** Up to this many background shapes. */
  clutter: number;
  /** Probability of one object in front of the face. */
  occluderChance: number;
  /** Per face part, the probability it takes the other class's form (real breeds blur lines too). */
  cueSwapChance: number;
  lighting: LightingRange;
}

export const DEFAULT_DIFFICULTY: Difficulty = {
  headScale: [0.21, 0.33],
  maxRotation: 0.5,
  maxOffset: 0.14,
  clutter: 8,
  occluderChance: 0.15,
  cueSwapChance: 0.06,
  lighting: { brightness: 35, contrast: 0.4, colourCast: 25, noiseSigma: 9 },
};

/** A 32-bit hash of (seed, index) (murmur3's finaliser), so neighbouring indices get unrelated streams. */
export function imageSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A drifted world's changes to one drawing (the Drift view's later days). Each is optional and the
 * empty variant draws exactly the shipped set's image: no extra random draws are taken for it.
 */
export interface SceneVariant {
  /** Fur colours (main, secondary) to draw from instead of FUR_PALETTE (new fur colours). */
  furPalette?: readonly (readonly [Rgb, Rgb])[];
  /** Draws the background instead of drawBackground (new backgrounds). */
  background?: (ctx: DrawContext, rng: Rng, size: number, clutter: number) => void;
  /** Pointed ears go with dogs and floppy ears with cats (a cue that changes meaning). */
  flipEars?: boolean;
}

/** Which form each face part takes: mostly the label's, sometimes swapped. */
interface Cues {
  pointedEars: boolean;
  slitPupils: boolean;
  longMuzzle: boolean;
  bigNose: boolean;
  whiskers: boolean;
  tongue: boolean;
}

interface Fur {
  main: Rgb;
  second: Rgb;
  light: Rgb;
  pattern: 'solid' | 'tabby' | 'spots' | 'patches';
}

const CAT = 0;

/**
 * Draws image `index` of the dataset with `seed` on a size x size context, as class `label`
 * (0 cat, 1 dog). The context's transform must be the identity.
 */
export function drawSample(
  ctx: DrawContext,
  size: number,
  seed: number,
  index: number,
  label: number,
  difficulty: Difficulty = DEFAULT_DIFFICULTY,
  variant: SceneVariant = {},
): void {
  const rng = createRng(imageSeed(seed, index));
  const isCat = label === CAT;
  const swap = (): boolean => rng.chance(difficulty.cueSwapChance);
  const cues: Cues = {
    pointedEars: isCat !== swap(),
    slitPupils: isCat !== swap(),
    longMuzzle: !isCat !== swap(),
    bigNose: !isCat !== swap(),
    whiskers: isCat ? !rng.chance(0.15) : rng.chance(0.15),
    tongue: isCat ? rng.chance(0.05) : rng.chance(0.45),
  };

  // A cue that changes meaning (concept drift): the ear form now goes with the other class.
  if (variant.flipEars) cues.pointedEars = !cues.pointedEars;

  (variant.background ?? drawBackground)(ctx, rng, size, difficulty.clutter);

  const [furMain, furSecond] = rng.pick(variant.furPalette ?? FUR_PALETTE);
  const main = jitter(rng, furMain, 18);
  const fur: Fur = {
    main,
    second: jitter(rng, furSecond, 18),
    light: mix(main, [245, 240, 230], rng.range(0.3, 0.9)),
    pattern: rng.pick(['solid', 'solid', 'tabby', 'spots', 'patches'] as const),
  };

  const radius = size * rng.range(difficulty.headScale[0], difficulty.headScale[1]);
  const cx = size * (0.5 + rng.range(-difficulty.maxOffset, difficulty.maxOffset));
  const cy = size * (0.52 + rng.range(-difficulty.maxOffset, difficulty.maxOffset));
  const rotation = rng.range(-difficulty.maxRotation, difficulty.maxRotation);
  // Yaw: the face narrows and its features slide sideways, as when a head turns.
  const yaw = rng.range(-0.35, 0.35);
  const aspect = rng.range(0.85, 1.12);

  ctx.save();
  ctx.translate(cx, cy);
  ctx.rotate(rotation);
  ctx.scale(radius * aspect * (1 - Math.abs(yaw) * 0.5), radius);
  drawHead(ctx, rng, fur, cues, yaw * 0.45);
  ctx.restore();

  // A little clutter may fall in front too, like grass or a toy.
  if (rng.chance(0.3)) drawClutterShape(ctx, rng, size, false);
  if (rng.chance(difficulty.occluderChance)) drawOccluder(ctx, rng, size, cx, cy, radius);

  applyLighting(ctx, rng, size, difficulty.lighting);
}

/** The head in unit coordinates: centre (0, 0), radius 1, y down. */
function drawHead(ctx: DrawContext, rng: Rng, fur: Fur, cues: Cues, shift: number): void {
  const earColour = rng.chance(0.3) ? fur.second : fur.main;
  if (cues.pointedEars) drawPointedEars(ctx, rng, earColour);

  // Head disc with the fur pattern clipped to it.
  ctx.save();
  ctx.beginPath();
  ctx.ellipse(0, 0, 1, 1, 0, 0, Math.PI * 2);
  ctx.fillStyle = css(fur.main);
  ctx.fill();
  ctx.clip();
  drawFurPattern(ctx, rng, fur);
  ctx.restore();

  ctx.save();
  ctx.translate(shift, 0);
  if (cues.longMuzzle) drawLongMuzzle(ctx, rng, fur);
  else drawShortMuzzle(ctx, rng, fur);
  if (!cues.pointedEars) drawFloppyEars(ctx, rng, rng.chance(0.5) ? fur.second : earColour);
  drawEyes(ctx, rng, cues.slitPupils, cues.longMuzzle);
  const noseY = cues.longMuzzle ? 0.42 : 0.28;
  drawNose(ctx, rng, cues.bigNose, noseY);
  drawMouth(ctx, noseY, cues, rng);
  if (cues.whiskers) drawWhiskers(ctx, rng, noseY);
  ctx.restore();
}

function drawFurPattern(ctx: DrawContext, rng: Rng, fur: Fur): void {
  ctx.fillStyle = css(fur.second);
  ctx.strokeStyle = css(fur.second);
  switch (fur.pattern) {
    case 'tabby': {
      // Stripes across the forehead and down the cheeks.
      ctx.lineWidth = rng.range(0.07, 0.14);
      ctx.lineCap = 'round';
      const n = 3 + rng.int(3);
      for (let i = 0; i < n; i++) {
        const x = -0.35 + (0.7 * i) / (n - 1);
        ctx.beginPath();
        ctx.moveTo(x, -1.05);
        ctx.quadraticCurveTo(x * 1.3, -0.7, x * 0.6, -0.35);
        ctx.stroke();
      }
      for (const side of [-1, 1]) {
        for (let i = 0; i < 3; i++) {
          ctx.beginPath();
          ctx.moveTo(side * 1.05, -0.1 + i * 0.2);
          ctx.lineTo(side * 0.65, 0 + i * 0.18);
          ctx.stroke();
        }
      }
      break;
    }
    case 'spots': {
      const n = 5 + rng.int(8);
      for (let i = 0; i < n; i++) {
        ctx.beginPath();
        ctx.arc(rng.range(-0.9, 0.9), rng.range(-0.9, 0.6), rng.range(0.06, 0.16), 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    }
    case 'patches': {
      const n = 1 + rng.int(2);
      for (let i = 0; i < n; i++) {
        ctx.beginPath();
        ctx.ellipse(rng.range(-0.8, 0.8), rng.range(-0.8, 0.3), rng.range(0.35, 0.7), rng.range(0.3, 0.6), rng.range(0, 3), 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    }
    default:
      break;
  }
  // A lighter chin / chest blaze, common to both animals.
  if (rng.chance(0.5)) {
    ctx.fillStyle = css(fur.light);
    ctx.beginPath();
    ctx.ellipse(0, 0.75, rng.range(0.35, 0.6), 0.45, 0, 0, Math.PI * 2);
    ctx.fill();
  }
}

function drawPointedEars(ctx: DrawContext, rng: Rng, colour: Rgb): void {
  const height = rng.range(0.55, 0.85);
  const spread = rng.range(0.5, 0.75);
  const width = rng.range(0.32, 0.45);
  const inner = mix([235, 150, 160], colour, rng.range(0, 0.5));
  for (const side of [-1, 1]) {
    const tipX = side * (spread + rng.range(0.05, 0.2));
    const tipY = -0.75 - height;
    ctx.fillStyle = css(colour);
    ctx.beginPath();
    ctx.moveTo(side * (spread - width), -0.6);
    ctx.lineTo(tipX, tipY);
    ctx.lineTo(side * (spread + width), -0.35);
    ctx.closePath();
    ctx.fill();
    ctx.fillStyle = css(inner);
    ctx.beginPath();
    ctx.moveTo(side * (spread - width * 0.55), -0.65);
    ctx.lineTo(tipX * 0.95, tipY + 0.22);
    ctx.lineTo(side * (spread + width * 0.55), -0.5);
    ctx.closePath();
    ctx.fill();
  }
}

function drawFloppyEars(ctx: DrawContext, rng: Rng, colour: Rgb): void {
  const length = rng.range(0.7, 1.05);
  const width = rng.range(0.26, 0.4);
  const lift = rng.range(-0.2, 0.25);
  ctx.fillStyle = css(mix(colour, [0, 0, 0], rng.range(0, 0.25)));
  for (const side of [-1, 1]) {
    ctx.save();
    ctx.translate(side * 0.82, -0.55 + lift);
    ctx.rotate(side * rng.range(-0.45, 0.05));
    // A rounded drop shape hanging from the top of the head.
    ctx.beginPath();
    ctx.moveTo(-width * 0.6, 0);
    ctx.quadraticCurveTo(-width * 1.1, length * 0.9, 0, length);
    ctx.quadraticCurveTo(width * 1.1, length * 0.9, width * 0.6, 0);
    ctx.quadraticCurveTo(0, -0.2, -width * 0.6, 0);
    ctx.fill();
    ctx.restore();
  }
}

function drawShortMuzzle(ctx: DrawContext, rng: Rng, fur: Fur): void {
  // Two small whisker pads either side of the nose.
  const colour = rng.chance(0.6) ? fur.light : fur.main;
  ctx.fillStyle = css(colour);
  for (const side of [-1, 1]) {
    ctx.beginPath();
    ctx.ellipse(side * 0.15, 0.42, 0.18, 0.14, 0, 0, Math.PI * 2);
    ctx.fill();
  }
}

function drawLongMuzzle(ctx: DrawContext, rng: Rng, fur: Fur): void {
  // A snout that reaches past the bottom of the head.
  ctx.fillStyle = css(rng.chance(0.7) ? fur.light : mix(fur.main, [255, 255, 255], 0.15));
  ctx.beginPath();
  ctx.ellipse(0, 0.55, rng.range(0.36, 0.48), rng.range(0.5, 0.62), 0, 0, Math.PI * 2);
  ctx.fill();
  // The bridge of the nose between the eyes.
  ctx.beginPath();
  ctx.ellipse(0, 0.1, 0.18, 0.4, 0, 0, Math.PI * 2);
  ctx.fill();
}

const CAT_IRIS: readonly Rgb[] = [
  [120, 190, 70],
  [210, 180, 40],
  [200, 130, 40],
  [90, 160, 210],
];
const DOG_IRIS: readonly Rgb[] = [
  [90, 55, 25],
  [60, 35, 15],
  [130, 85, 40],
];

function drawEyes(ctx: DrawContext, rng: Rng, slit: boolean, longMuzzle: boolean): void {
  const iris = jitter(rng, rng.pick(slit ? CAT_IRIS : DOG_IRIS), 20);
  const y = longMuzzle ? -0.2 : -0.12;
  const dx = rng.range(0.34, 0.44);
  const w = rng.range(0.15, 0.2);
  for (const side of [-1, 1]) {
    ctx.save();
    ctx.translate(side * dx, y);
    if (slit) {
      // Almond eye tilted up at the outer corner, with a vertical slit pupil.
      ctx.rotate(side * -0.25);
      ctx.fillStyle = css(iris);
      ctx.beginPath();
      ctx.moveTo(-w * 1.25, 0);
      ctx.quadraticCurveTo(0, -w * 1.3, w * 1.25, 0);
      ctx.quadraticCurveTo(0, w * 1.3, -w * 1.25, 0);
      ctx.fill();
      ctx.fillStyle = 'rgb(10,10,10)';
      ctx.beginPath();
      ctx.ellipse(0, 0, w * rng.range(0.14, 0.3), w * 0.62, 0, 0, Math.PI * 2);
      ctx.fill();
    } else {
      // Round eye: dark rim, iris, a large round pupil and a highlight.
      ctx.fillStyle = 'rgb(25,18,12)';
      ctx.beginPath();
      ctx.arc(0, 0, w * 0.95, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = css(iris);
      ctx.beginPath();
      ctx.arc(0, 0, w * 0.8, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = 'rgb(8,8,8)';
      ctx.beginPath();
      ctx.arc(0, 0, w * 0.45, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.beginPath();
    ctx.arc(w * 0.3, -w * 0.3, w * 0.16, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }
}

function drawNose(ctx: DrawContext, rng: Rng, big: boolean, y: number): void {
  if (big) {
    // A broad dark nose with nostrils.
    ctx.fillStyle = css(jitter(rng, [28, 24, 24], 10));
    ctx.beginPath();
    ctx.ellipse(0, y, rng.range(0.17, 0.23), rng.range(0.11, 0.15), 0, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = 'rgba(255,255,255,0.35)';
    ctx.beginPath();
    ctx.ellipse(-0.04, y - 0.05, 0.06, 0.03, 0, 0, Math.PI * 2);
    ctx.fill();
  } else {
    // A small pink (or dark) triangle pointing down.
    ctx.fillStyle = css(rng.chance(0.75) ? jitter(rng, [225, 130, 140], 20) : jitter(rng, [60, 45, 45], 15));
    const s = rng.range(0.08, 0.11);
    ctx.beginPath();
    ctx.moveTo(-s, y - s * 0.6);
    ctx.lineTo(s, y - s * 0.6);
    ctx.lineTo(0, y + s * 0.7);
    ctx.closePath();
    ctx.fill();
  }
}

function drawMouth(ctx: DrawContext, noseY: number, cues: Cues, rng: Rng): void {
  ctx.strokeStyle = 'rgba(20,15,15,0.8)';
  ctx.lineWidth = 0.045;
  ctx.lineCap = 'round';
  const drop = cues.longMuzzle ? 0.2 : 0.12;
  ctx.beginPath();
  ctx.moveTo(0, noseY + 0.06);
  ctx.lineTo(0, noseY + drop);
  ctx.moveTo(-0.16, noseY + drop + 0.04);
  ctx.quadraticCurveTo(-0.08, noseY + drop + 0.08, 0, noseY + drop);
  ctx.quadraticCurveTo(0.08, noseY + drop + 0.08, 0.16, noseY + drop + 0.04);
  ctx.stroke();
  if (cues.tongue) {
    ctx.fillStyle = css(jitter(rng, [230, 100, 120], 20));
    ctx.beginPath();
    ctx.ellipse(0, noseY + drop + 0.17, rng.range(0.09, 0.13), rng.range(0.12, 0.2), 0, 0, Math.PI * 2);
    ctx.fill();
  }
}

function drawWhiskers(ctx: DrawContext, rng: Rng, noseY: number): void {
  ctx.strokeStyle = rng.chance(0.7) ? 'rgba(250,250,245,0.9)' : 'rgba(30,25,25,0.8)';
  ctx.lineWidth = rng.range(0.025, 0.045);
  ctx.lineCap = 'round';
  ctx.beginPath();
  for (const side of [-1, 1]) {
    for (let i = 0; i < 3; i++) {
      const startY = noseY + 0.1 + i * 0.05;
      ctx.moveTo(side * 0.2, startY);
      ctx.quadraticCurveTo(side * 0.7, startY - 0.1 + i * 0.08, side * rng.range(1.1, 1.35), startY - 0.15 + i * 0.15);
    }
  }
  ctx.stroke();
}
