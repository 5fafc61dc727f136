// Serving at scale in `npm run bench -- --serve`: with --slo MS, the Serve view's latency-bound
// search on each backend and fresh checks at its answer and at 1.25x it; with --batching, the
// batching curve and the capacity under a bound with batching off and on. Prints tables and the
// ratios the checks name, all measured in this run.
import type { Page } from 'playwright-core';
import type { BatchingCurve } from '../src/serve/bench-batching.ts';
import type { SloCheck, SloRun } from '../src/serve/bench-slo.ts';
import type { BatchingPolicy } from '../src/serve/batcher.ts';
import type { ServeRecord, ThroughputPoint } from '../src/metrics/report.ts';
import { chooseBatching, type BatchingChoice } from '../src/serve/batching-choice.ts';
import { capacityRatio, capacityRatioRangeText } from '../src/serve/capacity-ratio.ts';
import { sloEndText } from '../src/serve/slo-search.ts';
import type { BenchOptions } from './bench-args.ts';

export interface ScaleOutcome {
  backend: string;
  slo?: { run: SloRun; check: SloCheck | null };
  batching?: { curve: BatchingCurve; choice: BatchingChoice; off: SloRun; on: SloRun };
}

const fmt = (x: number | null | undefined, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : +x.toFixed(d));

/**
 * Runs --slo and --batching on `backend` for the model the lab has selected (the one just trained);
 * `offline` is that backend's offline throughput, which bounds how large a batch fits the bound.
 */
export async function scaleOn(page: Page, backend: string, opts: BenchOptions, offline: readonly ThroughputPoint[] = []): Promise<ScaleOutcome> {
  const out: ScaleOutcome = { backend };
  if (opts.sloMs !== null) {
    out.slo = await page.evaluate(
      async ({ backend, sloMs, sloQueries, sloCheck, sloDurationMs }) => {
        const serve = window.trainServeLab.serve;
        serve.updateSettings({ backend });
        serve.updateScale({ sloTargetMs: sloMs, sloMinCount: sloQueries, sloMinDurationMs: sloDurationMs });
        const errors = Object.values(serve.store.state.scaleErrors);
        if (errors.length > 0) throw new Error(errors.join(' '));
        const unsubscribe = serve.store.subscribe((s) => {
          const p = s.progress;
          if (p) (window as unknown as { benchProgress(text: string): void }).benchProgress(`${backend} slo ${p.detail ?? p.phase} ${p.done}/${p.total}`);
        });
        try {
          // The answer is confirmed by one run of the check's size inside the search, then checked afresh.
          const runs = await serve.runSlo({ backends: [backend as 'wasm'], batching: [{ kind: 'off' }], confirmCount: sloCheck });
          const run = runs?.[0];
          if (!run) throw new Error(`The latency-bound search on ${backend} failed: ${serve.task.state.error ?? 'no result'}`);
          const check = sloCheck > 0 && run.search.capacityQps !== null ? await serve.checkSlo(run, sloCheck) : null;
          return { run, check };
        } finally {
          unsubscribe();
        }
      },
      { backend, sloMs: opts.sloMs, sloQueries: opts.sloQueries, sloCheck: opts.sloCheck, sloDurationMs: opts.sloDurationMs },
    );
  }
  if (opts.batching) {
    const curve = await page.evaluate(
      async ({ backend, count }) => {
        const serve = window.trainServeLab.serve;
        serve.updateSettings({ backend });
        const unsubscribe = serve.store.subscribe((s) => {
          const p = s.progress;
          if (p) (window as unknown as { benchProgress(text: string): void }).benchProgress(`${backend} batching ${p.detail ?? p.phase} ${p.done}/${p.total}`);
        });
        try {
          const curve = await serve.runBatching({ count });
          if (!curve) throw new Error(`The batching curve on ${backend} failed: ${serve.task.state.error ?? 'no result'}`);
          return curve;
        } finally {
          unsubscribe();
        }
      },
      { backend, count: opts.batchingQueries },
    );
    // The same rule the Serve view states beside its off/on comparison (src/serve/batching-choice.ts).
    const choice = chooseBatching(curve.points, opts.batchingBoundMs, offline);
    if (!choice.chosen) throw new Error(`The batching curve on ${backend} measured no batching run.`);
    const on: BatchingPolicy = { kind: 'on', ...choice.chosen };
    const runs = await page.evaluate(
      async ({ backend, bound, minCount, sloDurationMs, on }) => {
        const serve = window.trainServeLab.serve;
        serve.updateSettings({ backend });
        serve.updateScale({ sloTargetMs: bound, sloMinCount: minCount, sloMinDurationMs: sloDurationMs });
        const unsubscribe = serve.store.subscribe((s) => {
          const p = s.progress;
          if (p) (window as unknown as { benchProgress(text: string): void }).benchProgress(`${backend} batching ${p.detail ?? p.phase} ${p.done}/${p.total}`);
        });
        try {
          const runs = await serve.runSlo({ backends: [backend as 'wasm'], batching: [{ kind: 'off' }, on] });
          if (!runs || runs.length < 2) throw new Error(`The off/on capacity comparison on ${backend} failed: ${serve.task.state.error ?? 'no result'}`);
          return runs;
        } finally {
          unsubscribe();
        }
      },
      { backend, bound: opts.batchingBoundMs, minCount: opts.sloQueries, sloDurationMs: opts.sloDurationMs, on },
    );
    out.batching = { curve, choice, off: runs[0]!, on: runs[1]! };
  }
  return out;
}

