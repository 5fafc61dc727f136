// Command-line options of `npm run bench`, parsed and checked with messages naming the option.
import { DEFAULT_SETTINGS } from '../src/train/settings.ts';
import { isBackendName } from '../src/tf/backend-names.ts';
import { BUILTIN_PRESETS } from '../src/state/presets-builtin.ts';
import { parseUrlState } from '../src/state/url-state.ts';

/** The training flags a preset gives way to when they are typed on the command line. */
const TRAINING_FLAGS = { '--epochs': 'epochs', '--batch-size': 'batchSize', '--train-size': 'trainSize', '--seed': 'seed', '--lr': 'learningRate' } as const;
export type TrainingFlag = (typeof TRAINING_FLAGS)[keyof typeof TRAINING_FLAGS];

/** A shipped preset the bench can train with: its short name ("photos") and its link's query string. */
export interface BenchPreset {
  name: string;
  search: string;
}

/** The shipped presets that hold Train settings, named without their "builtin-" prefix. */
export function trainingPresets(): BenchPreset[] {
  return BUILTIN_PRESETS.filter((p) => Object.keys(parseUrlState(p.search).request.train).length > 0).map((p) => ({ name: p.id.replace(/^builtin-/, ''), search: p.search }));
}

export interface BenchOptions {
  backends: string[];
  epochs: number;
  batchSize: number;
  trainSize: number;
  seed: number;
  learningRate: number;
  out: string;
  serve: boolean;
  queries: number;
  prune: boolean;
  /** Interleaved latency rounds per model in the pruning sweep. */
  pruneQueries: number;
  build: boolean;
  data: string | null;
  /** Live Inside-view feature maps during training, their cost printed per epoch. */
  inside: boolean;
  /** --slo MS: the latency-bound search per backend at this p99 bound (null: not run). */
  sloMs: number | null;
  /** Fewest queries per tried rate of the search. */
  sloQueries: number;
  /** Queries of the fresh check runs at the answer and at 1.25x it (0 skips them). */
  sloCheck: number;
  /** Shortest run per tried rate, ms. */
  sloDurationMs: number;
  /** --batching: the batching curve and the capacity under batchingBoundMs, batching off and on. */
  batching: boolean;
  batchingBoundMs: number;
  /** Queries per run of the batching curve. */
  batchingQueries: number;
  /** The "where to spend" options side by side (scripts/bench-spend.ts). */
  spend: boolean;
  /** Closed-loop queries per option in --spend. */
  spendQueries: number;
  /** Interleaved rounds of test-time augmentation in --spend; 0 = every test image once. */
  spendTtaQueries: number;
  /** Accuracy asked for in --spend, percent; null = the dense model's own. */
  spendTarget: number | null;
  /** Days of traffic in --spend (the queries per day are the Ledger's). */
  spendDays: number;
  /** --drift: a drifting stream under three retraining policies (scripts/bench-drift.ts). */
  drift: boolean;
  /** Simulated days of --drift (day 0 included). */
  driftDays: number;
  /** Queries per simulated day of --drift. */
  driftQueries: number;
  /** Epochs of each fine-tune in --drift. */
  driftEpochs: number;
  /** --preset NAME: the page opens with this shipped preset's link, so its Train settings apply. */
  preset: BenchPreset | null;
  /** The training flags typed on the command line: they win over the preset's values. */
  given: TrainingFlag[];
}

