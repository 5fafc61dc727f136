import { describe, expect, it } from 'vitest';
import { augmentationOn, batchAugmentSeed, describeAugmentation, drawAugmentation } from './augment-params.ts';

const ON = { augFlip: true, augCrop: 0.2, augBrightness: 0.2, augContrast: 0.3, augSaturation: 0.4 };

describe('drawAugmentation', () => {
  it('gives the same draws for the same seed and other draws for another', () => {
    expect(drawAugmentation(ON, 16, 5)).toEqual(drawAugmentation(ON, 16, 5));
    expect(drawAugmentation(ON, 16, 5)).not.toEqual(drawAugmentation(ON, 16, 6));
  });

  it('draws each image the same whatever the batch length (a preview of the first images matches the batch)', () => {
    expect(drawAugmentation(ON, 4, 9)).toEqual(drawAugmentation(ON, 32, 9).slice(0, 4));
  });

  it('keeps every draw within its setting', () => {
    const draws = drawAugmentation(ON, 500, 1);
    for (const d of draws) {
      const [y1, x1, y2, x2] = d.box;
      const side = y2 - y1;
      expect(side).toBeGreaterThanOrEqual(0.8 - 1e-12);
      expect(side).toBeLessThanOrEqual(1);
      expect(Math.abs(x2 - x1)).toBeCloseTo(side, 12);
      expect(Math.min(y1, x1, y2, x2)).toBeGreaterThanOrEqual(0);
      expect(Math.max(y1, x1, y2, x2)).toBeLessThanOrEqual(1 + 1e-12);
      expect(x1 > x2).toBe(d.flip);
      expect(Math.abs(d.brightness)).toBeLessThanOrEqual(0.2);
      expect(Math.abs(d.contrast - 1)).toBeLessThanOrEqual(0.3);
      expect(Math.abs(d.saturation - 1)).toBeLessThanOrEqual(0.4);
    }
    const flipped = draws.filter((d) => d.flip).length;
    expect(flipped).toBeGreaterThan(200);
    expect(flipped).toBeLessThan(300);
  });

  it('draws nothing when every lever is off (or absent, as in settings saved before augmentation existed)', () => {
    for (const d of drawAugmentation({}, 20, 3)) expect(d).toEqual({ flip: false, box: [0, 0, 1, 1], brightness: 0, contrast: 1, saturation: 1 });
    expect(augmentationOn({})).toBe(false);
    expect(augmentationOn({ augSaturation: 0.1 })).toBe(true);
    expect(describeAugmentation({})).toBe('off');
    expect(describeAugmentation(ON)).toBe('flip, crop up to 20%, brightness ±0.2, contrast ±0.3, saturation ±0.4');
  });

  it('seeds each (seed, epoch, batch) apart', () => {
    const seeds = new Set<number>();
    for (let e = 1; e <= 10; e++) for (let b = 0; b < 60; b++) seeds.add(batchAugmentSeed(42, e, b));
    expect(seeds.size).toBe(600);
  });
});
