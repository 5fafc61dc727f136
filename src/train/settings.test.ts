import { describe, expect, it } from 'vitest';
import { checkAgainstData, DEFAULT_SETTINGS, parseSettings } from './settings.ts';

describe('parseSettings', () => {
  it('accepts good values from strings', () => {
    const { settings, errors } = parseSettings({ epochs: '12', learningRate: '0.01', backend: 'webgl' });
    expect(errors).toEqual({});
    expect(settings.epochs).toBe(12);
    expect(settings.learningRate).toBe(0.01);
    expect(settings.backend).toBe('webgl');
  });

  it('names the field and the range for nonsense', () => {
    const { settings, errors } = parseSettings({ epochs: '-3', batchSize: 'lots', width: '2.5', backend: 'tpu' });
    expect(errors.epochs).toBe('Epochs must be between 1 and 200; got -3.');
    expect(errors.batchSize).toBe('Batch size must be a number, not "lots".');
    expect(errors.width).toMatch(/whole number/);
    expect(errors.backend).toMatch(/tpu/);
    // Bad fields keep their previous values.
    expect(settings.epochs).toBe(DEFAULT_SETTINGS.epochs);
  });

  it('refuses empty strings', () => {
    expect(parseSettings({ seed: '' }).errors.seed).toMatch(/must be a number/);
  });
});

describe('checkAgainstData', () => {
  it('refuses a training set larger than the data and a batch larger than the set', () => {
    const errors = checkAgainstData({ ...DEFAULT_SETTINGS, trainSize: 5000, batchSize: 64 }, 40);
    expect(errors.trainSize).toMatch(/5000/);
    expect(errors.batchSize).toMatch(/40 images/);
    expect(checkAgainstData(DEFAULT_SETTINGS, 2000)).toEqual({});
  });
});