export const BENCH_USAGE = `npm run bench -- [options]
  --backends a,b,c   backends to run (default wasm,webgl,cpu)
  --epochs N         epochs per backend (default 3)
  --batch-size N     batch size (default: the Train view's, ${DEFAULT_SETTINGS.batchSize})
  --train-size N     training images (default 2000, the app's default and the whole train split;
                     cpu and SwiftShader WebGL take ~5-10 s a batch here: --train-size 512 makes them ~4x quicker)
  --seed N           seed (default: the Train view's, ${DEFAULT_SETTINGS.seed})
  --lr X             learning rate (default: the Train view's, ${DEFAULT_SETTINGS.learningRate})
  --serve            also run the serving bench on each backend
  --queries N        measured queries per serving run (default 1024)
  --prune            also run the pruning sweep
  --prune-queries N  interleaved latency queries per model in the sweep, at most (default 2048; stops sooner
                     once every p50's 95% interval is within ±3%, or after 20 s of rounds)
  --data DIR         train on a folder with one subfolder per class (2-10 classes; JPEG, PNG, WebP, GIF, BMP),
                     loaded through the Data view; reports counts, skipped files, load time, frame gap and heap
  --inside           show live feature maps while training (as the Inside view does) and print their cost share
  --slo MS           with --serve: the latency-bound search per backend (highest Poisson rate with p99 <= MS),
                     then fresh checks at that rate and at 1.25x it
  --slo-queries N    fewest queries per tried rate of the search (default 300; each rate also runs >= 2 s)
  --slo-check N      queries of each fresh check run (default 2000; 0 skips the checks)
  --slo-duration MS  shortest run per tried rate (default 2000)
  --batching         with --serve: the dynamic-batching curve (throughput and p99 against T and B) and the
                     capacity under a p99 bound with batching off and on
  --batching-bound MS  the bound of that off/on comparison (default 200)
  --batching-queries N queries per run of the curve (default 256)
  --spend            also train the same recipe augmented (flip, 10% crops), distil a half-width student from it (and
                     train that size alone), sweep sizes 8x2 and 32x3, serve each on wasm, measure test-time
                     augmentation of the dense model (1, 2, 4, 8 views), print the options side by side and the
                     traffic at which the cheapest one changes
  --spend-queries N  closed-loop queries per option with --spend (default 256)
  --spend-tta-queries N  interleaved rounds of test-time augmentation (default 0: every test image once)
  --spend-target PCT accuracy the options must reach (default: the dense model's test accuracy)
  --spend-days N     days of traffic (default 30; queries per day are the Ledger's, 10,000)
  --drift            also run a drifting stream (night falls on day 1) from the wasm model under "never",
                     "when accuracy drops 5 points" and "every day" (fine-tunes in the training worker), print the
                     price of staying accurate per policy, and write it to the report's lifecycle section
  --drift-days N     simulated days of --drift, day 0 included (default 6)
  --drift-queries N  queries per day of --drift (default 600, the Drift view's; 60% get their label back)
  --drift-epochs N   epochs of each fine-tune in --drift (default 8, the Drift view's)
  --preset NAME      open the app with a shipped preset's link (${trainingPresets().map((p) => p.name).join(', ')}), so its Train settings
                     (augmentation, dropout, epochs…) apply as they do for a person; --epochs and the other training
                     flags, when given, win over the preset's. "photos" is the set-up for a folder of real photos:
                     npm run bench -- --data DIR --preset photos --backends wasm
  --out PATH         report path (default reports/bench-<time>.json)
  --no-build         reuse dist/ instead of building`;

