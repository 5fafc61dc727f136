// `npm run bench -- --data DIR`: loads a folder-per-class dataset from disk through the Data
// view's own folder input (the same in-page code as a person picking the folder), measures the
// load (time, longest frame gap, peak page JS heap via CDP) and makes it the training dataset.
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { SkipNote } from '../src/data/folder-rules.ts';

export interface OwnDataOutcome {
  dir: string;
  name: string;
  classNames: string[];
  /** Images per class in each split, as used for training. */
  perClass: Record<'train' | 'val' | 'test', number[]>;
  counts: Record<'train' | 'val' | 'test', number>;
  duplicates: number;
  files: number;
  added: number;
  skipped: SkipNote[];
  loadMs: number;
  /** Longest gap between page frames while the images loaded (requestAnimationFrame in the page). */
  maxFrameGapMs: number;
  /** Longest synchronous step of the page's own per-batch work (DataLab), store updates included. */
  longestStepMs: number;
  /**
   * Longest gap between page frames from handing the folder to the input until the last image
   * was decoded (requestAnimationFrame, measured by the bench): includes the input's own work.
   */
  handoverFrameGapMs: number;
  /**
   * Longest main-thread task in that time (PerformanceObserver 'longtask', tasks over 50 ms;
   * 0 when none): tells the page's own work apart from a frame gap caused by a busy machine.
   */
  longestTaskMs: number;
  /** Time to split, pack and hand the dataset to the training worker ("Train on these images"). */
  switchMs: number;
  /** Longest main-thread task during that switch. */
  switchLongestTaskMs: number;
  /** Bytes of the decoded 64x64x3 pixels the page holds (ArrayBuffers: outside the JS heap count). */
  pixelBytes: number;
  /** Highest JSHeapUsedSize of the page sampled every 100 ms during the load (CDP Performance.getMetrics). */
  peakHeapBytes: number;
  /** The Data view's own message after switching. */
  message: string;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

export async function loadOwnData(page: Page, dirArg: string): Promise<OwnDataOutcome> {
  const dir = resolve(dirArg);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new Error(`--data ${dirArg}: no such folder.`);
  }
  if (!isDir) throw new Error(`--data ${dirArg} is a file; give a folder holding one subfolder per class.`);
  console.log(`Loading ${countFiles(dir)} files from ${dir} through the Data view…`);
  await page.evaluate(() => window.trainServeLab.store.set({ view: 'data' }));

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peakHeapBytes = 0;
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    peakHeapBytes = Math.max(peakHeapBytes, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
  };
  await sample();
  await page.evaluate(() => {
    const w = window as unknown as { benchLongestTaskMs: number; benchMaxGapMs: number; benchLastFrame: number; benchFrames: boolean; benchTick: (now: number) => void };
    w.benchLongestTaskMs = 0;
    w.benchMaxGapMs = 0;
    w.benchLastFrame = performance.now();
    w.benchFrames = true;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchLongestTaskMs = Math.max(w.benchLongestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
    // A property, not a named function: tsx would wrap a named one in a helper the page lacks.
    w.benchTick = (now: number) => {
      w.benchMaxGapMs = Math.max(w.benchMaxGapMs, now - w.benchLastFrame);
      w.benchLastFrame = now;
      if (w.benchFrames) requestAnimationFrame(w.benchTick);
    };
    requestAnimationFrame(w.benchTick);
  });
  const sampler = setInterval(() => void sample().catch(() => undefined), 100);
  try {
    await page.locator('tsl-data-intake input[data-action="pick-folder"]').setInputFiles(dir);
    await page.waitForFunction(
      () => {
        const s = window.trainServeLab.data.store.state;
        if (s.loading) (window as unknown as { benchProgress(text: string): void }).benchProgress(`decoded ${s.loading.done}/${s.loading.total}`);
        return s.loading === null && s.lastLoad !== null;
      },
      undefined,
      { timeout: 30 * 60_000, polling: 250 },
    );
    await sample();
  } finally {
    clearInterval(sampler);
    await cdp.detach().catch(() => undefined);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  const handover = await page.evaluate(() => {
    const w = window as unknown as { benchLongestTaskMs: number; benchMaxGapMs: number; benchFrames: boolean };
    w.benchFrames = false;
    const out = { gapMs: w.benchMaxGapMs, longestTaskMs: w.benchLongestTaskMs };
    w.benchLongestTaskMs = 0;
    return out;
  });
  const switchStart = Date.now();
  const used = await page.evaluate(() => window.trainServeLab.data.useOwn());
  const switchMs = Date.now() - switchStart;
  const state = await page.evaluate(() => {
    const lab = window.trainServeLab;
    const s = lab.data.store.state;
    const d = lab.dataset;
    return {
      name: d?.name ?? '',
      classNames: d?.classNames ?? [],
      counts: { train: d?.train.count ?? 0, val: d?.val.count ?? 0, test: d?.test.count ?? 0 },
      active: s.active,
      skipped: s.skipped,
      lastLoad: s.lastLoad!,
      message: s.message?.text ?? '',
      switchLongestTaskMs: (window as unknown as { benchLongestTaskMs: number }).benchLongestTaskMs,
      pixelBytes: s.classes.reduce((n, c) => n + c.images.reduce((m, i) => m + i.rgb.byteLength, 0), 0),
    };
  });
  if (!used || !state.active) throw new Error(`The dataset in ${dirArg} could not be used: ${state.message}`);
  return {
    dir,
    name: state.name || basename(dir),
    classNames: state.classNames,
    perClass: state.active.perClass,
    counts: state.counts,
    duplicates: state.active.duplicates,
    files: state.lastLoad.files,
    added: state.lastLoad.added,
    skipped: state.skipped,
    loadMs: state.lastLoad.ms,
    maxFrameGapMs: state.lastLoad.maxFrameGapMs,
    longestStepMs: state.lastLoad.longestStepMs,
    handoverFrameGapMs: handover.gapMs,
    longestTaskMs: handover.longestTaskMs,
    switchMs,
    switchLongestTaskMs: state.switchLongestTaskMs,
    pixelBytes: state.pixelBytes,
    peakHeapBytes,
    message: state.message,
  };
}

export function printOwnData(o: OwnDataOutcome): void {
  console.log(`\nDataset "${o.name}" from ${o.dir}: ${o.files} files, ${o.added} images loaded, ${o.skipped.length} left out, ${o.duplicates} exact duplicates`);
  console.log(`  load ${(o.loadMs / 1000).toFixed(1)} s (${((o.added / o.loadMs) * 1000).toFixed(0)} images/s), longest frame gap ${o.maxFrameGapMs.toFixed(0)} ms while decoding, ${o.handoverFrameGapMs.toFixed(0)} ms from handing over the folder (longest main-thread task ${o.longestTaskMs.toFixed(0)} ms; longest per-batch step of the lab's own ${o.longestStepMs.toFixed(0)} ms), peak page JS heap ${(o.peakHeapBytes / 2 ** 20).toFixed(0)} MB + ${(o.pixelBytes / 2 ** 20).toFixed(1)} MB of decoded pixels`);
  console.log(`  switching training to it: ${o.switchMs} ms (split, pack, hand to the training worker; longest main-thread task ${o.switchLongestTaskMs.toFixed(0)} ms)`);
  const width = Math.max(5, ...o.classNames.map((c) => c.length));
  console.log(`  ${'class'.padEnd(width)}  train    val   test`);
  o.classNames.forEach((c, k) => console.log(`  ${c.padEnd(width)} ${String(o.perClass.train[k]).padStart(6)} ${String(o.perClass.val[k]).padStart(6)} ${String(o.perClass.test[k]).padStart(6)}`));
  console.log(`  ${'all'.padEnd(width)} ${String(o.counts.train).padStart(6)} ${String(o.counts.val).padStart(6)} ${String(o.counts.test).padStart(6)}`);
  for (const n of o.skipped) console.log(`  ${n.action}: ${n.subject}: ${n.reason}`);
}
