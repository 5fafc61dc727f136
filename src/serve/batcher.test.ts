// Unit and property tests of the dynamic batcher's scheduling, on a hand-driven clock: which
// queries run together, when, and that every query gets its own answer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamicBatcher, MAX_BATCH, paddedSize, paddedSizes, parseBatching, type BatcherClock } from './batcher.ts';

class FakeClock implements BatcherClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 0;
  now() {
    return this.t;
  }
  setTimer(fn: () => void, ms: number) {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimer(h: unknown) {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** Moves time on, firing the timers due (in order). */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

/** A runner whose batches finish when the test says so. */
function manualRunner() {
  const batches: { items: number[]; finish(): void }[] = [];
  const run = (items: number[]) => new Promise<string[]>((resolve) => batches.push({ items, finish: () => resolve(items.map((i) => `answer ${i}`)) }));
  return { batches, run };
}

describe('DynamicBatcher', () => {
  it('waits T ms for company, then runs what came as one batch', async () => {
    const clock = new FakeClock();
    const r = manualRunner();
    const b = new DynamicBatcher({ maxDelayMs: 5, maxBatch: 8 }, r.run, clock);
    const a1 = b.submit(1);
    clock.advance(2);
    const a2 = b.submit(2);
    clock.advance(2.9);
    expect(r.batches).toHaveLength(0);
    clock.advance(0.1);
    expect(r.batches.map((x) => x.items)).toEqual([[1, 2]]);
    r.batches[0]!.finish();
    expect(await a1).toBe('answer 1');
    expect(await a2).toBe('answer 2');
  });

  it('goes at once when B are waiting, and queries arriving during a batch form the next one', async () => {
    const clock = new FakeClock();
    const r = manualRunner();
    const b = new DynamicBatcher({ maxDelayMs: 100, maxBatch: 3 }, r.run, clock);
    const answers = [1, 2, 3, 4, 5].map((i) => b.submit(i));
    expect(r.batches.map((x) => x.items)).toEqual([[1, 2, 3]]);
    expect(b.waiting).toBe(2);
    clock.advance(150);
    // One batch at a time: the next waits for the worker even though its T has passed.
    expect(r.batches).toHaveLength(1);
    r.batches[0]!.finish();
    await flush();
    expect(r.batches.map((x) => x.items)).toEqual([[1, 2, 3], [4, 5]]);
    r.batches[1]!.finish();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5].map((i) => `answer ${i}`));
    expect(b.stats).toEqual({ batches: 2, queries: 5, largest: 3 });
  });

  it('with T = 0 runs a lone query at once (batching only what queued behind a busy worker)', () => {
    const clock = new FakeClock();
    const r = manualRunner();
    const b = new DynamicBatcher({ maxDelayMs: 0, maxBatch: 16 }, r.run, clock);
    void b.submit(7);
    expect(r.batches.map((x) => x.items)).toEqual([[7]]);
  });

  it('fails every query of a failed batch with its error, and keeps serving', async () => {
    const clock = new FakeClock();
    let fail = true;
    const b = new DynamicBatcher<number, number>({ maxDelayMs: 0, maxBatch: 4 }, async (items) => {
      if (fail) throw new Error('worker died');
      return items.map((i) => i * 10);
    }, clock);
    await expect(b.submit(1)).rejects.toThrow('worker died');
    fail = false;
    expect(await b.submit(2)).toBe(20);
  });

  it('property: every query is answered once, in arrival order, in batches of at most B', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 10 }), fc.double({ min: 0, max: 10, noNaN: true }), async (gaps, maxBatch, maxDelayMs) => {
        const clock = new FakeClock();
        const sizes: number[] = [];
        const order: number[] = [];
        const b = new DynamicBatcher<number, number>({ maxDelayMs, maxBatch }, async (items) => {
          sizes.push(items.length);
          order.push(...items);
          return items.map((i) => -i);
        }, clock);
        const answers: Promise<number>[] = [];
        for (const [i, gap] of gaps.entries()) {
          clock.advance(gap);
          await flush();
          answers.push(b.submit(i));
        }
        for (let k = 0; k < gaps.length + 2; k++) {
          clock.advance(maxDelayMs + 1);
          await flush();
        }
        expect(await Promise.all(answers)).toEqual(gaps.map((_, i) => -i));
        expect(order).toEqual(gaps.map((_, i) => i));
        expect(sizes.every((s) => s >= 1 && s <= maxBatch)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseBatching', () => {
  it('takes off, or a T and a B, and names a nonsense value', () => {
    expect(parseBatching({ delayMs: 'x', maxBatch: 'y', off: true })).toEqual({ ok: true, policy: { kind: 'off' } });
    expect(parseBatching({ delayMs: '2.5', maxBatch: '16' })).toEqual({ ok: true, policy: { kind: 'on', maxDelayMs: 2.5, maxBatch: 16 } });
    expect(parseBatching({ delayMs: '-1', maxBatch: '16' })).toMatchObject({ ok: false, error: expect.stringContaining('delay T') });
    expect(parseBatching({ delayMs: '', maxBatch: '16' })).toMatchObject({ ok: false, error: expect.stringContaining('got ""') });
    expect(parseBatching({ delayMs: '5', maxBatch: '1.5' })).toMatchObject({ ok: false, error: expect.stringContaining('Largest batch B') });
    expect(parseBatching({ delayMs: '5', maxBatch: String(MAX_BATCH + 1) })).toMatchObject({ ok: false });
  });

  it('property: any text either parses to values in range or gets a message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double().map(String)), fc.oneof(fc.string(), fc.integer().map(String)), (d, bb) => {
        const r = parseBatching({ delayMs: d, maxBatch: bb });
        if (r.ok) {
          expect(r.policy.kind).toBe('on');
          if (r.policy.kind === 'on') {
            expect(r.policy.maxDelayMs).toBeGreaterThanOrEqual(0);
            expect(Number.isInteger(r.policy.maxBatch) && r.policy.maxBatch >= 1 && r.policy.maxBatch <= MAX_BATCH).toBe(true);
          }
        } else expect(r.error.length).toBeGreaterThan(10);
      }),
    );
  });
});

describe('paddedSize', () => {
  it('rounds up to a power of two, capped at B, within the warmed sizes', () => {
    expect([1, 2, 3, 5, 8, 9, 12].map((n) => paddedSize(n, 12))).toEqual([1, 2, 4, 8, 8, 12, 12]);
    expect(paddedSizes(12)).toEqual([1, 2, 4, 8, 12]);
    expect(paddedSizes(16)).toEqual([1, 2, 4, 8, 16]);
    expect(paddedSizes(1)).toEqual([1]);
    for (let n = 1; n <= 40; n++) expect(paddedSizes(40)).toContain(paddedSize(n, 40));
    expect(() => paddedSize(0, 4)).toThrow(/n must be/);
  });
});
