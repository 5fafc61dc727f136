// The "where to spend" section's settings (the accuracy asked for, how it counts, the chart's unit,
// the days the traffic runs, the serving backend), checked with messages naming the field. Plain data.
import type { TtaRecord } from '../metrics/report.ts';
import type { BenchProgress } from '../serve/bench-types.ts';

export interface SpendSettings {
  /** Accuracy an option must reach, in percent. */
  targetPct: number;
  /** 'measured': the figure (median over seeds) reaches it; 'interval': its 95% interval's lower end does. */
  rule: 'measured' | 'interval';
  unit: 'time' | 'flops';
  /** Days the traffic (the Ledger's queries per day) runs for. */
  days: number;
  /** Serving backend the options' cost per query is read on. */
  backend: string;
}

export type SpendSettingErrors = Partial<Record<keyof SpendSettings, string>>;

export const DEFAULT_SPEND_SETTINGS: SpendSettings = { targetPct: 85, rule: 'measured', unit: 'time', days: 30, backend: 'wasm' };

const BACKENDS = ['wasm', 'webgl', 'cpu', 'webgpu'];

export function parseSpendSettings(raw: Partial<Record<keyof SpendSettings, unknown>>, base: SpendSettings): { settings: SpendSettings; errors: SpendSettingErrors } {
  const settings = { ...base };
  const errors: SpendSettingErrors = {};
  const number = (v: unknown) => {
    const text = String(v).trim().replace(/,/g, '').replace(/%$/, '');
    return text === '' ? Number.NaN : Number(text);
  };
  if (raw.targetPct !== undefined) {
    const n = number(raw.targetPct);
    if (!(n >= 0 && n <= 100)) errors.targetPct = `Accuracy asked for must be a percentage from 0 to 100, got "${String(raw.targetPct)}".`;
    else settings.targetPct = n;
  }
  if (raw.rule !== undefined) {
    if (raw.rule === 'measured' || raw.rule === 'interval') settings.rule = raw.rule;
    else errors.rule = `"Counts as reaching it" must be "measured" or "interval", got "${String(raw.rule)}".`;
  }
  if (raw.unit !== undefined) {
    if (raw.unit === 'time' || raw.unit === 'flops') settings.unit = raw.unit;
    else errors.unit = `Cost unit must be "time" or "flops", got "${String(raw.unit)}".`;
  }
  if (raw.days !== undefined) {
    const n = number(raw.days);
    if (!Number.isInteger(n) || n < 1 || n > 36_500) errors.days = `Days must be a whole number from 1 to 36,500, got "${String(raw.days)}".`;
    else settings.days = n;
  }
  if (raw.backend !== undefined) {
    if (BACKENDS.includes(String(raw.backend))) settings.backend = String(raw.backend);
    else errors.backend = `Serving backend must be one of ${BACKENDS.join(', ')}, got "${String(raw.backend)}".`;
  }
  return { settings, errors };
}

export interface SpendState {
  settings: SpendSettings;
  errors: SpendSettingErrors;
  /** Test-time augmentation measured in this browser and read from reports, oldest first. */
  tta: TtaRecord[];
  progress: BenchProgress | null;
  /** What the last repeat or measurement did, in words. */
  message: string | null;
}

export function initialSpendState(tta: TtaRecord[] = []): SpendState {
  return { settings: DEFAULT_SPEND_SETTINGS, errors: {}, tta, progress: null, message: null };
}
