// A person's own images as a later day: class names matched to the model's (case and spacing aside,
// a subset allowed, a stranger named), where the day goes, and which images a day serves.
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/image-set.ts';
import { describeOwn, isOwnDay, matchClasses, ownDayImages, placementProblem, streamDays, type OwnDaySource } from './own-day.ts';

function source(count: number, labelsKnown = true): OwnDaySource {
  const images: ImageSet = { pixels: Uint8Array.from({ length: count * 12 }, (_, i) => Math.floor(i / 12)), labels: Uint8Array.from({ length: count }, (_, i) => i % 2), count, height: 2, width: 2, ids: Array.from({ length: count }, (_, i) => `later/${i % 2 ? 'Cat' : 'dog'}/${i}.png`) };
  return { kind: labelsKnown ? 'folder' : 'webcam', name: labelsKnown ? 'your folder "later"' : 'webcam', images, classNames: ['dog', 'Cat'], labelsKnown, placement: { mode: 'append' } };
}

describe('matchClasses', () => {
  it("maps the folder's classes onto the model's, ignoring case and spacing, in the model's order", () => {
    expect(matchClasses(['Dog', ' cat '], ['cat', 'dog'])).toEqual({ mapping: [1, 0], problem: null });
  });

  it('takes a folder with fewer classes than the model (a later day of only dogs)', () => {
    expect(matchClasses(['dog'], ['cat', 'dog']).mapping).toEqual([1]);
  });

  it('names every class the model does not know, and the classes it does', () => {
    const one = matchClasses(['cat', 'bird'], ['cat', 'dog']);
    expect(one.mapping).toBeNull();
    expect(one.problem).toBe(`The folder's class "bird" is not among the model's classes ("cat", "dog"): name each subfolder after one of the model's classes. Nothing was changed.`);
    expect(matchClasses(['fish', 'bird'], ['cat', 'dog']).problem).toMatch(/classes "fish", "bird" are not among/);
  });
});

describe('placement', () => {
  it('appends one extra day, or replaces the drawn days from day N on', () => {
    const scenario = { days: 6 };
    expect(streamDays(scenario, { placement: { mode: 'append' } })).toBe(7);
    expect(streamDays(scenario, { placement: { mode: 'from', day: 3 } })).toBe(6);
    expect(streamDays(scenario, null)).toBe(6);
    expect([0, 5, 6].map((d) => isOwnDay(scenario, { placement: { mode: 'append' } }, d))).toEqual([false, false, true]);
    expect([2, 3, 5].map((d) => isOwnDay(scenario, { placement: { mode: 'from', day: 3 } }, d))).toEqual([false, true, true]);
    expect(isOwnDay(scenario, null, 3)).toBe(false);
  });

  it('keeps day 0 drawn and the day inside the stream', () => {
    expect(placementProblem({ mode: 'from', day: 0 }, 6)).toMatch(/day 1 to day 5.*day 0 is the training distribution.*got 0/);
    expect(placementProblem({ mode: 'from', day: 6 }, 6)).toMatch(/got 6/);
    expect(placementProblem({ mode: 'from', day: 2.5 }, 6)).toMatch(/got 2.5/);
    expect(placementProblem({ mode: 'from', day: 5 }, 6)).toBeNull();
    expect(placementProblem({ mode: 'append' }, 2)).toBeNull();
  });
});

describe('ownDayImages', () => {
  it("serves every image when they fit in a day, labels as the model's classes", () => {
    const day = ownDayImages(source(6), [1, 0], { seed: 7, queriesPerDay: 600 }, 4);
    expect(day.count).toBe(6);
    expect(Array.from(day.labels)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(day.ids[1]).toBe('later/Cat/1.png');
    expect(Array.from(day.pixels.subarray(12, 24))).toEqual(Array(12).fill(1));
  });

  it('draws a seeded share of a larger folder per day: the same for the same day, another the next', () => {
    const s = source(50);
    const a = ownDayImages(s, [1, 0], { seed: 7, queriesPerDay: 10 }, 3);
    expect(a.count).toBe(10);
    expect(ownDayImages(s, [1, 0], { seed: 7, queriesPerDay: 10 }, 3).ids).toEqual(a.ids);
    expect(ownDayImages(s, [1, 0], { seed: 7, queriesPerDay: 10 }, 4).ids).not.toEqual(a.ids);
    // Each image keeps its own label.
    a.ids.forEach((id, i) => expect(a.labels[i]).toBe(id.includes('Cat') ? 0 : 1));
  });

  it('describes a folder by class and webcam frames as unlabelled', () => {
    expect(describeOwn(source(5))).toBe('5 images (dog 3, Cat 2)');
    expect(describeOwn(source(1, false))).toBe('1 webcam frame, no labels');
  });
});
