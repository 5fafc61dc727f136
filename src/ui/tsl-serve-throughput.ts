// <tsl-serve-throughput>: offline mode, images/s and ms per image at each batch size (table + bars).
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs, formatRate } from '../metrics/format.ts';
import type { ThroughputPoint } from '../metrics/report.ts';
import { COLORS } from './tsl-chart.ts';
import './tsl-chart.ts';

@customElement('tsl-serve-throughput')
export class TslServeThroughput extends LitElement {
  static override styles = css`
    /* The table beside its chart; in lecture mode at 1280 px the chart goes under it rather than shrink. */
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 16px; align-items: start; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
    th, td { padding: 4px 10px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    tsl-chart { height: var(--tsl-chart-height, 220px); min-width: 0; }
    p { margin: 0; font-size: 0.85rem; color: #444; }
  `;

  /** Offline throughput per batch size (images/s measured on the page, first batch of each size untimed). */
  @property({ attribute: false }) points: ThroughputPoint[] = [];
  /** Backend the points were measured on. */
  @property() backend = '';

  override render() {
    const p = this.points;
    if (p.length === 0) return html`<p>No throughput yet: it is measured after the closed-loop run (skipped when stopped).</p>`;
    const best = p.reduce((a, b) => (b.imagesPerSec > a.imagesPerSec ? b : a));
    return html`
      <table data-table="throughput">
        <thead><tr><th scope="col">batch</th><th scope="col">images/s</th><th scope="col">ms per image</th></tr></thead>
        <tbody>${p.map((x) => html`<tr><td>${x.batchSize}</td><td>${formatRate(x.imagesPerSec, 'img/s')}</td><td>${formatMs(x.msPerImage)}</td></tr>`)}</tbody>
      </table>
      <tsl-chart data-chart="throughput" heading=${`Offline throughput on ${this.backend} by batch size`} type="bar" xTitle="batch size" yTitle="images/s"
        .labels=${p.map((x) => String(x.batchSize))} .series=${[{ label: 'images/s', values: p.map((x) => x.imagesPerSec), color: COLORS[2] }]}
        summary=${p.map((x) => `batch ${x.batchSize}: ${x.imagesPerSec.toFixed(0)} images/s`).join(', ') + `; the most at batch ${best.batchSize} (one timed pass each, no interval).`}></tsl-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-throughput': TslServeThroughput;
  }
}
