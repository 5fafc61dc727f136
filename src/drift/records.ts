// A lifecycle run as plain records: what each simulated day served and measured, each retraining's
// measured cost, and the totals. JSON-serializable: the Drift view, the run report and the Ledger share it.
import type { PolicySpec, RetrainFrom } from './policy.ts';
import type { DriftScenario } from './schedule.ts';

export interface DayRecord {
  day: number;
  /** Registry id of the model that served the day. */
  modelId: string;
  queries: number;
  /** Queries that failed (no answer): counted as wrong. */
  failed: number;
  /** Right answers among all queries (known only because the world is simulated; NaN for webcam frames, which have no true label). */
  correct: number;
  /** Queries whose true label came back (delayed feedback), and how many of them were right. */
  labelled: number;
  labelledCorrect: number;
  /** Day the labels came back (day + feedback delay). */
  labelsOnDay: number;
  /** labelledCorrect / labelled, with its 95% Wilson interval. */
  monitoredAcc: number;
  monitoredLow: number;
  monitoredHigh: number;
  /** PSI of the served images' mean brightness and of the top-class confidence, each against day 0's. */
  inputPsi: number;
  confidencePsi: number;
  /** KS statistic of the same two, against day 0 (shown beside PSI). */
  inputKs: number;
  confidenceKs: number;
  /** The signal the policy watched: the larger PSI against the deployed model's own reference day. */
  signal: number;
  /** Sum of the queries' end-to-end ms (page to page through the serving worker). */
  servingMs: number;
  /** Sum of model-only ms inside the worker. */
  modelMs: number;
  /** queries x analytic FLOPs per query of the serving model. */
  servingFlops: number;
  /** Set when the day served the person's own images ('your folder "later"', 'webcam') instead of drawn ones. */
  source?: string;
}

export interface RetrainRecord {
  /** Retrained at the end of this day; its model serves from the next. */
  day: number;
  reason: string;
  from: RetrainFrom;
  /** Images it trained on (labelled feedback, plus the original training images when from scratch). */
  images: number;
  epochs: number;
  /** Measured training wall time (sum of its epochs' wallMs) and analytic training FLOPs. */
  trainMs: number;
  trainFlops: number;
  /** The new model's registry id and the model it replaced. */
  modelId: string;
  parentId: string;
  /** Accuracy on the labelled images it held out for validation, at the epoch kept. */
  valAcc: number;
  /** The epoch whose weights it kept and served (lowest validation loss; 1-based); absent in older records, which kept the last. */
  keptEpoch?: number;
}

export interface DeployRecord {
  /** Deployed before this day's first query. */
  day: number;
  modelId: string;
  /** Backend start plus model load in the serving worker. */
  loadMs: number;
  /** The first query after the deploy, end to end (it is also one of the day's queries). */
  coldQueryMs: number;
}

export interface CostTotals {
  initialTrainMs: number;
  initialTrainFlops: number;
  retrainMs: number;
  retrainFlops: number;
  /** Sum of deploy loads (initial and every redeploy). */
  deployMs: number;
  servingMs: number;
  servingFlops: number;
  /** Everything: initialTrainMs + retrainMs + deployMs + servingMs. */
  busyMs: number;
  /** initialTrainFlops + retrainFlops + servingFlops. */
  totalFlops: number;
  /** (servingMs + deployMs) / busyMs and servingFlops / totalFlops. */
  inferenceShareTime: number;
  inferenceShareFlops: number;
}

export interface AccuracySummary {
  /** Mean and worst of the daily monitored accuracies. */
  meanAcc: number;
  worstAcc: number;
  retrainings: number;
}

export interface LifecycleRun {
  policy: PolicySpec;
  policyLabel: string;
  /** The model the stream started from, and its measured initial training. */
  baseModelId: string;
  servingBackend: string;
  trainBackend: string;
  days: DayRecord[];
  retrains: RetrainRecord[];
  deploys: DeployRecord[];
  totals: CostTotals;
  summary: AccuracySummary;
  /** Stop was pressed: the days served so far. */
  stopped: boolean;
  /**
   * Set when Stop came during the retraining at the end of this day: it made no version and is in
   * none of the totals (its finished epochs and their measured wall time are told here, nowhere else).
   */
  stoppedRetraining?: StoppedRetraining;
}

export interface StoppedRetraining {
  day: number;
  from: RetrainFrom;
  /** Epochs finished before the stop, of those planned. */
  epochsDone: number;
  epochs: number;
  /** Measured wall time of the finished epochs (the epoch cut short is not measured). */
  trainMs: number;
}

/** A comparison of policies on one stream: what the run report's lifecycle section holds. */
export interface LifecycleRecord {
  scenario: DriftScenario;
  scenarioName: string;
  runs: LifecycleRun[];
  /** Labels of every policy chosen, in order (a stop leaves the later ones without a run). */
  planned?: string[];
  /** ISO 8601. */
  date: string;
}
