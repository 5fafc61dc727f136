// Assembles the run report (src/metrics/report.ts) from plain records, so the app's export and
// `npm run bench` write the same document. Pure: no DOM, no TF.js.
import type { Environment, RunConfig, RunRecord, RunReport } from './report.ts';

/** The training settings a report's config is made from (the Train view's fields). */
export interface ReportSettings {
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  trainSize: number;
  width: number;
  depth: number;
  [key: string]: unknown;
}

/** The model figures not among the settings (dense units, input size). */
export interface ReportModel {
  denseUnits: number;
  inputSize: number;
}

/** The report's config: the dataset, the model's shape and the training settings. */
export function reportConfig(dataset: string, settings: ReportSettings, model: ReportModel): RunConfig {
  const { seed, epochs, batchSize, learningRate, trainSize, width, depth, ...rest } = settings;
  return {
    dataset,
    model: { kind: 'cnn', width, depth, denseUnits: model.denseUnits, inputSize: model.inputSize },
    seed,
    epochs,
    batchSize,
    learningRate,
    trainSize,
    ...rest,
  };
}

export interface ReportInput {
  environment: Environment;
  config: RunConfig;
  runs: RunRecord[];
  /** ISO 8601; now by default. */
  createdAt?: string;
  /** Keys added to schema 1 (the registry's models and measurements); older readers skip them. */
  extra?: Record<string, unknown>;
}

export function buildReport({ environment, config, runs, createdAt, extra }: ReportInput): RunReport {
  // A deep copy through JSON: the report is a document, never a view onto live state.
  return JSON.parse(JSON.stringify({ schema: 1, createdAt: createdAt ?? new Date().toISOString(), environment, config, runs, ...extra })) as RunReport;
}
