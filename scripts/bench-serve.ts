// The serving step of `npm run bench -- --serve`: right after a backend has trained, runs the Serve
// lab's own protocol in the page (cold with and without shader warm-up, warm-up, closed loop,
// offline throughput) on that backend, and prints the ServeRecord and the ratios its targets are checked by.
import type { Page } from 'playwright-core';
import type { ServeRecord } from '../src/metrics/report.ts';
import { describeStop, type StopOutcome } from '../src/metrics/precision-stop.ts';

export interface ServeOutcome {
  record: ServeRecord;
  /** p50 of the worker round trip (end to end - model - preprocessing), ms. */
  roundTripP50Ms: number;
  /** Where the tail is: the model-only and round-trip p90 / p99 of the same closed loop, ms (NaN when not measured). */
  parts: { modelP90Ms: number; modelP99Ms: number; roundTripP90Ms: number; roundTripP99Ms: number };
  transport: string;
  errorCount: number;
  aborted: boolean;
  /** How the closed loop ended (precise past its minimum, or at the cap). */
  stop?: StopOutcome;
}

/** Runs the serve bench on `backend` in the page (the model trained last); throws on failure. */
export async function serveOn(page: Page, backend: string, queries: number): Promise<ServeOutcome> {
  // Functions handed to page.evaluate hold no named inner declarations: tsx would add __name calls
  // that do not exist in the page.
  return page.evaluate(
    async ({ backend, queries }) => {
      const serve = window.trainServeLab.serve;
      serve.updateSettings({ backend, queries, warmShaders: true });
      const errors = Object.values(serve.store.state.errors);
      if (errors.length > 0) throw new Error(errors.join(' '));
      const unsubscribe = serve.store.subscribe((s) => {
        const p = s.progress;
        if (p) (window as unknown as { benchProgress(text: string): void }).benchProgress(`${backend} serve ${p.phase} ${p.done}/${p.total}`);
      });
      const r = await serve.run().finally(unsubscribe);
      if (!r) throw new Error(`Serving on ${backend} failed: ${serve.task.state.error ?? 'no result'}`);
      const parts = { modelP90Ms: r.model?.p90Ms ?? Number.NaN, modelP99Ms: r.model?.p99Ms ?? Number.NaN, roundTripP90Ms: r.roundTrip?.p90Ms ?? Number.NaN, roundTripP99Ms: r.roundTrip?.p99Ms ?? Number.NaN };
      return { record: r.record, roundTripP50Ms: r.roundTrip?.p50Ms ?? Number.NaN, parts, transport: r.transport, errorCount: r.errorCount, aborted: r.aborted, ...(r.stop ? { stop: r.stop } : {}) };
    },
    { backend, queries },
  );
}

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : +x.toFixed(3));

/** One console table with a row per backend's ServeRecord. */
export function printServeTable(outcomes: readonly ServeOutcome[]): void {
  if (outcomes.length === 0) return;
  console.log('\nServing (closed loop, end to end on the page; model = predict + data() in the worker)');
  console.table(
    outcomes.map(({ record: r, roundTripP50Ms, transport, errorCount }) => ({
      backend: r.backend,
      transport,
      'load ms': ms(r.loadMs),
      'cold ms': ms(r.coldMs),
      'cold warmed ms': ms(r.coldWarmedMs),
      count: r.count,
      'mean ms': ms(r.meanMs),
      'p50 ms': ms(r.p50Ms),
      'p90 ms': ms(r.p90Ms),
      'p99 ms': ms(r.p99Ms),
      'max ms': ms(r.maxMs),
      'model p50 ms': ms(r.modelP50Ms),
      'round trip p50 ms': ms(roundTripP50Ms),
      'test acc': +r.testAcc.toFixed(4),
      'MFLOP/query': +(r.flopsPerQuery / 1e6).toFixed(2),
      leaked: r.numTensorsLeaked,
      errors: errorCount,
    })),
  );
  console.log('Offline throughput (images/s by batch size)');
  console.table(Object.fromEntries(outcomes.map(({ record: r }) => [r.backend ?? r.model, Object.fromEntries(r.throughput.map((t) => [`batch ${t.batchSize}`, +t.imagesPerSec.toFixed(1)]))])));
}

/** The ratios the serving targets are checked by, with the verdict; returns the failures (empty when all pass). */
export function printServeRatios(outcomes: readonly ServeOutcome[], minQueries: number): string[] {
  const failures: string[] = [];
  console.log('\nServing ratios measured in this run');
  for (const { record: r, roundTripP50Ms, parts, stop } of outcomes) {
    const lines: string[] = [];
    if (r.modelP50Ms !== undefined) {
      // e2e also holds preprocessing (resize + scaling in the worker); the round trip is what the
      // worker hop itself adds: e2e - model - preprocessing, per query.
      const share = roundTripP50Ms / r.modelP50Ms;
      lines.push(`e2e p50 / model-only p50 = ${(r.p50Ms / r.modelP50Ms).toFixed(3)}`);
      lines.push(`round-trip p50 / model-only p50 = ${share.toFixed(3)} (${(share * 100).toFixed(1)}%${r.backend === 'wasm' ? `, target <= 15%: ${share <= 0.15 ? 'pass' : 'FAIL'}` : ''})`);
    }
    // The tail against the median, from the same closed loop (targets on wasm: p90 <= 1.5x, p99 <= 3x).
    lines.push(`p90/p50 = ${(r.p90Ms / r.p50Ms).toFixed(2)}, p99/p50 = ${(r.p99Ms / r.p50Ms).toFixed(2)} (n = ${r.count})`);
    if (r.modelP50Ms !== undefined && Number.isFinite(parts.modelP90Ms)) {
      lines.push(`model-only p90/p50 = ${(parts.modelP90Ms / r.modelP50Ms).toFixed(2)}, p99/p50 = ${(parts.modelP99Ms / r.modelP50Ms).toFixed(2)}; round trip p90 ${parts.roundTripP90Ms.toFixed(3)} ms, p99 ${parts.roundTripP99Ms.toFixed(3)} ms`);
    }
    if (r.coldWarmedMs !== undefined) {
      const ratio = r.coldWarmedMs / r.coldMs;
      lines.push(`cold with warm-up / without = ${ratio.toFixed(3)} (${r.coldWarmedMs.toFixed(1)} / ${r.coldMs.toFixed(1)} ms${r.backend === 'webgl' ? `, target <= 1/3: ${ratio <= 1 / 3 ? 'pass' : 'FAIL'}` : ''})`);
    }
    console.log(`  ${r.backend}: ${lines.join('; ')}`);
    if (stop) console.log(`  ${r.backend} closed loop: ${describeStop(stop)}`);
    if (r.count < minQueries && stop?.reason !== 'precise') failures.push(`serve ${r.backend}: only ${r.count} queries measured (wanted ${minQueries}).`);
    if (r.numTensorsLeaked !== 0) failures.push(`serve ${r.backend}: ${r.numTensorsLeaked} tensors leaked in the worker.`);
  }
  return failures;
}
