import { describe, expect, it } from 'vitest';
import type { IdleWakeRecord, OpenLoopPointRecord } from '../metrics/report.ts';
import { pairedExtraText, probeEvidence, wakeCall } from './wake-verdict.ts';

const wake = (extra: Partial<IdleWakeRecord>): IdleWakeRecord => ({ gapMs: 20, pairs: 24, idleP50Ms: 3, idleP90Ms: 4, busyP50Ms: 2, busyP90Ms: 2.5, workerSpinMs: 1, ...extra });

function point(targetQps: number, serviceP50Ms: number, low: number | null, high: number | null, idleShare = 0.9): OpenLoopPointRecord {
  return { targetQps, achievedQps: targetQps, count: 128, p50Ms: serviceP50Ms, p90Ms: serviceP50Ms, p99Ms: serviceP50Ms * 2, maxMs: serviceP50Ms * 3, serviceP50Ms, serviceP50LowMs: low, serviceP50HighMs: high, maxSendLagMs: 0, errorCount: 0, idleShare };
}

// Service medians that cannot be told apart (overlapping intervals) and a ratio under 1.5: no service evidence.
const calm = [point(10, 2, 1.9, 2.1), point(50, 1.9, 1.8, 2.0)];

describe('probeEvidence', () => {
  // A back-to-back median of 2 ms: a quarter of it, 0.5 ms, is the extra that matters.
  it('is costly when the whole paired interval is above the extra that matters', () => {
    expect(probeEvidence(wake({ extraP50Ms: 0.8, extraP50LowMs: 0.6, extraP50HighMs: 1.2 }))).toBe('costly');
    // Above zero but reaching under 0.5 ms: real, but not shown to matter.
    expect(probeEvidence(wake({ extraP50Ms: 0.8, extraP50LowMs: 0.3, extraP50HighMs: 1.2 }))).toBe('unsettled');
  });
  it('never counts an extra under 0.1 ms as mattering, however quick the back-to-back query', () => {
    expect(probeEvidence(wake({ busyP50Ms: 0.05, extraP50Ms: 0.07, extraP50LowMs: 0.05, extraP50HighMs: 0.09 }))).toBe('cheap');
    expect(probeEvidence(wake({ idleP50Ms: 0.12, busyP50Ms: 0.05 }))).toBe('cheap');
  });
  it('treats a paired extra that is not a number (null in a file) as absent', () => {
    expect(probeEvidence(wake({ idleP50Ms: 3, busyP50Ms: 2, extraP50Ms: Number.NaN, extraP50LowMs: null, extraP50HighMs: 0.1 }))).toBe('costly');
  });
  it('is cheap when the whole interval stays within the extra that matters, whatever its sign', () => {
    expect(probeEvidence(wake({ extraP50Ms: 0.2, extraP50LowMs: 0.05, extraP50HighMs: 0.5 }))).toBe('cheap');
    expect(probeEvidence(wake({ extraP50Ms: -0.1, extraP50LowMs: -0.4, extraP50HighMs: 0.1 }))).toBe('cheap');
  });
  it('is unsettled when the interval reaches across the extra that matters, or the end that would settle it is unbounded', () => {
    expect(probeEvidence(wake({ extraP50Ms: 0.3, extraP50LowMs: -0.1, extraP50HighMs: 1.5 }))).toBe('unsettled');
    expect(probeEvidence(wake({ extraP50Ms: 0.8, extraP50LowMs: -0.1, extraP50HighMs: 1.5 }))).toBe('unsettled');
    expect(probeEvidence(wake({ extraP50Ms: 0.2, extraP50LowMs: null, extraP50HighMs: null }))).toBe('unsettled');
    // One open end decides nothing when the other end settles it.
    expect(probeEvidence(wake({ extraP50Ms: 0.2, extraP50LowMs: null, extraP50HighMs: 0.4 }))).toBe('cheap');
    expect(probeEvidence(wake({ extraP50Ms: 0.9, extraP50LowMs: 0.6, extraP50HighMs: null }))).toBe('costly');
    expect(probeEvidence(wake({ extraP50Ms: 0.9, extraP50LowMs: 0.3, extraP50HighMs: null }))).toBe('unsettled');
  });
  it('is unsettled without a back-to-back median to measure the extra against', () => {
    expect(probeEvidence(wake({ busyP50Ms: Number.NaN, extraP50Ms: 0.1, extraP50LowMs: 0, extraP50HighMs: 0.2 }))).toBe('unsettled');
  });
  it('compares the two medians for a record written before the paired interval was kept', () => {
    expect(probeEvidence(wake({ idleP50Ms: 3, busyP50Ms: 2 }))).toBe('costly');
    // A median null in a file (read as NaN) settles nothing.
    expect(probeEvidence(wake({ idleP50Ms: Number.NaN, busyP50Ms: 2 }))).toBe('unsettled');
    expect(probeEvidence(wake({ idleP50Ms: 2.3, busyP50Ms: 2 }))).toBe('cheap');
    expect(probeEvidence(wake({ idleP50Ms: 0.12, busyP50Ms: 0.05 }))).toBe('cheap');
  });
});

