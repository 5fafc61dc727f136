// Accuracy points drawn in percent with their 95% Wilson intervals as a chart's error bars.
import { wilsonInterval } from '../metrics/intervals.ts';
import type { ChartSeries } from './tsl-chart.ts';

/** Error bars, in %, for accuracies (fractions) each measured on `n` images; undefined without a count. */
export function wilsonBars(accuracies: readonly number[], n: number): ChartSeries['errorBars'] {
  if (!(Number.isFinite(n) && n > 0)) return undefined;
  const bounds = accuracies.map((a) => wilsonInterval(a * n, n));
  return { low: bounds.map((b) => b.low * 100), high: bounds.map((b) => b.high * 100) };
}
