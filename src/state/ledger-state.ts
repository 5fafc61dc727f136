// The Ledger view's settings (traffic, chart unit) with validation that names the field, and
// the state of the report import. Plain data, no DOM.

export interface LedgerSettings {
  /** Expected traffic, turning break-even queries into days. */
  queriesPerDay: number;
  /** What the cumulative-cost chart plots: measured time or analytic FLOPs. */
  unit: 'time' | 'flops';
}

export type LedgerSettingErrors = Partial<Record<keyof LedgerSettings, string>>;

export const DEFAULT_LEDGER_SETTINGS: LedgerSettings = { queriesPerDay: 10_000, unit: 'time' };

export const TRAFFIC_LIMITS = { min: 1, max: 1e12 } as const;

export function parseLedgerSettings(raw: Partial<Record<keyof LedgerSettings, unknown>>, base: LedgerSettings): { settings: LedgerSettings; errors: LedgerSettingErrors } {
  const settings = { ...base };
  const errors: LedgerSettingErrors = {};
  if (raw.queriesPerDay !== undefined) {
    const text = String(raw.queriesPerDay).trim().replace(/,/g, '');
    const n = text === '' ? Number.NaN : Number(text);
    if (!Number.isInteger(n) || n < TRAFFIC_LIMITS.min || n > TRAFFIC_LIMITS.max) {
      errors.queriesPerDay = `Traffic must be a whole number of queries per day between 1 and 10^12, got "${String(raw.queriesPerDay)}".`;
    } else settings.queriesPerDay = n;
  }
  if (raw.unit !== undefined) {
    if (raw.unit === 'time' || raw.unit === 'flops') settings.unit = raw.unit;
    else errors.unit = `Chart unit must be "time" or "flops", got "${String(raw.unit)}".`;
  }
  return { settings, errors };
}

export interface LedgerState {
  settings: LedgerSettings;
  errors: LedgerSettingErrors;
  /** Family (its root model's id) whose models the chart draws; null = the newest with a pruned model. */
  chartRun: string | null;
  /** Pruned model (row key: model id and backend) the chart sets against its parent; null = the one that repays soonest. */
  chartLevel: string | null;
  /** Last import: what was added, or why a file was refused. */
  importMessage: { kind: 'ok' | 'error'; text: string } | null;
}

export function initialLedgerState(): LedgerState {
  return { settings: DEFAULT_LEDGER_SETTINGS, errors: {}, chartRun: null, chartLevel: null, importMessage: null };
}
