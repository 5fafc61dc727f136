import { describe, expect, it } from 'vitest';
import { DEFAULT_PRUNE_SETTINGS, parsePruneSettings } from './prune-state.ts';

describe('parsePruneSettings', () => {
  it('accepts good values and keeps the sweep order of levels', () => {
    const { settings, errors } = parsePruneSettings({ levels: ['structured:0.5', 'unstructured:0.9'], epochs: '1', queries: '64', schedule: 'one-shot', scope: 'per-layer' }, DEFAULT_PRUNE_SETTINGS);
    expect(errors).toEqual({});
    expect(settings).toEqual({ levels: [{ method: 'unstructured', sparsity: 0.9 }, { method: 'structured', sparsity: 0.5 }], epochs: 1, queries: 64, schedule: 'one-shot', scope: 'per-layer' });
  });

  it('refuses bad values with messages naming the field, keeping the old values', () => {
    const { settings, errors } = parsePruneSettings({ levels: [], epochs: '-1', queries: 'lots', schedule: 'weekly' }, DEFAULT_PRUNE_SETTINGS);
    expect(settings).toEqual(DEFAULT_PRUNE_SETTINGS);
    expect(errors.levels).toBe('Choose at least one pruning level.');
    expect(errors.epochs).toContain('Fine-tune epochs must be a whole number between 0 and 20');
    expect(errors.queries).toContain('Latency queries per model');
    expect(errors.schedule).toContain('weekly');
  });
});
