// One policy over one drifting stream, day by day, as production would live it: serve the day's
// queries, get a share of the labels back after the delay, watch the label-free signal, and let the
// policy retrain (real training, through `deps`) and redeploy. The serving, training and drawing are
// injected, so this loop is tested in Node with fakes and runs unchanged on the real workers.
import type { ImageSet } from '../data/image-set.ts';
import { shuffledIndices } from '../data/prng.ts';
import { wilsonInterval } from '../metrics/intervals.ts';
import { accuracySummary, costTotals } from './cost.ts';
import { ksStatistic, psi } from './monitor.ts';
import { meanBrightness } from './pixel-shifts.ts';
import { policyLabel, retrainReason, type PolicySpec, type RetrainFrom } from './policy.ts';
import type { DayRecord, LifecycleRun, StoppedRetraining } from './records.ts';
import { concatSets, pick } from './image-sets.ts';
import type { DriftScenario } from './schedule.ts';

/** What serving a day through the serving worker gives back, per query. */
export interface ServedDay {
  /** Predicted class per query (-1 for a failed query). */
  predicted: Int16Array;
  /** Top-class probability per query (0 for a failed query). */
  confidence: Float32Array;
  e2eMs: Float64Array;
  modelMs: Float64Array;
  failed: number;
}

export interface RetrainRequest {
  from: RetrainFrom;
  /** The labelled feedback images to learn from. */
  labelled: ImageSet;
  /** The model to fine-tune, or the one replaced when training from scratch. */
  parentId: string;
  day: number;
  reason: string;
  policyLabel: string;
}

export interface RetrainOutcome {
  stopped?: undefined;
  modelId: string;
  images: number;
  epochs: number;
  trainMs: number;
  trainFlops: number;
  valAcc: number;
  /** The epoch whose weights were kept (lowest validation loss). */
  keptEpoch?: number;
}

/** A retraining Stop cut short: what it had finished (it made no model). */
export interface RetrainStopped {
  stopped: true;
  epochsDone: number;
  epochs: number;
  trainMs: number;
}

export interface LifecycleDeps {
  /** The day's images with their true labels (drawn once per stream, shared by every policy). */
  day(day: number): Promise<ImageSet>;
  deploy(modelId: string): Promise<{ loadMs: number; flopsPerQuery: number }>;
  serve(images: ImageSet): Promise<ServedDay>;
  /** A retraining; one cut short by Stop says so (no model) and ends the stream. */
  retrain(request: RetrainRequest): Promise<RetrainOutcome | RetrainStopped>;
  onDay?(record: DayRecord, run: LifecycleRun): void;
  signal?: AbortSignal;
}

export interface LifecycleStart {
  baseModelId: string;
  /** The base model's measured training: the run's initial cost. */
  initialTrainMs: number;
  initialTrainFlops: number;
  servingBackend: string;
  trainBackend: string;
  /** Days served (default: the scenario's; one more when the person's images are appended). */
  days?: number;
  /** Days served from the person's own images: named, and whether their labels can come back (never for webcam frames). */
  ownDays?: Record<number, { name: string; labelsKnown: boolean }>;
}

/** The queries of a day whose labels come back: the first feedbackFraction of a seeded shuffle. */
export function labelledIndices(scenario: DriftScenario, day: number, count: number): Uint32Array {
  const n = Math.max(1, Math.round(count * scenario.feedbackFraction));
  return shuffledIndices(count, (scenario.seed * 7919 + day * 104729 + 1) >>> 0).subarray(0, Math.min(n, count));
}

function brightnessOf(set: ImageSet): number[] {
  const stride = set.height * set.width * 3;
  return Array.from({ length: set.count }, (_, i) => meanBrightness(set.pixels, i * stride, stride));
}

/**
 * How many recent days of labels a fine-tune learns from (from scratch learns from every labelled day).
 * Day 0's are left out: day 0 is the training distribution, which the replayed training images stand for.
 */
export const FINE_TUNE_WINDOW_DAYS = 2;

