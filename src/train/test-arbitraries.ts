// fast-check generators shared by the property tests of the settings parsers: every valid training
// set-up, and the raw values a form field or a link can carry to any settings parser.
import fc from 'fast-check';
import { ALL_BACKENDS } from '../tf/backend-names.ts';
import { SETTING_LIMITS, type TrainSettings } from './settings.ts';

/** A number within a limit; fc ranges put -0 below 0, so min 0 never yields -0 (a link writes it as "0"). */
const within = (limit: { min: number; max: number; integer: boolean }): fc.Arbitrary<number> =>
  limit.integer ? fc.integer({ min: limit.min, max: limit.max }) : fc.double({ min: limit.min, max: limit.max, noNaN: true });

export const validTrainSettings: fc.Arbitrary<TrainSettings> = fc.record({
  backend: fc.constantFrom(...ALL_BACKENDS),
  epochs: within(SETTING_LIMITS.epochs),
  batchSize: within(SETTING_LIMITS.batchSize),
  learningRate: within(SETTING_LIMITS.learningRate),
  width: within(SETTING_LIMITS.width),
  depth: within(SETTING_LIMITS.depth),
  trainSize: within(SETTING_LIMITS.trainSize),
  seed: within(SETTING_LIMITS.seed),
  patience: within(SETTING_LIMITS.patience),
  dropout: within(SETTING_LIMITS.dropout),
  augFlip: fc.boolean(),
  keepBest: fc.boolean(),
  augCrop: within(SETTING_LIMITS.augCrop),
  augBrightness: within(SETTING_LIMITS.augBrightness),
  augContrast: within(SETTING_LIMITS.augContrast),
  augSaturation: within(SETTING_LIMITS.augSaturation),
});

/** Text that looks like a number, nearly a number, or a word the parsers know. */
const nearNumber = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double().map(String),
  fc.tuple(fc.constantFrom('', ' ', '\t', '+', '-', '0x', '0b', '1e', '.'), fc.nat(10_000), fc.constantFrom('', ' ', '.5', 'e2', ',000', 'px')).map(([a, n, b]) => `${a}${n}${b}`),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-Infinity', '-0', '1e-7', '1e12', '1e400', '0.5', 'true', 'false', 'wasm', 'webgl', 'cpu', 'webgpu', 'WASM', 'gradual', 'one-shot', 'global', 'per-layer', 'time', 'flops', 'structured:0.5', 'unstructured:0.9', 'null', 'undefined', '__proto__', 'constructor'),
);

/**
 * Whatever a form field or a link can hand a settings parser: text of any kind (also lone
 * surrogates), numbers, booleans from a checkbox, lists of text (the levels), null, bigint, symbol.
 */
export const rawValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nearNumber, weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.bigInt(), fc.string().map((s) => Symbol(s))), weight: 2 },
  { arbitrary: fc.array(fc.oneof(nearNumber, fc.string({ maxLength: 20 })), { maxLength: 8 }), weight: 1 },
);

/** A raw object for a parser: some of its keys, each with a raw value. */
export function rawFields<K extends string>(keys: readonly K[], value: fc.Arbitrary<unknown> = rawValue): fc.Arbitrary<Partial<Record<K, unknown>>> {
  return fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length }) as fc.Arbitrary<Partial<Record<K, unknown>>>;
}

/** A message that names the problem: non-empty text that contains the field's label. */
export function namesField(message: unknown, label: string): boolean {
  return typeof message === 'string' && message.length > 0 && message.includes(label);
}
