// The shape of the app's state: what every view renders from. Plain data only.
import type { LabelledDataset } from '../data/image-set.ts';
import type { BackendCapabilities, EpochRecord } from '../metrics/report.ts';
import type { TrainSettings, SettingErrors } from '../train/settings.ts';
import { DEFAULT_SETTINGS } from '../train/settings.ts';
import type { EpochDetail, RunEnd } from '../train/trainer.ts';

export type DatasetStatus =
  | { kind: 'idle' }
  | { kind: 'loading'; done: number; total: number }
  | { kind: 'ready'; dataset: LabelledDataset }
  | { kind: 'error'; message: string };

/** The app's views, in tab order. */
export const VIEW_IDS = ['data', 'train', 'inside', 'serve', 'prune', 'ledger', 'models'] as const;
export type ViewId = (typeof VIEW_IDS)[number];

export type TrainingPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'finished' | 'failed';

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
}

export interface LabState {
  view: ViewId;
  dataset: DatasetStatus;
  settings: TrainSettings;
  settingErrors: SettingErrors;
  backends: Record<string, BackendCapabilities> | null;
  training: TrainingState;
  /** Has a trained model been kept in the worker (can be served / exported)? */
  hasModel: boolean;
  /** Lecture mode: the presenter layout (large type, controls tucked away), issue 6. */
  lecture: boolean;
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
};

export function initialLabState(): LabState {
  return {
    view: 'train',
    dataset: { kind: 'idle' },
    settings: DEFAULT_SETTINGS,
    settingErrors: {},
    backends: null,
    training: IDLE_TRAINING,
    hasModel: false,
    lecture: false,
  };
}
