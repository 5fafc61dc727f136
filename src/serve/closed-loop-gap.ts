// Why a latency-bound search's closed-loop capacity can differ from Deploy & run's: both are
// 1000 / mean end-to-end ms of back-to-back queries after the same warm-up on a fresh worker, but at
// different moments; the split of each mean into model time and the rest says where it went.
import { formatMs, formatMsInterval, formatRate } from '../metrics/format.ts';
import { meanInterval, ratioVerdict, type MeanInterval, type RatioVerdict } from '../metrics/intervals.ts';

/** One closed loop as measured: its capacity, count, spread of end-to-end ms and mean model-only ms (null: not kept). */
export interface ClosedLoopFigure {
  qps: number;
  count: number;
  /** Sample standard deviation of the end-to-end ms; null when the run did not keep it. */
  stdMs: number | null;
  modelMeanMs: number | null;
}

/** Two figures this far apart (either way) are called different. */
export const GAP_RATIO = 1.5;

/** The 95% interval of the figure's mean end-to-end ms, or why it has none. */
export function meanMsBounds(f: ClosedLoopFigure): MeanInterval {
  return meanInterval(1000 / f.qps, f.stdMs, f.count);
}

const each = (f: ClosedLoopFigure) => {
  const b = meanMsBounds(f);
  return `${formatMs(1000 / f.qps)} each ${b.why === null ? formatMsInterval(b) : `[${b.why}]`}${f.modelMeanMs !== null && Number.isFinite(f.modelMeanMs) ? `, ${formatMs(f.modelMeanMs)} in the model` : ''}`;
};
const figure = (f: ClosedLoopFigure) => `${formatRate(f.qps, 'queries/s')} (n = ${f.count.toLocaleString('en')}, ${each(f)})`;

/** The mean ms outside the model (transport, waking the worker, waiting for a core); null when model time was not kept. */
export function outsideModelMs(f: ClosedLoopFigure): number | null {
  return f.modelMeanMs !== null && Number.isFinite(f.modelMeanMs) && f.qps > 0 ? 1000 / f.qps - f.modelMeanMs : null;
}

/**
 * The sentence shown beside the search's closed-loop figure when Deploy & run measured the same
 * backend: the two figures with the intervals of their mean ms, their ratio, whether those
 * intervals tell them apart, and which part of the time moved.
 */
export function closedLoopGap(search: ClosedLoopFigure, deploy: ClosedLoopFigure): { ratio: number; verdict: RatioVerdict | null; text: string } {
  const ratio = Math.max(search.qps, deploy.qps) / Math.min(search.qps, deploy.qps);
  const a = meanMsBounds(search);
  const b = meanMsBounds(deploy);
  // A sample too spread for an interval is too spread to tell apart from anything. A side that
  // kept no spread, or too few queries, leaves only the two means to compare: null.
  const tooSpread = a.why === 'too spread for the normal approximation' || b.why === 'too spread for the normal approximation';
  const verdict = tooSpread ? 'not distinguishable' : a.why === null && b.why === null ? ratioVerdict(a, b) : null;
  const both = `Deploy & run measured ${figure(deploy)}; this search ${figure(search)}`;
  if (a.why === 'no mean' || b.why === 'no mean') return { ratio: Number.NaN, verdict: null, text: `${both}: a side has no measured capacity, so there is nothing to compare.` };
  const withinBy = `within ${((ratio - 1) * 100).toFixed(0)}%`;
  if (!(ratio >= GAP_RATIO)) {
    // The intervals take the queries as independent, which a busy stretch breaks: "by them", not for sure.
    const told = verdict === null ? '' : verdict === 'not distinguishable' ? ', not distinguishable' : '; their intervals do not overlap, so by them the two moments differ';
    return { ratio, verdict, text: `${both}: ${withinBy}${told}.` };
  }
  const apart = `${ratio.toFixed(1)}× apart`;
  if (tooSpread) return { ratio, verdict, text: `${both}: ${apart}, but a side is too spread for an interval of its mean, so they are not distinguishable.` };
  if (verdict === 'not distinguishable') return { ratio, verdict, text: `${both}: ${apart}, but the intervals of the two means overlap, so at these counts they are not distinguishable.` };
  const onMeans = verdict === null ? ` (judged on the two means alone: ${[...new Set([a.why, b.why].filter((w) => w !== null))].join('; ')})` : '';
  const outA = outsideModelMs(search);
  const outB = outsideModelMs(deploy);
  if (outA === null || outB === null) return { ratio, verdict, text: `${both}: ${apart}${onMeans}, measured at different moments.` };
  const slower = search.qps < deploy.qps ? 'this search' : 'Deploy & run';
  const modelRatio = Math.max(search.modelMeanMs!, deploy.modelMeanMs!) / Math.min(search.modelMeanMs!, deploy.modelMeanMs!);
  const model = modelRatio < GAP_RATIO ? 'the model time hardly moved' : `the model ran ${modelRatio.toFixed(1)}× slower too`;
  // Which part of the mean moved more, in ms: the model's, or the time around it.
  if (Math.abs(outA - outB) >= Math.abs(search.modelMeanMs! - deploy.modelMeanMs!)) {
    return { ratio, verdict, text: `${both}: ${apart}${onMeans}. Most of it is outside the model: ${slower} spent ${formatMs(Math.max(outA, outB))} per query there against ${formatMs(Math.min(outA, outB))}, and ${model}. That is the serving worker waiting for a core: on a shared machine another process can hold one while the page polls on the other, and it adds to every query of a run measured then.` };
  }
  return { ratio, verdict, text: `${both}: ${apart}${onMeans}, mostly in the model itself, which ran ${modelRatio.toFixed(1)}× slower in ${slower}: the machine was busier then.` };
}
