// Where to spend: straight cumulative-cost lines (training up front, then a cost per query), the
// cheapest line at a given number of queries, and the traffic at which the cheapest one changes
// (the lower envelope's break points). Pure maths on plain numbers; the view, the controller and
// the bench all compute the answer here.

/** One option's cumulative cost: cost(q) = upFront + perQuery * q (ms or FLOPs). */
export interface SpendLine {
  key: string;
  upFront: number;
  perQuery: number;
}

export function costAt(line: Pick<SpendLine, 'upFront' | 'perQuery'>, queries: number): number {
  return line.upFront + line.perQuery * queries;
}

const usable = (l: SpendLine) => Number.isFinite(l.upFront) && Number.isFinite(l.perQuery) && l.upFront >= 0 && l.perQuery >= 0;

/** Ties go to the smaller cost per query (cheaper from then on), then to the earlier line. */
function better(a: SpendLine, b: SpendLine, queries: number): boolean {
  const ca = costAt(a, queries);
  const cb = costAt(b, queries);
  return ca < cb || (ca === cb && a.perQuery < b.perQuery);
}

/** The cheapest line after `queries` queries; null when no line has both costs measured. */
export function cheapestAt(lines: readonly SpendLine[], queries: number): SpendLine | null {
  let best: SpendLine | null = null;
  for (const l of lines) if (usable(l) && (!best || better(l, best, queries))) best = l;
  return best;
}

/**
 * Queries at which line `b` (cheaper per query) catches up with `a` (cheaper up front):
 * (b.upFront − a.upFront) / (a.perQuery − b.perQuery). Null when b never gets cheaper.
 */
export function crossingQueries(a: Pick<SpendLine, 'upFront' | 'perQuery'>, b: Pick<SpendLine, 'upFront' | 'perQuery'>): number | null {
  const saving = a.perQuery - b.perQuery;
  if (!(saving > 0)) return null;
  return Math.max(0, (b.upFront - a.upFront) / saving);
}

/** A stretch of traffic over which one line is the cheapest: [fromQueries, toQueries). */
export interface EnvelopeSegment {
  key: string;
  fromQueries: number;
  /** Infinity for the last one. */
  toQueries: number;
}

/**
 * The cheapest line over all traffic, as segments: at 0 queries the least training wins, then at
 * each break point the line that crosses below first takes over (only a line cheaper per query can).
 * A line with a cost not measured takes no part.
 */
export function lowerEnvelope(lines: readonly SpendLine[]): EnvelopeSegment[] {
  let current = cheapestAt(lines, 0);
  if (!current) return [];
  const segments: EnvelopeSegment[] = [];
  let from = 0;
  for (;;) {
    let next: SpendLine | null = null;
    let at = Infinity;
    for (const l of lines) {
      if (!usable(l) || !(l.perQuery < current.perQuery)) continue;
      const q = Math.max(from, crossingQueries(current, l)!);
      if (q < at || (q === at && next && l.perQuery < next.perQuery)) {
        at = q;
        next = l;
      }
    }
    if (!next) break;
    if (at > from) segments.push({ key: current.key, fromQueries: from, toQueries: at });
    current = next;
    from = at;
  }
  segments.push({ key: current.key, fromQueries: from, toQueries: Infinity });
  return segments;
}

/** The traffic, in queries per day over `days`, at which a number of queries is reached. */
export function queriesPerDayFor(queries: number, days: number): number {
  return days > 0 ? queries / days : Number.NaN;
}
