// A person's own images as a later day of the stream: where the day goes (from day N on, or one
// extra day after the simulated ones), how a folder's class names map onto the model's classes,
// and which of the images a day serves. Pure: plain bytes and names, tested in Node.
import type { ImageSet } from '../data/image-set.ts';
import { shuffledIndices } from '../data/prng.ts';
import { cleanClassName } from '../data/folder-rules.ts';
import type { DriftScenario } from './schedule.ts';

/** Where the person's images go in the stream. */
export type OwnDayPlacement = { mode: 'from'; day: number } | { mode: 'append' };

export interface OwnDaySource {
  kind: 'folder' | 'webcam';
  /** What the samples and the table call it: 'your folder "later"', 'webcam'. */
  name: string;
  /** Decoded RGB images; for a folder, labels index `classNames`; webcam frames carry 0 (never read). */
  images: ImageSet;
  /** The folder's classes (cleaned folder names); none for the webcam. */
  classNames: string[];
  /** False for webcam frames: no true label ever comes back. */
  labelsKnown: boolean;
  placement: OwnDayPlacement;
}

export const DEFAULT_OWN_PLACEMENT: OwnDayPlacement = { mode: 'append' };

/** Frames a webcam day captures (one every WEBCAM_INTERVAL_MS). */
export const WEBCAM_FRAMES = 40;
export const WEBCAM_INTERVAL_MS = 100;

const fold = (name: string): string => cleanClassName(name).toLocaleLowerCase('en');

/**
 * Maps each of the folder's classes to the model's class of the same name (case and spacing
 * aside). A later day may hold fewer classes than the model knows (only dogs, say), never one it
 * does not: that is named, with the model's classes.
 */
export function matchClasses(folder: readonly string[], model: readonly string[]): { mapping: number[]; problem: null } | { mapping: null; problem: string } {
  const known = model.map(fold);
  const unknown = folder.filter((name) => !known.includes(fold(name)));
  if (unknown.length > 0) {
    const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');
    return {
      mapping: null,
      problem: `The folder's class${unknown.length === 1 ? '' : 'es'} ${list(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not among the model's classes (${list(model)}): name each subfolder after one of the model's classes. Nothing was changed.`,
    };
  }
  return { mapping: folder.map((name) => known.indexOf(fold(name))), problem: null };
}

/** Days the stream serves: the scenario's, plus one when the person's images are appended. */
export function streamDays(scenario: Pick<DriftScenario, 'days'>, own: Pick<OwnDaySource, 'placement'> | null): number {
  return scenario.days + (own?.placement.mode === 'append' ? 1 : 0);
}

/** Whether `day` serves the person's images instead of a drawn day. */
export function isOwnDay(scenario: Pick<DriftScenario, 'days'>, own: Pick<OwnDaySource, 'placement'> | null, day: number): boolean {
  if (!own) return false;
  return own.placement.mode === 'append' ? day === scenario.days : day >= own.placement.day;
}

/** A problem with a placement, named, or null. Day 0 is the reference every signal is measured against, so it stays drawn. */
export function placementProblem(placement: OwnDayPlacement, days: number): string | null {
  if (placement.mode === 'append') return null;
  if (!Number.isInteger(placement.day) || placement.day < 1 || placement.day > days - 1) return `Your images can serve from day 1 to day ${days - 1} (day 0 is the training distribution every signal is measured against), got ${placement.day}.`;
  return null;
}

/**
 * The images one day serves: all of them when they fit in a day's queries, else a seeded
 * shuffle's first `queriesPerDay` (a different draw each day). Labels become the model's classes.
 */
export function ownDayImages(source: OwnDaySource, mapping: readonly number[] | null, scenario: Pick<DriftScenario, 'seed' | 'queriesPerDay'>, day: number): ImageSet {
  const set = source.images;
  const n = Math.min(set.count, scenario.queriesPerDay);
  const order = n < set.count ? shuffledIndices(set.count, (scenario.seed * 31 + day * 7777 + 3) >>> 0).subarray(0, n) : Uint32Array.from({ length: n }, (_, i) => i);
  const stride = set.height * set.width * 3;
  const pixels = new Uint8Array(n * stride);
  const labels = new Uint8Array(n);
  const ids: string[] = [];
  order.forEach((j, i) => {
    pixels.set(set.pixels.subarray(j * stride, (j + 1) * stride), i * stride);
    labels[i] = mapping ? mapping[set.labels[j]!]! : 0;
    ids.push(set.ids[j] ?? String(j));
  });
  return { pixels, labels, count: n, height: set.height, width: set.width, ids };
}

/** "40 images (cat 20, dog 20)" or "40 webcam frames, no labels". */
export function describeOwn(source: OwnDaySource): string {
  if (!source.labelsKnown) return `${source.images.count} webcam frame${source.images.count === 1 ? '' : 's'}, no labels`;
  const counts = source.classNames.map((name, c) => `${name} ${source.images.labels.reduce((a, l) => a + (l === c ? 1 : 0), 0)}`);
  return `${source.images.count} image${source.images.count === 1 ? '' : 's'} (${counts.join(', ')})`;
}
