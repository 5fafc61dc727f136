// `npm run bench -- --prune`: runs the Prune view's own sweep in the page (fine-tuning in the
// training worker, latency on wasm interleaved with the dense model), prints the records and the
// pruning's check ratios (latency and size against dense), and hands back the PruneRecords for the run report.
import type { Page } from 'playwright-core';
import type { PruneRecord } from '../src/metrics/report.ts';
import type { DenseState, PruneState } from '../src/state/prune-state.ts';
import type { BenchOptions } from './bench-args.ts';

/** The dense model's figures in the report (no tensors, no histograms). */
export type PruneDenseRecord = Pick<DenseState, 'testAcc' | 'p50Ms' | 'modelP50Ms' | 'weightBytes' | 'gzipBytes' | 'nonzeroParams' | 'params' | 'flopsPerQuery'>;

export interface PruneOutcome {
  records: PruneRecord[];
  dense: PruneDenseRecord | null;
  phase: PruneState['phase'];
  stopped: boolean;
  error: string | null;
}

/** Runs the default levels on the model the page's lab has just trained on `backend`. */
export async function runPruneStep(page: Page, opts: BenchOptions, backend: string): Promise<PruneOutcome> {
  return page.evaluate(
    async ({ queries, backend }) => {
      const prune = window.trainServeLab.prune;
      // Default levels, 3 fine-tune epochs, gradual schedule, global threshold: the view's defaults.
      prune.updateSettings({ levels: ['unstructured:0.5', 'unstructured:0.75', 'unstructured:0.9', 'unstructured:0.95', 'structured:0.25', 'structured:0.5', 'structured:0.75'], queries });
      const errors = prune.store.state.errors;
      if (Object.keys(errors).length > 0) throw new Error(Object.values(errors).join(' '));
      const unsubscribe = prune.store.subscribe((s) => {
        const g = s.progress;
        const text = s.phase === 'measuring' && s.latency
          ? `${backend} prune latency round ${s.latency.done}/${s.latency.total} (${s.latency.arms} models)`
          : g ? `${backend} prune level ${g.level}/${g.levels} ${g.method} ${g.sparsity} epoch ${g.batch.epoch}/${g.batch.epochs} batch ${g.batch.batch}/${g.batch.batches}` : `${backend} prune ${s.phase}`;
        (window as unknown as { benchProgress(text: string): void }).benchProgress(text);
      });
      const state = await prune.run().finally(unsubscribe);
      const d = state.dense;
      return {
        records: prune.records(),
        dense: d ? { testAcc: d.testAcc, p50Ms: d.p50Ms, modelP50Ms: d.modelP50Ms, weightBytes: d.weightBytes, gzipBytes: d.gzipBytes, nonzeroParams: d.nonzeroParams, params: d.params, flopsPerQuery: d.flopsPerQuery } : null,
        phase: state.phase,
        stopped: state.stopped,
        error: prune.task.state.error,
      };
    },
    { queries: opts.pruneQueries, backend },
  );
}

export function printPruneTable(backend: string, outcome: PruneOutcome): void {
  const d = outcome.dense;
  if (!d) return;
  console.log(`\n${backend}: pruning sweep (fine-tuned on ${backend}; latency on wasm, interleaved)`);
  const row = (name: string, r: PruneDenseRecord | PruneRecord, extra: Record<string, unknown> = {}) => ({
    model: name,
    'test acc': +r.testAcc.toFixed(4),
    'Δ acc pt': +((r.testAcc - d.testAcc) * 100).toFixed(2),
    'p50 e2e ms': +r.p50Ms.toFixed(3),
    'p50 model ms': +(r.modelP50Ms ?? NaN).toFixed(3),
    'weight kB': +(r.weightBytes / 1000).toFixed(1),
    'gzip kB': +(r.gzipBytes / 1000).toFixed(1),
    nonzero: r.nonzeroParams,
    'MFLOP/query': +(r.flopsPerQuery / 1e6).toFixed(2),
    ...extra,
  });
  console.table([
    row('dense', d, { 'fine-tune s': 0, 'fine-tune dispatches': 0 }),
    ...outcome.records.map((r) => row(`${r.method} ${r.sparsity}`, r, { 'fine-tune s': +(r.fineTuneMs / 1000).toFixed(2), 'fine-tune dispatches': r.fineTuneDispatches ?? NaN })),
  ]);
}

/** The check ratios, computed from this one run. */
export function printPruneChecks(backend: string, outcome: PruneOutcome): void {
  const d = outcome.dense;
  if (!d) return;
  const find = (method: PruneRecord['method'], sparsity: number) => outcome.records.find((r) => r.method === method && r.sparsity === sparsity);
  const u = find('unstructured', 0.9);
  const s = find('structured', 0.5);
  const pt = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} pt`;
  console.log(`\n${backend}: pruning checks`);
  if (u) {
    console.log(`  unstructured 90%: acc delta ${pt(u.testAcc - d.testAcc)} (target >= -1 pt), gzip ratio ${(u.gzipBytes / d.gzipBytes).toFixed(3)} (target <= 0.3), model-only p50 ratio ${((u.modelP50Ms ?? NaN) / d.modelP50Ms).toFixed(3)} (dense kernels: ~1 expected)`);
  }
  if (s) {
    console.log(
      `  structured 50%: model-only p50 ratio ${((s.modelP50Ms ?? NaN) / d.modelP50Ms).toFixed(3)} (target <= 0.55), e2e p50 ratio ${(s.p50Ms / d.p50Ms).toFixed(3)}, acc delta ${pt(s.testAcc - d.testAcc)} (target >= -1.5 pt), FLOPs ratio ${(s.flopsPerQuery / d.flopsPerQuery).toFixed(3)} (target <= 0.35)`,
    );
  }
}
