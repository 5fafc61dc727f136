// Why a latency-bound search's closed-loop capacity can differ from Deploy & run's: both are
// 1000 / mean end-to-end ms of back-to-back queries after the same warm-up on a fresh worker, but at
// different moments; the split of each mean into model time and the rest says where it went.
import { formatMs, formatRate } from '../metrics/format.ts';

/** One closed loop as measured: its capacity, count and mean model-only ms (null: not kept). */
export interface ClosedLoopFigure {
  qps: number;
  count: number;
  modelMeanMs: number | null;
}

/** Two figures this far apart (either way) are called different. */
export const GAP_RATIO = 1.5;

const each = (f: ClosedLoopFigure) => `${formatMs(1000 / f.qps)} each${f.modelMeanMs !== null && Number.isFinite(f.modelMeanMs) ? `, ${formatMs(f.modelMeanMs)} in the model` : ''}`;
const figure = (f: ClosedLoopFigure) => `${formatRate(f.qps, 'queries/s')} (n = ${f.count.toLocaleString('en')}, ${each(f)})`;

/** The mean ms outside the model (transport, waking the worker, waiting for a core); null when model time was not kept. */
export function outsideModelMs(f: ClosedLoopFigure): number | null {
  return f.modelMeanMs !== null && Number.isFinite(f.modelMeanMs) && f.qps > 0 ? 1000 / f.qps - f.modelMeanMs : null;
}

/**
 * The sentence shown beside the search's closed-loop figure when Deploy & run measured the same
 * backend: the two figures, their ratio, and which part of the time moved.
 */
export function closedLoopGap(search: ClosedLoopFigure, deploy: ClosedLoopFigure): { ratio: number; text: string } {
  const ratio = Math.max(search.qps, deploy.qps) / Math.min(search.qps, deploy.qps);
  const both = `Deploy & run measured ${figure(deploy)}; this search ${figure(search)}`;
  if (!(ratio >= GAP_RATIO)) return { ratio, text: `${both}: within ${((ratio - 1) * 100).toFixed(0)}%.` };
  const a = outsideModelMs(search);
  const b = outsideModelMs(deploy);
  const apart = `${ratio.toFixed(1)}× apart`;
  if (a === null || b === null) return { ratio, text: `${both}: ${apart}, measured at different moments.` };
  const slower = search.qps < deploy.qps ? 'this search' : 'Deploy & run';
  const modelRatio = Math.max(search.modelMeanMs!, deploy.modelMeanMs!) / Math.min(search.modelMeanMs!, deploy.modelMeanMs!);
  const model = modelRatio < GAP_RATIO ? 'the model time hardly moved' : `the model ran ${modelRatio.toFixed(1)}× slower too`;
  // Which part of the mean moved more, in ms: the model's, or the time around it.
  if (Math.abs(a - b) >= Math.abs(search.modelMeanMs! - deploy.modelMeanMs!)) {
    return { ratio, text: `${both}: ${apart}. Most of it is outside the model: ${slower} spent ${formatMs(Math.max(a, b))} per query there against ${formatMs(Math.min(a, b))}, and ${model}. That is the serving worker waiting for a core: on a shared machine another process can hold one while the page polls on the other, and it adds to every query of a run measured then.` };
  }
  return { ratio, text: `${both}: ${apart}, mostly in the model itself, which ran ${modelRatio.toFixed(1)}× slower in ${slower}: the machine was busier then.` };
}
