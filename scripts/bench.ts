// `npm run bench`: builds the app, serves it with vite preview, drives Debian's Chromium with
// playwright-core, runs the app's own training (and serving/pruning) code in the page for
// each backend, prints tables and ratios, and writes the run report (src/metrics/report.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import type { RunRecord, SpendRecords } from '../src/metrics/report.ts';
import { reportConfig } from '../src/metrics/build-report.ts';
import { reportFromRegistry } from '../src/registry/report-models.ts';
import { printLedger } from './bench-ledger.ts';
import type { InferenceSpeed } from '../src/workbench/protocol.ts';
import type { TrainingState } from '../src/state/lab-state.ts';
import { DEFAULT_MODEL } from '../src/model/shape.ts';
import { launchChromium } from '../tests/launch.ts';
import { startPreview } from '../tests/preview-server.ts';
import { adoptPageSettings, parseBenchArgs, type BenchOptions } from './bench-args.ts';
import { printEpochTable, printRatios, printTestAccuracy } from './bench-print.ts';
import { driftChecks, printDriftTable, runDriftStep } from './bench-drift.ts';
import type { LifecycleRecord } from '../src/drift/records.ts';
import { printPruneChecks, printPruneTable, runPruneStep, type PruneOutcome } from './bench-prune.ts';
import { printServeRatios, printServeTable, serveOn, type ServeOutcome } from './bench-serve.ts';
import { printScale, scaleOn, type ScaleOutcome } from './bench-scale.ts';
import { loadOwnData, printOwnData } from './bench-data.ts';
import { enableLiveInside, printInsideCost } from './bench-inside.ts';
import { breakdownOn, printKernelBreakdown } from './bench-kernels.ts';
import type { BatchBreakdownRecord } from '../src/metrics/report.ts';
import { printSpendChecks, printSpendCrossover, printSpendTable, runSpendStep, spendTableRecord, type SpendOutcome } from './bench-spend.ts';

interface BackendOutcome {
  backend: string;
  training: TrainingState;
  inference: InferenceSpeed | null;
  /** The registry id of the model this training made (null if none was kept). */
  modelId: string | null;
  /** That model's accuracy on the unseen test split and the number of test images (null: not measured). */
  test: { acc: number; n: number } | null;
  /** --serve: the serving bench of the model just trained on this backend. */
  serve?: ServeOutcome;
  /** --serve with --slo / --batching: the latency-bound search and the batching curve on this backend. */
  scale?: ScaleOutcome;
  /** --prune: the pruning sweep of the same model. */
  prune?: PruneOutcome;
  /** One training batch of this backend's model, profiled by kernel family. */
  kernelBreakdown?: BatchBreakdownRecord;
}

async function trainOn(page: Page, opts: BenchOptions, backend: string): Promise<BackendOutcome> {
  return page.evaluate(
    async ({ opts, backend }) => {
      const lab = window.trainServeLab;
      lab.updateSettings({ backend, epochs: opts.epochs, batchSize: opts.batchSize, trainSize: opts.trainSize, seed: opts.seed, learningRate: opts.learningRate });
      const errors = lab.store.state.settingErrors;
      if (Object.keys(errors).length > 0) throw new Error(Object.values(errors).join(' '));
      const unsubscribe = lab.store.subscribe((s) => {
        const t = s.training;
        (window as unknown as { benchProgress(text: string): void }).benchProgress(`${backend} epoch ${t.epoch}/${opts.epochs} batch ${t.batch}/${t.batches}`);
      });
      const training = await lab.train().finally(unsubscribe);
      const inference = training.phase === 'finished' ? await lab.measureInference(opts.batchSize) : null;
      // The newest trained model is the one this run made: its serve and prune results attach to it.
      const model = lab.registry.models.filter((m) => m.origin.kind === 'trained').at(-1);
      const test = model && model.testAcc !== null ? { acc: model.testAcc, n: model.testCount } : null;
      return { backend, training, inference, modelId: model?.id ?? null, test };
    },
    { opts, backend },
  );
}

