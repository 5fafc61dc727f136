import { describe, expect, it } from 'vitest';
import { placeReferenceLabels } from './reference-labels.ts';

const area = { left: 40, right: 400 };

describe('placeReferenceLabels', () => {
  it('writes a lone label above its line at the right end', () => {
    expect(placeReferenceLabels([{ y: 100, width: 80, height: 12 }], area)).toEqual([{ x: 400 - 4 - 80, top: 100 - 2 - 12 }]);
  });

  it('keeps labels of lines far apart where they go alone', () => {
    const [a, b] = placeReferenceLabels([{ y: 100, width: 80, height: 12 }, { y: 200, width: 60, height: 12 }], area);
    expect(a).toEqual({ x: 316, top: 86 });
    expect(b).toEqual({ x: 336, top: 186 });
  });

  it('moves the label of a line close to another below it, then to the left end', () => {
    const placed = placeReferenceLabels([{ y: 100, width: 80, height: 12 }, { y: 101, width: 80, height: 12 }, { y: 102, width: 80, height: 12 }], area);
    expect(placed[1]).toEqual({ x: 316, top: 103 });
    expect(placed[2]).toEqual({ x: 44, top: 88 });
    // No two boxes overlap.
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i]!;
        const b = placed[j]!;
        expect(a.x + 80 <= b.x || b.x + 80 <= a.x || a.top + 12 <= b.top || b.top + 12 <= a.top, `labels ${i} and ${j}`).toBe(true);
      }
    }
  });
});
