// The Drift view's settings as flat text fields for the page's URL (?d.scenario=camera&d.days=4…),
// so a link or a preset can carry a drift scenario: read from the state, parsed back field by field
// with a message per refused value (which keeps the value it had), and turned into a state patch.
import { DEFAULT_ENERGY } from '../drift/cost.ts';
import { policyProblem, type PolicySpec, type RetrainFrom } from '../drift/policy.ts';
import type { OwnDayPlacement } from '../drift/own-day.ts';
import { PRESET_SCENARIOS } from '../drift/schedule.ts';
import { ALL_BACKENDS, isBackendName, type BackendName } from '../tf/backend-names.ts';
import { initialDriftState, type DriftState } from './drift-state.ts';

export interface DriftUrlSettings {
  /** A preset scenario's name (PRESET_SCENARIOS). */
  scenario: string;
  /** The preset's shift strengths, in its order, comma-separated ("1,0.5,0.5"). */
  strengths: string;
  days: number;
  queriesPerDay: number;
  feedbackFraction: number;
  feedbackDelayDays: number;
  seed: number;
  /** "never,accuracy:5:fine-tune,every:1:fine-tune,signal:0.25:scratch" (one per kind, in that order). */
  policies: string;
  fineTuneEpochs: number;
  servingBackend: BackendName;
  trafficPerDay: number;
  floorAcc: number;
  floorFromDay: number;
  /** The energy estimate's assumed power (W) and PUE. */
  watts: number;
  pue: number;
  /** Where a person's own images go: "append" or "from:3" (the images themselves never go in a link). */
  own: string;
}

export type DriftUrlErrors = Partial<Record<keyof DriftUrlSettings, string>>;

const FROMS: readonly RetrainFrom[] = ['fine-tune', 'scratch'];
const SLOT_ORDER = ['never', 'accuracy', 'every', 'signal', 'accuracy-or-signal'];

/** One policy as a token ("every:2:scratch"). */
export function policyToken(p: PolicySpec): string {
  if (p.kind === 'never') return 'never';
  if (p.kind === 'every') return `every:${p.days}:${p.from}`;
  if (p.accDropPoints !== null && p.signalAbove !== null) return `accuracy-or-signal:${p.accDropPoints}:${p.signalAbove}:${p.from}`;
  return p.accDropPoints !== null ? `accuracy:${p.accDropPoints}:${p.from}` : `signal:${p.signalAbove}:${p.from}`;
}

const slot = (token: string): number => SLOT_ORDER.indexOf(token.split(':')[0]!);

export function driftUrlSettingsOf(s: DriftState): DriftUrlSettings {
  return {
    scenario: s.scenarioName,
    strengths: s.scenario.shifts.map((sh) => String(sh.strength)).join(','),
    days: s.scenario.days,
    queriesPerDay: s.scenario.queriesPerDay,
    feedbackFraction: s.scenario.feedbackFraction,
    feedbackDelayDays: s.scenario.feedbackDelayDays,
    seed: s.scenario.seed,
    policies: s.policies.map(policyToken).sort((a, b) => slot(a) - slot(b)).join(','),
    fineTuneEpochs: s.fineTuneEpochs,
    servingBackend: s.servingBackend,
    trafficPerDay: s.trafficPerDay,
    floorAcc: s.floorAcc,
    floorFromDay: s.floorFromDay,
    watts: s.energy.watts,
    pue: s.energy.pue,
    own: s.ownPlacement.mode === 'append' ? 'append' : `from:${s.ownPlacement.day}`,
  };
}

export const DEFAULT_DRIFT_URL_SETTINGS: DriftUrlSettings = driftUrlSettingsOf(initialDriftState());

