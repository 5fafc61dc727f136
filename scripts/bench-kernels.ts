// `npm run bench`: where a training batch's time goes on each backend. Right after training, the
// training worker profiles a copy of the trained model on one training batch (src/train/batch-breakdown.ts)
// and this prints the time per kernel family, their sum against the measured batch time, and how it was measured.
import type { Page } from 'playwright-core';
import type { BatchBreakdownRecord } from '../src/metrics/report.ts';

/** Profiles one training batch of the model the page's lab has just trained. */
export async function breakdownOn(page: Page, batchSize: number): Promise<BatchBreakdownRecord> {
  return page.evaluate((batchSize) => window.trainServeLab.profileTrainingBatch(batchSize), batchSize);
}

/** The parts' sum against the measured batch: 1.00 when the kernels account for the whole step. */
export const partsRatio = (r: BatchBreakdownRecord): number => r.kernelSumMs / r.batchMs;

export function printKernelBreakdown(r: BatchBreakdownRecord): void {
  console.log(`\n${r.backend}: where a training batch of ${r.batchSize} goes (tf.profile of one trainOnBatch of a copy of the trained model, Adam with warm-up as in training)`);
  console.table(
    r.families.map((f) => ({
      family: f.family,
      ms: +f.ms.toFixed(2),
      'share of kernels %': +((100 * f.ms) / Math.max(r.kernelSumMs, 1e-9)).toFixed(1),
      calls: f.calls,
      kernels: f.kernels.join(' '),
    })),
  );
  const ratio = partsRatio(r);
  console.log(
    `  kernel time: ${r.timing}; ${r.dispatches} dispatches${r.untimedKernels > 0 ? `, ${r.untimedKernels} not timed` : ''}. ` +
      `Parts sum ${r.kernelSumMs.toFixed(1)} ms; the profiled step took ${r.profiledWallMs.toFixed(1)} ms wall; ` +
      `the same step without the profiler ${r.batchMs.toFixed(1)} ms (median of ${r.repeats}, interleaved with the profiled ones). ` +
      `Parts / measured batch = ${ratio.toFixed(3)} (target within 10%: ${Math.abs(ratio - 1) <= 0.1 ? 'pass' : 'FAIL'}); the rest is time between kernels (JS, the tape, allocation).`,
  );
}
