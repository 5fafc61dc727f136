// Reading model files: the app's own run report, picked by mistake, is named as one and sent to the Ledger.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../metrics/build-report.ts';
import { fromModelFiles, looksLikeRunReport } from './model-files.ts';

const environment = { userAgent: 'test', hardwareConcurrency: 2, crossOriginIsolated: true, backends: {} };
const config = { dataset: 'catsdogs', model: { kind: 'cnn' }, seed: 42, epochs: 1, batchSize: 32, learningRate: 0.001, trainSize: 2000 };
const reportText = JSON.stringify(buildReport({ environment, config, runs: [], extra: { models: [], measurements: [] } }), null, 2);

describe('fromModelFiles', () => {
  it('names a run report as one and points to the Ledger, instead of "Not a model"', async () => {
    const files = [new File([reportText], 'train-serve-2025-01-01T00-00-00-report.json')];
    const err = (await fromModelFiles(files).then(() => null, (e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe('"train-serve-2025-01-01T00-00-00-report.json" is a run report, not a model: import it in the Ledger view ("Compare with a report file"), where its models and measurements join the ledger.');
    expect(err.message).not.toContain('Not a model');
  });

  it('still says "Not a model" for other JSON', async () => {
    await expect(fromModelFiles([new File(['{"schema":1}'], 'x.json')])).rejects.toThrow('has no weightsManifest');
    await expect(fromModelFiles([new File(['{"runs":[]}'], 'x.json')])).rejects.toThrow('has no weightsManifest');
  });

  it('tells a report by its shape: a schema number and a list of runs, no weights', () => {
    expect(looksLikeRunReport(JSON.parse(reportText) as Record<string, unknown>)).toBe(true);
    expect(looksLikeRunReport({ schema: 1, runs: [], weightsManifest: [] })).toBe(false);
    expect(looksLikeRunReport({ schema: '1', runs: [] })).toBe(false);
  });
});
