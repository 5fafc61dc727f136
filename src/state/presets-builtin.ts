// Presets that ship with the app (not saved by anyone): a query string each, opened through the
// same validating parsers as any link. "photos" is the recommended set-up for a folder of real
// photos: augmentation on, more epochs with early stopping off, a little dropout. "drift-camera"
// is a short drifting stream (dusk to night with a worse camera) under three policies.
import type { TrainSettings } from '../train/settings.ts';
import type { Preset } from './presets-lab.ts';

/** The Train settings of the "photos" preset (the rest stay as they are). */
export const PHOTOS_TRAIN_SETTINGS: Partial<TrainSettings> = {
  epochs: 40,
  augFlip: true,
  augCrop: 0.2,
  augBrightness: 0.2,
  augContrast: 0.2,
  augSaturation: 0.3,
  dropout: 0.3,
  patience: 0,
};

const search = (view: string, train: Partial<TrainSettings>): string =>
  [`view=${view}`, ...Object.entries(train).map(([k, v]) => `t.${k}=${String(v)}`)].join('&');

/** The Drift settings of "drift-camera", as the URL's d.* fields. */
export const DRIFT_CAMERA_SEARCH = 'view=drift&d.scenario=camera&d.days=5&d.queriesPerDay=300&d.policies=never,accuracy:5:fine-tune,signal:0.25:fine-tune';

export const BUILTIN_PRESETS: readonly Preset[] = [
  { id: 'builtin-photos', name: 'photos: real photos (augmentation on)', search: search('data', PHOTOS_TRAIN_SETTINGS), createdAt: '2026-12-01T00:00:00.000Z' },
  { id: 'builtin-drift-camera', name: 'drift: dusk to night with a worse camera, 3 policies', search: DRIFT_CAMERA_SEARCH, createdAt: '2026-12-02T00:00:00.000Z' },
];