/** A number from text, or null ("" and "abc" are not numbers; JS would read "" as 0). */
function num(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

const wholeIn = (min: number, max: number) => (n: number): boolean => Number.isInteger(n) && n >= min && n <= max;

/** Each numeric field's rule, as a test and the words for it. */
const NUMBER_RULES: Partial<Record<keyof DriftUrlSettings, [(n: number) => boolean, string]>> = {
  days: [wholeIn(2, 60), 'a whole number from 2 to 60'],
  queriesPerDay: [wholeIn(10, 5000), 'a whole number from 10 to 5000'],
  feedbackFraction: [(n) => n > 0 && n <= 1, 'above 0 and at most 1'],
  feedbackDelayDays: [wholeIn(0, 5), 'a whole number from 0 to 5'],
  seed: [wholeIn(0, 0xffffffff), 'a whole number from 0 to 4294967295'],
  fineTuneEpochs: [wholeIn(1, 50), 'a whole number from 1 to 50'],
  trafficPerDay: [(n) => n >= 1 && n <= 1e12, 'at least 1 (queries per day) and at most 1e12'],
  floorAcc: [(n) => n > 0 && n < 1, 'between 0 and 1 (0.85 is 85%)'],
  floorFromDay: [wholeIn(0, 59), 'a whole number from 0 to 59'],
  watts: [(n) => n > 0 && n < 10_000, 'above 0 and below 10000 (W)'],
  pue: [(n) => n >= 1 && n <= 3, 'from 1 to 3'],
};

/** A policies list from text, or the reason it is refused. */
export function parsePolicies(text: string): PolicySpec[] | string {
  const tokens = text.split(',');
  if (text === '' ) return 'at least one policy is needed (e.g. never,accuracy:5:fine-tune)';
  const out: PolicySpec[] = [];
  for (const token of tokens) {
    const [kind, ...args] = token.split(':');
    const from = args.at(-1) as RetrainFrom;
    const a = num(args[0] ?? '');
    const b = num(args[1] ?? '');
    let p: PolicySpec | null = null;
    if (kind === 'never' && args.length === 0) p = { kind: 'never' };
    else if (!FROMS.includes(from)) return `"${token}" should end in :fine-tune or :scratch (or be "never")`;
    else if (kind === 'every' && args.length === 2 && a !== null) p = { kind: 'every', days: a, from };
    else if (kind === 'accuracy' && args.length === 2 && a !== null) p = { kind: 'triggered', accDropPoints: a, signalAbove: null, from };
    else if (kind === 'signal' && args.length === 2 && a !== null) p = { kind: 'triggered', accDropPoints: null, signalAbove: a, from };
    else if (kind === 'accuracy-or-signal' && args.length === 3 && a !== null && b !== null) p = { kind: 'triggered', accDropPoints: a, signalAbove: b, from };
    if (!p) return `"${token}" is not a policy (never, accuracy:POINTS:FROM, every:DAYS:FROM, signal:PSI:FROM)`;
    const problem = policyProblem(p);
    if (problem) return `"${token}": ${problem}`;
    if (out.some((q) => slot(policyToken(q)) === slot(token))) return `"${kind}" is listed twice`;
    out.push(p);
  }
  return out.sort((x, y) => slot(policyToken(x)) - slot(policyToken(y)));
}

function parseOwn(text: string): OwnDayPlacement | null {
  if (text === 'append') return { mode: 'append' };
  const m = /^from:(\d{1,2})$/.exec(text);
  return m && Number(m[1]) >= 1 ? { mode: 'from', day: Number(m[1]) } : null;
}

/**
 * Reads the raw fields over `current`. A value out of its range is refused with a message and the
 * current one kept; then the fields that depend on each other are made to agree (strengths to the
 * scenario's shifts, the floor's day and the own day inside the stream), with a message when a given value had to go.
 */
export function parseDriftUrlSettings(raw: Partial<Record<keyof DriftUrlSettings, unknown>>, current: DriftUrlSettings): { settings: DriftUrlSettings; errors: DriftUrlErrors } {
  const next: DriftUrlSettings = { ...current };
  const errors: DriftUrlErrors = {};
  const given = (k: keyof DriftUrlSettings): string | undefined => (Object.hasOwn(raw, k) && raw[k] !== undefined ? String(raw[k]) : undefined);
  for (const key of Object.keys(NUMBER_RULES) as (keyof DriftUrlSettings)[]) {
    const text = given(key);
    if (text === undefined) continue;
    const [ok, words] = NUMBER_RULES[key]!;
    const n = num(text);
    if (n === null || !ok(n)) errors[key] = `should be ${words}, got "${text}"; kept ${String(current[key])}.`;
    else (next as unknown as Record<string, number>)[key] = n;
  }
  const scenario = given('scenario');
  if (scenario !== undefined) {
    if (Object.hasOwn(PRESET_SCENARIOS, scenario)) {
      next.scenario = scenario;
      if (scenario !== current.scenario) next.strengths = PRESET_SCENARIOS[scenario]!.shifts.map((s) => String(s.strength)).join(',');
    } else errors.scenario = `"${scenario}" is not a scenario (${Object.keys(PRESET_SCENARIOS).join(', ')}); kept ${current.scenario}.`;
  }
  const shifts = PRESET_SCENARIOS[next.scenario]!.shifts;
  const strengths = given('strengths');
  if (strengths !== undefined) {
    const values = strengths === '' ? [] : strengths.split(',').map(num);
    if (values.length !== shifts.length || values.some((v) => v === null || v < 0 || v > 1)) {
      errors.strengths = `should be ${shifts.length} number${shifts.length === 1 ? '' : 's'} from 0 to 1 (${shifts.map((s) => s.kind).join(', ') || 'this scenario has no shifts'}), got "${strengths}"; kept ${next.strengths || 'none'}.`;
    } else next.strengths = values.map(String).join(',');
  }
  const policies = given('policies');
  if (policies !== undefined) {
    const parsed = parsePolicies(policies);
    if (typeof parsed === 'string') errors.policies = `${parsed}; kept ${current.policies}.`;
    else next.policies = parsed.map(policyToken).join(',');
  }
  const backend = given('servingBackend');
  if (backend !== undefined) {
    if (isBackendName(backend)) next.servingBackend = backend;
    else errors.servingBackend = `should be one of ${ALL_BACKENDS.join(', ')}, got "${backend}"; kept ${current.servingBackend}.`;
  }
  const own = given('own');
  if (own !== undefined) {
    if (parseOwn(own)) next.own = own;
    else errors.own = `should be "append" or "from:N" (N a day from 1), got "${own}"; kept ${current.own}.`;
  }
  if (next.floorFromDay > next.days - 1) {
    const key = given('floorFromDay') !== undefined && !errors.floorFromDay ? 'floorFromDay' : 'days';
    errors[key] ??= `the accuracy floor was judged from day ${next.floorFromDay}, past the stream's last day (${next.days - 1}); it is judged from day ${next.days - 1} now.`;
    next.floorFromDay = next.days - 1;
  }
  const placement = parseOwn(next.own)!;
  if (placement.mode === 'from' && placement.day > next.days - 1) {
    const key = given('own') !== undefined && !errors.own ? 'own' : 'days';
    errors[key] ??= `your images were to serve from day ${placement.day}, past the stream's last day (${next.days - 1}); they are appended as one extra day now.`;
    next.own = 'append';
  }
  return { settings: next, errors };
}

/** The state patch of parsed settings (they satisfy every rule DriftLab.configure checks). */
export function driftPatchOf(s: DriftUrlSettings): Pick<DriftState, 'scenarioName' | 'scenario' | 'policies' | 'servingBackend' | 'fineTuneEpochs' | 'trafficPerDay' | 'floorAcc' | 'floorFromDay' | 'energy' | 'ownPlacement'> {
  const strengths = s.strengths === '' ? [] : s.strengths.split(',').map(Number);
  const policies = parsePolicies(s.policies);
  return {
    scenarioName: s.scenario,
    scenario: { seed: s.seed, days: s.days, queriesPerDay: s.queriesPerDay, feedbackFraction: s.feedbackFraction, feedbackDelayDays: s.feedbackDelayDays, shifts: PRESET_SCENARIOS[s.scenario]!.shifts.map((sh, i) => ({ ...sh, strength: strengths[i] ?? sh.strength })) },
    policies: typeof policies === 'string' ? [] : policies,
    servingBackend: s.servingBackend,
    fineTuneEpochs: s.fineTuneEpochs,
    trafficPerDay: s.trafficPerDay,
    floorAcc: s.floorAcc,
    floorFromDay: s.floorFromDay,
    energy: { ...DEFAULT_ENERGY, watts: s.watts, pue: s.pue },
    ownPlacement: parseOwn(s.own)!,
  };
}
