// The cheapest option and the traffic where it changes: a hand-computed case, and properties that
// hold for any set of lines (the envelope is the minimum everywhere, contiguous, ever cheaper per query).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cheapestAt, costAt, crossingQueries, lowerEnvelope, queriesPerDayFor, type SpendLine } from './crossover.ts';

describe('the crossover, by hand', () => {
  // Test-time augmentation: the teacher's 100 s of training, 7 ms a query (4 views).
  // The distilled student: the teacher's 100 s plus its own 40 s, 1 ms a query.
  const tta: SpendLine = { key: 'tta-4', upFront: 100_000, perQuery: 7 };
  const student: SpendLine = { key: 'student', upFront: 140_000, perQuery: 1 };

  it('crosses at the extra training over the per-query saving', () => {
    // (140,000 − 100,000) ms / (7 − 1) ms per query = 6,666.67 queries.
    expect(crossingQueries(tta, student)).toBeCloseTo(40_000 / 6, 9);
    expect(crossingQueries(student, tta)).toBeNull();
    expect(lowerEnvelope([student, tta])).toEqual([
      { key: 'tta-4', fromQueries: 0, toQueries: 40_000 / 6 },
      { key: 'student', fromQueries: 40_000 / 6, toQueries: Infinity },
    ]);
  });

  it('names the cheapest below and above it, and turns queries into a daily traffic', () => {
    expect(cheapestAt([student, tta], 5_000)?.key).toBe('tta-4');
    expect(cheapestAt([student, tta], 10_000)?.key).toBe('student');
    // Over 30 days the answer changes at 6,666.67 / 30 = 222.2 queries a day.
    expect(queriesPerDayFor(40_000 / 6, 30)).toBeCloseTo(222.22, 2);
  });

  it('skips a line that is never cheapest, and one whose cost was not measured', () => {
    const middling: SpendLine = { key: 'never', upFront: 150_000, perQuery: 5 };
    const unmeasured: SpendLine = { key: 'nan', upFront: Number.NaN, perQuery: 0.1 };
    expect(lowerEnvelope([tta, middling, student, unmeasured]).map((s) => s.key)).toEqual(['tta-4', 'student']);
    expect(cheapestAt([unmeasured], 1)).toBeNull();
    expect(lowerEnvelope([])).toEqual([]);
  });
});

const line = fc.record({
  key: fc.string({ minLength: 1, maxLength: 4 }),
  upFront: fc.double({ min: 0, max: 1e7, noNaN: true }),
  perQuery: fc.double({ min: 0, max: 100, noNaN: true }),
});
const lines = fc.array(line, { minLength: 1, maxLength: 8 }).map((ls) => ls.map((l, i) => ({ ...l, key: `${i}:${l.key}` })));

describe('the envelope, for any lines', () => {
  it('is the minimum of every line at every traffic', () => {
    fc.assert(
      fc.property(lines, fc.double({ min: 0, max: 1e9, noNaN: true }), (ls, q) => {
        const segs = lowerEnvelope(ls);
        const seg = segs.find((s) => q >= s.fromQueries && q < s.toQueries)!;
        const min = Math.min(...ls.map((l) => costAt(l, q)));
        const got = costAt(ls.find((l) => l.key === seg.key)!, q);
        expect(got).toBeLessThanOrEqual(min * (1 + 1e-9) + 1e-6);
        expect(costAt(cheapestAt(ls, q)!, q)).toBe(min);
      }),
      { numRuns: 1000 },
    );
  });

  it('starts at zero, runs on without gaps to the end, and gets cheaper per query at every break', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const segs = lowerEnvelope(ls);
        const per = new Map(ls.map((l) => [l.key, l.perQuery]));
        expect(segs[0]!.fromQueries).toBe(0);
        expect(segs.at(-1)!.toQueries).toBe(Infinity);
        for (let i = 1; i < segs.length; i++) {
          expect(segs[i]!.fromQueries).toBe(segs[i - 1]!.toQueries);
          expect(segs[i]!.fromQueries).toBeGreaterThan(segs[i - 1]!.fromQueries);
          expect(per.get(segs[i]!.key)!).toBeLessThan(per.get(segs[i - 1]!.key)!);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
