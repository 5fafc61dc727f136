// The prediction grid keeps each image's <img> across updates and loads nothing off-screen:
// at an epoch's end, re-pointing dozens of <img> elements at other blob URLs was the longest
// frame gap of a training run.
import { afterEach, describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/image-set.ts';
import './tsl-prediction-grid.ts';
import type { TslPredictionGrid } from './tsl-prediction-grid.ts';

const SIDE = 8;
const COUNT = 12;

function imageSet(): ImageSet {
  const pixels = new Uint8Array(COUNT * SIDE * SIDE * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return { pixels, labels: Uint8Array.from({ length: COUNT }, (_, i) => i % 2), count: COUNT, height: SIDE, width: SIDE, ids: Array.from({ length: COUNT }, (_, i) => `img-${i}`) };
}

async function grid(marginTop: number, indices: number[]): Promise<TslPredictionGrid> {
  const el = document.createElement('tsl-prediction-grid');
  el.style.display = 'block';
  el.style.marginTop = `${marginTop}px`;
  el.images = imageSet();
  el.indices = indices;
  el.predicted = Uint8Array.from({ length: COUNT }, () => 0);
  el.confidence = Float32Array.from({ length: COUNT }, () => 0.75);
  el.classNames = ['cat', 'dog'];
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Waits until every shown image has its thumbnail URL (encoded asynchronously). */
async function urlsSet(el: TslPredictionGrid): Promise<HTMLImageElement[]> {
  await expect.poll(() => [...el.renderRoot.querySelectorAll('img')].every((img) => img.getAttribute('src')), { timeout: 10_000 }).toBe(true);
  return [...el.renderRoot.querySelectorAll('img')];
}

afterEach(() => {
  document.body.replaceChildren();
  window.scrollTo(0, 0);
});

describe('tsl-prediction-grid', () => {
  it('keeps the same <img> (and src) for an image that stays shown when the list changes', async () => {
    const el = await grid(0, [1, 2, 3]);
    const before = await urlsSet(el);
    const byId = new Map(before.map((img) => [img.alt.split(':')[0], img]));
    el.indices = [2, 3, 4];
    el.predicted = Uint8Array.from({ length: COUNT }, () => 1); // a new epoch's predictions
    await el.updateComplete;
    const after = await urlsSet(el);
    expect(after).toHaveLength(3);
    for (const id of ['Image img-2', 'Image img-3']) {
      const img = after.find((x) => x.alt.startsWith(id));
      expect(img, id).toBe(byId.get(id));
      expect(img!.alt).toContain('predicted dog');
    }
    expect(after.some((x) => byId.get(x.alt.split(':')[0]) === x && x.alt.startsWith('Image img-4'))).toBe(false);
  });

  it('gives thumbnails below the fold no src at all until the grid is scrolled near', async () => {
    const el = await grid(window.innerHeight * 4, [0, 1, 2, 3]);
    await new Promise((r) => setTimeout(r, 300));
    const imgs = [...el.renderRoot.querySelectorAll('img')];
    expect(imgs).toHaveLength(4);
    expect(imgs.map((img) => img.getAttribute('src'))).toEqual([null, null, null, null]);
    el.scrollIntoView();
    await expect.poll(() => [...el.renderRoot.querySelectorAll('img')].every((img) => img.naturalWidth === SIDE), { timeout: 10_000 }).toBe(true);
  });
});
