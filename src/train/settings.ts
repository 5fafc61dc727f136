// Training settings: defaults, limits, and validation with messages that name the field and
// the allowed range, so a nonsense value never reaches TF.js.
import type { BackendName } from '../tf/backend-names.ts';

export interface TrainSettings {
  backend: BackendName;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Filters in the first conv block (each further block doubles it). */
  width: number;
  /** Conv blocks. */
  depth: number;
  /** Training images used (the first N of the seeded shuffle of the train split). */
  trainSize: number;
  seed: number;
  /** Stop when validation loss has not improved for `patience` epochs; 0 disables it. */
  patience: number;
  /** Dropout before the output layer. */
  dropout: number;
  /**
   * End with the weights of the epoch with the lowest validation loss, not the last epoch's
   * (a long run on few images wanders). Optional: absent is off, as in models trained before it.
   */
  keepBest?: boolean;
  // Training-time augmentation (src/train/augment.ts), applied to each training batch in the
  // worker, seeded by `seed`. Optional: models trained before augmentation existed have none of
  // these, which means off; 0 (or false) is off too.
  /** Flip each training image left-right with probability 1/2. */
  augFlip?: boolean;
  /** Random crop: up to this fraction of the side is cut away (the crop scaled back to full size), 0 = off. */
  augCrop?: number;
  /** Brightness jitter: a random shift in [-x, x] of the [0, 1] pixel scale per image, 0 = off. */
  augBrightness?: number;
  /** Contrast jitter: a random factor in [1 - x, 1 + x] around the image's mean per image, 0 = off. */
  augContrast?: number;
  /** Saturation jitter: a random factor in [1 - x, 1 + x] around each pixel's grey per image, 0 = off. */
  augSaturation?: number;
}

/** The augmentation fields of the settings (all optional: absent is off). */
export type AugmentSettings = Pick<TrainSettings, 'augFlip' | 'augCrop' | 'augBrightness' | 'augContrast' | 'augSaturation'>;

export const DEFAULT_SETTINGS: TrainSettings = {
  backend: 'wasm',
  epochs: 8,
  batchSize: 32,
  learningRate: 0.001,
  width: 16,
  depth: 3,
  trainSize: 2000,
  seed: 42,
  patience: 0,
  dropout: 0,
  augFlip: false,
  augCrop: 0,
  augBrightness: 0,
  augContrast: 0,
  augSaturation: 0,
  keepBest: false,
};

interface Limit {
  label: string;
  min: number;
  max: number;
  integer: boolean;
}

/** The settings that are numbers (every one but the backend and the two switches). */
export type NumericSettingKey = Exclude<keyof TrainSettings, 'backend' | 'augFlip' | 'keepBest'>;

export const SETTING_LIMITS: Record<NumericSettingKey, Limit> = {
  epochs: { label: 'Epochs', min: 1, max: 200, integer: true },
  batchSize: { label: 'Batch size', min: 1, max: 512, integer: true },
  learningRate: { label: 'Learning rate', min: 1e-6, max: 1, integer: false },
  width: { label: 'Model width (first-layer filters)', min: 2, max: 64, integer: true },
  depth: { label: 'Model depth (conv blocks)', min: 1, max: 5, integer: true },
  trainSize: { label: 'Training-set size', min: 8, max: 100_000, integer: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
  patience: { label: 'Early-stopping patience (0 = off)', min: 0, max: 50, integer: true },
  dropout: { label: 'Dropout', min: 0, max: 0.9, integer: false },
  augCrop: { label: 'Random crop (fraction of the side cut, 0 = off)', min: 0, max: 0.5, integer: false },
  augBrightness: { label: 'Brightness jitter (±, 0 = off)', min: 0, max: 0.5, integer: false },
  augContrast: { label: 'Contrast jitter (±, 0 = off)', min: 0, max: 0.9, integer: false },
  augSaturation: { label: 'Saturation jitter (±, 0 = off)', min: 0, max: 0.9, integer: false },
};

export const FLIP_LABEL = 'Random horizontal flip';
export const KEEP_BEST_LABEL = 'Keep the epoch with the lowest validation loss';

export type SettingErrors = Partial<Record<keyof TrainSettings, string>>;

const BACKENDS: readonly string[] = ['webgl', 'wasm', 'cpu', 'webgpu'];

/**
 * Parses raw values (form strings or URL parameters) into settings. Returns the settings
 * when every field is valid, else a message per bad field.
 */
export function parseSettings(
  raw: Partial<Record<keyof TrainSettings, unknown>>,
  base: TrainSettings = DEFAULT_SETTINGS,
): { settings: TrainSettings; errors: SettingErrors } {
  const settings: TrainSettings = { ...base };
  const errors: SettingErrors = {};
  if (raw.backend !== undefined) {
    const b = String(raw.backend);
    if (BACKENDS.includes(b)) settings.backend = b as BackendName;
    else errors.backend = `Backend "${b}" is unknown; choose one of ${BACKENDS.join(', ')}.`;
  }
  // A checkbox gives a boolean, a form or a link the text "true" or "false".
  for (const [key, label] of [['augFlip', FLIP_LABEL], ['keepBest', KEEP_BEST_LABEL]] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (v === true || v === 'true') settings[key] = true;
    else if (v === false || v === 'false') settings[key] = false;
    else errors[key] = `${label} must be true or false, not "${String(v)}".`;
  }
  for (const key of Object.keys(SETTING_LIMITS) as (keyof typeof SETTING_LIMITS)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    const limit = SETTING_LIMITS[key];
    const text = String(value).trim();
    const n = text === '' ? NaN : Number(text);
    if (!Number.isFinite(n)) {
      errors[key] = `${limit.label} must be a number, not "${text}".`;
    } else if (limit.integer && !Number.isInteger(n)) {
      errors[key] = `${limit.label} must be a whole number, not ${text}.`;
    } else if (n < limit.min || n > limit.max) {
      errors[key] = `${limit.label} must be between ${limit.min} and ${limit.max}; got ${text}.`;
    } else {
      settings[key] = n;
    }
  }
  return { settings, errors };
}

/** Checks that need the dataset: the requested size cannot exceed what was loaded. */
export function checkAgainstData(settings: TrainSettings, trainAvailable: number): SettingErrors {
  const errors: SettingErrors = {};
  if (settings.trainSize > trainAvailable) {
    errors.trainSize = `Training-set size ${settings.trainSize} is more than the ${trainAvailable} training images loaded.`;
  }
  if (settings.batchSize > Math.min(settings.trainSize, trainAvailable)) {
    errors.batchSize = `Batch size ${settings.batchSize} is larger than the training set (${Math.min(settings.trainSize, trainAvailable)} images).`;
  }
  return errors;
}
