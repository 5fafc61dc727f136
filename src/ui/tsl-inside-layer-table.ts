// <tsl-inside-layer-table>: every layer's output shape, parameters and analytic FLOPs per query
// (share as a bar), and after a profile the measured forward time share per layer, with the
// layer that takes the most time marked.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatFlops, formatMs, formatMsInterval, formatPercent } from '../metrics/format.ts';
import { slowestLayer } from '../inspect/slowest-layer.ts';
import type { LayerProfile, LayerRow } from '../inspect/types.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, labelOf, type TableColumn } from './table-columns.ts';

const bar = (share: number, kind: 'flops' | 'time', label: string) =>
  html`<div class="track" role="img" aria-label=${label}><div class=${`fill ${kind}`} style=${`width:${Math.max(0, Math.min(100, 100 * share))}%`}></div></div>`;

/** The figure columns (a profile measured on this architecture, or null), keyed for the total row beneath. */
function layerColumns(p: LayerProfile | null) {
  const timing = new Map(p?.layers.map((l) => [l.name, l]) ?? []);
  const timed = (r: LayerRow) => timing.get(r.name);
  // Before a profile there is nothing timed: a dash in the table, and no line at all when stacked.
  const unmeasured = (r: LayerRow) => (timed(r) ? '' : 'unmeasured');
  return {
    shape: { name: 'output shape', cell: (r) => r.outputShape.join('×') },
    params: { name: 'parameters', col: 'params', cell: (r) => formatCount(r.params) },
    flops: { name: 'FLOPs per query', col: 'flops', how: 'analytic: conv 2·H·W·Cout·Kh·Kw·Cin, dense 2·in·out, + pooling and activations (src/model/flops.ts)', cell: (r) => formatFlops(r.flops) },
    flopsShare: { name: 'share of FLOPs', col: 'flops-share', cell: (r) => html`${bar(r.flopsShare, 'flops', `${r.name}: ${formatPercent(r.flopsShare)} of FLOPs`)} ${formatPercent(r.flopsShare)}` },
    time: {
      name: 'time', note: p ? `batch ${p.batchSize}` : undefined, col: 'ms', cellClass: unmeasured,
      how: p ? `measured: each layer's forward pass on a batch of ${p.batchSize}, timed alone, median of ${p.repeats}; under it the fastest–slowest of the ${p.repeats} repeats. "Most time" is clear only when its fastest repeat is slower than every other layer's slowest` : 'profile a batch to measure',
      cell: (r) => {
        const t = timed(r);
        return t ? html`${formatMs(t.ms)}<small class="range" data-col="ms-range">range ${formatMsInterval({ low: t.minMs, high: t.maxMs })}</small>` : '–';
      },
    },
    timeShare: {
      name: 'share of time', col: 'time-share', cellClass: unmeasured,
      cell: (r) => {
        const t = timed(r);
        return t ? html`${bar(t.share, 'time', `${r.name}: ${formatPercent(t.share)} of time`)} ${formatPercent(t.share)}` : '–';
      },
    },
    kernels: {
      name: 'kernels', cellClass: () => 'kernels',
      cell: (r) => {
        const t = timed(r);
        return t ? t.kernels.join(', ') || 'none (reshape)' : nothing;
      },
    },
  } satisfies Record<string, TableColumn<LayerRow>>;
}

