// The "where to spend" records every layer shares: an option's kind, the figures of one row of the
// side-by-side table, and a point where the cheapest option changes. It imports only the crossover
// maths' plain line types, so the report schema (src/metrics/report.ts) can name them without an
// import cycle through the options' own builders.
import type { EnvelopeSegment, SpendLine } from './crossover.ts';

export type { EnvelopeSegment, SpendLine };

export const SPEND_KINDS = ['dense', 'augmented', 'size', 'distilled', 'pruned', 'tta'] as const;
export type SpendKind = (typeof SPEND_KINDS)[number];

/** One row's figures: a recipe over its seeds, each figure the median over them. */
export interface SpendFigures {
  /** The first option's key (model id, serving backend, views): the line's key on the chart. */
  key: string;
  kind: SpendKind;
  /** Views per query (1 unless test-time augmentation). */
  views: number;
  /** Measured training wall time and analytic training FLOPs along the lineage (NaN when a part is not known). */
  trainMs: number;
  trainFlops: number;
  /** Measured model-only p50 (ms) of one query on the serving backend; NaN when not served there. */
  perQueryMs: number;
  /** Analytic forward FLOPs of one query (× views). */
  perQueryFlops: number;
  testAcc: number;
  /** Images behind each seed's accuracy, summed (the interval of a single seed uses it). */
  testCount: number;
}

/** A point where the cheapest option changes. */
export interface SpendChange {
  queries: number;
  /** The same point as a daily traffic over the question's days. */
  queriesPerDay: number;
  from: string;
  to: string;
  /** The two lines' numbers, for the hand computation beside it. */
  fromLine: SpendLine;
  toLine: SpendLine;
}
