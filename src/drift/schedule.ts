// A drifting world as a seeded schedule over simulated days: named shifts, each with a strength
// that ramps in from a start day; day 0 is the training distribution. Pure: the same scenario gives
// the same days, image for image, in Node and in the browser.
import { createRng } from '../data/prng.ts';
import type { PixelShift } from './pixel-shifts.ts';

/** Every shift the world can take. Pixel shifts are transforms of a drawn image; the rest change the drawing. */
export const SHIFT_KINDS = ['lighting', 'noise', 'blur', 'fur', 'background', 'prior', 'concept'] as const;
export type ShiftKind = (typeof SHIFT_KINDS)[number];

/** What each shift means at full strength (1), for the UI and the docs. */
export const SHIFT_LABELS: Record<ShiftKind, string> = {
  lighting: 'lighting: dusk at 0.5, night at 1 (darker, bluer, lower contrast)',
  noise: 'camera noise: Gaussian sensor noise, σ up to 40 of 255',
  blur: 'camera blur: a box blur up to 2 px radius',
  fur: 'new fur colours: that share of animals in colours never seen in training',
  background: 'new backgrounds: that share of images on outdoor scenes never seen in training',
  prior: 'prior shift: dogs rise from 50% to 90% of the traffic',
  concept: 'concept drift: that share of images has the ear cue flipped (pointed ears on dogs, floppy on cats)',
};

export interface Shift {
  kind: ShiftKind;
  /** Full strength in [0, 1]. */
  strength: number;
  /** First day the shift is felt (day 0 is always the training distribution). */
  startDay: number;
  /** Days from the start to full strength (0: all at once). */
  rampDays: number;
}

export interface DriftScenario {
  /** Seeds every image drawn, every label drawn and every pixel shift. */
  seed: number;
  /** Simulated days, day 0 included. */
  days: number;
  /** Queries served per day. */
  queriesPerDay: number;
  /** Share of each day's queries whose true label comes back (delayed feedback). */
  feedbackFraction: number;
  /** Days until a query's label comes back (0: the same evening). */
  feedbackDelayDays: number;
  shifts: Shift[];
}

export type Strengths = Record<ShiftKind, number>;

/** The strength of every shift on `day`: each shift ramps linearly from its start day, and shifts of one kind add up (capped at 1). */
export function strengthsOn(scenario: Pick<DriftScenario, 'shifts'>, day: number): Strengths {
  const out = Object.fromEntries(SHIFT_KINDS.map((k) => [k, 0])) as Strengths;
  if (day <= 0) return out;
  for (const s of scenario.shifts) {
    if (day < s.startDay) continue;
    const ramp = s.rampDays <= 0 ? 1 : Math.min(1, (day - s.startDay + 1) / (s.rampDays + 1));
    out[s.kind] = Math.min(1, out[s.kind] + s.strength * ramp);
  }
  return out;
}

/** Share of dogs in the traffic at a prior-shift strength. */
export function dogShareAt(priorStrength: number): number {
  return 0.5 + 0.4 * priorStrength;
}

/** Everything needed to draw one query's image: a pure function of (scenario, day, query). */
export interface ImageSpec {
  /** Drawing seed and index (draw-face's imageSeed(seed, index) picks the random stream). */
  seed: number;
  index: number;
  /** 0 cat, 1 dog. */
  label: number;
  /** Drawing changes for this image. */
  newFur: boolean;
  newBackground: boolean;
  flipEars: boolean;
  /** Pixel shifts' magnitudes in [0, 1] and their own seed, as the drawing worker applies them. */
  pixel: PixelShift;
}

/** Far above the shipped splits' index bases (train 0, val 1,000,000, test 2,000,000), so no drift image repeats a shipped one. */
export const DRIFT_INDEX_BASE = 10_000_000;
/** Indices per day: room for any queriesPerDay the settings allow. */
export const INDEX_STRIDE_PER_DAY = 100_000;

/** The `count` images of `day` (the first `count` of the day's queries), labels drawn at the day's dog share. */
export function daySpecs(scenario: DriftScenario, day: number, count = scenario.queriesPerDay): ImageSpec[] {
  const s = strengthsOn(scenario, day);
  // One stream per day: a day's images do not depend on how many days come before it.
  const rng = createRng((scenario.seed ^ Math.imul(day + 1, 0x9e3779b1)) >>> 0);
  const dogShare = dogShareAt(s.prior);
  const specs: ImageSpec[] = [];
  for (let q = 0; q < count; q++) {
    // The same number of draws per image whatever the strengths, so strengths never reshuffle which image is which.
    const label = rng.next() < dogShare ? 1 : 0;
    const fur = rng.next();
    const background = rng.next();
    const concept = rng.next();
    const pixelSeed = Math.floor(rng.next() * 2 ** 32) >>> 0;
    specs.push({
      seed: scenario.seed,
      index: DRIFT_INDEX_BASE + day * INDEX_STRIDE_PER_DAY + q,
      label,
      newFur: fur < s.fur,
      newBackground: background < s.background,
      flipEars: concept < s.concept,
      pixel: { lighting: s.lighting, noise: s.noise, blur: s.blur, seed: pixelSeed },
    });
  }
  return specs;
}

