// Is the idle worker's wake-up what makes the lowest open-loop rates slow? Two kinds of evidence:
// the probe's paired rounds (a query after an idle gap against the back-to-back one of the same
// round) and the sweep's own service times (the lowest rate's median against the shortest one).
// Each is judged by its interval (a record from before the probe kept one, by its medians); a call
// the evidence does not settle is "unclear", never "quick".
import { formatMs, formatMsInterval } from '../metrics/format.ts';
import { ratioVerdict } from '../metrics/intervals.ts';
import type { IdleWakeRecord, OpenLoopPointRecord } from '../metrics/report.ts';

/** A wake-up matters when it adds more than this share of a back-to-back query's median… */
export const WAKE_MIN_SHARE = 0.25;
/** …and more than this, however quick the back-to-back query (below it is timer noise). */
export const WAKE_MIN_MS = 0.1;
/** The lowest rate's service median counts as slow at this multiple of the shortest one… */
export const SERVICE_SLOW_RATIO = 1.5;
/** …when more than this share of its queries found the worker asleep. */
export const MOSTLY_ASLEEP = 0.5;

export type WakeKind = 'slow' | 'quick' | 'unclear';
/** What the probe's rounds show: a wake-up cost that matters, none that matters, or neither for sure. */
export type ProbeEvidence = 'costly' | 'cheap' | 'unsettled';

/** Whether a rate's record carries its service median's interval (records from before it do not). */
export const hasServiceInterval = (p: OpenLoopPointRecord) => p.serviceP50LowMs !== undefined;
export const serviceBounds = (p: OpenLoopPointRecord) => ({ low: p.serviceP50LowMs ?? null, high: p.serviceP50HighMs ?? null });

/** The smallest extra that matters: WAKE_MIN_SHARE of the back-to-back median, and never under WAKE_MIN_MS. */
export function wakeMattersMs(w: Pick<IdleWakeRecord, 'busyP50Ms'>): number {
  return Math.max(WAKE_MIN_MS, WAKE_MIN_SHARE * w.busyP50Ms);
}

/** Whether a record carries the paired extra (a record from before it, or one whose file had null, does not). */
export const hasPairedExtra = (w: IdleWakeRecord): w is IdleWakeRecord & { extraP50Ms: number } => Number.isFinite(w.extraP50Ms);

/** Idle median − back-to-back median: what a record without the paired extra is judged on (NaN without both). */
export const medianDifferenceMs = (w: Pick<IdleWakeRecord, 'idleP50Ms' | 'busyP50Ms'>) => w.idleP50Ms - w.busyP50Ms;

/** "0.40 ms [0.10–0.80 ms]": the paired extra with its interval, which five rounds or fewer cannot bound. */
export function pairedExtraText(w: IdleWakeRecord & { extraP50Ms: number }): string {
  const low = w.extraP50LowMs ?? null;
  const high = w.extraP50HighMs ?? null;
  return `${formatMs(w.extraP50Ms)} ${low === null && high === null ? '[too few rounds for an interval]' : formatMsInterval({ low, high })}`;
}

/**
 * The probe's call, against the extra that matters (wakeMattersMs). With the paired interval:
 * costly when its whole interval is above it; cheap when its whole interval is at or under it;
 * unsettled otherwise (an interval across it, or the deciding end unbounded: too few rounds). A
 * record without a usable paired extra (from before it was kept, or null in a file) compares the
 * two medians, as it always did; a record missing either median is unsettled.
 */
export function probeEvidence(w: IdleWakeRecord): ProbeEvidence {
  const matters = wakeMattersMs(w);
  if (!Number.isFinite(matters)) return 'unsettled';
  if (!hasPairedExtra(w)) {
    const extra = medianDifferenceMs(w);
    return !Number.isFinite(extra) ? 'unsettled' : extra > matters ? 'costly' : 'cheap';
  }
  const low = w.extraP50LowMs ?? null;
  const high = w.extraP50HighMs ?? null;
  if (low !== null && low > matters) return 'costly';
  if (high !== null && high <= matters) return 'cheap';
  return 'unsettled';
}

/** Whether two rates' service medians can be told apart by their intervals; null when a record lacks them. */
export function serviceVerdict(a: OpenLoopPointRecord, b: OpenLoopPointRecord) {
  return a !== b && hasServiceInterval(a) && hasServiceInterval(b) ? ratioVerdict(serviceBounds(a), serviceBounds(b)) : null;
}

export interface WakeCall {
  kind: WakeKind;
  probe: ProbeEvidence;
  /** The lowest rate's service median ÷ the shortest service median of any rate. */
  serviceRatio: number;
  /** The rate with the shortest service median. */
  fastest: OpenLoopPointRecord;
  /** True when the two service medians' intervals overlap. */
  sameService: boolean;
  /** Why an unclear call is unclear (null for slow and quick). */
  unclearWhy: 'probe unsettled' | 'evidence disagrees' | 'service intervals overlap' | 'no service intervals' | null;
}

/**
 * Slow when the probe finds a costly wake-up; or when the lowest rate's service median is over
 * SERVICE_SLOW_RATIO × the shortest, the lowest told apart as slower by their intervals, with most
 * of its queries finding the worker asleep, and the probe does not rule a costly wake-up out.
 * Unclear when the probe cannot say, when the service times point at the wake-up but the probe
 * finds no cost that matters, or when the service ratio is that large but its intervals do not
 * tell the two apart. Quick otherwise: the probe finds no cost that matters and the service times
 * do not point at the wake-up.
 */
export function wakeCall(w: IdleWakeRecord, points: readonly OpenLoopPointRecord[]): WakeCall {
  const lowest = points[0]!;
  const fastest = points.reduce((a, b) => (b.serviceP50Ms < a.serviceP50Ms ? b : a));
  const serviceRatio = lowest.serviceP50Ms / fastest.serviceP50Ms;
  const verdict = serviceVerdict(lowest, fastest);
  const sameService = verdict === 'not distinguishable';
  const probe = probeEvidence(w);
  const large = serviceRatio > SERVICE_SLOW_RATIO;
  // 'b lower': the fastest rate's interval lies wholly below the lowest rate's.
  const serviceSlow = large && verdict === 'b lower' && (lowest.idleShare ?? 0) > MOSTLY_ASLEEP;
  const slow = probe === 'costly' || (serviceSlow && probe === 'unsettled');
  const unclearWhy: WakeCall['unclearWhy'] =
    slow ? null
    : serviceSlow ? 'evidence disagrees'
    : probe === 'unsettled' ? 'probe unsettled'
    : large && verdict === null ? 'no service intervals'
    : large && verdict !== 'b lower' ? 'service intervals overlap'
    : null;
  const kind: WakeKind = slow ? 'slow' : unclearWhy !== null ? 'unclear' : 'quick';
  return { kind, probe, serviceRatio, fastest, sameService, unclearWhy };
}
