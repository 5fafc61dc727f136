// The day loop with fakes for drawing, serving and training: labels come back after the delay, the
// policy retrains on what has come back, the new model serves from the next day, and the totals are
// the sums of the measured parts.
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/image-set.ts';
import { DEFAULT_SCENARIO, type DriftScenario } from './schedule.ts';
import { labelledIndices, runLifecycle, type LifecycleDeps, type RetrainRequest } from './simulate.ts';
import type { PolicySpec } from './policy.ts';

const N = 100;
const scenario: DriftScenario = { ...DEFAULT_SCENARIO, days: 6, queriesPerDay: N, feedbackFraction: 0.5 };

/** Day d's images: labels alternate; brightness falls after day 1 (a label-free shift the signal sees). */
function dayImages(d: number): ImageSet {
  const pixels = new Uint8Array(N * 4 * 4 * 3).fill(d >= 2 ? 40 : 160);
  return { pixels, labels: Uint8Array.from({ length: N }, (_, i) => i % 2), count: N, height: 4, width: 4, ids: [] };
}

/** A world where model "m0" is right 90% of the time until day 2, then 60%; any retrained model is right 90%. */
function fakeDeps(requests: RetrainRequest[]): LifecycleDeps & { deployed: string[] } {
  let current = '';
  const deployed: string[] = [];
  let day = 0;
  return {
    deployed,
    day: async (d) => {
      day = d;
      return dayImages(d);
    },
    deploy: async (id) => {
      current = id;
      deployed.push(id);
      return { loadMs: 50, flopsPerQuery: 1000 };
    },
    serve: async (images) => {
      const rate = current === 'm0' && day >= 2 ? 0.6 : 0.9;
      const predicted = Int16Array.from({ length: images.count }, (_, i) => ((i * 37) % 100) / 100 < rate ? images.labels[i]! : 1 - images.labels[i]!);
      return { predicted, confidence: Float32Array.from({ length: images.count }, () => (current === 'm0' && day >= 2 ? 0.6 : 0.95)), e2eMs: new Float64Array(images.count).fill(2), modelMs: new Float64Array(images.count).fill(1), failed: 0 };
    },
    retrain: async (request) => {
      requests.push(request);
      return { modelId: `v${request.day}`, images: request.labelled.count, epochs: 3, trainMs: 1000, trainFlops: 1e9, valAcc: 0.9 };
    },
  };
}

const start = { baseModelId: 'm0', initialTrainMs: 60_000, initialTrainFlops: 1e12, servingBackend: 'wasm', trainBackend: 'wasm' };

