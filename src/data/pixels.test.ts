import { describe, expect, it } from 'vitest';
import { rgbaToRgb } from './pixels.ts';

describe('rgbaToRgb', () => {
  it('drops every fourth byte and keeps the order', () => {
    expect(rgbaToRgb(new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 0]))).toEqual(new Uint8Array([1, 2, 3, 4, 5, 6]));
  });
});
