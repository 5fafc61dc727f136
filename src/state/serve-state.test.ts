import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_SETTINGS, parseServeSettings } from './serve-state.ts';

describe('parseServeSettings', () => {
  it('accepts whole query counts and keeps the default of 1024', () => {
    expect(DEFAULT_SERVE_SETTINGS.queries).toBe(1024);
    const { settings, errors } = parseServeSettings({ queries: '200', compareQueries: 64, backend: 'webgl', warmShaders: false }, DEFAULT_SERVE_SETTINGS);
    expect(errors).toEqual({});
    expect(settings).toEqual({ backend: 'webgl', warmShaders: false, queries: 200, compareQueries: 64 });
  });

  it('refuses nonsense with a message naming the field, keeping the old value', () => {
    for (const bad of ['-3', '0', '1.5', '', 'many', '1000000']) {
      const { settings, errors } = parseServeSettings({ queries: bad }, DEFAULT_SERVE_SETTINGS);
      expect(settings.queries).toBe(1024);
      expect(errors.queries).toMatch(/^Query count must be a whole number between 1 and 100,000/);
    }
    expect(parseServeSettings({ backend: 'tpu' }, DEFAULT_SERVE_SETTINGS).errors.backend).toContain('"tpu"');
  });
});
