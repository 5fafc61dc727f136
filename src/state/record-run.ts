// Turns a finished training run into a run-history entry: the report's RunRecord for it, the
// settings, and the dataset's name and counts (what the Ledger and the report need, no pixels).
import type { LabelledDataset } from '../data/image-set.ts';
import type { EpochRecord, PruneDenseRecord } from '../metrics/report.ts';
import type { DenseState } from './prune-state.ts';
import type { TrainSettings } from '../train/settings.ts';
import type { RunHistory, RunHistoryEntry } from './run-history.ts';

export interface FinishedTraining {
  dataset: LabelledDataset;
  settings: TrainSettings;
  backend: string;
  records: EpochRecord[];
  end: string;
}

export function datasetSummary(dataset: LabelledDataset): RunHistoryEntry['dataset'] {
  return { name: dataset.name, counts: { train: dataset.train.count, val: dataset.val.count, test: dataset.test.count, classes: dataset.classNames.length } };
}

export function recordTrainingRun(history: RunHistory, t: FinishedTraining): RunHistoryEntry | null {
  if (t.records.length === 0) return null;
  const n = history.entries.filter((e) => e.source === 'session').length + 1;
  const label = `Run ${n}: ${t.backend}, ${t.records.length} epoch${t.records.length === 1 ? '' : 's'} × ${t.settings.trainSize.toLocaleString('en')} images${t.end === 'completed' ? '' : ` (${t.end})`}`;
  return history.recordTraining({
    label,
    run: { backend: t.backend, train: { epochs: t.records }, serve: [], prune: [] },
    settings: { ...t.settings },
    dataset: datasetSummary(t.dataset),
  });
}

/** The dense model's report figures from the Prune view's state (no inspection, no histograms). */
export function pruneDenseRecord(d: DenseState | null): PruneDenseRecord | null {
  if (!d) return null;
  return { testAcc: d.testAcc, p50Ms: d.p50Ms, modelP50Ms: d.modelP50Ms, weightBytes: d.weightBytes, gzipBytes: d.gzipBytes, nonzeroParams: d.nonzeroParams, params: d.params, flopsPerQuery: d.flopsPerQuery };
}
