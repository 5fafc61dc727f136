// <tsl-inside-layer-table>: every layer's output shape, parameters and analytic FLOPs per query
// (share as a bar), and after a profile the measured forward time share per layer, with the
// layer that takes the most time marked.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { LayerProfile, LayerRow } from '../inspect/types.ts';

const bar = (share: number, kind: 'flops' | 'time', label: string) =>
  html`<div class="track" role="img" aria-label=${label}><div class=${`fill ${kind}`} style=${`width:${Math.max(0, Math.min(100, 100 * share))}%`}></div></div>`;

@customElement('tsl-inside-layer-table')
export class TslInsideLayerTable extends LitElement {
  static override styles = css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.84rem; font-variant-numeric: tabular-nums; width: 100%; }
    th { text-align: right; font-weight: 600; border-bottom: 1px solid #889; padding: 4px 5px; white-space: nowrap; vertical-align: bottom; }
    td { padding: 3px 5px; text-align: right; white-space: nowrap; border-bottom: 1px solid #eef; }
    th:first-child, td:first-child, td.kernels { text-align: left; }
    .cls, .kernels { color: #444; font-size: 0.76rem; }
    .cls { display: block; }
    .track { width: 56px; height: 0.8rem; background: #e4e7ef; border-radius: 2px; position: relative; display: inline-block; vertical-align: middle; }
    .fill { position: absolute; inset: 0 auto 0 0; border-radius: 2px; }
    .fill.flops { background: #0072b2; }
    .fill.time { background: #d55e00; }
    tr.dominant td { background: #fff1e6; font-weight: 700; }
    .badge { display: inline-block; font-size: 0.72rem; font-weight: 700; color: #fff; background: #a33f00; border-radius: 3px; padding: 0 5px; margin-left: 6px; }
    tfoot td { border-top: 1px solid #889; font-weight: 600; }
  `;

  /** Analytic rows, one per layer. */
  @property({ attribute: false }) rows: LayerRow[] = [];
  /** Measured per-layer forward times (null before a profile, or when it was taken on another architecture). */
  @property({ attribute: false }) profile: LayerProfile | null = null;

  override render() {
    const p = this.profile;
    const timing = new Map(p?.layers.map((l) => [l.name, l]) ?? []);
    const slowest = p ? p.layers.reduce((a, b) => (b.ms > a.ms ? b : a)).name : null;
    const heaviest = this.rows.length > 0 ? this.rows.reduce((a, b) => (b.flops > a.flops ? b : a)).name : null;
    const totalFlops = this.rows.reduce((s, r) => s + r.flops, 0);
    return html`<table data-table="layers">
      <thead><tr>
        <th scope="col">layer</th><th scope="col">output shape</th><th scope="col">parameters</th>
        <th scope="col" title="analytic: conv 2·H·W·Cout·Kh·Kw·Cin, dense 2·in·out, + pooling and activations (src/model/flops.ts)">FLOPs<br>per query</th>
        <th scope="col">share of<br>FLOPs</th>
        <th scope="col" title=${p ? `measured: each layer's forward pass on a batch of ${p.batchSize}, timed alone, median of ${p.repeats}` : 'profile a batch to measure'}>time${p ? html`<br>(batch ${p.batchSize})` : ''}</th>
        <th scope="col">share of<br>time</th><th scope="col">kernels</th>
      </tr></thead>
      <tbody>${this.rows.map((r) => {
        const t = timing.get(r.name);
        return html`<tr data-layer=${r.name} class=${r.name === slowest ? 'dominant' : ''}>
          <td>${r.name}${r.name === slowest ? html`<span class="badge">most time</span>` : nothing}${r.name === heaviest ? html`<span class="badge" style="background:#005a8c">most FLOPs</span>` : nothing}<span class="cls">${r.className}</span></td>
          <td>${r.outputShape.join('×')}</td>
          <td data-col="params">${formatCount(r.params)}</td>
          <td data-col="flops">${formatFlops(r.flops)}</td>
          <td data-col="flops-share">${bar(r.flopsShare, 'flops', `${r.name}: ${formatPercent(r.flopsShare)} of FLOPs`)} ${formatPercent(r.flopsShare)}</td>
          <td data-col="ms">${t ? formatMs(t.ms) : '–'}</td>
          <td data-col="time-share">${t ? html`${bar(t.share, 'time', `${r.name}: ${formatPercent(t.share)} of time`)} ${formatPercent(t.share)}` : '–'}</td>
          <td class="kernels">${t ? t.kernels.join(', ') || 'none (reshape)' : ''}</td>
        </tr>`;
      })}</tbody>
      <tfoot><tr><td>total</td><td></td><td>${formatCount(this.rows.reduce((s, r) => s + r.params, 0))}</td><td data-col="total-flops">${formatFlops(totalFlops)}</td><td></td>
        <td>${p ? formatMs(p.sumMs) : ''}</td><td colspan="2" class="kernels">${p ? html`whole model at once: ${formatMs(p.wholeMs)}<br>per batch on ${p.backend}` : ''}</td></tr></tfoot>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-layer-table': TslInsideLayerTable;
  }
}
