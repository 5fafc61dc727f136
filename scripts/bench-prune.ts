// `npm run bench -- --prune`: runs the Prune view's own sweep in the page (fine-tuning in the
// training worker, latency on wasm interleaved with the dense model), prints the records and the
// pruning's check ratios (latency and size against dense), and hands back the PruneRecords for the run report.
import type { Page } from 'playwright-core';
import type { PruneRecord } from '../src/metrics/report.ts';
import type { P50Intervals } from '../src/metrics/intervals.ts';
import { DEFAULT_REL_HALF_WIDTH, relativeHalfWidth } from '../src/metrics/precision-stop.ts';
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
  /** Wall time of the latency phase (deploying every model, warm-up, interleaved rounds), ms; NaN if it did not run. */
  latencyPhaseMs: number;
  /** Interleaved rounds per model measured, and the cap. */
  latencyRounds: number;
  latencyCap: number;
  /** Each p50's interval: dense first, then the levels in order. */
  intervals: (P50Intervals | null)[];
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
      // The latency phase: from the state turning to 'measuring' until it leaves it.
      let measuringSince = Number.NaN;
      let latencyPhaseMs = Number.NaN;
      const unsubscribe = prune.store.subscribe((s) => {
        if (s.phase === 'measuring' && Number.isNaN(measuringSince)) measuringSince = performance.now();
        if (s.phase !== 'measuring' && !Number.isNaN(measuringSince) && Number.isNaN(latencyPhaseMs)) latencyPhaseMs = performance.now() - measuringSince;
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
        latencyPhaseMs,
        latencyRounds: state.latency?.done ?? 0,
        latencyCap: state.latency?.total ?? 0,
        intervals: [d?.latency ?? null, ...state.levels.map((l) => l.row.latency ?? null)],
      };
    },
    { queries: opts.pruneQueries, backend },
  );
}

export function printPruneTable(backend: string, outcome: PruneOutcome): void {
  const d = outcome.dense;
  if (!d) return;
  console.log(`\n${backend}: pruning sweep (fine-tuned on ${backend}; latency on wasm, interleaved)`);
  const pct = (e: P50Intervals['e2e'] | undefined) => {
    const w = e ? relativeHalfWidth(e.value, e.low, e.high) : null;
    return w === null ? '—' : `±${(w * 100).toFixed(1)}%`;
  };
  const row = (name: string, r: PruneDenseRecord | PruneRecord, extra: Record<string, unknown> = {}, iv: P50Intervals | null = null) => ({
    model: name,
    'test acc': +r.testAcc.toFixed(4),
    'Δ acc pt': +((r.testAcc - d.testAcc) * 100).toFixed(2),
    'p50 e2e ms': +r.p50Ms.toFixed(3),
    'p50 model ms': +(r.modelP50Ms ?? NaN).toFixed(3),
    'p50 95% e2e/model': `${pct(iv?.e2e ?? undefined)} / ${pct(iv?.model ?? undefined)}`,
    'weight kB': +(r.weightBytes / 1000).toFixed(1),
    'gzip kB': +(r.gzipBytes / 1000).toFixed(1),
    nonzero: r.nonzeroParams,
    'MFLOP/query': +(r.flopsPerQuery / 1e6).toFixed(2),
    ...extra,
  });
  console.table([
    row('dense', d, { 'fine-tune s': 0, 'fine-tune dispatches': 0 }, outcome.intervals[0]),
    ...outcome.records.map((r, i) => row(`${r.method} ${r.sparsity}`, r, { 'fine-tune s': +(r.fineTuneMs / 1000).toFixed(2), 'fine-tune dispatches': r.fineTuneDispatches ?? NaN }, outcome.intervals[i + 1])),
  ]);
}

/** Widest relative half-width over the checked p50s (Infinity: one unbounded; null: none measured), and whose. */
export function widestInterval(outcome: Pick<PruneOutcome, 'intervals' | 'records'>): { width: number; label: string } | null {
  let widest: { width: number; label: string } | null = null;
  outcome.intervals.forEach((iv, i) => {
    const name = i === 0 ? 'dense' : `${outcome.records[i - 1]?.method ?? 'level'} ${outcome.records[i - 1]?.sparsity ?? i}`;
    for (const [field, e] of [['e2e', iv?.e2e], ['model', iv?.model]] as const) {
      if (!e) continue;
      const width = relativeHalfWidth(e.value, e.low, e.high) ?? Infinity;
      if (!widest || width > widest.width) widest = { width, label: `${name} ${field}` };
    }
  });
  return widest;
}

/** How long the latency phase took and how precise it got, against the targets (30 s, ±3%). */
export function printLatencyPhase(outcome: PruneOutcome): void {
  const widest = widestInterval(outcome);
  if (!widest || !Number.isFinite(outcome.latencyPhaseMs)) return;
  const pct = (x: number) => (Number.isFinite(x) ? `±${(x * 100).toFixed(2)}%` : 'unbounded');
  const precise = widest.width <= DEFAULT_REL_HALF_WIDTH;
  console.log(
    `  latency phase: ${(outcome.latencyPhaseMs / 1000).toFixed(1)} s (deploy, warm-up and ${outcome.latencyRounds} interleaved rounds per model of a cap of ${outcome.latencyCap}; target <= 30 s: ${outcome.latencyPhaseMs <= 30_000 ? 'pass' : 'FAIL'}); ` +
      `widest p50 95% interval ${pct(widest.width)} (${widest.label}; target ±${DEFAULT_REL_HALF_WIDTH * 100}%: ${precise ? 'pass' : 'FAIL'}), order-statistic intervals of each model's own queries`,
  );
}

/** The pruning targets' ratios, computed from this one run. */
export function printPruneChecks(backend: string, outcome: PruneOutcome): void {
  const d = outcome.dense;
  if (!d) return;
  const find = (method: PruneRecord['method'], sparsity: number) => outcome.records.find((r) => r.method === method && r.sparsity === sparsity);
  const u = find('unstructured', 0.9);
  const s = find('structured', 0.5);
  const pt = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} pt`;
  console.log(`\n${backend}: pruning checks`);
  printLatencyPhase(outcome);
  if (u) {
    console.log(`  unstructured 90%: acc delta ${pt(u.testAcc - d.testAcc)} (target >= -1 pt), gzip ratio ${(u.gzipBytes / d.gzipBytes).toFixed(3)} (target <= 0.3), model-only p50 ratio ${((u.modelP50Ms ?? NaN) / d.modelP50Ms).toFixed(3)} (dense kernels: ~1 expected)`);
  }
  if (s) {
    console.log(
      `  structured 50%: model-only p50 ratio ${((s.modelP50Ms ?? NaN) / d.modelP50Ms).toFixed(3)} (target <= 0.40), e2e p50 ratio ${(s.p50Ms / d.p50Ms).toFixed(3)}, acc delta ${pt(s.testAcc - d.testAcc)} (target within 1 pt), FLOPs ratio ${(s.flopsPerQuery / d.flopsPerQuery).toFixed(3)} (target <= 0.35)`,
    );
  }
}
