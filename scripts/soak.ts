// `npm run soak`: the leak-free soak. Builds and serves the app, drives headless Chromium,
// and on each backend trains 30 epochs and serves 10,000 queries through the app's own code, printing
// tensors and bytes over time. Exits 1 unless, on every backend, the tensors and bytes after the last
// epoch equal those after the first, and the serving worker's equal those after warm-up.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'vite';
import type { EpochRecord } from '../src/metrics/report.ts';
import type { MemorySample } from '../src/serve/soak.ts';
import { launchChromium } from '../tests/launch.ts';
import { startPreview } from '../tests/preview-server.ts';

const USAGE = `npm run soak -- [options]
  --backends a,b     backends to soak (default: every backend available in the browser)
  --epochs N         training epochs per backend (default 30)
  --queries N        serving queries per backend (default 10000)
  --train-size N     training images per epoch (default 64: the soak looks for leaks, not accuracy;
                     each epoch also validates on all 500 validation images)
  --sample-every N   serving queries between memory samples (default 500)
  --minutes M        a time budget per backend instead: training stops after half of it (the finished
                     epochs count) and serving after the other half (up to --queries, 1,000,000 when
                     only --minutes is given), so slow backends soak for a stated time
  --out PATH         JSON of every sample (default reports/soak-<time>.json)
  --no-build         reuse the existing build`;

interface SoakOptions {
  backends: string[] | null;
  epochs: number;
  queries: number;
  trainSize: number;
  sampleEvery: number;
  /** Per-backend time budget in minutes (null: run the full epochs and queries). */
  minutes: number | null;
  out: string;
  build: boolean;
}