/** Tables and the checked ratios; returns failures that make the bench fail (none of the timing checks do). */
export function printScale(outcomes: readonly ScaleOutcome[], served: readonly ServeRecord[]): string[] {
  const failures: string[] = [];
  const slo = outcomes.flatMap((o) => (o.slo ? [o.slo] : []));
  if (slo.length > 0) {
    console.log('\nLatency-bound search (highest Poisson rate with p99 <= the bound; batching off)');
    console.table(slo.map(({ run }) => ({
      backend: run.backend, 'bound ms': run.search.p99TargetMs, 'closed-loop qps': fmt(run.closedLoopQps),
      'closed-loop ms': fmt(1000 / run.closedLoopQps, 2), 'of it model ms': fmt(run.closedLoopModelMeanMs, 2), 'capacity qps': fmt(run.search.capacityQps),
      'first fail qps': fmt(run.search.firstFailQps), 'rates tried': run.search.trials.length, end: run.search.end, confirmed: run.search.confirmed ?? '-',
    })));
    for (const { run } of slo) {
      console.log(`  ${run.backend} trials: ${run.search.trials.map((t) => `${t.qps.toFixed(1)}/s ${t.pass ? 'pass' : 'FAIL'} p99 ${t.p99Ms.toFixed(2)} ms [95%: ${t.p99LowMs?.toFixed(2) ?? '?'} to ${t.p99HighMs?.toFixed(2) ?? 'unbounded'}] n=${t.count}`).join('; ')}`);
    }
    console.log('\nLatency-bound checks measured in this run (fresh server, fresh seeds)');
    for (const { run, check } of slo) {
      if (!check) {
        console.log(`  ${run.backend}: ${run.search.capacityQps === null ? `no capacity under ${run.search.p99TargetMs} ms (${run.search.end}: ${sloEndText(run.search)})` : 'checks skipped (--slo-check 0)'}`);
        continue;
      }
      const bound = run.search.p99TargetMs;
      const at = check.p99AtMs / bound;
      const over = check.p99OverMs / bound;
      console.log(`  ${run.backend}: at ${check.qps.toFixed(1)}/s (n=${check.count}) p99 / bound = ${at.toFixed(3)} (target < 1: ${at <= 1 ? 'pass' : 'FAIL'}); at ${check.overFactor}x p99 / bound = ${over.toFixed(3)} (target > 1: ${over > 1 ? 'pass' : 'FAIL'})${check.count < 2000 ? ' [fewer than 2,000 queries: --slo-check]' : ''}`);
    }
  }
  const batching = outcomes.flatMap((o) => (o.batching ? [o.batching] : []));
  for (const { curve, choice, off, on } of batching) {
    console.log(`\nBatching curve on ${curve.backend} (closed loop ${curve.closedLoopQps.toFixed(1)} queries/s; ${curve.countPerRun} queries per run)`);
    console.table(curve.points.map((p) => ({
      batching: p.off ? 'off' : `T ${p.maxDelayMs} ms, B ${p.maxBatch}`, load: `${p.load}x`, 'offered qps': fmt(p.offeredQps), 'achieved qps': fmt(p.achievedQps),
      'mean batch': fmt(p.meanBatch), 'p50 ms': fmt(p.p50Ms, 2), 'p99 ms': fmt(p.p99Ms, 2), count: p.count,
    })));
    console.log(`  batching for the off/on comparison under ${choice.boundMs} ms: ${choice.why}`);
    for (const c of choice.candidates.filter((x) => x.excluded !== null)) console.log(`    excluded T ${c.maxDelayMs} ms, B ${c.maxBatch}: ${c.excluded}`);
    const a = off.search.capacityQps;
    const b = on.search.capacityQps;
    const label = on.batching.kind === 'on' ? `T ${on.batching.maxDelayMs} ms, B ${on.batching.maxBatch}` : 'off';
    const range = capacityRatio(off.search, on.search);
    const ratio = range.ratio;
    const rangeText = capacityRatioRangeText(range);
    // Without a ratio (off reported no capacity) only a floor can speak: 2 or more passes, under it settles nothing.
    const verdict = Number.isFinite(ratio) ? (ratio >= 2 ? 'pass' : 'FAIL') : range.low === null ? 'not measured' : range.low >= 2 ? 'pass, by the floor' : 'not shown (the floor is under 2)';
    const target = curve.backend === 'webgl' ? ` (target >= 2: ${verdict})` : '';
    console.log(`  capacity under p99 <= ${on.search.p99TargetMs} ms: off ${fmt(a) ?? 'none'} qps, ${label} ${fmt(b) ?? 'none'} qps: on / off = ${Number.isFinite(ratio) ? ratio.toFixed(3) : 'n/a'}${rangeText ? ` (the brackets allow ${rangeText})` : ''}${target}`);
    const tp = served.find((r) => r.backend === curve.backend)?.throughput ?? [];
    const t1 = tp.find((t) => t.batchSize === 1);
    const t64 = tp.at(-1);
    if (t1 && t64 && t64.batchSize > 1) {
      const gain = t64.imagesPerSec / t1.imagesPerSec;
      console.log(`  offline throughput batch ${t64.batchSize} / batch 1 = ${gain.toFixed(3)} (${t64.imagesPerSec.toFixed(0)} / ${t1.imagesPerSec.toFixed(0)} images/s): the most a batch can add to throughput here`);
      // A batch helps only by sharing a per-call cost; where one predict is compute-bound it mostly multiplies the work.
      if (gain < 2) console.log(`  why the gain is small: one predict on ${curve.backend} is compute-bound here (${t1.msPerImage.toFixed(2)} ms per image alone, ${t64.msPerImage.toFixed(2)} ms in a batch of ${t64.batchSize}), so a batch shares little; under a p99 bound the batch must also finish in time, which caps B at about bound / ms per image = ${Math.floor(on.search.p99TargetMs / t64.msPerImage)}`);
    }
    if (off.search.trials.some((t) => t.errorCount > 0) || on.search.trials.some((t) => t.errorCount > 0)) failures.push(`batching on ${curve.backend}: some queries failed.`);
  }
  return failures;
}
