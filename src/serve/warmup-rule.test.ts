// The serving benches' warm-up rule: at least the minimum, then on to WARMUP_QUERIES or WARMUP_MAX_MS.
import { describe, expect, it } from 'vitest';
import { MIN_WARMUP_QUERIES, WARMUP_MAX_MS, WARMUP_QUERIES, maxWarmupQueries, warmupDone, warmupRuleText } from './warmup-rule.ts';

describe('warmupDone', () => {
  it('never ends before the minimum, however long it took', () => {
    expect(warmupDone(MIN_WARMUP_QUERIES - 1, 60_000)).toBe(false);
    expect(warmupDone(MIN_WARMUP_QUERIES, 60_000)).toBe(true);
  });

  it('goes on to WARMUP_QUERIES while under the time cap (a fast backend), or stops at the cap (a slow one)', () => {
    expect(warmupDone(WARMUP_QUERIES - 1, WARMUP_MAX_MS - 1)).toBe(false);
    expect(warmupDone(WARMUP_QUERIES, 10)).toBe(true);
    expect(warmupDone(40, WARMUP_MAX_MS)).toBe(true);
  });

  it('takes a larger minimum as given, and maxWarmupQueries bounds every case', () => {
    expect(warmupDone(WARMUP_QUERIES, 10, 300)).toBe(false);
    expect(warmupDone(300, 10, 300)).toBe(true);
    expect(maxWarmupQueries()).toBe(WARMUP_QUERIES);
    expect(maxWarmupQueries(300)).toBe(300);
  });
});

describe('warmupRuleText', () => {
  it('states the rule with its own numbers, as the Serve view shows it', () => {
    expect(warmupRuleText()).toBe(`at least ${MIN_WARMUP_QUERIES}, then on to ${WARMUP_QUERIES} or ${WARMUP_MAX_MS / 1000} s`);
    expect(warmupRuleText()).toBe('at least 20, then on to 128 or 1 s');
  });
});
