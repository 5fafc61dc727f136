// <tsl-ledger-chart>: cumulative cost over queries served, two straight lines (cost paid up front,
// then per query) that cross at the break-even; the same numbers in a table as a text alternative.
// The cost axis starts at zero, so the gap between the lines reads as its true share of the total.
import { css, html, LitElement } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { formatCount, formatExactCount, formatFlops, formatMs } from '../metrics/format.ts';
import { chartQueries, cumulativeCost, queriesToMatch, type CostLine } from '../metrics/ledger.ts';
import { COLORS, type TslChart } from './tsl-chart.ts';
import { breakEvenLabel, durationLabel } from './tsl-ledger-table.ts';
import './tsl-chart.ts';
import { costAxisUnit as yScale } from './cost-axis-unit.ts';


@customElement('tsl-ledger-chart')
export class TslLedgerChart extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 6px; }
    tsl-chart { flex: 1; min-height: var(--tsl-ledger-chart-height, 300px); }
    .cross { margin: 0; font-size: 0.9rem; }
    details { font-size: 0.82rem; }
    summary { cursor: pointer; }
    summary:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: 4px; }
    th, td { padding: 2px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; }
  `;

  @property() heading = '';
  /** Exactly two lines, the one with less paid up front first; where they cross is the break-even. */
  @property({ attribute: false }) lines: CostLine[] = [];
  /** Line costs are in ms (time) or FLOPs. */
  @property() unit: 'time' | 'flops' = 'time';
  @property({ type: Number }) queriesPerDay = 10_000;
  /** How far to draw when the lines never cross. */
  @property({ type: Number }) fallbackQueries = 10_000;
  /** What the lines mean, for the text alternative. */
  @property() explanation = '';

  @query('tsl-chart') private chart!: TslChart;

  /** The drawn chart as a PNG data URL with its text alternative, for the exported summary. */
  image(): { title: string; src: string; alt: string } | null {
    const src = this.chart?.toImage();
    return src ? { title: this.heading, src, alt: this.summaryText() } : null;
  }

  private crossing() {
    const [a, b] = this.lines;
    return a && b ? queriesToMatch(b.upFront - a.upFront, a.perQuery - b.perQuery, 'difference per query') : null;
  }

  private fmt = (x: number): string => (this.unit === 'time' ? formatMs(x) : formatFlops(x));

  private summaryText(): string {
    const parts = this.lines.map((l) => `${l.label}: ${this.fmt(l.upFront)} up front + ${this.fmt(l.perQuery)} per query`);
    const c = this.crossing();
    const cross = c?.kind === 'at' ? `The lines cross after ${breakEvenLabel(c)} queries (${durationLabel(c, this.queriesPerDay)} at ${formatExactCount(this.queriesPerDay)} per day).` : `The lines do not cross: ${c?.kind === 'never' ? c.reason : 'not measured'}.`;
    return `${parts.join('; ')}. ${cross} ${this.explanation}`;
  }

  override render() {
    const [a, b] = this.lines;
    if (!a || !b) return html``;
    const xs = chartQueries(a, b, this.fallbackQueries);
    const max = Math.max(...this.lines.map((l) => cumulativeCost(l, xs.at(-1)!)));
    const scale = yScale(this.unit, max);
    const c = this.crossing();
    return html`
      <tsl-chart data-chart="cumulative-${this.unit}" heading=${this.heading} .yMin=${0} .series=${this.lines.map((l, i) => ({ label: l.label, values: xs.map((q) => cumulativeCost(l, q) / scale.divisor), xs, color: COLORS[i]!, dashed: l.perQuery === 0 }))}
        xTitle=${`queries served (${formatExactCount(this.queriesPerDay)} per day)`} yTitle=${`cumulative cost (${scale.name}${this.unit === 'time' ? ', measured' : ', analytic'})`} summary=${this.summaryText()}></tsl-chart>
      <p class="cross" data-crossing>${c?.kind === 'at'
        ? html`Lines cross at <strong>${breakEvenLabel(c)} queries</strong>, ${durationLabel(c, this.queriesPerDay)} of traffic at ${formatExactCount(this.queriesPerDay)} queries per day.`
        : html`The lines never cross: <strong>${c?.kind === 'never' ? c.reason : 'not measured'}</strong>.`}</p>
      <details>
        <summary>The numbers in the chart</summary>
        <table data-table="cumulative">
          <thead><tr><th scope="col">queries</th>${this.lines.map((l) => html`<th scope="col">${l.label}</th>`)}</tr></thead>
          <tbody>${xs.map((q) => html`<tr><th scope="row">${formatCount(q)}</th>${this.lines.map((l) => html`<td>${this.fmt(cumulativeCost(l, q))}</td>`)}</tr>`)}</tbody>
        </table>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-chart': TslLedgerChart;
  }
}
