// fast-check generators of every valid Serve, Prune and Ledger set-up and of a whole URL set-up
// (what the forms and a link can produce), for the property tests of their parsers.
import fc from 'fast-check';
import { DEFAULT_LEVELS } from '../prune/plan.ts';
import { ALL_BACKENDS } from '../tf/backend-names.ts';
import { validTrainSettings } from '../train/test-arbitraries.ts';
import { VIEW_IDS } from './lab-state.ts';
import { TRAFFIC_LIMITS, type LedgerSettings } from './ledger-state.ts';
import { PRUNE_LIMITS, type PruneSettings } from './prune-state.ts';
import type { ServeSettings } from './serve-state.ts';
import type { UrlSnapshot } from './url-state.ts';
import { validDriftUrlSettings } from './drift-test-arbitraries.ts';

export const validServeSettings: fc.Arbitrary<ServeSettings> = fc.record({
  backend: fc.constantFrom(...ALL_BACKENDS),
  warmShaders: fc.boolean(),
  queries: fc.integer({ min: 1, max: 100_000 }),
  deadlineMs: fc.integer({ min: 100, max: 600_000 }),
  compareQueries: fc.integer({ min: 1, max: 10_000 }),
});

/** Levels as the form gives them: a non-empty choice among the known levels, in sweep order. */
export const validPruneSettings: fc.Arbitrary<PruneSettings> = fc.record({
  levels: fc.subarray([...DEFAULT_LEVELS], { minLength: 1 }),
  epochs: fc.integer(PRUNE_LIMITS.epochs),
  schedule: fc.constantFrom('gradual' as const, 'one-shot' as const),
  scope: fc.constantFrom('global' as const, 'per-layer' as const),
  queries: fc.integer(PRUNE_LIMITS.queries),
});

export const validLedgerSettings: fc.Arbitrary<LedgerSettings> = fc.record({
  queriesPerDay: fc.bigInt({ min: BigInt(TRAFFIC_LIMITS.min), max: BigInt(TRAFFIC_LIMITS.max) }).map(Number),
  unit: fc.constantFrom('time' as const, 'flops' as const),
});

export const validSnapshot: fc.Arbitrary<UrlSnapshot> = fc.record({
  view: fc.constantFrom(...VIEW_IDS),
  lecture: fc.boolean(),
  train: validTrainSettings,
  serve: validServeSettings,
  prune: validPruneSettings,
  ledger: validLedgerSettings,
  drift: validDriftUrlSettings,
});