export async function runLifecycle(scenario: DriftScenario, policy: PolicySpec, start: LifecycleStart, deps: LifecycleDeps): Promise<LifecycleRun> {
  const run: LifecycleRun = {
    policy,
    policyLabel: policyLabel(policy),
    baseModelId: start.baseModelId,
    servingBackend: start.servingBackend,
    trainBackend: start.trainBackend,
    days: [],
    retrains: [],
    deploys: [],
    totals: costTotals({ trainMs: start.initialTrainMs, trainFlops: start.initialTrainFlops }, [], [], []),
    summary: accuracySummary([], []),
    stopped: false,
  };
  let modelId = start.baseModelId;
  let flopsPerQuery = 0;
  let pendingDeploy = true;
  // Label-free references: day 0's inputs and confidences, and the deployed model's own (its training's newest day, its first served day).
  let day0Brightness: number[] = [];
  let day0Confidence: number[] = [];
  let refBrightness: number[] = [];
  let refConfidence: number[] | null = null;
  const labelledByDay: ImageSet[] = [];
  // Day whose labels arrive on a given day: labels of day k arrive on day k + delay.
  const arrivedLabels: { day: number; set: ImageSet }[] = [];
  const pendingFeedback: { day: number; arrives: number; correct: number; n: number; set: ImageSet }[] = [];
  let latestAcc: { day: number; acc: number } | null = null;
  let baselineAcc: number | null = null;
  let stopped: StoppedRetraining | null = null;

  const days = start.days ?? scenario.days;
  for (let d = 0; d < days; d++) {
    if (deps.signal?.aborted) {
      run.stopped = true;
      break;
    }
    const images = await deps.day(d);
    if (pendingDeploy) {
      const dep = await deps.deploy(modelId);
      flopsPerQuery = dep.flopsPerQuery;
      run.deploys.push({ day: d, modelId, loadMs: dep.loadMs, coldQueryMs: Number.NaN });
      pendingDeploy = false;
    }
    const served = await deps.serve(images);
    const lastDeploy = run.deploys.at(-1)!;
    if (lastDeploy.day === d) lastDeploy.coldQueryMs = served.e2eMs[0] ?? Number.NaN;

    let correct = 0;
    for (let i = 0; i < images.count; i++) if (served.predicted[i] === images.labels[i]) correct++;
    const own = start.ownDays?.[d];
    // A day with no true labels (webcam frames) gets none back: no monitored accuracy, only the label-free signal.
    const labelsKnown = own?.labelsKnown ?? true;
    const labelled = labelsKnown ? labelledIndices(scenario, d, images.count) : new Uint32Array(0);
    let labelledCorrect = 0;
    for (const i of labelled) if (served.predicted[i] === images.labels[i]) labelledCorrect++;
    const labelledSet = pick(images, labelled);
    labelledByDay[d] = labelledSet;
    if (labelsKnown) pendingFeedback.push({ day: d, arrives: d + scenario.feedbackDelayDays, correct: labelledCorrect, n: labelled.length, set: labelledSet });

    const brightness = brightnessOf(images);
    const confidence = Array.from(served.confidence);
    if (d === 0) {
      day0Brightness = brightness;
      day0Confidence = confidence;
      refBrightness = brightness;
    }
    refConfidence ??= confidence;
    const signal = Math.max(psi(refBrightness, brightness), psi(refConfidence, confidence));
    const wilson = wilsonInterval(labelledCorrect, labelled.length);
    const record: DayRecord = {
      day: d,
      modelId,
      queries: images.count,
      failed: served.failed,
      correct: labelsKnown ? correct : Number.NaN,
      labelled: labelled.length,
      labelledCorrect,
      labelsOnDay: d + scenario.feedbackDelayDays,
      monitoredAcc: labelled.length ? labelledCorrect / labelled.length : Number.NaN,
      monitoredLow: wilson.low,
      monitoredHigh: wilson.high,
      inputPsi: psi(day0Brightness, brightness),
      confidencePsi: psi(day0Confidence, confidence),
      inputKs: ksStatistic(day0Brightness, brightness),
      confidenceKs: ksStatistic(day0Confidence, confidence),
      signal,
      servingMs: served.e2eMs.reduce((a, b) => a + b, 0),
      modelMs: served.modelMs.reduce((a, b) => a + b, 0),
      servingFlops: images.count * flopsPerQuery,
      ...(own ? { source: own.name } : {}),
    };
    run.days.push(record);

    // The evening: labels due today come back.
    for (const f of pendingFeedback.filter((p) => p.arrives === d)) {
      arrivedLabels.push({ day: f.day, set: f.set });
      if (f.day === 0) baselineAcc = f.n ? f.correct / f.n : null;
      // Only labels of what the deployed model served tell how it is doing now.
      if (run.days[f.day]?.modelId === modelId) latestAcc = { day: f.day, acc: f.n ? f.correct / f.n : 0 };
    }

    const reason = retrainReason(policy, { day: d, days, baselineAcc, latestAcc, signal });
    if (reason && policy.kind !== 'never') {
      const from = policy.from;
      const usable = arrivedLabels.filter((a) => from === 'scratch' || (a.day > 0 && a.day > d - FINE_TUNE_WINDOW_DAYS));
      const recent = usable.length ? usable : arrivedLabels.slice(-1);
      if (recent.length) {
        const outcome = await deps.retrain({ from, labelled: concatSets(recent.map((a) => a.set)), parentId: modelId, day: d, reason, policyLabel: run.policyLabel });
        // A stopped one is not a retraining: no version, no redeploy, nothing in the totals; the days served stay.
        if (outcome.stopped) stopped = { day: d, from, epochsDone: outcome.epochsDone, epochs: outcome.epochs, trainMs: outcome.trainMs };
        else {
          run.retrains.push({ day: d, reason, from, images: outcome.images, epochs: outcome.epochs, trainMs: outcome.trainMs, trainFlops: outcome.trainFlops, modelId: outcome.modelId, parentId: modelId, valAcc: outcome.valAcc, ...(outcome.keptEpoch !== undefined ? { keptEpoch: outcome.keptEpoch } : {}) });
          modelId = outcome.modelId;
          pendingDeploy = true;
          refBrightness = brightnessOf(recent.at(-1)!.set);
          refConfidence = null;
          latestAcc = null;
        }
      }
    }
    run.totals = costTotals({ trainMs: start.initialTrainMs, trainFlops: start.initialTrainFlops }, run.days, run.retrains, run.deploys);
    run.summary = accuracySummary(run.days, run.retrains);
    if (stopped) {
      run.stopped = true;
      run.stoppedRetraining = stopped;
    }
    deps.onDay?.(record, run);
    if (stopped) break;
  }
  return run;
}
