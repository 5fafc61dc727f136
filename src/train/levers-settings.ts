// Settings of the training-side levers besides augmentation: distillation (temperature, the
// true-label weight, how the student is made smaller, its epochs) and the model-size sweep (the
// sizes, the epoch budget, the target validation accuracy). Parsed from form or link text with
// messages that name the field and its range; plain data, no TF.js.
import { SETTING_LIMITS, type TrainSettings } from './settings.ts';

/** How the student is made smaller than its teacher. */
export const SHRINKS = ['half-width', 'one-block-fewer', 'both'] as const;
export type Shrink = (typeof SHRINKS)[number];

export interface DistillSettings {
  /** Softmax temperature for teacher and student (1 = no softening). */
  temperature: number;
  /** Weight α of the true-label loss; the softened teacher loss takes 1 − α. */
  hardWeight: number;
  shrink: Shrink;
  /** Epochs for the student, and for the student of the same size trained alone. */
  epochs: number;
}

export interface ModelSize {
  /** Filters in the first conv block. */
  width: number;
  /** Conv blocks. */
  depth: number;
}

export interface SizeSweepSettings {
  sizes: ModelSize[];
  /** Epochs each size trains (the fixed budget). */
  epochs: number;
  /** Validation accuracy whose first crossing is timed (the time to target). */
  targetValAcc: number;
}

export const DEFAULT_DISTILL: DistillSettings = { temperature: 4, hardWeight: 0.5, shrink: 'half-width', epochs: 8 };
export const DEFAULT_SIZE_SWEEP: SizeSweepSettings = {
  sizes: [
    { width: 8, depth: 2 },
    { width: 16, depth: 3 },
    { width: 32, depth: 3 },
  ],
  epochs: 5,
  targetValAcc: 0.85,
};

interface Limit {
  label: string;
  min: number;
  max: number;
  integer: boolean;
}

export const DISTILL_LIMITS: Record<'temperature' | 'hardWeight' | 'epochs', Limit> = {
  temperature: { label: 'Temperature T', min: 1, max: 20, integer: false },
  hardWeight: { label: 'True-label weight α', min: 0, max: 1, integer: false },
  epochs: { label: 'Student epochs', min: 1, max: 200, integer: true },
};

export const SWEEP_LIMITS: Record<'epochs' | 'targetValAcc', Limit> = {
  epochs: { label: 'Epochs per size', min: 1, max: 200, integer: true },
  targetValAcc: { label: 'Target validation accuracy (a fraction, 0.5–1)', min: 0.5, max: 1, integer: false },
};

export const MAX_SIZES = 6;

function parseNumber(value: unknown, limit: Limit): { n: number } | { error: string } {
  const text = String(value).trim();
  const n = text === '' ? NaN : Number(text);
  if (!Number.isFinite(n)) return { error: `${limit.label} must be a number, not "${text}".` };
  if (limit.integer && !Number.isInteger(n)) return { error: `${limit.label} must be a whole number, not ${text}.` };
  if (n < limit.min || n > limit.max) return { error: `${limit.label} must be between ${limit.min} and ${limit.max}; got ${text}.` };
  return { n };
}

export type Errors<T> = Partial<Record<keyof T, string>>;

export function parseDistillSettings(raw: Partial<Record<keyof DistillSettings, unknown>>, base: DistillSettings = DEFAULT_DISTILL): { settings: DistillSettings; errors: Errors<DistillSettings> } {
  const settings = { ...base };
  const errors: Errors<DistillSettings> = {};
  for (const key of Object.keys(DISTILL_LIMITS) as (keyof typeof DISTILL_LIMITS)[]) {
    if (raw[key] === undefined) continue;
    const r = parseNumber(raw[key], DISTILL_LIMITS[key]);
    if ('n' in r) settings[key] = r.n;
    else errors[key] = r.error;
  }
  if (raw.shrink !== undefined) {
    const v = String(raw.shrink);
    if ((SHRINKS as readonly string[]).includes(v)) settings.shrink = v as Shrink;
    else errors.shrink = `Student size "${v}" is unknown; choose one of ${SHRINKS.join(', ')}.`;
  }
  return { settings, errors };
}

