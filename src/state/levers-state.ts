// The Levers panel's state (distillation and the model-size sweep) as plain data: settings with
// their messages, the job in progress, and each job's results as registry ids and measured figures.
import type { AugmentSamples } from '../workbench/protocol.ts';
import type { TaskState } from './task-runner.ts';
import { DEFAULT_DISTILL, DEFAULT_SIZE_SWEEP, type DistillSettings, type Errors, type Shrink, type SizeSweepSettings } from '../train/levers-settings.ts';

/** The job in progress: which run of how many, and where that run is. */
export interface LeversJob {
  kind: 'distill' | 'sweep';
  /** e.g. "distilled student (1 of 2)". */
  step: string;
  run: number;
  runs: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
}

/** A finished distillation: the three models and what the student's training cost beyond a plain run. */
export interface DistillOutcome {
  teacherId: string;
  studentId: string;
  /** The student's size trained alone for the same epochs; null when the job stopped before it. */
  baselineId: string | null;
  temperature: number;
  hardWeight: number;
  shrink: Shrink;
  epochs: number;
  /** Measured: the teacher's forward passes during the student's training. */
  teacherMs: number;
  /** Measured: the student's whole training, teacher passes included (sum of epoch wall times). */
  studentTrainMs: number;
  /** Measured: the same-size student trained alone (sum of epoch wall times); NaN without it. */
  baselineTrainMs: number;
}

/** One size of the sweep, trained for the fixed epoch budget. */
export interface SizeRow {
  width: number;
  depth: number;
  modelId: string;
  epochs: number;
  /** Measured: sum of epoch wall times over the budget. */
  trainMs: number;
  /** Best validation accuracy within the budget and the epoch it came in. */
  bestValAcc: number;
  bestEpoch: number;
  valCount: number;
  /** Measured: wall time up to the end of the first epoch whose validation accuracy reached the target; null if none did. */
  msToTarget: number | null;
  epochToTarget: number | null;
  testAcc: number;
  testCount: number;
  params: number;
  /** Analytic forward FLOPs per query. */
  flopsPerQuery: number;
}

export interface LeversState {
  distill: DistillSettings;
  distillErrors: Errors<DistillSettings>;
  sweep: SizeSweepSettings;
  sweepErrors: Errors<SizeSweepSettings>;
  job: LeversJob | null;
  distillResult: DistillOutcome | null;
  /** The last sweep's rows (a stopped sweep keeps the sizes that finished). */
  sweepRows: SizeRow[];
  /** The target the last sweep timed against. */
  sweepTarget: number | null;
  samples: AugmentSamples | null;
  samplesError: string | null;
}

export const initialLeversState = (): LeversState => ({
  distill: DEFAULT_DISTILL,
  distillErrors: {},
  sweep: DEFAULT_SIZE_SWEEP,
  sweepErrors: {},
  job: null,
  distillResult: null,
  sweepRows: [],
  sweepTarget: null,
  samples: null,
  samplesError: null,
});

/**
 * Why the Train view's Start has to wait, or null: a Levers job (a distillation or a size sweep)
 * holds the training worker from the moment it starts (reading the dataset, the teacher's weights)
 * until its last run is recorded, and the worker trains one model at a time.
 */
export function leversHoldReason(task: Pick<TaskState, 'status' | 'task' | 'stopping'>, job: LeversJob | null): string | null {
  if (task.status !== 'running') return null;
  const what = job ? `${job.kind === 'distill' ? 'distillation' : 'size sweep'} (${job.step}, run ${job.run} of ${job.runs})` : (task.task ?? 'job').toLowerCase();
  return task.stopping
    ? `Start waits: the Levers ${what} is stopping after its current batch.`
    : `Start waits: the Levers ${what} is using the training worker, which trains one model at a time. It ends by itself, or press Stop in the Levers section.`;
}
