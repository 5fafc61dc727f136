// Two verdicts in real Chromium with fixed records: the open-loop sweep's wake-up paragraph (slow,
// quick or unclear, from the probe's paired interval or the service times, and a record written
// before the paired interval was kept), the Ledger's wake-up cell, and the batching gain's floor
// when batching off reported no capacity.
import { afterEach, describe, expect, it } from 'vitest';
import { capacityKnee } from '../metrics/poisson.ts';
import type { IdleWakeRecord, OpenLoopPointRecord } from '../metrics/report.ts';
import type { OpenLoopSweep } from '../serve/bench-types.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import type { SloSearchResult } from '../serve/slo-search.ts';
import { openLoopRecord } from '../serve/load-records.ts';
import './tsl-serve-open-loop.ts';
import './tsl-ledger-serving.ts';
import './tsl-serve-batching.ts';

function point(targetQps: number, serviceP50Ms: number, low: number, high: number, idleShare: number): OpenLoopPointRecord {
  return { targetQps, achievedQps: targetQps, count: 128, p50Ms: serviceP50Ms, p90Ms: serviceP50Ms * 1.5, p99Ms: serviceP50Ms * 2, maxMs: serviceP50Ms * 3, serviceP50Ms, serviceP50LowMs: low, serviceP50HighMs: high, maxSendLagMs: 0.1, errorCount: 0, idleShare };
}

// Service medians the intervals cannot tell apart, 1.05× apart: no evidence from the sweep itself.
const calm = [point(50, 2.1, 1.9, 2.3, 0.8), point(100, 2, 1.9, 2.1, 0.4)];
// The lowest rate 2× slower, told apart, most of its queries finding the worker asleep.
const slowService = [point(50, 4, 3.8, 4.3, 0.8), point(100, 2, 1.9, 2.1, 0.4)];

const probe = (extra: Partial<IdleWakeRecord>): IdleWakeRecord => ({ gapMs: 20, pairs: 24, idleP50Ms: 2.4, idleP90Ms: 3, busyP50Ms: 2, busyP90Ms: 2.5, workerSpinMs: 1, ...extra });
const sweep = (points: OpenLoopPointRecord[], wake: IdleWakeRecord): OpenLoopSweep => ({ backend: 'wasm', measuredAt: '2026-12-01T00:00:00.000Z', points, knee: capacityKnee(points), wake, aborted: false });

async function wakeText(s: OpenLoopSweep): Promise<{ kind: string; text: string }> {
  const el = document.createElement('tsl-serve-open-loop');
  el.sweep = s;
  document.body.append(el);
  await el.updateComplete;
  const p = el.shadowRoot!.querySelector('[data-wake]')!;
  return { kind: p.getAttribute('data-wake')!, text: p.textContent!.replace(/\s+/g, ' ') };
}

afterEach(() => document.body.replaceChildren());