async function main(): Promise<void> {
  const opts = parseBenchArgs(process.argv.slice(2));
  if (opts.build) {
    console.log('Building the app (vite build)…');
    await build({ logLevel: 'warn' });
  }
  const server = await startPreview();
  const browser = await launchChromium();
  const failures: string[] = [];
  try {
    // No service worker: its background download of the app's files would disturb the timings.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
    let lastProgress = '';
    await page.exposeFunction('benchProgress', (text: string) => {
      if (text !== lastProgress && process.stdout.isTTY) process.stdout.write(`\r${text}    `);
      lastProgress = text;
    });
    // --preset: the page opens the preset's link, so the app's own link parsers apply its settings.
    await page.goto(opts.preset ? `${server.url}?${opts.preset.search}` : server.url, { waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    if (opts.preset) {
      const applied = await page.evaluate(() => ({ settings: window.trainServeLab.store.state.settings, errors: window.trainServeLab.store.state.settingErrors }));
      const refused = Object.entries(applied.errors);
      if (refused.length > 0) throw new Error(`The preset ${opts.preset.name} was refused by the app: ${refused.map(([k, v]) => `${k}: ${v}`).join('; ')}`);
      adoptPageSettings(opts, applied.settings);
      const typed = opts.given.length > 0 ? `; typed on the command line, so not the preset's: ${opts.given.join(', ')}` : '';
      console.log(`Preset ${opts.preset.name}, opened as a link: ${opts.preset.search}${typed}`);
    }
    console.log('Loading the dataset in the page…');
    await page.evaluate(async () => {
      await window.trainServeLab.loadDataset();
      await window.trainServeLab.probeBackends();
    });
    const environment = await page.evaluate(() => ({
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: globalThis.crossOriginIsolated,
      backends: window.trainServeLab.store.state.backends ?? {},
    }));
    // --data DIR: a folder-per-class dataset from disk, loaded through the Data view.
    const ownData = opts.data ? await loadOwnData(page, opts.data) : null;
    if (ownData) {
      printOwnData(ownData);
      // The default training-set size is the shipped split's; a person's set trains on all it has.
      opts.trainSize = Math.min(opts.trainSize, ownData.counts.train);
    }
    const datasetName = await page.evaluate(() => window.trainServeLab.dataset?.name ?? 'unknown');
    if (opts.inside) console.log(`Live feature maps on (budget ${JSON.stringify(await enableLiveInside(page))})`);

    const outcomes: BackendOutcome[] = [];
    for (const backend of opts.backends) {
      const caps = environment.backends[backend];
      if (caps && !caps.available) {
        failures.push(`Backend ${backend} is not available in this browser: ${caps.error ?? 'unknown reason'}`);
        continue;
      }
      console.log(`\nTraining on ${backend}: ${opts.epochs} epochs, ${opts.trainSize} images, batch ${opts.batchSize}`);
      const outcome = await trainOn(page, opts, backend);
      if (process.stdout.isTTY) process.stdout.write('\n');
      if (outcome.training.phase !== 'finished') {
        failures.push(`Backend ${backend} failed: ${outcome.training.error ?? outcome.training.phase}`);
        continue;
      }
      printEpochTable(backend, outcome.training.records, outcome.training.maxFrameGapMs);
      printTestAccuracy(backend, outcome.test, outcome.training.records.length);
      // A timing target, printed like the serving ratios: a loaded machine can miss it, so it never fails the run.
      if (opts.inside) {
        const share = printInsideCost(backend, outcome.training.records);
        console.log(`  live feature maps, largest share of an epoch = ${(100 * share).toFixed(2)}% (target < 5%: ${share < 0.05 ? 'pass' : 'FAIL'})`);
      }
      try {
        outcome.kernelBreakdown = await breakdownOn(page, opts.batchSize);
        printKernelBreakdown(outcome.kernelBreakdown);
      } catch (err) {
        failures.push(`Profiling a training batch on ${backend} failed: ${(err as Error).message}`);
      }
      if (opts.serve) {
        // Serve: right after training, while this backend's model is the lab's current one.
        console.log(`Serving on ${backend}: ${opts.queries} queries`);
        try {
          outcome.serve = await serveOn(page, backend, opts.queries);
          if (opts.sloMs !== null || opts.batching) {
            outcome.scale = await scaleOn(page, backend, opts, outcome.serve.record.throughput);
            // Printed as soon as measured: a long webgl run then cannot lose the wasm figures.
            if (process.stdout.isTTY) process.stdout.write('\n');
            failures.push(...printScale([outcome.scale], [outcome.serve.record]));
          }
        } catch (err) {
          failures.push(`Serving on ${backend} failed: ${(err as Error).message}`);
        }
        if (process.stdout.isTTY) process.stdout.write('\n');
      }
      // The sweep starts from the model just trained on this backend.
      if (opts.prune) {
        console.log(`Pruning sweep on ${backend}: default levels, latency ${opts.pruneQueries} interleaved queries per model on wasm`);
        outcome.prune = await runPruneStep(page, opts, backend);
        if (process.stdout.isTTY) process.stdout.write('\n');
        if (outcome.prune.phase !== 'finished') failures.push(`Pruning on ${backend} failed: ${outcome.prune.error ?? outcome.prune.phase}`);
        printPruneTable(backend, outcome.prune);
        printPruneChecks(backend, outcome.prune);
      }
      outcomes.push(outcome);
    }
    printRatios(outcomes.map((o) => ({ backend: o.backend, records: o.training.records, inference: o.inference })));
    const served = outcomes.flatMap((o) => (o.serve ? [o.serve] : []));
    printServeTable(served);
    if (opts.serve) failures.push(...printServeRatios(served, opts.queries));

    // --spend: the options side by side, starting from the model trained on wasm (else the first backend's).
    let spend: SpendOutcome | null = null;
    if (opts.spend) {
      const dense = outcomes.find((o) => o.backend === 'wasm') ?? outcomes[0];
      if (!dense?.modelId) failures.push('--spend needs a trained model: no backend finished training.');
      else {
        console.log(`\nWhere to spend: the ${dense.backend} model's recipe augmented (flip, 10% crops), a half-width student and that size alone, sizes 8x2 and 32x3, ${opts.spendQueries} closed-loop queries each on wasm, test-time augmentation at 1, 2, 4, 8 views`);
        spend = await runSpendStep(page, opts, dense.modelId);
        if (process.stdout.isTTY) process.stdout.write('\n');
        printSpendTable(spend);
        failures.push(...printSpendCrossover(spend), ...printSpendChecks(spend));
      }
    }

    // --drift: a drifting stream from the wasm model (else the first backend's) under three policies.
    let drift: LifecycleRecord | null = null;
    if (opts.drift) {
      const base = outcomes.find((o) => o.backend === 'wasm') ?? outcomes[0];
      if (!base?.modelId) failures.push('--drift needs a trained model: no backend finished training.');
      else {
        console.log(`\nDrifting stream from the ${base.backend} model: ${opts.driftDays} days × ${opts.driftQueries} queries, never / when accuracy drops / every day`);
        try {
          drift = await runDriftStep(page, opts, base.modelId);
          if (process.stdout.isTTY) process.stdout.write('\n');
          printDriftTable(drift);
          failures.push(...driftChecks(drift));
        } catch (err) {
          failures.push(`The drifting stream failed: ${(err as Error).message}`);
        }
      }
    }

    // The same assembly as the app's export (src/registry/report-models.ts): the page's registry
    // after these runs (models with ids and lineage, every measurement) and the runs older readers know.
    const snapshot = await page.evaluate(() => window.trainServeLab.registry.snapshot());
    const made = new Set([...outcomes.map((o) => o.modelId), ...(spend?.modelIds ?? [])]);
    const families = new Set(snapshot.models.filter((m) => made.has(m.id)).map((m) => m.familyId));
    const models = snapshot.models.filter((m) => families.has(m.familyId));
    const ids = new Set(models.map((m) => m.id));
    // The latency-bound searches, batching curves and fleet plans of these models, as the app's export writes them.
    const scale = await page.evaluate((modelIds) => window.trainServeLab.serve.scaleRecords(new Set(modelIds)), [...ids]);
    const report = reportFromRegistry({ models, measurements: snapshot.measurements.filter((m) => ids.has(m.modelId)) }, environment, DEFAULT_MODEL, undefined, { openLoop: [], compare: [], ...scale });
    // A preset's settings beyond the bench's flags (augmentation, dropout, patience) are in the config too.
    const trained = await page.evaluate(() => window.trainServeLab.store.state.settings);
    // The backend is per run (each run record names its own), so the config leaves the page's last one out.
    const presetConfig = opts.preset ? { ...Object.fromEntries(Object.entries(trained).filter(([key]) => key !== 'backend')), preset: opts.preset.name } : {};
    report.config = reportConfig(datasetName, { ...presetConfig, seed: opts.seed, epochs: opts.epochs, batchSize: opts.batchSize, learningRate: opts.learningRate, trainSize: opts.trainSize, width: trained.width, depth: trained.depth }, DEFAULT_MODEL);
    // The bench's own figures per run: batch inference speed and the largest frame gap while training.
    for (const run of report.runs as (RunRecord & { inference?: InferenceSpeed | null; maxFrameGapMs?: number })[]) {
      const o = outcomes.find((x) => x.modelId === run.modelId);
      if (o) Object.assign(run, { inference: o.inference, maxFrameGapMs: o.training.maxFrameGapMs, ...(o.kernelBreakdown ? { kernelBreakdown: o.kernelBreakdown } : {}) });
    }
    // --spend: its test-time augmentation records and the table and crossovers it printed.
    if (drift) Object.assign(report, { lifecycle: [drift] });
    if (spend) Object.assign(report, { tta: spend.tta, spend: spendTableRecord(spend) } satisfies SpendRecords);
    mkdirSync(dirname(opts.out), { recursive: true });
    if (ownData) {
      // Own images: the report names the dataset, its counts and how the load went.
      for (const run of report.runs) run.dataset = { name: ownData.name, counts: ownData.counts };
      report.config.ownData = ownData;
    }
    writeFileSync(opts.out, JSON.stringify(report, null, 2));
    printLedger(report, basename(opts.out));
    console.log(`\nReport written to ${opts.out}`);
  } finally {
    await browser.close();
    await server.close();
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`FAILED: ${f}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
