// The Drift view's one-line outcome of a stream: finished, stopped between days, or stopped during a
// retraining (which made no version and is not counted), with what was kept.
import { formatMs } from '../metrics/format.ts';
import type { LifecycleRecord } from './records.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** What became of the stream (a stop leaves the later policies unrun: they are named). */
export function streamStatus(record: LifecycleRecord): string {
  const runs = record.runs;
  const retrainings = runs.reduce((a, r) => a + r.retrains.length, 0);
  const versions = retrainings === 0 ? '' : retrainings === 1 ? 'the retraining (a new version in the Models view)' : `the ${retrainings} retrainings (each a new version in the Models view)`;
  const unrun = (record.planned ?? []).slice(runs.length);
  const notRun = unrun.length > 0 ? ` Not run: ${unrun.map((l) => `"${l}"`).join(', ')}.` : '';
  const stopped = runs.find((r) => r.stopped);
  if (!stopped) {
    const finished = `${plural(runs.length, 'policy', 'policies')}, ${plural(retrainings, 'retraining')} (each a new version in the Models view)`;
    // Stop between two policies: the first ran to its end, the next never started.
    return unrun.length > 0 ? `Stopped after "${runs.at(-1)?.policyLabel ?? 'nothing'}" ran to its end: ${finished} kept.${notRun}` : `Stream finished: ${finished}.`;
  }
  const served = stopped.days.length;
  const days = served === 0 ? '' : served === 1 ? 'day 0 as served' : `days 0 to ${served - 1} as served`;
  const keptParts = [days, versions].filter(Boolean);
  const kept = keptParts.length ? ` Kept: ${keptParts.join(', and ')}.` : '';
  const s = stopped.stoppedRetraining;
  if (!s) return `Stopped ${served === 0 ? 'before day 0' : `after day ${served - 1}`} under "${stopped.policyLabel}".${kept}${notRun}`;
  const done = s.epochsDone > 0 ? `${s.epochsDone} of ${s.epochs} epochs had finished, ${formatMs(s.trainMs)} measured` : `none of its ${s.epochs} epochs had finished`;
  return `Stopped during day ${s.day}'s retraining under "${stopped.policyLabel}" (${done}): it made no version and is not counted in the table.${kept}${notRun}`;
}
