// <tsl-weight-histogram>: one layer's |w| histogram (exact zeros counted apart), optionally two
// models on the same axes (dense vs pruned), with the bin counts in a table as the text alternative.
// Used by the Inside view (per layer, per epoch) and the Prune view (before and after pruning).
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount } from '../metrics/format.ts';
import type { MagnitudeHistogram } from '../prune/inspect.ts';
import { COLORS } from './tsl-chart.ts';
import './tsl-chart.ts';

export interface HistogramSeries {
  label: string;
  histogram: MagnitudeHistogram;
  dashed?: boolean;
}

const binCentre = (h: MagnitudeHistogram, i: number) => (i + 0.5) * h.binWidth;

@customElement('tsl-weight-histogram')
export class TslWeightHistogram extends LitElement {
  static override styles = css`
    :host { display: block; }
    tsl-chart { height: var(--tsl-chart-height, 190px); }
    details { font-size: 0.78rem; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    td, th { padding: 1px 6px; text-align: right; }
  `;

  /** Layer name (and anything else worth saying) for the heading. */
  @property() layer = '';
  /** One or two histograms of the same layer. */
  @property({ attribute: false }) series: HistogramSeries[] = [];

  override render() {
    const zeros = this.series.map((s) => `${s.label} ${formatCount(s.histogram.zeros)}`).join(' → ');
    const longest = this.series.reduce((a, s) => Math.max(a, s.histogram.counts.length), 0);
    return html`
      <tsl-chart heading=${`${this.layer}: |w| (exact zeros: ${zeros}, not drawn)`} xTitle="|w|" yTitle="weights"
        .series=${this.series.map((s, i) => ({ label: s.label, color: COLORS[i % COLORS.length]!, dashed: s.dashed ?? i > 0, xs: s.histogram.counts.map((_, b) => binCentre(s.histogram, b)), values: s.histogram.counts }))}
        summary=${this.series.map((s) => `${s.label}: ${s.histogram.zeros} exact zeros, largest |w| ${s.histogram.maxAbs.toFixed(3)}, ${s.histogram.counts.length} bins`).join('. ')}></tsl-chart>
      <details>
        <summary>Bin counts as a table</summary>
        <table>
          <thead><tr>${this.series.map((s) => html`<th scope="col">${s.label}: |w| up to</th><th scope="col">weights</th>`)}</tr></thead>
          <tbody>${Array.from({ length: longest }, (_, b) => html`<tr>${this.series.map((s) => html`<td>${((b + 1) * s.histogram.binWidth).toFixed(4)}</td><td>${s.histogram.counts[b] ?? ''}</td>`)}</tr>`)}</tbody>
        </table>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-weight-histogram': TslWeightHistogram;
  }
}
