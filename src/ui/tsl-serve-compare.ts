// <tsl-serve-compare>: backends side by side, from one interleaved run on the same images: one
// table (with each backend's capability line) and one chart.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatMs, formatPercent } from '../metrics/format.ts';
import type { CompareOutcome } from '../state/serve-state.ts';
import { COLORS } from './tsl-chart.ts';
import './tsl-chart.ts';

@customElement('tsl-serve-compare')
export class TslServeCompare extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88rem; }
    th, td { padding: 4px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    td.caps { text-align: left; white-space: normal; font-size: 0.8rem; color: #333; max-width: 420px; }
    th[scope='row'] { text-align: left; }
    tsl-chart { height: 250px; max-width: 900px; }
    p { margin: 0; font-size: 0.85rem; }
  `;

  /** The comparison to show; null shows nothing. */
  @property({ attribute: false }) outcome: CompareOutcome | null = null;

  override render() {
    const o = this.outcome;
    if (!o) return nothing;
    const arms = o.result.arms;
    const stats = ['p50Ms', 'p90Ms', 'p99Ms'] as const;
    return html`
      <p>${o.result.rounds} interleaved rounds (each round sends the same test image to every backend in turn)${o.result.aborted ? ', stopped early' : ''}; end-to-end latency measured on the page, model-only in each worker.</p>
      <table data-table="compare">
        <thead><tr><th scope="col">backend</th><th scope="col">queries</th><th scope="col">e2e mean</th><th scope="col">e2e p50</th><th scope="col">e2e p90</th><th scope="col">e2e p99</th><th scope="col">e2e max</th>
          <th scope="col">model p50</th><th scope="col">load</th><th scope="col">test acc</th><th scope="col">capabilities</th></tr></thead>
        <tbody>${arms.map((a) => html`<tr>
          <th scope="row">${a.label}</th><td>${formatCount(a.e2e?.count ?? NaN)}</td><td>${formatMs(a.e2e?.meanMs ?? NaN)}</td><td>${formatMs(a.e2e?.p50Ms ?? NaN)}</td>
          <td>${formatMs(a.e2e?.p90Ms ?? NaN)}</td><td>${formatMs(a.e2e?.p99Ms ?? NaN)}</td><td>${formatMs(a.e2e?.maxMs ?? NaN)}</td><td>${formatMs(a.model?.p50Ms ?? NaN)}</td>
          <td>${formatMs(o.loadMs[a.label] ?? NaN)}</td><td>${formatPercent(a.testAcc)}</td><td class="caps">${o.capabilities[a.label] ?? ''}</td></tr>`)}</tbody>
      </table>
      <tsl-chart data-chart="compare" heading="End-to-end latency by backend (same images, interleaved; log scale)" type="bar" logY yTitle="ms"
        .labels=${['p50', 'p90', 'p99', 'model-only p50']}
        .series=${arms.map((a, i) => ({ label: a.label, values: [...stats.map((k) => a.e2e?.[k] ?? NaN), a.model?.p50Ms ?? NaN], color: COLORS[i % COLORS.length]! }))}
        summary=${arms.map((a) => `${a.label}: p50 ${formatMs(a.e2e?.p50Ms ?? NaN)}, p99 ${formatMs(a.e2e?.p99Ms ?? NaN)}`).join('; ')}></tsl-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-compare': TslServeCompare;
  }
}
