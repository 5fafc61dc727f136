// `npm run bench -- --inside`: turns on the Inside view's live feature maps before
// training (validation image 0, the default budget) and prints what they cost per epoch, from
// each epoch record's activationsMs (also in the report's train.epochs).
import type { Page } from 'playwright-core';
import type { EpochRecord } from '../src/metrics/report.ts';

/** Picks the first validation image and turns live snapshots on, as opening the Inside view does. */
export async function enableLiveInside(page: Page): Promise<{ maxShare: number; minIntervalMs: number }> {
  return page.evaluate(async () => {
    const inside = window.trainServeLab.inside;
    await inside.activate();
    if (!inside.store.state.image) throw new Error('The Inside view has no image to watch (dataset not loaded?).');
    return inside.store.state.rate;
  });
}

/** One line per epoch: snapshot ms / wall ms; returns the largest share. */
export function printInsideCost(backend: string, records: readonly EpochRecord[]): number {
  console.log(`Live feature maps on ${backend} (worker time around every between-batch snapshot / epoch wall time):`);
  let worst = 0;
  for (const r of records) {
    const share = (r.activationsMs ?? 0) / r.wallMs;
    worst = Math.max(worst, share);
    console.log(`  epoch ${r.epoch}: ${(r.activationsMs ?? 0).toFixed(1)} ms of ${r.wallMs.toFixed(0)} ms = ${(100 * share).toFixed(2)}%`);
  }
  return worst;
}
