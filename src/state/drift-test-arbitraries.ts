// fast-check generator of every Drift set-up the forms can make, as the URL's text fields (canonical:
// numbers as String() writes them, policies one per kind in the form's order), for the URL property tests.
import fc from 'fast-check';
import { PRESET_SCENARIOS } from '../drift/schedule.ts';
import { ALL_BACKENDS } from '../tf/backend-names.ts';
import type { DriftUrlSettings } from './drift-url.ts';

const from = fc.constantFrom('fine-tune', 'scratch');
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => Math.abs(x));

const policies = fc
  .record({
    never: fc.boolean(),
    accuracy: fc.option(fc.tuple(fc.integer({ min: 1, max: 99 }), from), { nil: undefined }),
    every: fc.option(fc.tuple(fc.integer({ min: 1, max: 30 }), from), { nil: undefined }),
    signal: fc.option(fc.tuple(fc.double({ min: 0.01, max: 5, noNaN: true }), from), { nil: undefined }),
    both: fc.option(fc.tuple(fc.double({ min: 0.5, max: 50, noNaN: true }), fc.double({ min: 0.01, max: 5, noNaN: true }), from), { nil: undefined }),
  })
  .map((p) => [
    ...(p.never ? ['never'] : []),
    ...(p.accuracy ? [`accuracy:${p.accuracy[0]}:${p.accuracy[1]}`] : []),
    ...(p.every ? [`every:${p.every[0]}:${p.every[1]}`] : []),
    ...(p.signal ? [`signal:${p.signal[0]}:${p.signal[1]}`] : []),
    ...(p.both ? [`accuracy-or-signal:${p.both[0]}:${p.both[1]}:${p.both[2]}`] : []),
  ])
  .filter((tokens) => tokens.length > 0)
  .map((tokens) => tokens.join(','));

export const validDriftUrlSettings: fc.Arbitrary<DriftUrlSettings> = fc
  .record({
    scenario: fc.constantFrom(...Object.keys(PRESET_SCENARIOS)),
    days: fc.integer({ min: 2, max: 60 }),
    queriesPerDay: fc.integer({ min: 10, max: 5000 }),
    feedbackFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
    feedbackDelayDays: fc.integer({ min: 0, max: 5 }),
    seed: fc.integer({ min: 0, max: 0xffffffff }),
    policies,
    fineTuneEpochs: fc.integer({ min: 1, max: 50 }),
    servingBackend: fc.constantFrom(...ALL_BACKENDS),
    trafficPerDay: fc.integer({ min: 1, max: 1e9 }),
    floorAcc: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
    watts: fc.double({ min: 0.01, max: 9999, noNaN: true }),
    pue: fc.double({ min: 1, max: 3, noNaN: true }),
  })
  .chain((s) =>
    fc.record({
      strengths: fc.array(unit, { minLength: PRESET_SCENARIOS[s.scenario]!.shifts.length, maxLength: PRESET_SCENARIOS[s.scenario]!.shifts.length }).map((xs) => xs.map(String).join(',')),
      floorFromDay: fc.integer({ min: 0, max: s.days - 1 }),
      own: fc.oneof(fc.constant('append'), fc.integer({ min: 1, max: s.days - 1 }).map((d) => `from:${d}`)),
    }).map((dependent) => ({ ...s, ...dependent })),
  );
