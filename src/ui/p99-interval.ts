// A latency p99's 95% interval (src/metrics/intervals.ts) as the serving-at-scale tables print it.
import { formatMs } from '../metrics/format.ts';

/** A p99's 95% interval as text: "9.1 ms to 15 ms", "≥ 9.1 ms" when the sample gives no upper end; '—' when not measured (a record older than the interval). */
export function p99Interval(t: { p99LowMs?: number | null; p99HighMs?: number | null }): string {
  const lo = t.p99LowMs ?? null;
  const hi = t.p99HighMs ?? null;
  if (t.p99LowMs === undefined && t.p99HighMs === undefined) return '—';
  if (lo !== null && hi !== null) return `${formatMs(lo)} to ${formatMs(hi)}`;
  if (lo !== null) return `≥ ${formatMs(lo)}`;
  if (hi !== null) return `≤ ${formatMs(hi)}`;
  return 'not bounded';
}
