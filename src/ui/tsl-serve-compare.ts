// <tsl-serve-compare>: backends side by side, from one interleaved run on the same images: one
// table (with each backend's capability line) and one chart. Each p50 carries its 95%
// order-statistic interval and count, and a ratio whose two intervals overlap says so.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatCount, formatMs, formatMsInterval, formatRatioWithVerdict } from '../metrics/format.ts';
import { p50Intervals, quantileEstimate, ratioVerdict, type QuantileEstimate } from '../metrics/intervals.ts';
import type { CompareArm } from '../serve/bench-types.ts';
import { describeStop } from '../metrics/precision-stop.ts';
import type { CompareOutcome } from '../state/serve-state.ts';
import { distinctImages } from './tsl-serve-summary.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';
import { COLORS } from './tsl-chart.ts';
import './tsl-chart.ts';

/** Each bar's 95% order-statistic interval (NaN where the sample bounds no such end: the bar gets no whisker). */
function barIntervals(a: CompareArm): { low: number[]; high: number[] } {
  const ok = a.samples.filter((q) => q.error === undefined);
  const e2e = ok.map((q) => q.e2eMs);
  const estimates = [quantileEstimate(e2e, 0.5), quantileEstimate(e2e, 0.9), quantileEstimate(e2e, 0.99), quantileEstimate(ok.map((q) => q.modelMs), 0.5)];
  return { low: estimates.map((e) => e?.low ?? Number.NaN), high: estimates.map((e) => e?.high ?? Number.NaN) };
}

/** A backend's row: its arm and the 95% intervals of its end-to-end and model-only p50. */
interface ArmRow { readonly arm: CompareArm; readonly e2e: QuantileEstimate | null; readonly model: QuantileEstimate | null }

