import { describe, expect, it } from 'vitest';
import { capacityRatio, capacityRatioRangeText } from './capacity-ratio.ts';

describe('capacityRatio', () => {
  it('bounds the on/off ratio by the two searches\' brackets', () => {
    // Off lies in [100, 110), on in [150, 160): the ratio lies in (150/110, 160/100).
    const r = capacityRatio({ capacityQps: 100, firstFailQps: 110 }, { capacityQps: 150, firstFailQps: 160 });
    expect(r.ratio).toBe(1.5);
    expect(r.low).toBeCloseTo(150 / 110, 12);
    expect(r.high).toBeCloseTo(1.6, 12);
    expect(capacityRatioRangeText(r)).toBe('1.36–1.60×');
  });

  it('has no upper end when batching on never failed, and no ratio without a passing rate', () => {
    const open = capacityRatio({ capacityQps: 100, firstFailQps: 110 }, { capacityQps: 300, firstFailQps: null });
    expect(open.high).toBeNull();
    expect(capacityRatioRangeText(open)).toBe('at least 2.73×');
    // Off never failed: its capacity is only a floor, so the ratio has no lower end.
    const offOpen = capacityRatio({ capacityQps: 100, firstFailQps: null }, { capacityQps: 150, firstFailQps: 160 });
    expect(offOpen.low).toBeNull();
    expect(capacityRatioRangeText(offOpen)).toBe('at most 1.60×');
    expect(capacityRatioRangeText(capacityRatio({ capacityQps: 100, firstFailQps: null }, { capacityQps: 150, firstFailQps: null }))).toBe('');
    const none = capacityRatio({ capacityQps: 100, firstFailQps: 110 }, { capacityQps: null, firstFailQps: 20 });
    expect(none.ratio).toBeNaN();
    expect(capacityRatioRangeText(none)).toBe('');
  });

  it('gives a floor when batching off met the bound at no rate: its capacity is under its lowest failing rate', () => {
    // Off failed at 20/s, the lowest it tried; on passed 150/s: on / off is more than 150 / 20.
    const offNone = capacityRatio({ capacityQps: null, firstFailQps: 20 }, { capacityQps: 150, firstFailQps: 160 });
    expect(offNone).toEqual({ ratio: Number.NaN, low: 7.5, high: null });
    expect(capacityRatioRangeText(offNone)).toBe('more than 7.50×');
    expect(capacityRatioRangeText(capacityRatio({ capacityQps: null, firstFailQps: null }, { capacityQps: 150, firstFailQps: 160 }))).toBe('');
  });
});
