// <tsl-ledger-spend-charts>: the options on two axes (all the training behind each against the cost
// of one query), and the cumulative cost of the options that reach the accuracy asked for, whose
// lines cross where the cheapest option changes. The numbers are in the table beside it.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatExactCount } from '../metrics/format.ts';
import { costAt } from '../spend/crossover.ts';
import type { SpendAnswer } from '../spend/decide.ts';
import type { SpendGroup } from '../spend/options.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import './tsl-chart.ts';
import { costAxisUnit as scaleFor } from './cost-axis-unit.ts';


/** Where the cumulative chart ends: past the last change, and past the traffic asked about. */
export function chartEnd(answer: Pick<SpendAnswer, 'changes' | 'queries'>): number {
  const last = answer.changes.at(-1)?.queries ?? 0;
  return Math.max(1, 2 * last, answer.queries);
}

@customElement('tsl-ledger-spend-charts')
export class TslLedgerSpendCharts extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(380px, 100%), 1fr)); gap: 16px; }
    tsl-chart { min-height: var(--tsl-ledger-chart-height, 300px); min-width: 0; }
  `;

  @property({ attribute: false }) groups: SpendGroup[] = [];
  @property({ attribute: false }) answer: SpendAnswer | null = null;
  @property() unit: 'time' | 'flops' = 'time';
  /** Short names of the options, by group key. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  override render() {
    const a = this.answer;
    const time = this.unit === 'time';
    const shown = this.groups.filter((g) => Number.isFinite(time ? g.trainMs : g.trainFlops) && Number.isFinite(time ? g.perQueryMs : g.perQueryFlops));
    if (shown.length === 0 || !a) return nothing;
    const color = (i: number) => COLORS[i % COLORS.length]!;
    const train = scaleFor(this.unit, Math.max(...shown.map((g) => (time ? g.trainMs : g.trainFlops))));
    const scatter: ChartSeries[] = shown.map((g, i) => ({
      label: this.names.get(g.key) ?? g.what,
      xs: [(time ? g.trainMs : g.trainFlops) / train.divisor],
      values: [time ? g.perQueryMs : g.perQueryFlops / 1e6],
      color: color(i),
      pointRadius: 6,
    }));
    const end = chartEnd(a);
    const xs = [...new Set([0, ...a.changes.map((c) => c.queries), a.queries, end])].sort((x, y) => x - y);
    const cum = scaleFor(this.unit, Math.max(...a.lines.map((l) => costAt(l, end))));
    const lines: ChartSeries[] = a.lines.map((l) => ({
      label: this.names.get(l.key) ?? l.key,
      xs,
      values: xs.map((q) => costAt(l, q) / cum.divisor),
      color: color(shown.findIndex((g) => g.key === l.key)),
    }));
    const scatterSummary = shown.map((g) => `${this.names.get(g.key) ?? g.what}: ${formatCount((time ? g.trainMs : g.trainFlops) / train.divisor)} ${train.name} of training, ${time ? `${g.perQueryMs.toFixed(3)} ms` : `${(g.perQueryFlops / 1e6).toFixed(1)} MFLOP`} per query`).join('; ');
    const cross = a.changes.map((c) => `${this.names.get(c.from) ?? c.from} gives way to ${this.names.get(c.to) ?? c.to} at ${formatExactCount(Math.ceil(c.queries))} queries`).join('; ');
    return html`
      <tsl-chart data-chart="spend-axes" heading=${`Training against cost per query (${time ? 'measured' : 'analytic FLOPs'})`} .series=${scatter} .yMin=${0} beginAtZero
        xTitle=${`all training behind the option (${train.name}${time ? ', measured' : ''})`} yTitle=${time ? 'cost per query (model-only p50, ms)' : 'cost per query (MFLOP, analytic)'} summary=${scatterSummary}></tsl-chart>
      ${a.lines.length > 0
        ? html`<tsl-chart data-chart="spend-cumulative" heading=${`Cumulative cost of the options reaching the accuracy (${time ? 'measured time' : 'analytic FLOPs'})`} .series=${lines} .yMin=${0}
            xTitle=${`queries served (${formatExactCount(Math.round(a.queries))} asked about)`} yTitle=${`cumulative cost (${cum.name})`}
            summary=${cross ? `The lines cross where the cheapest option changes: ${cross}.` : 'One option is cheapest at every traffic: the lines do not cross below it.'}></tsl-chart>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-spend-charts': TslLedgerSpendCharts;
  }
}
