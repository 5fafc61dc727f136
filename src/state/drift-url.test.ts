// The Drift settings in a link: read from the state and back, one message per refused value (which
// keeps the value it had), and the fields that depend on each other made to agree.
import { describe, expect, it } from 'vitest';
import { initialDriftState } from './drift-state.ts';
import { DEFAULT_DRIFT_URL_SETTINGS, driftPatchOf, driftUrlSettingsOf, parseDriftUrlSettings, parsePolicies } from './drift-url.ts';

describe('drift URL settings', () => {
  it('reads the defaults back to the initial state', () => {
    const patch = driftPatchOf(DEFAULT_DRIFT_URL_SETTINGS);
    const init = initialDriftState();
    expect(patch.scenario).toEqual(init.scenario);
    expect(patch.policies).toEqual(init.policies);
    expect(DEFAULT_DRIFT_URL_SETTINGS.policies).toBe('never,accuracy:5:fine-tune,every:1:fine-tune');
  });

  it('carries a scenario with its strengths, policies and where the own day goes', () => {
    const { settings, errors } = parseDriftUrlSettings({ scenario: 'camera', strengths: '1,0.25,0.5', days: '4', policies: 'signal:0.3:scratch,never', floorFromDay: '1', own: 'from:3' }, DEFAULT_DRIFT_URL_SETTINGS);
    expect(errors).toEqual({});
    const patch = driftPatchOf(settings);
    expect(patch.scenario.shifts.map((s) => [s.kind, s.strength])).toEqual([['lighting', 1], ['noise', 0.25], ['blur', 0.5]]);
    expect(patch.policies).toEqual([{ kind: 'never' }, { kind: 'triggered', accDropPoints: null, signalAbove: 0.3, from: 'scratch' }]);
    expect(patch.ownPlacement).toEqual({ mode: 'from', day: 3 });
    expect(driftUrlSettingsOf({ ...initialDriftState(), ...patch })).toEqual(settings);
  });

  it('a new scenario without strengths takes the preset ones', () => {
    expect(parseDriftUrlSettings({ scenario: 'new-looks' }, DEFAULT_DRIFT_URL_SETTINGS).settings.strengths).toBe('1,1');
  });

  it('names each nonsense value and keeps the one it had', () => {
    const { settings, errors } = parseDriftUrlSettings({ scenario: 'sunrise', days: '1', queriesPerDay: '', seed: '-3', policies: 'sometimes', strengths: '1,2', servingBackend: 'gpu', own: 'tomorrow', floorAcc: '85' }, DEFAULT_DRIFT_URL_SETTINGS);
    expect(errors.scenario).toMatch(/"sunrise" is not a scenario \(covariate, camera/);
    expect(errors.days).toMatch(/whole number from 2 to 60, got "1"; kept 6/);
    expect(errors.queriesPerDay).toMatch(/got ""/);
    expect(errors.seed).toMatch(/got "-3"/);
    expect(errors.policies).toMatch(/"sometimes" should end in :fine-tune or :scratch/);
    expect(errors.strengths).toMatch(/1 number from 0 to 1 \(lighting\), got "1,2"/);
    expect(errors.servingBackend).toMatch(/one of wasm, webgl/);
    expect(errors.own).toMatch(/"append" or "from:N"/);
    expect(errors.floorAcc).toMatch(/between 0 and 1 \(0.85 is 85%\)/);
    expect(settings).toEqual(DEFAULT_DRIFT_URL_SETTINGS);
  });

  it('keeps the floor day and the own day inside a shorter stream, saying so', () => {
    const { settings, errors } = parseDriftUrlSettings({ days: '3', own: 'from:5' }, { ...DEFAULT_DRIFT_URL_SETTINGS, floorFromDay: 4 });
    expect(settings.floorFromDay).toBe(2);
    expect(settings.own).toBe('append');
    expect(errors.days).toMatch(/judged from day 2 now/);
    expect(errors.own).toMatch(/appended as one extra day now/);
  });

  it('refuses a policy listed twice or out of range, by its token', () => {
    expect(parsePolicies('never,never')).toMatch(/"never" is listed twice/);
    expect(parsePolicies('every:0:scratch')).toMatch(/"every:0:scratch": .*at least 1/);
    expect(parsePolicies('accuracy:5:fine-tune,accuracy:3:scratch')).toMatch(/listed twice/);
    expect(parsePolicies('')).toMatch(/at least one policy/);
    expect(parsePolicies('accuracy-or-signal:5:0.2:scratch')).toEqual([{ kind: 'triggered', accDropPoints: 5, signalAbove: 0.2, from: 'scratch' }]);
  });
});
