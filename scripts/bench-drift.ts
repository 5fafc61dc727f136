// `npm run bench -- --drift`: a short drifting stream (night falls on day 1) served from the model
// the bench just trained on wasm, under "never", "when accuracy drops 5 points" and "every day",
// with the Drift view's own controller in the page (drawing, serving and training workers). Prints
// the comparison table, the checks of the lifecycle, and returns the record for the report.
import type { Page } from 'playwright-core';
import { cheapestAboveFloor } from '../src/drift/cost.ts';
import type { LifecycleRecord, LifecycleRun } from '../src/drift/records.ts';
import { formatFlops, formatMs, formatPercent } from '../src/metrics/format.ts';
import type { BenchOptions } from './bench-args.ts';

export async function runDriftStep(page: Page, opts: Pick<BenchOptions, 'driftDays' | 'driftQueries' | 'driftEpochs'>, modelId: string): Promise<LifecycleRecord> {
  const record = await page.evaluate(
    async ({ modelId, days, queries, epochs }) => {
      const lab = window.trainServeLab;
      lab.registry.select(modelId);
      const problem = lab.drift.configure({
        scenario: { ...lab.drift.state.scenario, days, queriesPerDay: queries },
        fineTuneEpochs: epochs,
        policies: [
          { kind: 'never' },
          { kind: 'triggered', accDropPoints: 5, signalAbove: null, from: 'fine-tune' },
          { kind: 'every', days: 1, from: 'fine-tune' },
        ],
      });
      if (problem) throw new Error(problem);
      const unsubscribe = lab.drift.store.subscribe((s) => {
        const p = s.progress;
        if (p) (window as unknown as { benchProgress(text: string): void }).benchProgress(`drift policy ${p.policy + 1}/${p.policies} day ${p.day}/${p.days}: ${p.what}`);
      });
      const result = await lab.drift.run().finally(unsubscribe);
      if (!result) throw new Error(lab.drift.task.state.error ?? 'the drift stream did not finish');
      return result;
    },
    { modelId, days: opts.driftDays, queries: opts.driftQueries, epochs: opts.driftEpochs },
  );
  return record;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function printDriftTable(record: LifecycleRecord): void {
  const s = record.scenario;
  console.log(`\nThe price of staying accurate: ${record.scenarioName}, ${s.days} days × ${s.queriesPerDay} queries, ${Math.round(s.feedbackFraction * 100)}% labelled, seed ${s.seed}`);
  const head = ['policy', 'mean acc', 'worst', 'retrains', 'training', 'of it retrain', 'deploys', 'serving', 'total busy', 'total FLOPs', 'inference share (time · FLOPs)'];
  const widths = [34, 9, 7, 9, 10, 14, 9, 9, 11, 12, 30];
  console.log(head.map((h, i) => (i === 0 ? pad(h, widths[i]!) : lpad(h, widths[i]!))).join(' '));
  for (const r of record.runs) {
    const t = r.totals;
    const cells = [r.policyLabel, formatPercent(r.summary.meanAcc), formatPercent(r.summary.worstAcc), String(r.summary.retrainings), formatMs(t.initialTrainMs + t.retrainMs), formatMs(t.retrainMs), formatMs(t.deployMs), formatMs(t.servingMs), formatMs(t.busyMs), formatFlops(t.totalFlops), `${formatPercent(t.inferenceShareTime)} · ${formatPercent(t.inferenceShareFlops)}`];
    console.log(cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : lpad(c, widths[i]!))).join(' '));
  }
  console.log('Daily monitored accuracy:');
  for (const r of record.runs) console.log(`  ${pad(r.policyLabel, 34)} ${r.days.map((d) => `${d.day}: ${formatPercent(d.monitoredAcc)}${r.retrains.some((x) => x.day === d.day) ? '*' : ''}`).join('  ')}`);
  console.log('  (* retrained at the end of that day)');
  const choice = cheapestAboveFloor(record.runs, 10_000, 0.85, 2);
  console.log(`At 10,000 queries a day and an 85% floor judged from day 2: ${choice.best ? `"${choice.best.policyLabel}" keeps every day above the floor for the least compute` : 'no policy keeps every day above the floor'}.`);
}

/** Day-0 accuracy below which the drift checks are not meaningful. */
export const MIN_DAY0_ACC = 0.75;

/** The lifecycle's checks on what was measured; each failure is a sentence. */
export function driftChecks(record: LifecycleRecord): string[] {
  const failures: string[] = [];
  const find = (kind: LifecycleRun['policy']['kind']) => record.runs.find((r) => r.policy.kind === kind);
  const never = find('never');
  const triggered = find('triggered');
  const daily = find('every');
  for (const r of record.runs) {
    const t = r.totals;
    const parts = t.initialTrainMs + t.retrainMs + t.deployMs + t.servingMs;
    if (Math.abs(t.busyMs - parts) > 1e-6 * Math.max(1, parts)) failures.push(`${r.policyLabel}: total ${t.busyMs} ms is not the sum of its parts ${parts} ms.`);
  }
  // A model near chance on day 0 has nothing to lose to drift: the accuracy checks need one that learned.
  const day0 = record.runs[0]?.days[0]?.monitoredAcc ?? Number.NaN;
  if (!(day0 >= MIN_DAY0_ACC)) {
    console.log(`Accuracy checks skipped: the base model's day-0 monitored accuracy is ${formatPercent(day0)}, below ${formatPercent(MIN_DAY0_ACC)} (train it longer to see drift).`);
    return failures;
  }
  if (never && never.days.length > 1) {
    const drop = never.days[0]!.monitoredAcc - never.days.at(-1)!.monitoredAcc;
    console.log(`Check: "never" loses ${(drop * 100).toFixed(1)} points from day 0 to the last day (at least 15 expected with a strong covariate shift).`);
    if (drop < 0.15) failures.push(`"never" lost only ${(drop * 100).toFixed(1)} points from day 0 to the last day.`);
  }
  if (triggered && triggered.retrains.length > 0) {
    const first = triggered.retrains[0]!.day;
    const base = triggered.days[0]!.monitoredAcc;
    const worst = Math.min(...triggered.days.filter((d) => d.day > first).map((d) => d.monitoredAcc));
    console.log(`Check: after its first retraining (day ${first}), "${triggered.policyLabel}" stays within ${((base - worst) * 100).toFixed(1)} points of day 0 (about 8 expected), with ${triggered.retrains.length} retrainings against ${daily?.retrains.length ?? '–'} for "every day".`);
    if (base - worst > 0.09) failures.push(`After its first retraining, "${triggered.policyLabel}" fell ${((base - worst) * 100).toFixed(1)} points below day 0.`);
    if (daily && triggered.retrains.length >= daily.retrains.length) failures.push(`"${triggered.policyLabel}" retrained as often as "every day".`);
  }
  return failures;
}