describe('the wake-up paragraph', () => {
  // A back-to-back median of 2 ms: the extra that matters is a quarter of it, 0.50 ms.
  it('is slow when the whole paired interval is over the extra that matters', async () => {
    const { kind, text } = await wakeText(sweep(calm, probe({ extraP50Ms: 0.9, extraP50LowMs: 0.6, extraP50HighMs: 1.3 })));
    expect(kind).toBe('slow');
    expect(text).toContain('per round, idle minus back to back: 0.90 ms [0.60–1.30 ms] (median of 24 paired rounds): its whole interval over the 0.50 ms that would matter (25% of a back-to-back query, at least 0.10 ms)');
    expect(text).not.toContain("Not the probe's rounds");
  });

  it('is unclear when the interval is above zero but reaches under the extra that matters', async () => {
    const { kind, text } = await wakeText(sweep(calm, probe({ extraP50Ms: 0.4, extraP50LowMs: 0.1, extraP50HighMs: 0.8 })));
    expect(kind).toBe('unclear');
    expect(text).toContain('No clear sign of a slow wake-up');
    expect(text).toContain('0.40 ms [0.10–0.80 ms] (median of 24 paired rounds): above zero, but its interval does not settle whether it passes the 0.50 ms');
  });

  it('is quick when the whole interval is within it and the service times show nothing', async () => {
    const { kind, text } = await wakeText(sweep(calm, probe({ extraP50Ms: 0.1, extraP50LowMs: -0.2, extraP50HighMs: 0.3 })));
    expect(kind).toBe('quick');
    expect(text).toContain('its whole interval within the 0.50 ms that would matter');
  });

  it('says the service times, not the probe, carry a slow call the probe cannot settle', async () => {
    const { kind, text } = await wakeText(sweep(slowService, probe({ extraP50Ms: 0.3, extraP50LowMs: -0.1, extraP50HighMs: 1.5 })));
    expect(kind).toBe('slow');
    expect(text).toContain("its interval does not settle whether it passes the 0.50 ms that would matter (25% of a back-to-back query, at least 0.10 ms). Not the probe's rounds but the sweep's own service times show it: 80% of the lowest rate's queries found it asleep; its service time (p50 4.00 ms [3.80–4.30 ms], n = 128) was 2.00× that at 100 queries/s");
  });

  it('is unclear, and says why, when the service times point at the wake-up but the probe finds no cost that matters', async () => {
    const { kind, text } = await wakeText(sweep(slowService, probe({ extraP50Ms: 0.1, extraP50LowMs: -0.2, extraP50HighMs: 0.3 })));
    expect(kind).toBe('unclear');
    expect(text).toContain("The service times point at the wake-up, but the probe's rounds find no cost that matters: the two disagree, so neither is taken.");
  });

  it('is unclear, and says why, when a large service ratio has no intervals to judge it by', async () => {
    const bare = slowService.map(({ serviceP50LowMs: _l, serviceP50HighMs: _h, ...p }) => p);
    const { kind, text } = await wakeText(sweep(bare, probe({ extraP50Ms: 0.1, extraP50LowMs: -0.2, extraP50HighMs: 0.3 })));
    expect(kind).toBe('unclear');
    expect(text).toContain('This record kept no interval for the service medians, so the ratio cannot be told from chance.');
  });

  it('judges a record from before the paired interval by its two medians, and says nothing of rounds it did not keep', async () => {
    const { kind, text } = await wakeText(sweep(calm, probe({ idleP50Ms: 3, busyP50Ms: 2 })));
    expect(kind).toBe('slow');
    expect(text).toContain('back to back 2.00 ms (p90 2.50 ms) (this record kept no paired interval: judged on the two medians, idle − back to back = 1.00 ms against the 0.50 ms that would matter (25% of a back-to-back query, at least 0.10 ms))');
    expect((await wakeText(sweep(calm, probe({ idleP50Ms: 2.3, busyP50Ms: 2 })))).kind).toBe('quick');
  });
});

describe("the Ledger's wake-up cell", () => {
  it('gives the paired extra with its interval under the two medians, and leaves it out for an older record', async () => {
    const el = document.createElement('tsl-ledger-serving');
    const record = (wake: IdleWakeRecord, modelId: string) => ({ ...openLoopRecord(sweep(calm, wake), { modelId, model: modelId }), imported: false });
    el.serving = { openLoop: [record(probe({ extraP50Ms: 0.4, extraP50LowMs: 0.1, extraP50HighMs: 0.8 }), 'new'), record(probe({}), 'old')], compare: [] };
    document.body.append(el);
    await el.updateComplete;
    const cells = [...el.shadowRoot!.querySelectorAll('table[data-table="ledger-open-loop"] tbody tr')].map((tr) => tr.querySelectorAll('td')[6]!.textContent);
    expect(cells).toEqual(['2.40 ms / 2.00 msmedians of 24 roundspaired extra 0.40 ms [0.10–0.80 ms]', '2.40 ms / 2.00 msmedians of 24 rounds']);
  });
});

describe('the batching gain', () => {
  const search = (capacityQps: number | null, firstFailQps: number | null): SloSearchResult => ({
    p99TargetMs: 50, trials: [], capacityQps, confirmed: null, firstFailQps, end: capacityQps === null ? 'min-rate' : 'bracketed', bracketRatio: Number.NaN,
  });
  const run = (on: boolean, s: SloSearchResult): SloRun => ({
    backend: 'wasm', batching: on ? { kind: 'on', maxDelayMs: 2, maxBatch: 8 } : { kind: 'off' }, measuredAt: '2026-12-01T00:00:00.000Z', deployMs: 100, firstQueryMs: 3,
    closedLoopQps: 400, closedLoopCount: 100, closedLoopP99Ms: 4, minCount: 300, minDurationMs: 2000, search: s, aborted: false,
  });

  it('gives only a floor when batching off reported no capacity: on over the lowest rate off failed at', async () => {
    const el = document.createElement('tsl-serve-batching');
    el.offOn = [run(false, search(null, 20)), run(true, search(150, 160))];
    document.body.append(el);
    await el.updateComplete;
    const gain = el.shadowRoot!.querySelector('[data-batching-gain]')!;
    expect(gain.getAttribute('data-batching-gain')).toBe('');
    expect(gain.querySelector('[data-batching-range]')!.textContent).toBe('on / off is more than 7.50×');
    expect(gain.textContent!.replace(/\s+/g, ' ')).toContain('batching off reported no capacity: it is under 20.0 /s, the lowest rate at which it failed, so 150 /s / 20.0 /s is only a floor');
  });
});
