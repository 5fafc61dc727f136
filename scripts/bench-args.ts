// Command-line options of `npm run bench`, parsed and checked with messages naming the option.
import { DEFAULT_SETTINGS } from '../src/train/settings.ts';
import { isBackendName } from '../src/tf/backend-names.ts';

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
  --prune-queries N  interleaved latency queries per model in the sweep (default 256)
  --data DIR         train on a folder with one subfolder per class (2-10 classes; JPEG, PNG, WebP, GIF, BMP),
                     loaded through the Data view; reports counts, skipped files, load time, frame gap and heap
  --inside           show live feature maps while training (as the Inside view does) and print their cost share
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
    pruneQueries: 256,
    build: true,
    data: null,
    inside: false,
  };
  const intOpt = (name: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number >= ${min}, got ${value ?? 'nothing'}.`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => argv[++i];
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
      case '--prune-queries': opts.pruneQueries = intOpt('prune-queries', next(), 16); break;
      case '--no-build': opts.build = false; break;
      case '--help': case '-h': throw new Error(BENCH_USAGE);
      default: throw new Error(`Unknown option "${arg}".\n${BENCH_USAGE}`);
    }
  }
  return opts;
}
