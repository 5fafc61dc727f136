// Test-time augmentation records as table rows for the exports (CSV and the HTML summary): per
// model, serving backend and measurement, each view count k with the views it averages, the
// accuracy of the averaged answers with its 95% Wilson interval and image count, and the
// model-only p50 with its 95% order-statistic interval and query count. Pure.
import { ttaViewsText } from '../serve/tta-views.ts';
import { wilsonInterval } from './intervals.ts';
import type { TtaRecord } from './report.ts';

export interface TtaTableRow {
  model: string;
  modelId: string;
  backend: string;
  /** When the rounds ran (ISO 8601); the view counts of one measurement share it. */
  date: string;
  /** Views per query. */
  k: number;
  /** The views averaged, in words ("original + mirror"). */
  views: string;
  testAcc: number;
  /** 95% Wilson interval of testAcc over testImages. */
  testAccLow: number;
  testAccHigh: number;
  testImages: number;
  modelP50Ms: number;
  modelP50LowMs: number;
  modelP50HighMs: number;
  /** Measured queries behind the p50s. */
  queries: number;
  p50Ms: number;
  /** Model-only p50 over the same measurement's 1-view p50; NaN without a 1-view record. */
  p50VsOneView: number;
  /** Accuracy change against the same measurement's 1 view, in [−1, 1]; NaN without one. */
  accVsOneView: number;
  numTensorsLeaked: number;
}

/** One row per record, grouped by model, backend and measurement (oldest first), then by k. */
export function ttaTableRows(records: readonly TtaRecord[]): TtaTableRow[] {
  const measurement = (r: TtaRecord) => `${r.modelId}|${r.backend}|${r.date}`;
  const one = new Map(records.filter((r) => r.views === 1).map((r) => [measurement(r), r]));
  const sorted = [...records].sort((a, b) => a.model.localeCompare(b.model) || a.modelId.localeCompare(b.modelId) || a.backend.localeCompare(b.backend) || a.date.localeCompare(b.date) || a.views - b.views);
  return sorted.map((r) => {
    const base = one.get(measurement(r));
    const acc = wilsonInterval(r.testAcc * r.testImages, r.testImages);
    return {
      model: r.model,
      modelId: r.modelId,
      backend: r.backend,
      date: r.date,
      k: r.views,
      views: ttaViewsText(r.views),
      testAcc: r.testAcc,
      testAccLow: acc.low,
      testAccHigh: acc.high,
      testImages: r.testImages,
      modelP50Ms: r.modelP50Ms,
      modelP50LowMs: r.modelP50LowMs,
      modelP50HighMs: r.modelP50HighMs,
      queries: r.count,
      p50Ms: r.p50Ms,
      p50VsOneView: base ? r.modelP50Ms / base.modelP50Ms : Number.NaN,
      accVsOneView: base ? r.testAcc - base.testAcc : Number.NaN,
      numTensorsLeaked: r.numTensorsLeaked,
    };
  });
}
