// The whole set-up in the page's URL, so an instructor can prepare links and a reload restores
// them: view, lecture mode, and the Train, Serve, Prune, Ledger and Drift settings. Pure: parse and
// serialize only; the settings' own parsers validate the values when they are applied.
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { DEFAULT_DRIFT_URL_SETTINGS, type DriftUrlSettings } from './drift-url.ts';
import { DEFAULT_LEDGER_SETTINGS, type LedgerSettings } from './ledger-state.ts';
import { VIEW_IDS, type ViewId } from './lab-state.ts';
import { DEFAULT_PRUNE_SETTINGS, levelKey, type PruneSettings } from './prune-state.ts';
import { DEFAULT_SERVE_SETTINGS, type ServeSettings } from './serve-state.ts';

/** Everything the URL holds. */
export interface UrlSnapshot {
  view: ViewId;
  lecture: boolean;
  train: TrainSettings;
  serve: ServeSettings;
  prune: PruneSettings;
  ledger: LedgerSettings;
  drift: DriftUrlSettings;
}

/** What a URL asked for, as raw values for the settings parsers (which give the messages). */
export interface UrlRequest {
  view?: ViewId;
  lecture?: boolean;
  train: Partial<Record<keyof TrainSettings, string>>;
  serve: Partial<Record<keyof ServeSettings, string>>;
  prune: Partial<Record<keyof PruneSettings, string | string[]>>;
  ledger: Partial<Record<keyof LedgerSettings, string>>;
  drift: Partial<Record<keyof DriftUrlSettings, string>>;
}

/** Parameter prefix per settings group: ?t.epochs=3&s.backend=webgl&p.levels=structured:0.5&l.queriesPerDay=1000&d.scenario=camera */
const GROUPS = { t: 'train', s: 'serve', p: 'prune', l: 'ledger', d: 'drift' } as const;
type Group = (typeof GROUPS)[keyof typeof GROUPS];

const DEFAULTS: Omit<UrlSnapshot, 'view' | 'lecture'> = { train: DEFAULT_SETTINGS, serve: DEFAULT_SERVE_SETTINGS, prune: DEFAULT_PRUNE_SETTINGS, ledger: DEFAULT_LEDGER_SETTINGS, drift: DEFAULT_DRIFT_URL_SETTINGS };

const text = (value: unknown): string =>
  Array.isArray(value) ? value.map((l) => (typeof l === 'object' && l ? levelKey(l as PruneSettings['levels'][number]) : String(l))).join(',') : String(value);

/**
 * Reads a query string. Unknown parameters and views give a message each and are ignored; values
 * are passed on as text for the settings' parsers, which refuse nonsense with a message.
 */
export function parseUrlState(search: string): { request: UrlRequest; errors: string[] } {
  const request: UrlRequest = { train: {}, serve: {}, prune: {}, ledger: {}, drift: {} };
  const errors: string[] = [];
  for (const [key, value] of new URLSearchParams(search)) {
    if (key === 'view') {
      if ((VIEW_IDS as readonly string[]).includes(value)) request.view = value as ViewId;
      else errors.push(`The link asks for a view "${value}"; the views are ${VIEW_IDS.join(', ')}.`);
      continue;
    }
    if (key === 'lecture') {
      if (value === '1' || value === 'true' || value === '') request.lecture = true;
      else if (value === '0' || value === 'false') request.lecture = false;
      else errors.push(`The link's lecture="${value}" should be 1 or 0.`);
      continue;
    }
    const dot = key.indexOf('.');
    const group: Group | undefined = GROUPS[key.slice(0, dot) as keyof typeof GROUPS];
    const field = key.slice(dot + 1);
    if (dot < 0 || !group || !Object.hasOwn(DEFAULTS[group], field)) {
      errors.push(`The link has a setting "${key}" this app does not know; it was ignored.`);
      continue;
    }
    if (group === 'prune' && field === 'levels') request.prune.levels = value === '' ? [] : value.split(',');
    else if (typeof (DEFAULTS[group] as unknown as Record<string, unknown>)[field] === 'boolean' && value !== 'true' && value !== 'false') {
      errors.push(`The link's ${key}="${value}" should be true or false.`);
    } else (request[group] as Record<string, string>)[field] = value;
  }
  return { request, errors };
}

/** The query string (without "?") for a set-up: only what differs from the defaults, in a fixed order. */
export function serializeUrlState(s: UrlSnapshot): string {
  const params = new URLSearchParams();
  params.set('view', s.view);
  if (s.lecture) params.set('lecture', '1');
  for (const [prefix, group] of Object.entries(GROUPS) as [string, Group][]) {
    const current = s[group] as unknown as Record<string, unknown>;
    const defaults = DEFAULTS[group] as unknown as Record<string, unknown>;
    for (const field of Object.keys(defaults)) {
      if (text(current[field]) !== text(defaults[field])) params.set(`${prefix}.${field}`, text(current[field]));
    }
  }
  // Keep the level keys' colons and commas readable in a prepared link.
  return params.toString().replace(/%3A/g, ':').replace(/%2C/g, ',');
}
