import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings } from '../train/settings.ts';
import { DEFAULT_DRIFT_URL_SETTINGS, driftPatchOf, parseDriftUrlSettings } from './drift-url.ts';
import { BUILTIN_PRESETS, PHOTOS_TRAIN_SETTINGS } from './presets-builtin.ts';
import { PresetsLab } from './presets-lab.ts';
import { parseUrlState } from './url-state.ts';

describe('the shipped presets', () => {
  it('"photos" reads back through the link parsers with nothing refused and switches augmentation on', () => {
    const photos = BUILTIN_PRESETS.find((p) => p.id === 'builtin-photos')!;
    const { request, errors } = parseUrlState(photos.search);
    expect(errors).toEqual([]);
    const parsed = parseSettings(request.train, DEFAULT_SETTINGS);
    expect(parsed.errors).toEqual({});
    expect(parsed.settings).toEqual({ ...DEFAULT_SETTINGS, ...PHOTOS_TRAIN_SETTINGS });
    expect(parsed.settings.augFlip).toBe(true);
    expect(request.view).toBe('data');
  });

  it('"drift-camera" carries a drift scenario through the link parsers with nothing refused', () => {
    const preset = BUILTIN_PRESETS.find((p) => p.id === 'builtin-drift-camera')!;
    const { request, errors } = parseUrlState(preset.search);
    expect(errors).toEqual([]);
    expect(request.view).toBe('drift');
    const parsed = parseDriftUrlSettings(request.drift, DEFAULT_DRIFT_URL_SETTINGS);
    expect(parsed.errors).toEqual({});
    const patch = driftPatchOf(parsed.settings);
    expect(patch.scenarioName).toBe('camera');
    expect(patch.scenario.days).toBe(5);
    expect(patch.scenario.shifts.map((s) => s.kind)).toEqual(['lighting', 'noise', 'blur']);
    expect(patch.policies.map((p) => p.kind)).toEqual(['never', 'triggered', 'triggered']);
  });

  it('are listed and opened like saved ones, never renamed or deleted', () => {
    let applied = '';
    let stored = '';
    const lab = new PresetsLab({ storage: { read: () => null, write: (t) => (stored = t) }, currentSearch: () => 'view=train', apply: (s) => ((applied = s), []), baseUrl: () => 'https://x/', builtins: BUILTIN_PRESETS });
    expect(lab.open('builtin-photos')).toEqual([]);
    expect(applied).toBe(BUILTIN_PRESETS[0]!.search);
    expect(lab.remove('builtin-photos')).toBe(false);
    expect(lab.store.state.error).toMatch(/ships with the app/);
    expect(lab.rename('builtin-photos', 'mine')).toBe(false);
    expect(stored).toBe('');
    expect(lab.store.state.presets).toEqual([]);
  });
});
