// <tsl-serve-summary>: the closed-loop latency table (end to end, model only, round trip) and the
// headline figures of one serving bench, each saying how it was obtained.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { LatencySummary } from '../metrics/stats.ts';
import type { ServeBenchResult } from '../serve/bench-types.ts';

const COLS = ['count', 'mean', 'min', 'p50', 'p90', 'p99', 'max'] as const;

@customElement('tsl-serve-summary')
export class TslServeSummary extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
    th, td { padding: 4px 10px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    th[scope='row'] { text-align: left; font-weight: 600; }
    caption { text-align: left; font-size: 0.85rem; padding-bottom: 4px; color: #333; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
    .figure { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 10px; }
    .v { font-size: 1.3rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .k { font-size: 0.78rem; color: #444; }
    .bad .v { color: #b00020; }
  `;

  /** The bench to show; null shows nothing. */
  @property({ attribute: false }) result: ServeBenchResult | null = null;

  private row(name: string, how: string, s: LatencySummary | null) {
    const cells = s ? [formatCount(s.count), formatMs(s.meanMs), formatMs(s.minMs), formatMs(s.p50Ms), formatMs(s.p90Ms), formatMs(s.p99Ms), formatMs(s.maxMs)] : COLS.map(() => '—');
    return html`<tr><th scope="row"><abbr title=${how}>${name}</abbr></th>${cells.map((c) => html`<td>${c}</td>`)}</tr>`;
  }

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const rec = r.record;
    const figure = (key: string, value: string, label: string, bad = false) =>
      html`<div class=${bad ? 'figure bad' : 'figure'} data-figure=${key}><div class="v">${value}</div><div class="k">${label}</div></div>`;
    return html`
      <table data-table="serve-summary">
        <caption>Closed loop on ${rec.backend} (${r.transport === 'shared' ? 'shared-memory' : 'postMessage'} transport), every query counted, nearest-rank percentiles; hover a row name for how it is timed.</caption>
        <thead><tr><th scope="col">latency per query</th>${COLS.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
        <tbody>
          ${this.row('end to end', 'Measured on the page: performance.now() from handing over the raw test image to holding the probabilities as numbers (preprocessing included)', r.e2e)}
          ${this.row('model only', 'Measured in the worker: predict() + await data(), preprocessing excluded', r.model)}
          ${this.row('round trip', 'Derived per query: end to end − model − preprocessing (transport, copies, scheduling)', r.roundTrip)}
        </tbody>
      </table>
      <div class="figures">
        ${figure('cold', formatMs(rec.coldMs), 'first query, no shader warm-up (fresh worker)')}
        ${figure('cold-warmed', rec.coldWarmedMs !== undefined ? formatMs(rec.coldWarmedMs) : '—', rec.coldWarmedMs !== undefined ? 'first query after warm-up at deploy' : 'first query with warm-up: not measured (warm-up off)')}
        ${figure('load', formatMs(rec.loadMs ?? Number.NaN), 'deploy: backend start + model load (worker)')}
        ${figure('test-acc', formatPercent(rec.testAcc), `accuracy on the same unseen test images`)}
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