export function parseBenchArgs(argv: string[], now = new Date()): BenchOptions {
  const opts: BenchOptions = {
    backends: ['wasm', 'webgl', 'cpu'],
    epochs: 3,
    // The Train view's defaults, so a bench run is the run a learner gets.
    batchSize: DEFAULT_SETTINGS.batchSize,
    trainSize: DEFAULT_SETTINGS.trainSize,
    seed: DEFAULT_SETTINGS.seed,
    learningRate: DEFAULT_SETTINGS.learningRate,
    out: `reports/bench-${now.toISOString().replace(/[:.]/g, '-')}.json`,
    serve: false,
    queries: 1024,
    prune: false,
    pruneQueries: 2048,
    build: true,
    data: null,
    inside: false,
    sloMs: null,
    sloQueries: 300,
    sloCheck: 2000,
    sloDurationMs: 2000,
    batching: false,
    batchingBoundMs: 200,
    batchingQueries: 256,
    spend: false,
    spendQueries: 256,
    spendTtaQueries: 0,
    spendTarget: null,
    spendDays: 30,
    drift: false,
    driftDays: 6,
    driftQueries: 600,
    driftEpochs: 8,
    preset: null,
    given: [],
  };
  const msOpt = (name: string, value: string | undefined): number => {
    const x = Number(value);
    if (value === undefined || !(Number.isFinite(x) && x > 0 && x <= 60_000)) throw new Error(`--${name} needs a number of ms above 0 and at most 60000, got ${value ?? 'nothing'}.`);
    return x;
  };
  const intOpt = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number >= ${min}, got ${value ?? 'nothing'}.`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => argv[++i];
    const flag = TRAINING_FLAGS[arg as keyof typeof TRAINING_FLAGS];
    if (flag && !opts.given.includes(flag)) opts.given.push(flag);
    switch (arg) {
      case '--backends': {
        const list = (next() ?? '').split(',').map((b) => b.trim()).filter(Boolean);
        const bad = list.filter((b) => !isBackendName(b));
        if (list.length === 0 || bad.length > 0) throw new Error(`--backends takes a comma list of wasm, webgl, cpu, webgpu; got "${list.join(',')}".`);
        opts.backends = list;
        break;
      }
      case '--epochs': opts.epochs = intOpt('epochs', next(), 1); break;
      case '--batch-size': opts.batchSize = intOpt('batch-size', next(), 1); break;
      case '--train-size': opts.trainSize = intOpt('train-size', next(), 8); break;
      case '--seed': opts.seed = intOpt('seed', next(), 0); break;
      case '--queries': opts.queries = intOpt('queries', next(), 1); break;
      case '--lr': {
        const v = next();
        const x = Number(v);
        if (!(x > 0 && x <= 1)) throw new Error(`--lr needs a number in (0, 1], got ${v ?? 'nothing'}.`);
        opts.learningRate = x;
        break;
      }
      case '--out': opts.out = next() ?? opts.out; break;
      case '--data': {
        const dir = next();
        if (!dir || dir.startsWith('--')) throw new Error('--data needs a folder: --data DIR (one subfolder per class).');
        opts.data = dir;
        break;
      }
      case '--serve': opts.serve = true; break;
      case '--prune': opts.prune = true; break;
      case '--inside': opts.inside = true; break;
      case '--slo': opts.sloMs = msOpt('slo', next()); break;
      case '--slo-queries': opts.sloQueries = intOpt('slo-queries', next(), 20); break;
      case '--slo-check': opts.sloCheck = intOpt('slo-check', next(), 0); break;
      case '--slo-duration': opts.sloDurationMs = intOpt('slo-duration', next(), 0); break;
      case '--batching': opts.batching = true; break;
      case '--batching-bound': opts.batchingBoundMs = msOpt('batching-bound', next()); break;
      case '--batching-queries': opts.batchingQueries = intOpt('batching-queries', next(), 16); break;
      case '--spend': opts.spend = true; break;
      case '--spend-queries': opts.spendQueries = intOpt('spend-queries', next(), 1); break;
      case '--spend-tta-queries': opts.spendTtaQueries = intOpt('spend-tta-queries', next(), 0); break;
      case '--spend-days': opts.spendDays = intOpt('spend-days', next(), 1); break;
      case '--spend-target': {
        const v = next();
        const x = Number(v);
        if (v === undefined || !(x >= 0 && x <= 100)) throw new Error(`--spend-target needs a percentage from 0 to 100, got ${v ?? 'nothing'}.`);
        opts.spendTarget = x;
        break;
      }
      case '--drift': opts.drift = true; break;
      case '--drift-days': opts.driftDays = intOpt('drift-days', next(), 2); break;
      case '--drift-queries': opts.driftQueries = intOpt('drift-queries', next(), 10); break;
      case '--drift-epochs': opts.driftEpochs = intOpt('drift-epochs', next(), 1); break;
      case '--prune-queries': opts.pruneQueries = intOpt('prune-queries', next(), 16); break;
      case '--preset': {
        const name = next();
        const presets = trainingPresets();
        const preset = presets.find((p) => p.name === name);
        if (!preset) throw new Error(`--preset needs the name of a shipped preset with Train settings (${presets.map((p) => p.name).join(', ')}), got ${name ?? 'nothing'}.`);
        opts.preset = preset;
        break;
      }
      case '--no-build': opts.build = false; break;
      case '--help': case '-h': throw new Error(BENCH_USAGE);
      default: throw new Error(`Unknown option "${arg}".\n${BENCH_USAGE}`);
    }
  }
  return opts;
}

/**
 * After the page opened the preset's link: the training flags not typed take the page's values
 * (the preset's, or the Train view's defaults for what it leaves alone), so what the bench prints
 * and reports is what trained.
 */
export function adoptPageSettings(opts: BenchOptions, page: Record<TrainingFlag, number>): void {
  for (const key of Object.values(TRAINING_FLAGS)) if (!opts.given.includes(key)) opts[key] = page[key];
}