@customElement('tsl-inside-layer-table')
export class TslInsideLayerTable extends LitElement {
  // Eight columns need about 50 rem (paddings in rem, so that holds at any type size): a narrower
  // box (lecture mode at 1280 px) stacks each layer, its name across the box and its figures on a
  // line beneath under their column names (stacked-table.ts); the total row stacks the same way.
  static override styles = [howLegendStyles, stackedTableStyles(50), css`
    :host { display: block; }
    .fit { overflow-x: auto; --tsl-stack-cell: 6.6rem; }
    table { border-collapse: collapse; font-size: 0.84rem; font-variant-numeric: tabular-nums; width: 100%; }
    /* Headings wrap onto lines as narrow as their figures, rather than widen the table. */
    th { text-align: right; font-weight: 600; border-bottom: 1px solid #889; padding: 0.25rem 0.3rem; white-space: normal; vertical-align: bottom; }
    th .note { display: block; font-weight: 400; }
    td, tbody th { padding: 0.2rem 0.3rem; text-align: right; white-space: nowrap; border-bottom: 1px solid #eef; font-weight: 400; vertical-align: top; }
    thead th:first-child, tbody th, tfoot td:first-child, td.kernels { text-align: left; }
    /* Kernel names wrap rather than widen the table. */
    td.kernels { white-space: normal; min-width: 8rem; }
    .cls, .kernels { color: #444; font-size: 0.76rem; }
    .cls { display: block; font-weight: 400; }
    .track { width: 3rem; height: 0.8rem; background: #e4e7ef; border-radius: 2px; position: relative; display: inline-block; vertical-align: middle; }
    .fill { position: absolute; inset: 0 auto 0 0; border-radius: 2px; }
    .fill.flops { background: #0072b2; }
    .fill.time { background: #d55e00; }
    tr.dominant td, tr.dominant th { background: #fff1e6; font-weight: 700; }
    .badge { display: inline-block; font-size: 0.72rem; font-weight: 700; color: #fff; background: #a33f00; border-radius: 3px; padding: 0 5px; margin: 0 6px 2px 0; }
    tfoot td { border-top: 1px solid #889; font-weight: 600; }
    /* Stacked: the layer's name (and class beside it) across the box; the dominant layer keeps its tint. */
    table.stack > tbody > tr > th[scope='row'] { font-weight: 700; }
    /* The layer's name and its badges wrap in their cell, so a profile's "most time" does not widen the table. */
    tbody th { white-space: normal; min-width: 7rem; }
    .badge { white-space: normal; }
    .range { display: block; color: #444; font-size: 0.74rem; }
    @container (max-width: 50rem) {
      table.stack > tbody > tr > th[scope='row'] .cls { display: inline; margin-left: 0.5rem; font-weight: 400; }
      table.stack > tbody > tr.dominant { background: #fff1e6; }
      table.stack > tbody > tr > td.kernels { min-width: 0; }
      /* Before a profile there is no time to show (the note under the table says how to measure it): no line of dashes. */
      table.stack > tbody > tr > td.unmeasured { display: none; }
      table.stack > tfoot, table.stack > tfoot > tr { display: block; width: 100%; }
      table.stack > tfoot > tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--tsl-stack-cell, 7rem), 1fr)); gap: 0.25rem 0.9rem; padding: 0.45rem 0.3rem; box-sizing: border-box; border-top: 1px solid #889; }
      table.stack > tfoot > tr > td { display: block; border: none; padding: 0; text-align: left; white-space: normal; min-width: 0; }
      /* The totals line up under the figures they sum: an empty cell keeps its track, as in the rows above. */
      table.stack > tfoot > tr > td:empty { visibility: hidden; }
      table.stack > tfoot > tr > td:empty:last-child { display: none; }
      table.stack > tfoot > tr > td:first-child, table.stack > tfoot > tr > td.kernels { grid-column: 1 / -1; }
      table.stack > tfoot > tr > td[data-label]::before { content: attr(data-label) / ''; display: block; font-size: 0.72rem; font-weight: 600; color: #444; }
    }
  `];

  /** Analytic rows, one per layer. */
  @property({ attribute: false }) rows: LayerRow[] = [];
  /** Measured per-layer forward times (null before a profile, or when it was taken on another architecture). */
  @property({ attribute: false }) profile: LayerProfile | null = null;

  override render() {
    const p = this.profile;
    const c = layerColumns(p);
    const columns = Object.values(c);
    const top = p ? slowestLayer(p.layers) : null;
    const slowest = top?.name ?? null;
    const slowBadge = top && top.overlapping.length > 0 ? `most time, its range overlapping ${top.overlapping.join(', ')}` : 'most time';
    const heaviest = this.rows.length > 0 ? this.rows.reduce((a, b) => (b.flops > a.flops ? b : a)).name : null;
    const totalFlops = this.rows.reduce((s, r) => s + r.flops, 0);
    return html`<div class="fit"><table class="stack" data-table="layers">
      <thead><tr><th scope="col">layer</th>${headings(columns)}</tr></thead>
      <tbody>${this.rows.map((r) => {
        return html`<tr data-layer=${r.name} class=${r.name === slowest ? 'dominant' : ''}>
          <th scope="row">${r.name} ${r.name === slowest ? html`<span class="badge" data-slowest=${top!.overlapping.length === 0 ? 'clear' : 'overlapping'}>${slowBadge}</span>` : nothing}${r.name === heaviest ? html`<span class="badge" style="background:#005a8c">most FLOPs</span>` : nothing}<span class="cls">${r.className}</span></th>
          ${cells(columns, r)}
        </tr>`;
      })}</tbody>
      <tfoot><tr><td class="whole">total</td><td></td><td data-label=${c.params.name}>${formatCount(this.rows.reduce((s, r) => s + r.params, 0))}</td><td data-label=${c.flops.name} data-col="total-flops">${formatFlops(totalFlops)}</td><td></td>
        <td data-label=${labelOf(c.time)}>${p ? html`${formatMs(p.sumMs)}<small class="range">layers summed</small>` : nothing}</td><td colspan="2" class="kernels">${p ? html`whole model at once: ${formatMs(p.wholeMs)}<br>per batch on ${p.backend}` : nothing}</td></tr></tfoot>
    </table></div>${howLegend(columns)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-layer-table': TslInsideLayerTable;
  }
}
