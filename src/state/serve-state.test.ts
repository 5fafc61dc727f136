import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_SETTINGS, parseServeSettings } from './serve-state.ts';

describe('parseServeSettings', () => {
  it('accepts whole query counts and keeps the default of 1024', () => {
    expect(DEFAULT_SERVE_SETTINGS.queries).toBe(1024);
    const { settings, errors } = parseServeSettings({ queries: '200', compareQueries: 64, backend: 'webgl', warmShaders: false }, DEFAULT_SERVE_SETTINGS);
    expect(errors).toEqual({});
    expect(settings).toEqual({ backend: 'webgl', warmShaders: false, queries: 200, compareQueries: 64, deadlineMs: 15_000 });
  });

  it('takes a query deadline from 100 ms to 10 minutes, far above the normal p99 by default', () => {
    expect(parseServeSettings({ deadlineMs: '2500' }, DEFAULT_SERVE_SETTINGS).settings.deadlineMs).toBe(2500);
    const { settings, errors } = parseServeSettings({ deadlineMs: '5' }, DEFAULT_SERVE_SETTINGS);
    expect(settings.deadlineMs).toBe(15_000);
    expect(errors.deadlineMs).toBe('Query deadline (ms) must be a whole number between 100 and 600,000, got "5".');
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
