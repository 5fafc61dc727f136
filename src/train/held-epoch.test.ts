// The epoch a trained model holds: the kept one when set, else the last; none before an epoch finished.
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../metrics/report.ts';
import { heldEpoch, keptEpochField } from './held-epoch.ts';

const records = [1, 2, 3].map((epoch) => ({ epoch, valAcc: epoch / 10 }) as EpochRecord);

describe('heldEpoch and keptEpochField', () => {
  it('gives the kept epoch, else the last, else nothing', () => {
    expect(heldEpoch(records, 2)?.valAcc).toBe(0.2);
    expect(heldEpoch(records, undefined)?.valAcc).toBe(0.3);
    expect(heldEpoch([], undefined)).toBeUndefined();
    expect(keptEpochField(2)).toEqual({ keptEpoch: 2 });
    expect(keptEpochField(undefined)).toEqual({});
  });
});
