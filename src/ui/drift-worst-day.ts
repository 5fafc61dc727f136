// A policy's worst labelled day as the drift tables show it: the day's monitored accuracy, and
// under it its 95% Wilson interval, its labelled count and which day it was; and its mean daily
// accuracy with what it is the mean of and the pooled accuracy's interval.
import { html, nothing } from 'lit';
import { worstDayFrom } from '../drift/cost.ts';
import type { DayRecord } from '../drift/records.ts';
import { accuracyParts, countOf, formatPercent, MISSING } from '../metrics/format.ts';

/** A day's monitored accuracy in one line: "46.1% [41.0–51.3%], n = 360 (day 3)". */
export function dayAccuracyText(d: DayRecord): string {
  return `${accuracyParts(d.monitoredAcc, d.labelled).text} (day ${d.day})`;
}

/** The same for a table cell: the accuracy, then its interval, count and day on a smaller line (class "ci"). */
export function worstDayCell(days: readonly DayRecord[], fromDay = 0) {
  const d = worstDayFrom(days, fromDay);
  if (!d) return MISSING;
  const p = accuracyParts(d.monitoredAcc, d.labelled);
  return html`${p.value}${p.interval ? html`<span class="ci">${p.interval}, ${p.count}, day ${d.day}</span>` : nothing}`;
}

/**
 * The mean of the labelled days' monitored accuracies, then on a smaller line how many days it is
 * the mean of and the pooled accuracy (all labelled answers together) with its 95% interval and count.
 */
export function meanDayCell(mean: number, days: readonly DayRecord[]) {
  const labelled = days.filter((d) => d.labelled > 0);
  if (!Number.isFinite(mean) || labelled.length === 0) return MISSING;
  const n = labelled.reduce((a, d) => a + d.labelled, 0);
  const pooled = accuracyParts(labelled.reduce((a, d) => a + d.labelledCorrect, 0) / n, n);
  return html`${formatPercent(mean)}<span class="ci" data-mean-basis>mean of ${countOf(labelled.length, 'day')}; pooled ${pooled.value} ${pooled.interval}, ${pooled.count}</span>`;
}
