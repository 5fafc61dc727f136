// What the drifted days draw that training never showed: fur in colours no shipped animal has, and
// outdoor backgrounds (sky, horizon, grass) instead of the shipped set's indoor clutter. Used through
// draw-face's SceneVariant, so the animal itself is drawn by the very code that drew the shipped set.
import type { Rng } from '../data/prng.ts';
import { css, drawClutterShape, mix, type DrawContext, type Rgb } from '../../scripts/lib/draw-scene.ts';
import type { SceneVariant } from '../../scripts/lib/draw-face.ts';
import type { ImageSpec } from './schedule.ts';

/** Fur colours far from every FUR_PALETTE entry: blue, green, violet, pink, teal. */
export const NEW_FUR_PALETTE: readonly (readonly [Rgb, Rgb])[] = [
  [[60, 90, 210], [30, 50, 140]],
  [[70, 170, 80], [30, 100, 40]],
  [[150, 70, 190], [90, 30, 120]],
  [[240, 120, 190], [180, 60, 130]],
  [[40, 170, 170], [20, 100, 110]],
];

/** An outdoor scene: a sky gradient, a sun or clouds, a horizon and grass with blades. */
export function drawOutdoorBackground(ctx: DrawContext, rng: Rng, size: number, clutter: number): void {
  const horizon = size * rng.range(0.45, 0.7);
  const skyTop: Rgb = [rng.range(40, 120), rng.range(110, 180), rng.range(200, 255)];
  const sky = ctx.createLinearGradient(0, 0, 0, horizon);
  sky.addColorStop(0, css(skyTop));
  sky.addColorStop(1, css(mix(skyTop, [240, 240, 250], 0.7)));
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, size, horizon);
  ctx.save();
  ctx.fillStyle = rng.chance(0.5) ? css([255, 230, 120]) : css([250, 250, 250], 0.85);
  ctx.beginPath();
  ctx.arc(rng.range(0, size), rng.range(0, horizon * 0.6), size * rng.range(0.06, 0.14), 0, Math.PI * 2);
  ctx.fill();
  ctx.restore();
  const grass: Rgb = [rng.range(40, 110), rng.range(120, 190), rng.range(30, 80)];
  const ground = ctx.createLinearGradient(0, horizon, 0, size);
  ground.addColorStop(0, css(grass));
  ground.addColorStop(1, css(mix(grass, [20, 50, 10], 0.6)));
  ctx.fillStyle = ground;
  ctx.fillRect(0, horizon, size, size - horizon);
  ctx.save();
  ctx.strokeStyle = css(mix(grass, [10, 40, 5], 0.5));
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let i = 0; i < 40; i++) {
    const x = rng.range(0, size);
    const y = rng.range(horizon, size);
    ctx.moveTo(x, y);
    ctx.lineTo(x + rng.range(-2, 2), y - rng.range(2, 6));
  }
  ctx.stroke();
  ctx.restore();
  // A few shapes still (a ball, a stick), fewer than indoors.
  const shapes = rng.int(Math.floor(clutter / 3) + 1);
  for (let i = 0; i < shapes; i++) drawClutterShape(ctx, rng, size, false);
}

/** The drawing variant of one spec (the pixel shifts are applied after drawing). */
export function variantOf(spec: ImageSpec): SceneVariant {
  return {
    ...(spec.newFur ? { furPalette: NEW_FUR_PALETTE } : {}),
    ...(spec.newBackground ? { background: drawOutdoorBackground } : {}),
    ...(spec.flipEars ? { flipEars: true } : {}),
  };
}
