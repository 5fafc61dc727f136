// The note beside the search's closed-loop capacity: agreement, a gap outside the model, a gap in it,
// and the intervals of the two means that decide whether there is a gap at all.
import { describe, expect, it } from 'vitest';
import { closedLoopGap, meanMsBounds, outsideModelMs } from './closed-loop-gap.ts';

// Measured in one tab, wasm: Deploy & run while the machine was quiet, the search while another
// process took a core (mean end-to-end 1.09 ms and 4.47 ms, model-only about 0.9 ms in both).
const quiet = { qps: 914, count: 1024, stdMs: 0.3, modelMeanMs: 0.9 };
const busy = { qps: 223, count: 100, stdMs: 2, modelMeanMs: 0.95 };

describe('closedLoopGap', () => {
  it('puts a gap outside the model down to waiting for a core', () => {
    const g = closedLoopGap(busy, quiet);
    expect(g.ratio).toBeCloseTo(914 / 223, 9);
    expect(g.verdict).toBe('b lower');
    expect(g.text).toMatch(/^Deploy & run measured 914 queries\/s \(n = 1,024, 1\.09 ms each \[1\.08–1\.11 ms\], 0\.90 ms in the model\); this search 223 queries\/s \(n = 100, 4\.48 ms each \[4\.09–4\.88 ms\], 0\.95 ms in the model\): 4\.1× apart\./);
    expect(g.text).toContain('Most of it is outside the model: this search spent 3.53 ms per query there against 0.19 ms, and the model time hardly moved.');
    expect(g.text).toContain('waiting for a core');
    expect(outsideModelMs(busy)).toBeCloseTo(1000 / 223 - 0.95, 9);
    // The other way round names Deploy & run as the slower.
    expect(closedLoopGap(quiet, busy).text).toContain('Deploy & run spent 3.53 ms');
  });

  it('bounds each mean by the normal approximation: mean ± 1.96 sd / √n', () => {
    const b = meanMsBounds(busy);
    expect(b.low).toBeCloseTo(1000 / 223 - (1.959963984540054 * 2) / 10, 9);
    expect(b.high).toBeCloseTo(1000 / 223 + (1.959963984540054 * 2) / 10, 9);
    expect(meanMsBounds({ ...busy, count: 29 })).toEqual({ low: null, high: null, why: 'too few queries' });
    expect(meanMsBounds({ ...busy, stdMs: null })).toEqual({ low: null, high: null, why: 'no spread kept' });
  });

  it('says when the figures agree, and whether their intervals still tell them apart', () => {
    const near = { ...quiet, qps: 850 };
    expect(closedLoopGap(near, quiet).text).toMatch(/: within 8%; their intervals do not overlap, so by them the two moments differ\.$/);
    expect(closedLoopGap({ ...near, stdMs: 3 }, { ...quiet, stdMs: 3 }).text).toMatch(/: within 8%, not distinguishable\.$/);
  });

  it('calls a ratio over the line not distinguishable when the intervals of the means overlap', () => {
    // 30 queries each, spread 5 ms: 3.33 ms [1.54–5.12] against 6.67 ms [4.88–8.46].
    const g = closedLoopGap({ qps: 300, count: 30, stdMs: 5, modelMeanMs: 1 }, { qps: 150, count: 30, stdMs: 5, modelMeanMs: 1 });
    expect(g.verdict).toBe('not distinguishable');
    expect(g.text).toMatch(/: 2\.0× apart, but the intervals of the two means overlap, so at these counts they are not distinguishable\.$/);
    expect(g.text).not.toContain('outside the model');
  });

  it('judges on the means alone, and says so, when a side kept no interval or had too few queries', () => {
    const unkept = closedLoopGap({ ...busy, stdMs: null }, quiet);
    expect(unkept.verdict).toBeNull();
    expect(unkept.text).toContain('(n = 100, 4.48 ms each [no spread kept], 0.95 ms in the model)');
    expect(unkept.text).toContain('4.1× apart (judged on the two means alone: no spread kept). Most of it is outside the model');
    expect(closedLoopGap({ ...busy, stdMs: Number.NaN }, quiet).text).toContain('4.48 ms each [no spread kept]');
    const few = closedLoopGap({ ...busy, count: 20 }, quiet);
    expect(few.verdict).toBeNull();
    expect(few.text).toContain('4.48 ms each [too few queries]');
    expect(few.text).toContain('(judged on the two means alone: too few queries)');
    // Both sides short of an interval for the same reason name it once.
    expect(closedLoopGap({ ...busy, stdMs: null }, { ...quiet, stdMs: null }).text).toContain('(judged on the two means alone: no spread kept)');
  });

  it('calls a side too spread for an interval not distinguishable, past the line or within it', () => {
    // One long stall among quick queries: the normal interval would reach below 0 ms, so none is given,
    // and a sample that wide cannot tell a 4× gap from none.
    const skewed = closedLoopGap({ ...busy, stdMs: 30 }, quiet);
    expect(skewed.text).toContain('4.48 ms each [too spread for the normal approximation]');
    expect(skewed.verdict).toBe('not distinguishable');
    expect(skewed.text).toMatch(/: 4\.1× apart, but a side is too spread for an interval of its mean, so they are not distinguishable\.$/);
    expect(skewed.text).not.toContain('judged on the two means alone');
    expect(skewed.text).not.toContain('outside the model');
    const near = closedLoopGap({ ...quiet, qps: 850, stdMs: 30, count: 100 }, quiet);
    expect(near.verdict).toBe('not distinguishable');
    expect(near.text).toMatch(/: within 8%, not distinguishable\.$/);
  });

  it('compares nothing when a side has no capacity', () => {
    const g = closedLoopGap({ ...busy, qps: 0 }, quiet);
    expect(g.verdict).toBeNull();
    expect(g.ratio).toBeNaN();
    expect(g.text).toMatch(/: a side has no measured capacity, so there is nothing to compare\.$/);
  });

  it('names the model when it moved too, or most, and stays plain without model times', () => {
    // Seen in one tab: Deploy & run 230 queries/s (4.34 ms, 1.36 in the model), the search 878 (1.14 ms, 0.83 in the model).
    const seen = closedLoopGap({ qps: 878, count: 100, stdMs: 0.4, modelMeanMs: 0.83 }, { qps: 230, count: 128, stdMs: 2, modelMeanMs: 1.36 });
    expect(seen.text).toContain('3.8× apart. Most of it is outside the model: Deploy & run spent 2.99 ms per query there against 0.31 ms, and the model ran 1.6× slower too.');
    expect(closedLoopGap({ qps: 250, count: 100, stdMs: 1, modelMeanMs: 3.5 }, quiet).text).toMatch(/4\.00 ms each.+3\.7× apart, mostly in the model itself, which ran 3\.9× slower in this search: the machine was busier then\.$/);
    const plain = closedLoopGap({ ...busy, modelMeanMs: null }, quiet);
    expect(plain.text).toMatch(/4\.1× apart, measured at different moments\.$/);
    expect(plain.text).toContain('(n = 100, 4.48 ms each [4.09–4.88 ms])');
    expect(outsideModelMs({ ...busy, modelMeanMs: null })).toBeNull();
  });
});
