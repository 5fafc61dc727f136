// Console tables for `npm run bench`: per-epoch records and the cross-backend ratios.
import type { EpochRecord } from '../src/metrics/report.ts';
import type { InferenceSpeed } from '../src/workbench/protocol.ts';
import { formatAccuracyWithInterval } from '../src/metrics/format.ts';

export function printEpochTable(backend: string, records: EpochRecord[], maxFrameGapMs: number): void {
  console.log(`\n${backend}`);
  console.table(
    records.map((r) => ({
      epoch: r.epoch,
      'wall s': +(r.wallMs / 1000).toFixed(2),
      'samples/s': +r.samplesPerSec.toFixed(1),
      dispatches: r.kernelCount,
      'train GFLOP': +(r.trainFlops / 1e9).toFixed(2),
      'GFLOP/s': +r.gflops.toFixed(2),
      loss: +r.loss.toFixed(4),
      acc: +r.acc.toFixed(4),
      'val loss': +r.valLoss.toFixed(4),
      'val acc': +r.valAcc.toFixed(4),
      tensors: r.numTensors,
      'instr %': +((100 * r.instrumentationMs) / r.wallMs).toFixed(2),
    })),
  );
  console.log(`longest frame gap on the page during the run: ${maxFrameGapMs.toFixed(1)} ms`);
}

/** The trained model's accuracy on the unseen test split, as the Train view gives it (95% Wilson interval). */
export function printTestAccuracy(backend: string, test: { acc: number; n: number } | null, epochs: number): void {
  if (!test) console.log(`${backend}: test accuracy not measured (no model was kept)`);
  else console.log(`${backend}: test accuracy after ${epochs} epoch${epochs === 1 ? '' : 's'}: ${formatAccuracyWithInterval(test.acc, test.n)} unseen test images`);
}

interface BackendSummary {
  backend: string;
  records: EpochRecord[];
  inference: InferenceSpeed | null;
}

const meanEpochMs = (records: EpochRecord[]) => records.reduce((s, r) => s + r.wallMs, 0) / Math.max(1, records.length);
const meanGflops = (records: EpochRecord[]) => records.reduce((s, r) => s + r.gflops, 0) / Math.max(1, records.length);

/** Ratios from this one run: epoch speed of wasm against each other backend, training vs inference GFLOP/s. */
export function printRatios(summaries: BackendSummary[]): void {
  console.log('\nRatios measured in this run');
  const wasm = summaries.find((s) => s.backend === 'wasm');
  for (const s of summaries) {
    const line = [`${s.backend}: mean epoch ${(meanEpochMs(s.records) / 1000).toFixed(2)} s`];
    if (wasm && s !== wasm) line.push(`wasm is ${(meanEpochMs(s.records) / meanEpochMs(wasm.records)).toFixed(1)}x faster per epoch`);
    if (s.inference) {
      line.push(`training ${meanGflops(s.records).toFixed(2)} GFLOP/s vs inference ${s.inference.gflops.toFixed(2)} GFLOP/s at batch ${s.inference.batchSize} (ratio ${(meanGflops(s.records) / s.inference.gflops).toFixed(2)})`);
    }
    const first = s.records[0];
    const last = s.records.at(-1);
    if (first && last) line.push(`tensors after first epoch ${first.numTensors}, after last ${last.numTensors}`);
    console.log(`  ${line.join('; ')}`);
  }
}
