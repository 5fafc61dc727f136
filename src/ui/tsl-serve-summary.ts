// <tsl-serve-summary>: the closed-loop latency table (end to end, model only, round trip) and the
// headline figures of one serving bench, each saying how it was obtained. p50, p90 and p99 carry
// their 95% order-statistic intervals, the tail ratios' bounds built from them, test accuracy its
// Wilson interval and image count.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatCount, formatFlops, formatMs, formatMsInterval, formatRatioInterval } from '../metrics/format.ts';
import { quantileEstimate, quantileRatioBounds } from '../metrics/intervals.ts';
import type { LatencySummary } from '../metrics/stats.ts';
import type { QuerySample, ServeBenchResult } from '../serve/bench-types.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

/** One latency row's figures (null: not measured) and its queries sorted, whose order statistics bound each percentile. */
interface LatencyRow { readonly s: LatencySummary | null; readonly sorted: Float64Array }

/** A figure of a measured row; an unmeasured row shows a dash in every column. */
const measured = (figure: (s: LatencySummary, sorted: Float64Array) => unknown) => (r: LatencyRow) => (r.s ? figure(r.s, r.sorted) : '—');

/** A percentile with its 95% order-statistic interval under it, when the queries give one. */
function withInterval(value: number, sorted: Float64Array, q: number) {
  const e = sorted.length > 0 ? quantileEstimate(sorted, q) : null;
  return html`${formatMs(value)}${e ? html`<span class="ci" data-interval=${`p${Math.round(q * 100)}`}>${formatMsInterval(e)}</span>` : nothing}`;
}

interface LatencyRowName { readonly name: string; readonly how: string }

/** The three latencies a bench times, and how each is obtained: the rows' tooltips and the table's legend. */
const LATENCY_ROWS = {
  e2e: { name: 'end to end', how: 'Measured on the page: performance.now() from handing over the raw test image to holding the probabilities as numbers (preprocessing included)' },
  model: { name: 'model only', how: 'Measured in the worker: the forward pass and reading the probabilities back, preprocessing excluded (on wasm the input centring is folded into preprocessing\'s pixel scaling)' },
  roundTrip: { name: 'round trip', how: 'Derived per query: end to end − model − preprocessing (transport, copies, scheduling)' },
} satisfies Record<string, LatencyRowName>;

const LATENCY_COLUMNS: TableColumn<LatencyRow>[] = [
  { name: 'count', cell: measured((s) => formatCount(s.count)) },
  { name: 'mean', cell: measured((s) => formatMs(s.meanMs)) },
  { name: 'min', cell: measured((s) => formatMs(s.minMs)) },
  { name: 'p50', cell: measured((s, sorted) => withInterval(s.p50Ms, sorted, 0.5)) },
  { name: 'p90', cell: measured((s, sorted) => withInterval(s.p90Ms, sorted, 0.9)) },
  { name: 'p99', cell: measured((s, sorted) => withInterval(s.p99Ms, sorted, 0.99)) },
  { name: 'max', cell: measured((s) => formatMs(s.maxMs)) },
];

/** The tail against the median, derived from the same queries: "p90/p50 · p99/p50", e.g. "1.31× · 2.40×". */
export function tailRatios(s: LatencySummary | null): string {
  if (!s || !(s.p50Ms > 0)) return '—';
  return `${(s.p90Ms / s.p50Ms).toFixed(2)}× · ${(s.p99Ms / s.p50Ms).toFixed(2)}×`;
}

/** Per-query times in ascending order, unmeasured ones dropped: what the order-statistic intervals read. */
export function sortedTimes(values: readonly number[]): Float64Array {
  return Float64Array.from(values).filter(Number.isFinite).sort();
}

/** The two ratios' 95% bounds from the same queries' order statistics (sorted ascending): "[1.20–1.45×] · [at least 1.90×]"; null without queries. */
export function tailRatioIntervals(sorted: Float64Array): string | null {
  if (sorted.length === 0) return null;
  return `${formatRatioInterval(quantileRatioBounds(sorted, 0.9))} · ${formatRatioInterval(quantileRatioBounds(sorted, 0.99))}`;
}

/** Distinct test images answered: test accuracy counts each image once (its first answer). */
export function distinctImages(samples: readonly QuerySample[]): number {
  return new Set(samples.filter((s) => s.error === undefined).map((s) => s.imageIndex)).size;
}