describe('wakeCall', () => {
  it('follows the probe when the service times say nothing', () => {
    expect(wakeCall(wake({ extraP50Ms: 0.8, extraP50LowMs: 0.6, extraP50HighMs: 1.2 }), calm).kind).toBe('slow');
    expect(wakeCall(wake({ extraP50Ms: 0.1, extraP50LowMs: -0.1, extraP50HighMs: 0.3 }), calm).kind).toBe('quick');
    expect(wakeCall(wake({ extraP50Ms: 0.3, extraP50LowMs: -0.1, extraP50HighMs: 1.5 }), calm).kind).toBe('unclear');
  });
  it('takes the service times as evidence only when the lowest rate is told apart as slower, with most queries finding the worker asleep', () => {
    const unsettled = wake({ extraP50Ms: 0.3, extraP50LowMs: -0.1, extraP50HighMs: 1.5 });
    const cheap = wake({ extraP50Ms: 0.1, extraP50LowMs: -0.1, extraP50HighMs: 0.3 });
    const apart = [point(10, 4, 3.8, 4.3), point(50, 2, 1.9, 2.1)];
    // The probe cannot say; the service times can: slow.
    expect(wakeCall(unsettled, apart)).toMatchObject({ kind: 'slow', probe: 'unsettled', serviceRatio: 2, sameService: false, fastest: apart[1], unclearWhy: null });
    expect(wakeCall(unsettled, calm)).toMatchObject({ kind: 'unclear', unclearWhy: 'probe unsettled' });
    // The probe rules a cost that matters out: the two disagree, so neither is taken.
    expect(wakeCall(cheap, apart)).toMatchObject({ kind: 'unclear', probe: 'cheap', unclearWhy: 'evidence disagrees' });
    // The same ratio with overlapping intervals, or without intervals, is no evidence either way.
    expect(wakeCall(cheap, [point(10, 4, 1.5, 6), point(50, 2, 1.9, 2.1)])).toMatchObject({ kind: 'unclear', sameService: true, unclearWhy: 'service intervals overlap' });
    const bare = [point(10, 4, 3.8, 4.3), point(50, 2, 1.9, 2.1)].map(({ serviceP50LowMs: _l, serviceP50HighMs: _h, ...p }) => p);
    expect(wakeCall(cheap, bare)).toMatchObject({ kind: 'unclear', unclearWhy: 'no service intervals' });
    // Told apart, but few of its queries found the worker asleep: not the wake-up.
    expect(wakeCall(cheap, [point(10, 4, 3.8, 4.3, 0.2), apart[1]!]).kind).toBe('quick');
  });
});

describe('pairedExtraText', () => {
  it('gives the extra with its interval, and says when too few rounds bound neither end', () => {
    expect(pairedExtraText({ ...wake({}), extraP50Ms: 0.4, extraP50LowMs: 0.1, extraP50HighMs: 0.8 })).toBe('0.40 ms [0.10–0.80 ms]');
    expect(pairedExtraText({ ...wake({ pairs: 5 }), extraP50Ms: 0.4, extraP50LowMs: null, extraP50HighMs: null })).toBe('0.40 ms [too few rounds for an interval]');
    expect(pairedExtraText({ ...wake({}), extraP50Ms: 0.4, extraP50LowMs: 0.1, extraP50HighMs: null })).toBe('0.40 ms [at least 0.10 ms]');
  });
});