@customElement('tsl-serve-compare')
export class TslServeCompare extends LitElement {
  // Eleven columns outgrow a projector in lecture mode: there each backend's row stacks (stacked-table.ts).
  static override styles = [howLegendStyles, stackedTableStyles(73), css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88rem; }
    th, td { padding: 4px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    td.caps { text-align: left; white-space: normal; font-size: 0.8rem; color: #333; min-width: 12em; max-width: 320px; }
    th[scope='row'] { text-align: left; }
    tsl-chart { height: 250px; max-width: 900px; }
    .scroll { overflow-x: auto; }
    p { margin: 0; font-size: 0.85rem; }
    .ci { display: block; font-size: 0.74rem; color: #444; }
    .mark { display: block; font-size: 0.74rem; font-weight: 700; color: #8a3b00; }
    .same { display: block; font-size: 0.74rem; color: #8a3b00; white-space: normal; }
    .fit { --tsl-stack-cell: 6.2rem; }
  `];

  /** The comparison to show; null shows nothing. */
  @property({ attribute: false }) outcome: CompareOutcome | null = null;
  /** Classes of the compared model: an accuracy whose interval contains 1 / classes is marked (NaN: not marked). */
  @property({ type: Number }) classes = Number.NaN;

  private p50Cell(value: number, e: QuantileEstimate | null) {
    return html`${formatMs(value)}${e ? html`<span class="ci" data-interval>${formatMsInterval(e)}</span>` : nothing}`;
  }

  /** This arm's model-only p50 over the first arm's, and whether their intervals tell them apart. */
  private ratioCell(arm: CompareArm, e: QuantileEstimate | null, base: CompareArm, baseE: QuantileEstimate | null) {
    if (arm === base) return html`<span class="ci">the reference</span>`;
    const ratio = (arm.model?.p50Ms ?? NaN) / (base.model?.p50Ms ?? NaN);
    const verdict = e && baseE ? ratioVerdict(e, baseE) : null;
    return html`<span class="ci">${formatRatioWithVerdict(ratio, null)} ${base.label}</span>${verdict === 'not distinguishable' ? html`<span class="same" data-verdict>not distinguishable from ${base.label}</span>` : nothing}`;
  }

  /** The columns after the backend's name; the model p50's ratio is to the first arm, `base`. */
  private columns(o: CompareOutcome, base: ArmRow): TableColumn<ArmRow>[] {
    return [
      { name: 'queries', cell: ({ arm: a }) => formatCount(a.e2e?.count ?? NaN) },
      { name: 'e2e mean', cell: ({ arm: a }) => formatMs(a.e2e?.meanMs ?? NaN) },
      { name: 'e2e p50', col: 'p50Ms', cell: ({ arm: a, e2e }) => this.p50Cell(a.e2e?.p50Ms ?? NaN, e2e) },
      { name: 'e2e p90', cell: ({ arm: a }) => formatMs(a.e2e?.p90Ms ?? NaN) },
      { name: 'e2e p99', cell: ({ arm: a }) => formatMs(a.e2e?.p99Ms ?? NaN) },
      { name: 'e2e max', cell: ({ arm: a }) => formatMs(a.e2e?.maxMs ?? NaN) },
      {
        name: 'model p50', col: 'modelP50Ms',
        how: `Model-only p50 with its 95% interval, and its ratio to ${base.arm.label}'s ("not distinguishable" when the two intervals overlap)`,
        cell: ({ arm: a, model }) => html`${this.p50Cell(a.model?.p50Ms ?? NaN, model)}<span data-col="ratio">${this.ratioCell(a, model, base.arm, base.model)}</span>`,
      },
      { name: 'load', cell: ({ arm: a }) => formatMs(o.loadMs[a.label] ?? NaN) },
      {
        name: 'test acc', col: 'testAcc',
        cell: ({ arm: a }) => {
          const acc = accuracyParts(a.testAcc, distinctImages(a.samples));
          const chance = chanceLabel(a.testAcc, distinctImages(a.samples), this.classes);
          return html`${acc.value}${acc.interval ? html`<span class="ci">${acc.interval}, ${acc.count}</span>` : nothing}${acc.caveatShort ? html`<span class="same" title=${acc.caveat ?? ''}>${acc.caveatShort}</span>` : nothing}${chance ? html`<span class="mark" data-chance-mark>${chance}</span>` : nothing}`;
        },
      },
      // Long text: in stacked rows it takes a whole line.
      { name: 'capabilities', cls: 'caps whole', cell: ({ arm: a }) => o.capabilities[a.label] ?? '' },
    ];
  }

  override render() {
    const o = this.outcome;
    if (!o) return nothing;
    const arms = o.result.arms;
    const stats = ['p50Ms', 'p90Ms', 'p99Ms'] as const;
    const rows: ArmRow[] = arms.map((a) => ({ arm: a, ...p50Intervals(a.samples) }));
    const columns = this.columns(o, rows[0]!);
    return html`
      <p>${o.result.rounds} interleaved rounds (each round sends the same test image to every backend in turn)${o.result.aborted ? ', stopped early' : ''}; end-to-end latency measured on the page, model-only in each worker. Under each p50, its 95% interval from the order statistics of that backend's queries; a ratio is "not distinguishable" when the two intervals overlap.</p>
      ${o.result.stop ? html`<p data-stop=${o.result.stop.reason}>Rounds ${describeStop(o.result.stop, 'rounds')}${o.result.measureMs !== undefined ? ` (${formatMs(o.result.measureMs)} of measuring)` : ''}.</p>` : nothing}
      <div class="scroll fit"><table data-table="compare" class="stack">
        <thead><tr><th scope="col">backend</th>${headings(columns, 'abbr')}</tr></thead>
        <tbody>${rows.map((r) => html`<tr data-arm=${r.arm.label}><th scope="row">${r.arm.label}</th>${cells(columns, r)}</tr>`)}</tbody>
      </table></div>${howLegend(columns)}
      <tsl-chart data-chart="compare" heading="Latency by backend: end-to-end p50, p90, p99 and model-only p50, each with its 95% interval where the queries bound both ends (same images, interleaved; log scale)" type="bar" logY yTitle="ms"
        .labels=${['p50', 'p90', 'p99', 'model-only p50']}
        .series=${arms.map((a, i) => ({ label: a.label, values: [...stats.map((k) => a.e2e?.[k] ?? NaN), a.model?.p50Ms ?? NaN], color: COLORS[i % COLORS.length]!, errorBars: barIntervals(a) }))}
        summary=${arms.map((a) => `${a.label}: p50 ${formatMs(a.e2e?.p50Ms ?? NaN)}, p99 ${formatMs(a.e2e?.p99Ms ?? NaN)}`).join('; ')}></tsl-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-compare': TslServeCompare;
  }
}