@customElement('tsl-serve-summary')
export class TslServeSummary extends LitElement {
  // Too wide for a 1280 px projector in lecture mode: there each row stacks its figures (stacked-table.ts).
  static override styles = [howLegendStyles, stackedTableStyles(50), css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
    th, td { padding: 4px 10px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    th[scope='row'] { text-align: left; font-weight: 600; }
    caption { text-align: left; font-size: 0.85rem; padding-bottom: 4px; color: #333; }
    abbr { text-decoration: underline dotted; cursor: help; }
    /* In rem, so lecture mode's large type gets wider cards (fewer to a line) rather than cramped ones. */
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 9.5rem), 1fr)); gap: 10px; }
    .figure { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 10px; }
    .v { font-size: 1.3rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .k { font-size: 0.78rem; color: #444; }
    .bad .v { color: #b00020; }
    .ci { display: block; font-size: 0.74rem; color: #444; }
    .mark { display: block; font-size: 0.78rem; font-weight: 700; color: #8a3b00; overflow-wrap: anywhere; }
    /* Seven figures to a line at 1280 px in lecture mode. */
    .fit { --tsl-stack-cell: 4.9rem; --tsl-stack-gap: 0.6rem; }
  `];

  /** The bench to show; null shows nothing. */
  @property({ attribute: false }) result: ServeBenchResult | null = null;
  /** Classes of the served model: an accuracy whose interval contains 1 / classes is marked (NaN: not marked). */
  @property({ type: Number }) classes = Number.NaN;

  /** One latency row; `sorted` is the queries the figures came from, whose order statistics bound each percentile. */
  private row(named: LatencyRowName, s: LatencySummary | null, sorted: Float64Array) {
    return html`<tr><th scope="row"><abbr title=${named.how}>${named.name}</abbr></th>${cells(LATENCY_COLUMNS, { s, sorted })}</tr>`;
  }

  /** Under a tail figure: its bounds, from each percentile's and the median's order-statistic intervals at 97.5% (together 95%). */
  private tailInterval(key: string, sorted: Float64Array) {
    const text = tailRatioIntervals(sorted);
    return text ? html`<span class="ci" data-interval=${key} title="p90 (p99) low end ÷ p50 high end, to p90 (p99) high end ÷ p50 low end; each percentile's interval at 97.5%, so both hold together at 95%">${text}</span>` : nothing;
  }

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const rec = r.record;
    const figure = (key: string, value: string, label: unknown, bad = false) =>
      html`<div class=${bad ? 'figure bad' : 'figure'} data-figure=${key}><div class="v">${value}</div><div class="k">${label}</div></div>`;
    const ok = r.samples.filter((q) => q.error === undefined);
    // Sorted once: the table's percentile intervals and the tail figures' bounds read the same arrays.
    const e2e = sortedTimes(ok.map((q) => q.e2eMs));
    const model = sortedTimes(ok.map((q) => q.modelMs));
    const images = distinctImages(r.samples);
    const acc = accuracyParts(rec.testAcc, images);
    const chance = chanceLabel(rec.testAcc, images, this.classes);
    return html`
      <div class="fit"><table data-table="serve-summary" class="stack">
        <caption>Closed loop on ${rec.backend} (${r.transport === 'shared' ? 'shared-memory' : 'postMessage'} transport), every query counted, nearest-rank percentiles; under p50, p90 and p99 their 95% interval from the order statistics of the same queries. Hover a row name, or open the list under the table, for how it is timed.</caption>
        <thead><tr><th scope="col">latency per query</th>${headings(LATENCY_COLUMNS)}</tr></thead>
        <tbody>
          ${this.row(LATENCY_ROWS.e2e, r.e2e, e2e)}
          ${this.row(LATENCY_ROWS.model, r.model, model)}
          ${this.row(LATENCY_ROWS.roundTrip, r.roundTrip, sortedTimes(ok.map((q) => q.roundTripMs)))}
        </tbody>
      </table></div>${howLegend(Object.values(LATENCY_ROWS))}
      <div class="figures">
        ${figure('cold', formatMs(rec.coldMs), 'first query, no shader warm-up (fresh worker)')}
        ${figure('cold-warmed', rec.coldWarmedMs !== undefined ? formatMs(rec.coldWarmedMs) : '—', rec.coldWarmedMs !== undefined ? 'first query after warm-up at deploy' : 'first query with warm-up: not measured (warm-up off)')}
        ${figure('load', formatMs(rec.loadMs ?? Number.NaN), 'deploy: backend start + model load (worker)')}
        ${figure('test-acc', acc.value, html`${acc.interval ? html`<span class="ci" data-interval="test-acc">${acc.interval}</span><span class="ci">${acc.count} images</span>` : nothing}${chance ? html`<span class="mark" data-chance-mark>${chance}</span>` : nothing}accuracy on the same unseen test images, each counted once${acc.caveat ? html`; ${acc.caveat}` : nothing}`, chance !== null)}
        ${figure('tail-e2e', tailRatios(r.e2e), html`${this.tailInterval('tail-e2e', e2e)}end-to-end tail: p90 ÷ p50 · p99 ÷ p50 of the table's ${formatCount(r.e2e?.count ?? 0)} queries`)}
        ${figure('tail-model', tailRatios(r.model), html`${this.tailInterval('tail-model', model)}model-only tail: p90 ÷ p50 · p99 ÷ p50 of the same queries, timed in the worker`)}
        ${figure('flops', formatFlops(rec.flopsPerQuery), 'FLOPs per query (analytic)')}
        ${figure('leaked', formatCount(rec.numTensorsLeaked), 'tensors leaked in the worker (tf.memory before/after)', rec.numTensorsLeaked !== 0)}
        ${r.errorCount > 0 ? figure('errors', formatCount(r.errorCount), 'queries answered with an error (left out of the stats)', true) : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-summary': TslServeSummary;
  }
}
