// The drawing worker's front: draws a drifting world's day with the shipped set's drawing code on an
// OffscreenCanvas, off the page's thread, and hands the RGB bytes back by transfer.
import * as Comlink from 'comlink';
import type { DrawContext } from '../../scripts/lib/draw-face.ts';
import { drawImages } from '../drift/draw-day.ts';
import { daySpecs, type DriftScenario } from '../drift/schedule.ts';
import { IMAGE_SIZE } from './dataset-spec.ts';
import type { ImageSet } from './image-set.ts';

export class DriftDrawService {
  /** The first `count` images of `day` (all the day's queries by default), with their true labels, and the wall ms drawing took. */
  drawDay(scenario: DriftScenario, day: number, count?: number): ImageSet & { drawMs: number } {
    const t0 = performance.now();
    const canvas = new OffscreenCanvas(IMAGE_SIZE, IMAGE_SIZE);
    // One canvas, cleared per image: the drawing code expects an identity transform and paints every pixel.
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    const newContext = (): DrawContext => {
      ctx.reset();
      return ctx as unknown as DrawContext;
    };
    const set = drawImages(daySpecs(scenario, day, count), IMAGE_SIZE, newContext, day);
    return Comlink.transfer({ ...set, drawMs: performance.now() - t0 }, [set.pixels.buffer]);
  }
}
