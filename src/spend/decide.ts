// The "where to spend" answer: of the options that reach the chosen accuracy, the cheapest for the
// traffic set (queries per day over a number of days), and every traffic at which the cheapest
// one changes. Pure: groups in, an answer with its numbers out.
import { wilsonInterval } from '../metrics/intervals.ts';
import { cheapestAt, costAt, lowerEnvelope, queriesPerDayFor, type EnvelopeSegment, type SpendLine } from './crossover.ts';
import type { SpendGroup } from './options.ts';
import type { SpendChange } from './spend-record.ts';

export type { SpendChange };

export interface SpendQuestion {
  /** Accuracy an option must reach, in [0, 1]. */
  targetAcc: number;
  /** 'measured': its accuracy (median over seeds) at least the target; 'interval': its 95% interval's lower end at least the target. */
  rule: 'measured' | 'interval';
  unit: 'time' | 'flops';
  queriesPerDay: number;
  days: number;
}


export interface SpendAnswer {
  /** Queries in all: queriesPerDay × days. */
  queries: number;
  eligible: SpendGroup[];
  /** Keys of the groups left out, with why. */
  excluded: { key: string; why: string }[];
  cheapest: SpendGroup | null;
  /** Its cost (ms or FLOPs) after `queries`. */
  cheapestCost: number;
  segments: EnvelopeSegment[];
  changes: SpendChange[];
  lines: SpendLine[];
}

/** The accuracy the rule compares: the figure, or the lower end of a single seed's Wilson interval (several seeds: their lowest). */
export function accuracyForRule(g: Pick<SpendGroup, 'testAcc' | 'testCount' | 'options' | 'range'>, rule: SpendQuestion['rule']): number {
  if (rule === 'measured') return g.testAcc;
  if (g.options.length > 1) return g.range.testAcc[0];
  return wilsonInterval(g.testAcc * g.testCount, g.testCount).low;
}

export function lineOf(g: SpendGroup, unit: SpendQuestion['unit']): SpendLine {
  return unit === 'time' ? { key: g.key, upFront: g.trainMs, perQuery: g.perQueryMs } : { key: g.key, upFront: g.trainFlops, perQuery: g.perQueryFlops };
}

export function decide(groups: readonly SpendGroup[], q: SpendQuestion): SpendAnswer {
  const queries = q.queriesPerDay * q.days;
  const eligible: SpendGroup[] = [];
  const excluded: SpendAnswer['excluded'] = [];
  for (const g of groups) {
    const acc = accuracyForRule(g, q.rule);
    const line = lineOf(g, q.unit);
    if (!Number.isFinite(acc)) excluded.push({ key: g.key, why: 'test accuracy not measured' });
    else if (acc < q.targetAcc) excluded.push({ key: g.key, why: q.rule === 'measured' ? 'below the accuracy asked for' : "interval's lower end below it" });
    else if (!Number.isFinite(line.upFront)) excluded.push({ key: g.key, why: 'training cost not measured' });
    else if (!Number.isFinite(line.perQuery)) excluded.push({ key: g.key, why: 'cost per query not measured' });
    else eligible.push(g);
  }
  const lines = eligible.map((g) => lineOf(g, q.unit));
  const best = cheapestAt(lines, queries);
  const segments = lowerEnvelope(lines);
  const byKey = new Map(lines.map((l) => [l.key, l]));
  const changes: SpendChange[] = segments.slice(1).map((s, i) => {
    const prev = segments[i]!;
    return { queries: s.fromQueries, queriesPerDay: queriesPerDayFor(s.fromQueries, q.days), from: prev.key, to: s.key, fromLine: byKey.get(prev.key)!, toLine: byKey.get(s.key)! };
  });
  const cheapest = best ? eligible.find((g) => g.key === best.key) ?? null : null;
  return { queries, eligible, excluded, cheapest, cheapestCost: best ? costAt(best, queries) : Number.NaN, segments, changes, lines };
}
