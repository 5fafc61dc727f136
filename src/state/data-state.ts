// The Data view's state: the person's image pool (per class), what was skipped and why, the
// split settings, load progress and which dataset training uses. Plain data only.
import { DEFAULT_MIN_PER_CLASS, type SkipNote } from '../data/folder-rules.ts';
import type { ImageFormat } from '../data/image-header.ts';

export interface OwnImage {
  /** File path (folder/class/name.jpg) or "webcam N". */
  id: string;
  /** size x size RGB bytes (the only copy kept: no full-size image survives decoding). */
  rgb: Uint8Array;
  hash: string;
  source: 'file' | 'webcam';
  /** Original size and format, from the file's header. */
  width: number;
  height: number;
  format: ImageFormat;
}

export interface OwnClass {
  name: string;
  images: OwnImage[];
}

/** Measured while a batch of files loaded. */
export interface LoadStats {
  files: number;
  added: number;
  skipped: number;
  ms: number;
  /** Longest gap between page frames during the load (requestAnimationFrame). */
  maxFrameGapMs: number;
  /** Longest stretch of the page's own work per decoded batch (adding the images, updating the store). */
  longestStepMs: number;
}

export interface DataSettings {
  /** Smallest class accepted when the dataset is used. */
  minPerClass: number;
  /** Percent of each class for validation and for the held-out test. */
  valPercent: number;
  testPercent: number;
  seed: number;
}

export type DataSettingErrors = Partial<Record<keyof DataSettings, string>>;

export interface ActiveOwnDataset {
  name: string;
  classNames: string[];
  /** Images per class in each split. */
  perClass: Record<'train' | 'val' | 'test', number[]>;
  duplicates: number;
}

export interface DataState {
  classes: OwnClass[];
  /** Every file or class left out since the pool was started, with why. */
  skipped: SkipNote[];
  loading: { done: number; total: number; what: string } | null;
  lastLoad: LoadStats | null;
  /** Latest message for the person (an error, or what a step did). */
  message: { kind: 'error' | 'warn' | 'info'; text: string } | null;
  settings: DataSettings;
  errors: DataSettingErrors;
  /** Null: training uses the shipped dataset. */
  active: ActiveOwnDataset | null;
  /** Class the webcam is capturing into, or null. */
  capturing: string | null;
  /** Name of the dataset (the dropped folder's name, else "my images"). */
  name: string;
}

export const DEFAULT_DATA_SETTINGS: DataSettings = { minPerClass: DEFAULT_MIN_PER_CLASS, valPercent: 15, testPercent: 15, seed: 7 };

export const DATA_LIMITS: Record<keyof DataSettings, { label: string; min: number; max: number }> = {
  minPerClass: { label: 'Minimum images per class', min: 3, max: 1000 },
  valPercent: { label: 'Validation share (%)', min: 5, max: 40 },
  testPercent: { label: 'Test share (%)', min: 5, max: 40 },
  seed: { label: 'Split seed', min: 0, max: 2 ** 31 - 1 },
};

/** Parses raw form values; bad fields keep their old values and get a message naming the field. */
export function parseDataSettings(raw: Partial<Record<keyof DataSettings, unknown>>, base: DataSettings): { settings: DataSettings; errors: DataSettingErrors } {
  const settings = { ...base };
  const errors: DataSettingErrors = {};
  for (const key of Object.keys(raw) as (keyof DataSettings)[]) {
    const limit = DATA_LIMITS[key];
    if (!limit) continue;
    const text = String(raw[key]).trim();
    const n = text === '' ? NaN : Number(text);
    if (!Number.isInteger(n)) errors[key] = `${limit.label} must be a whole number, not "${text}".`;
    else if (n < limit.min || n > limit.max) errors[key] = `${limit.label} must be between ${limit.min} and ${limit.max}; got ${text}.`;
    else settings[key] = n;
  }
  return { settings, errors };
}

export function initialDataState(): DataState {
  return { classes: [], skipped: [], loading: null, lastLoad: null, message: null, settings: DEFAULT_DATA_SETTINGS, errors: {}, active: null, capturing: null, name: 'my images' };
}