describe('runLifecycle', () => {
  it('never retrains under "never" and shows the drop', async () => {
    const requests: RetrainRequest[] = [];
    const run = await runLifecycle(scenario, { kind: 'never' }, start, fakeDeps(requests));
    expect(requests).toEqual([]);
    expect(run.days.map((d) => d.modelId)).toEqual(Array(6).fill('m0'));
    expect(run.days[5]!.monitoredAcc).toBeLessThan(run.days[0]!.monitoredAcc - 0.15);
    expect(run.days[0]!.labelled).toBe(50);
  });

  it('retrains when accuracy drops, serves the new model from the next day, and stops retraining once it recovers', async () => {
    const requests: RetrainRequest[] = [];
    const deps = fakeDeps(requests);
    const policy: PolicySpec = { kind: 'triggered', accDropPoints: 5, signalAbove: null, from: 'fine-tune' };
    const run = await runLifecycle(scenario, policy, start, deps);
    expect(run.retrains.map((r) => r.day)).toEqual([2]);
    expect(requests[0]!.parentId).toBe('m0');
    // The fine-tune learns from the last two days' labels that came back (days 1 and 2).
    expect(requests[0]!.labelled.count).toBe(100);
    expect(run.days.map((d) => d.modelId)).toEqual(['m0', 'm0', 'm0', 'v2', 'v2', 'v2']);
    expect(deps.deployed).toEqual(['m0', 'v2']);
    expect(run.deploys.map((d) => d.day)).toEqual([0, 3]);
    expect(run.deploys[1]!.coldQueryMs).toBe(2);
  });

  it('waits for delayed labels before the accuracy trigger can fire', async () => {
    const requests: RetrainRequest[] = [];
    const policy: PolicySpec = { kind: 'triggered', accDropPoints: 5, signalAbove: null, from: 'fine-tune' };
    const run = await runLifecycle({ ...scenario, feedbackDelayDays: 1 }, policy, start, fakeDeps(requests));
    // Day 2's drop is known on day 3's evening.
    expect(run.retrains.map((r) => r.day)).toEqual([3]);
    expect(run.days[2]!.labelsOnDay).toBe(3);
  });

  it('fires on the label-free signal when the inputs shift', async () => {
    const requests: RetrainRequest[] = [];
    const run = await runLifecycle(scenario, { kind: 'triggered', accDropPoints: null, signalAbove: 0.25, from: 'scratch' }, start, fakeDeps(requests));
    expect(run.retrains[0]!.day).toBe(2);
    expect(run.days[2]!.inputPsi).toBeGreaterThan(0.25);
    expect(run.days[1]!.inputPsi).toBeCloseTo(0, 9);
    // From scratch learns from every labelled day so far.
    expect(requests[0]!.labelled.count).toBe(150);
  });

  it('retrains every day under "every 1 day", and its totals are the sums of its parts', async () => {
    const requests: RetrainRequest[] = [];
    const run = await runLifecycle(scenario, { kind: 'every', days: 1, from: 'fine-tune' }, start, fakeDeps(requests));
    expect(run.retrains.map((r) => r.day)).toEqual([1, 2, 3, 4]);
    // Day 0 (the training distribution) is never in a fine-tune's feedback: day 1's retraining learns from day 1 alone.
    expect(requests.map((r) => r.labelled.count)).toEqual([50, 100, 100, 100]);
    const t = run.totals;
    expect(t.servingMs).toBe(6 * N * 2);
    expect(t.retrainMs).toBe(4 * 1000);
    expect(t.deployMs).toBe(5 * 50);
    expect(t.busyMs).toBe(t.initialTrainMs + t.retrainMs + t.deployMs + t.servingMs);
    expect(t.totalFlops).toBe(1e12 + 4e9 + 6 * N * 1000);
    expect(run.summary.retrainings).toBe(4);
  });

  it('serves an appended day with no labels (webcam): no monitored accuracy, the signal still watches it, the summary leaves it out', async () => {
    const requests: RetrainRequest[] = [];
    const policy: PolicySpec = { kind: 'triggered', accDropPoints: 5, signalAbove: null, from: 'fine-tune' };
    const run = await runLifecycle({ ...scenario, days: 2 }, policy, { ...start, days: 3, ownDays: { 2: { name: 'webcam', labelsKnown: false } } }, fakeDeps(requests));
    expect(run.days).toHaveLength(3);
    const webcam = run.days[2]!;
    expect(webcam.source).toBe('webcam');
    expect(webcam.labelled).toBe(0);
    expect(webcam.monitoredAcc).toBeNaN();
    expect(webcam.correct).toBeNaN();
    // Its inputs are darker than day 0's: the label-free signal sees it.
    expect(webcam.inputPsi).toBeGreaterThan(0.25);
    expect(run.summary.meanAcc).toBeCloseTo((run.days[0]!.monitoredAcc + run.days[1]!.monitoredAcc) / 2, 9);
    expect(Number.isFinite(run.summary.worstAcc)).toBe(true);
    // Served and priced like any other day.
    expect(run.totals.servingMs).toBe(3 * N * 2);
    expect(requests).toEqual([]);
  });

  it('a labelled own day from day N on is monitored like a drawn one', async () => {
    const run = await runLifecycle(scenario, { kind: 'never' }, { ...start, ownDays: { 4: { name: 'your folder "later"', labelsKnown: true }, 5: { name: 'your folder "later"', labelsKnown: true } } }, fakeDeps([]));
    expect(run.days.map((d) => d.source ?? '')).toEqual(['', '', '', '', 'your folder "later"', 'your folder "later"']);
    expect(run.days[4]!.labelled).toBe(50);
    expect(Number.isFinite(run.days[4]!.monitoredAcc)).toBe(true);
  });

  it('a retraining Stop cut short is not a retraining: no record, no redeploy, not in the totals, and the stream ends that day', async () => {
    const requests: RetrainRequest[] = [];
    const deps = fakeDeps(requests);
    const finish = deps.retrain;
    // Day 1's retraining finishes; day 2's is stopped after one epoch.
    deps.retrain = async (request) => (request.day === 2 ? (requests.push(request), { stopped: true, epochsDone: 1, epochs: 3, trainMs: 400 }) : finish(request));
    const seen: number[] = [];
    deps.onDay = (day, partial) => seen.push(day.day, partial.retrains.length);
    const run = await runLifecycle(scenario, { kind: 'every', days: 1, from: 'fine-tune' }, start, deps);
    expect(requests.map((r) => r.day)).toEqual([1, 2]);
    expect(run.days.map((d) => d.day)).toEqual([0, 1, 2]);
    expect(run.retrains.map((r) => r.day)).toEqual([1]);
    expect(run.summary.retrainings).toBe(1);
    expect(run.stopped).toBe(true);
    expect(run.stoppedRetraining).toEqual({ day: 2, from: 'fine-tune', epochsDone: 1, epochs: 3, trainMs: 400 });
    expect(deps.deployed).toEqual(['m0', 'v1']);
    const t = run.totals;
    expect(t.retrainMs).toBe(1000);
    expect(t.busyMs).toBe(t.initialTrainMs + t.retrainMs + t.deployMs + t.servingMs);
    // The view saw the stopped day, with the one counted retraining.
    expect(seen).toEqual([0, 0, 1, 1, 2, 1]);
  });

  it('labels the same queries for the same seed and day', () => {
    expect(Array.from(labelledIndices(scenario, 3, N))).toEqual(Array.from(labelledIndices(scenario, 3, N)));
    expect(labelledIndices(scenario, 3, N).length).toBe(50);
  });
});