/** "8x2, 16x3, 32x3" (width x depth) into sizes, or the problem named. */
export function parseSizes(text: string): { sizes: ModelSize[] } | { error: string } {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return { error: 'Sizes: give at least one width x depth, e.g. "8x2, 16x3, 32x3".' };
  if (parts.length > MAX_SIZES) return { error: `Sizes: at most ${MAX_SIZES} sizes, got ${parts.length}.` };
  const sizes: ModelSize[] = [];
  for (const part of parts) {
    const m = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(part);
    if (!m) return { error: `Sizes: "${part}" is not width x depth (e.g. 16x3).` };
    const width = Number(m[1]);
    const depth = Number(m[2]);
    const w = SETTING_LIMITS.width;
    const d = SETTING_LIMITS.depth;
    if (width < w.min || width > w.max) return { error: `Sizes: width ${width} in "${part}" must be between ${w.min} and ${w.max}.` };
    if (depth < d.min || depth > d.max) return { error: `Sizes: depth ${depth} in "${part}" must be between ${d.min} and ${d.max}.` };
    if (sizes.some((s) => s.width === width && s.depth === depth)) return { error: `Sizes: ${part} is listed twice.` };
    sizes.push({ width, depth });
  }
  return { sizes };
}

export const sizesText = (sizes: readonly ModelSize[]): string => sizes.map((s) => `${s.width}x${s.depth}`).join(', ');

export function parseSweepSettings(raw: Partial<Record<keyof SizeSweepSettings, unknown>>, base: SizeSweepSettings = DEFAULT_SIZE_SWEEP): { settings: SizeSweepSettings; errors: Errors<SizeSweepSettings> } {
  const settings = { ...base, sizes: [...base.sizes] };
  const errors: Errors<SizeSweepSettings> = {};
  for (const key of Object.keys(SWEEP_LIMITS) as (keyof typeof SWEEP_LIMITS)[]) {
    if (raw[key] === undefined) continue;
    const r = parseNumber(raw[key], SWEEP_LIMITS[key]);
    if ('n' in r) settings[key] = r.n;
    else errors[key] = r.error;
  }
  if (raw.sizes !== undefined) {
    const r = Array.isArray(raw.sizes) ? { sizes: raw.sizes as ModelSize[] } : parseSizes(String(raw.sizes));
    if ('sizes' in r) settings.sizes = r.sizes;
    else errors.sizes = r.error;
  }
  return { settings, errors };
}

/** The student's training settings: the teacher's, made smaller, for `epochs`; or why it cannot be smaller. */
export function studentSettings(teacher: TrainSettings, shrink: Shrink, epochs: number): { settings: TrainSettings } | { error: string } {
  const halve = shrink === 'half-width' || shrink === 'both';
  const drop = shrink === 'one-block-fewer' || shrink === 'both';
  const width = halve ? Math.floor(teacher.width / 2) : teacher.width;
  const depth = drop ? teacher.depth - 1 : teacher.depth;
  if (width < SETTING_LIMITS.width.min) return { error: `The teacher's width is ${teacher.width}: half of it is below the smallest width, ${SETTING_LIMITS.width.min}. Choose "one block fewer".` };
  if (depth < SETTING_LIMITS.depth.min) return { error: `The teacher has ${teacher.depth} conv block${teacher.depth === 1 ? '' : 's'}: one fewer leaves none. Choose "half width".` };
  return { settings: { ...teacher, width, depth, epochs, patience: 0 } };
}

/** A distillation request's softening, checked where it is used (the training worker). */
export function checkDistillParams(p: { temperature: number; hardWeight: number }): string | null {
  for (const key of ['temperature', 'hardWeight'] as const) {
    const r = parseNumber(p[key], DISTILL_LIMITS[key]);
    if ('error' in r) return r.error;
  }
  return null;
}