/** A short, readable line per day ("day 3: lighting 0.67, noise 0.33"). */
export function describeDay(scenario: Pick<DriftScenario, 'shifts'>, day: number): string {
  const s = strengthsOn(scenario, day);
  const parts = SHIFT_KINDS.filter((k) => s[k] > 0).map((k) => `${k} ${s[k].toFixed(2)}`);
  return parts.length ? parts.join(', ') : 'as in training';
}

/** The scenarios the Drift view offers; 'covariate' is the default (strong lighting and noise, the checked one). */
export const PRESET_SCENARIOS: Record<string, { label: string; shifts: Shift[] }> = {
  covariate: { label: 'night falls on day 1 and stays (covariate shift: lighting)', shifts: [{ kind: 'lighting', strength: 1, startDay: 1, rampDays: 0 }] },
  camera: {
    label: 'dusk to night with a noisier, blurrier camera (covariate shift, gradual)',
    shifts: [
      { kind: 'lighting', strength: 1, startDay: 1, rampDays: 2 },
      { kind: 'noise', strength: 0.5, startDay: 2, rampDays: 2 },
      { kind: 'blur', strength: 0.5, startDay: 3, rampDays: 0 },
    ],
  },
  'new-looks': {
    label: 'new fur colours and backgrounds (covariate shift in the drawing)',
    shifts: [
      { kind: 'fur', strength: 1, startDay: 1, rampDays: 2 },
      { kind: 'background', strength: 1, startDay: 1, rampDays: 2 },
    ],
  },
  prior: { label: 'more and more dogs (prior shift)', shifts: [{ kind: 'prior', strength: 1, startDay: 1, rampDays: 2 }] },
  concept: { label: 'the ear cue changes meaning (concept drift)', shifts: [{ kind: 'concept', strength: 1, startDay: 2, rampDays: 1 }] },
  none: { label: 'no drift (a world that never changes)', shifts: [] },
};

export const DEFAULT_SCENARIO: DriftScenario = {
  seed: 7,
  days: 6,
  queriesPerDay: 600,
  feedbackFraction: 0.6,
  feedbackDelayDays: 0,
  shifts: PRESET_SCENARIOS.covariate!.shifts,
};

/** A share as the percentage the view shows (0.6 → 60), without float noise (0.07 → 7, not 7.000000000000001). */
export const percentOf = (fraction: number): number => Math.round(fraction * 1e6) / 1e4;

/** A problem with a scenario, named, or null when it can run. */
export function scenarioProblem(s: DriftScenario): string | null {
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff) return `Seed must be a whole number from 0 to 4294967295, got ${s.seed}.`;
  if (!Number.isInteger(s.days) || s.days < 2 || s.days > 60) return `Days must be a whole number from 2 to 60, got ${s.days}.`;
  if (!Number.isInteger(s.queriesPerDay) || s.queriesPerDay < 10 || s.queriesPerDay > 5000) return `Queries per day must be a whole number from 10 to 5,000, got ${s.queriesPerDay}.`;
  if (!(s.feedbackFraction > 0 && s.feedbackFraction <= 1)) return `The labelled share must be above 0% and at most 100%, got ${percentOf(s.feedbackFraction)}%.`;
  if (!Number.isInteger(s.feedbackDelayDays) || s.feedbackDelayDays < 0 || s.feedbackDelayDays > 5) return `The feedback delay must be 0 to 5 days, got ${s.feedbackDelayDays}.`;
  for (const sh of s.shifts) {
    if (!SHIFT_KINDS.includes(sh.kind)) return `Unknown shift "${String(sh.kind)}".`;
    if (!(sh.strength >= 0 && sh.strength <= 1)) return `The ${sh.kind} strength must be from 0 to 1, got ${sh.strength}.`;
    if (!Number.isInteger(sh.startDay) || sh.startDay < 1) return `The ${sh.kind} shift must start on day 1 or later (day 0 is the training data), got ${sh.startDay}.`;
    if (!Number.isInteger(sh.rampDays) || sh.rampDays < 0) return `The ${sh.kind} ramp must be 0 or more days, got ${sh.rampDays}.`;
  }
  return null;
}