export function parseSoakArgs(argv: string[], now = new Date()): SoakOptions {
  const opts: SoakOptions = { backends: null, epochs: 30, queries: 10_000, trainSize: 64, sampleEvery: 500, minutes: null, out: `reports/soak-${now.toISOString().replace(/[:.]/g, '-')}.json`, build: true };
  const ints: Record<string, 'epochs' | 'queries' | 'trainSize' | 'sampleEvery'> = { '--epochs': 'epochs', '--queries': 'queries', '--train-size': 'trainSize', '--sample-every': 'sampleEvery' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help') throw new Error(USAGE);
    if (arg === '--no-build') opts.build = false;
    else if (arg === '--backends') opts.backends = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--out') opts.out = argv[++i] ?? opts.out;
    else if (arg === '--minutes') {
      const m = Number(argv[++i]);
      if (!Number.isFinite(m) || m <= 0) throw new Error(`--minutes needs a number of minutes above 0, got "${argv[i] ?? ''}".\n${USAGE}`);
      opts.minutes = m;
      if (!argv.includes('--queries')) opts.queries = 1_000_000;
    }
    else if (ints[arg]) {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a whole number of at least 1, got "${argv[i] ?? ''}".\n${USAGE}`);
      opts[ints[arg]] = n;
    } else throw new Error(`Unknown option "${arg}".\n${USAGE}`);
  }
  return opts;
}

interface BackendSoak {
  backend: string;
  epochs: Pick<EpochRecord, 'epoch' | 'numTensors' | 'numBytes' | 'wallMs'>[];
  serve: MemorySample[];
  serveErrors: number;
  serveWallMs: number;
  trainError: string | null;
}

/** The soak's checks (README, "npm run soak"); a message per failure. */
export function soakFailures(r: BackendSoak): string[] {
  const out: string[] = [];
  const first = r.epochs[0];
  const last = r.epochs.at(-1);
  if (r.trainError || !first || !last) out.push(`${r.backend}: training did not finish (${r.trainError ?? 'no epochs'}).`);
  else {
    if (last.numTensors !== first.numTensors) out.push(`${r.backend}: ${last.numTensors} tensors after epoch ${last.epoch}, ${first.numTensors} after epoch 1.`);
    if (last.numBytes !== first.numBytes) out.push(`${r.backend}: ${last.numBytes} bytes after epoch ${last.epoch}, ${first.numBytes} after epoch 1.`);
  }
  const s0 = r.serve[0];
  const sN = r.serve.at(-1);
  if (!s0 || !sN) out.push(`${r.backend}: serving took no samples.`);
  else {
    if (sN.numTensors !== s0.numTensors) out.push(`${r.backend}: the server held ${sN.numTensors} tensors after ${sN.queries} queries, ${s0.numTensors} after warm-up.`);
    if (sN.numBytes !== s0.numBytes) out.push(`${r.backend}: the server held ${sN.numBytes} bytes after ${sN.queries} queries, ${s0.numBytes} after warm-up.`);
  }
  if (r.serveErrors > 0) out.push(`${r.backend}: ${r.serveErrors} serving queries failed.`);
  return out;
}

async function main(): Promise<void> {
  const opts = parseSoakArgs(process.argv.slice(2));
  if (opts.build) {
    console.log('Building the app (vite build)…');
    await build({ logLevel: 'warn' });
  }
  const server = await startPreview();
  const browser = await launchChromium();
  const results: BackendSoak[] = [];
  try {
    // No service worker: its background download of the app's files would disturb the soak.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    let lastLine = 0;
    await page.exposeFunction('soakProgress', (text: string) => {
      if (process.stdout.isTTY) process.stdout.write(`\r${text}      `);
      // Logs and CI get a line every 30 s instead of a redrawn one.
      else if (Date.now() - lastLine > 30_000) {
        lastLine = Date.now();
        console.log(text);
      }
    });
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    const available = await page.evaluate(async () => {
      await window.trainServeLab.loadDataset();
      await window.trainServeLab.probeBackends();
      const all = window.trainServeLab.store.state.backends ?? {};
      return Object.keys(all).filter((b) => all[b]!.available);
    });
    const backends = opts.backends ?? available;
    const budgetMs = opts.minutes === null ? null : opts.minutes * 60_000;
    const budget = budgetMs === null ? '' : ` (or ${opts.minutes} min per backend: half training, half serving)`;
    console.log(`Soak: ${opts.epochs} epochs of ${opts.trainSize} images, then ${opts.queries} queries${budget}, on ${backends.join(', ')} (available: ${available.join(', ')})`);
    for (const backend of backends) {
      if (!available.includes(backend)) {
        results.push({ backend, epochs: [], serve: [], serveErrors: 0, serveWallMs: 0, trainError: `backend ${backend} is not available in this browser` });
        continue;
      }
      const started = Date.now();
      const training = await page.evaluate(
        async ({ backend, epochs, trainSize, trainBudgetMs }) => {
          const lab = window.trainServeLab;
          const progress = (window as unknown as { soakProgress(t: string): void }).soakProgress;
          lab.updateSettings({ backend, epochs, trainSize, patience: 0 });
          const errors = Object.values(lab.store.state.settingErrors);
          if (errors.length > 0) return { records: [], error: errors.join(' ') };
          const stop = lab.store.subscribe((s) => progress(`${backend} epoch ${s.training.epoch}/${epochs} batch ${s.training.batch}/${s.training.batches}`));
          // The time budget ends training like Stop does: the epochs finished by then are the run.
          const timer = trainBudgetMs === null ? 0 : setTimeout(() => lab.stop(), trainBudgetMs);
          const t = await lab.train().finally(() => {
            stop();
            clearTimeout(timer);
          });
          return { records: t.records.map((r) => ({ epoch: r.epoch, numTensors: r.numTensors, numBytes: r.numBytes, wallMs: r.wallMs })), error: t.phase === 'finished' ? null : (t.error ?? t.phase) };
        },
        { backend, epochs: opts.epochs, trainSize: opts.trainSize, trainBudgetMs: budgetMs === null ? null : budgetMs / 2 },
      );
      if (process.stdout.isTTY) process.stdout.write('\n');
      const result: BackendSoak = { backend, epochs: training.records, serve: [], serveErrors: 0, serveWallMs: 0, trainError: training.error };
      if (!training.error) {
        const served = await page.evaluate(
          async ({ backend, queries, sampleEvery, serveBudgetMs }) => {
            const progress = (window as unknown as { soakProgress(t: string): void }).soakProgress;
            return window.trainServeLab.serve.soak(backend as 'wasm', queries, sampleEvery, (s) => progress(`${backend} serving ${s.queries}/${queries} queries, ${s.numTensors} tensors`), serveBudgetMs ?? undefined);
          },
          { backend, queries: opts.queries, sampleEvery: opts.sampleEvery, serveBudgetMs: budgetMs === null ? null : budgetMs / 2 },
        );
        if (process.stdout.isTTY) process.stdout.write('\n');
        Object.assign(result, { serve: served.samples, serveErrors: served.errors, serveWallMs: served.wallMs });
      }
      results.push(result);
      printBackend(result, (Date.now() - started) / 1000);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, JSON.stringify({ schema: 1, options: opts, results }, null, 2));
  console.log(`\nSamples written to ${opts.out}`);
  const failures = results.flatMap(soakFailures);
  for (const f of failures) console.error(`FAILED: ${f}`);
  if (failures.length > 0) process.exit(1);
  console.log(`Flat on every backend (${results.map((r) => r.backend).join(', ')}): tensors and bytes at the end equal those after the first epoch and after serving warm-up.`);
}

function printBackend(r: BackendSoak, seconds: number): void {
  console.log(`\n${r.backend} (${seconds.toFixed(0)} s)`);
  if (r.epochs.length > 0) {
    console.log('Training worker after each epoch (tf.memory):');
    const picked = r.epochs.filter((e, i) => i < 3 || i === r.epochs.length - 1 || e.epoch % 5 === 0);
    console.table(picked.map((e) => ({ epoch: e.epoch, tensors: e.numTensors, bytes: e.numBytes, 'epoch s': +(e.wallMs / 1000).toFixed(2) })));
  }
  if (r.serve.length > 0) {
    console.log(`Serving worker (tf.memory), ${r.serveErrors} failed queries, ${(r.serveWallMs / Math.max(1, r.serve.at(-1)!.queries)).toFixed(2)} ms per query:`);
    const step = Math.max(1, Math.floor(r.serve.length / 10));
    console.table(r.serve.filter((_, i) => i % step === 0 || i === r.serve.length - 1).map((s) => ({ queries: s.queries, tensors: s.numTensors, bytes: s.numBytes })));
  }
  const failures = soakFailures(r);
  console.log(failures.length === 0 ? `${r.backend}: flat.` : failures.join('\n'));
}

// Run as a command (not when a test imports the parsing and checks).
if (process.argv[1]?.endsWith('soak.ts')) {
  main().catch((err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}
