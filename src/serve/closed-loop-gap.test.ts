// The note beside the search's closed-loop capacity: agreement, a gap outside the model, a gap in it.
import { describe, expect, it } from 'vitest';
import { closedLoopGap, outsideModelMs } from './closed-loop-gap.ts';

// Measured in one tab, wasm: Deploy & run while the machine was quiet, the search while another
// process took a core (mean end-to-end 1.09 ms and 4.47 ms, model-only about 0.9 ms in both).
const quiet = { qps: 914, count: 1024, modelMeanMs: 0.9 };
const busy = { qps: 223, count: 100, modelMeanMs: 0.95 };

describe('closedLoopGap', () => {
  it('puts a gap outside the model down to waiting for a core', () => {
    const g = closedLoopGap(busy, quiet);
    expect(g.ratio).toBeCloseTo(914 / 223, 9);
    expect(g.text).toMatch(/^Deploy & run measured 914 queries\/s \(n = 1,024, 1\.09 ms each, 0\.90 ms in the model\); this search 223 queries\/s \(n = 100, 4\.48 ms each, 0\.95 ms in the model\): 4\.1× apart\./);
    expect(g.text).toContain('Most of it is outside the model: this search spent 3.53 ms per query there against 0.19 ms, and the model time hardly moved.');
    expect(g.text).toContain('waiting for a core');
    expect(outsideModelMs(busy)).toBeCloseTo(1000 / 223 - 0.95, 9);
    // The other way round names Deploy & run as the slower.
    expect(closedLoopGap(quiet, busy).text).toContain('Deploy & run spent 3.53 ms');
  });

  it('says when the figures agree', () => {
    expect(closedLoopGap({ ...quiet, qps: 850 }, quiet).text).toMatch(/: within 8%\.$/);
  });

  it('names the model when it moved too, or most, and stays plain without model times', () => {
    // Seen in one tab: Deploy & run 230 queries/s (4.34 ms, 1.36 in the model), the search 878 (1.14 ms, 0.83 in the model).
    const seen = closedLoopGap({ qps: 878, count: 100, modelMeanMs: 0.83 }, { qps: 230, count: 128, modelMeanMs: 1.36 });
    expect(seen.text).toContain('3.8× apart. Most of it is outside the model: Deploy & run spent 2.99 ms per query there against 0.31 ms, and the model ran 1.6× slower too.');
    expect(closedLoopGap({ qps: 250, count: 100, modelMeanMs: 3.5 }, quiet).text).toMatch(/4\.00 ms each.+3\.7× apart, mostly in the model itself, which ran 3\.9× slower in this search: the machine was busier then\.$/);
    const plain = closedLoopGap({ ...busy, modelMeanMs: null }, quiet);
    expect(plain.text).toMatch(/4\.1× apart, measured at different moments\.$/);
    expect(plain.text).toContain('(n = 100, 4.48 ms each)');
    expect(outsideModelMs({ ...busy, modelMeanMs: null })).toBeNull();
  });
});
