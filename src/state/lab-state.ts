// The shape of the app's shared state: the view, the dataset, the training settings and the run
// in progress. Plain data only. Which model is in use lives in the registry (its selection).
import type { LabelledDataset } from '../data/image-set.ts';
import type { BackendCapabilities, EpochRecord } from '../metrics/report.ts';
import type { TrainSettings, SettingErrors } from '../train/settings.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import type { EpochDetail, RunEnd } from '../workbench/protocol.ts';

export type DatasetStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; done: number; total: number }
  | { kind: 'ready'; dataset: LabelledDataset }
  | { kind: 'error'; message: string };

/** The app's views, in tab order. */
export const VIEW_IDS = ['data', 'train', 'inside', 'serve', 'prune', 'drift', 'ledger', 'models', 'class'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export type TrainingPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'finished' | 'failed';

/** Phases in which a run holds the training worker. */
export const BUSY_PHASES: readonly TrainingPhase[] = ['starting', 'running', 'paused', 'stopping'];

export interface TrainingState {
  phase: TrainingPhase;
  /** Settings of the run in progress or last run. */
  settings: TrainSettings | null;
  epoch: number;
  batch: number;
  batches: number;
  /** Loss of every batch so far, for the live curve. */
  batchLosses: number[];
  records: EpochRecord[];
  validation: EpochDetail['validation'] | null;
  end: RunEnd | null;
  error: string | null;
  capabilities: BackendCapabilities | null;
  /** Longest gap between frames on the page during the run. */
  maxFrameGapMs: number;
  /** Registry id of the model this run became once it finished; null before. */
  modelId: string | null;
  /** The worker has been silent much longer than its slowest step so far: it may be hung. */
  stalled: { silentMs: number; thresholdMs: number; slowestGapMs: number } | null;
}

/** A run whose tab closed or reloaded mid-way: its checkpoint after `epoch` of `epochs` is kept. */
export interface InterruptedRun {
  epoch: number;
  epochs: number;
  settings: TrainSettings;
  datasetName: string;
  /** ISO 8601 time of the checkpoint. */
  savedAt: string;
  /** Why resuming was refused (another dataset, a model it cannot feed), if it was. */
  refused: string | null;
}

export interface LabState {
  view: ViewId;
  dataset: DatasetStatus;
  settings: TrainSettings;
  settingErrors: SettingErrors;
  backends: Record<string, BackendCapabilities> | null;
  training: TrainingState;
  /** Lecture mode: the presenter layout (large type, controls tucked away). */
  lecture: boolean;
  /** A run interrupted by a reload or a closed tab, which can be resumed. */
  interrupted: InterruptedRun | null;
}

export const IDLE_TRAINING: TrainingState = {
  phase: 'idle',
  settings: null,
  epoch: 0,
  batch: 0,
  batches: 0,
  batchLosses: [],
  records: [],
  validation: null,
  end: null,
  error: null,
  capabilities: null,
  maxFrameGapMs: 0,
  modelId: null,
  stalled: null,
};

export function initialLabState(): LabState {
  return {
    view: 'train',
    dataset: { kind: 'idle' },
    settings: DEFAULT_SETTINGS,
    settingErrors: {},
    backends: null,
    training: IDLE_TRAINING,
    lecture: false,
    interrupted: null,
  };
}

export const isTrainingBusy = (s: Pick<LabState, 'training'>): boolean => BUSY_PHASES.includes(s.training.phase);
