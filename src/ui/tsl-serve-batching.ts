// <tsl-serve-batching>: the batching curve: throughput at a heavy load and p99 at a light load
// against B, one line per T, batching off as a reference line; the (T, B) the bench's rule picks
// from it for the p99 target, each excluded one with its reason; and the capacity under the bound
// with batching off and on, with their ratio.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs, formatRate } from '../metrics/format.ts';
import { batchingLabel } from '../serve/batcher.ts';
import { CURVE_CLOSED_LOOP_QUERIES, type BatchingCurve, type BatchingPoint } from '../serve/bench-batching.ts';
import type { BatchingChoice } from '../serve/batching-choice.ts';
import { capacityRatio, capacityRatioRangeText } from '../serve/capacity-ratio.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import { p99Interval } from './p99-interval.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';
import { COLORS, type ChartSeries, type ReferenceLine } from './tsl-chart.ts';
import './tsl-chart.ts';

/** One row per run of the curve. */
const RUN_COLUMNS: TableColumn<BatchingPoint>[] = [
  { name: 'batching', cls: 'l', cell: (p) => (p.off ? 'off' : batchingLabel({ kind: 'on', maxDelayMs: p.maxDelayMs, maxBatch: p.maxBatch })) },
  { name: 'load', cell: (p) => `${p.load}×` },
  { name: 'offered', cell: (p) => formatRate(p.offeredQps, '/s') },
  { name: 'achieved', cell: (p) => formatRate(p.achievedQps, '/s') },
  { name: 'queries', cell: (p) => p.count },
  { name: 'mean batch', cell: (p) => p.meanBatch.toFixed(1) },
  { name: 'p50', cell: (p) => formatMs(p.p50Ms) },
  { name: 'p99', cell: (p) => formatMs(p.p99Ms) },
  { name: 'p99, 95% interval', how: "95% distribution-free interval of the p99 (order statistics of the run's latencies): a run of a few hundred queries gives it no upper end", cls: 'ci', cell: (p) => p99Interval(p) },
];

@customElement('tsl-serve-batching')
export class TslServeBatching extends LitElement {
  // Nine columns: in a narrow column (a 1,030 px window) each run's row stacks.
  static override styles = [howLegendStyles, stackedTableStyles(46), css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(360px, 100%), 1fr)); gap: 16px; }
    tsl-chart { height: var(--tsl-chart-height, 260px); min-width: 0; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    td.l, th.l { text-align: left; }
    .box { overflow-x: auto; }
    .gain { margin: 0; font-weight: 600; border-left: 4px solid #009e73; background: #eef8f3; padding: 6px 10px; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
    td.ci { color: #444; }
    table.stack { --tsl-stack-cell: 6.5rem; }
    .choice { display: flex; flex-direction: column; gap: 4px; }
    .choice ul { margin: 0; padding-left: 1.2rem; }
    .choice button { margin-left: 6px; }
  `];

  /** The curve to show; null shows only the off/on capacities. */
  @property({ attribute: false }) curve: BatchingCurve | null = null;
  /** SLO searches of the same backend, batching off and on, for the capacity under the bound. */
  @property({ attribute: false }) offOn: readonly SloRun[] = [];
  /** The curve's (T, B) for the p99 target set, by the bench's rule; null: no curve. */
  @property({ attribute: false }) choice: BatchingChoice | null = null;
  /** Whether the offline throughput of the curve's backend was measured (the full-batch rule needs it). */
  @property({ type: Boolean }) offlineKnown = false;
  /** While a scale run is going: the settings it reads can't change under it. */
  @property({ type: Boolean }) disabled = false;

  override render() {
    return html`${this.renderGain()}${this.renderChoice()}${this.curve && this.curve.points.length > 0 ? this.renderCurve(this.curve) : nothing}`;
  }

  /** The bench's choice of (T, B) from this curve, each excluded configuration with its reason. */
  private renderChoice() {
    const c = this.choice;
    if (!c) return nothing;
    const out = c.candidates.filter((x) => x.excluded !== null);
    const use = c.chosen;
    return html`<div class="choice" data-batching-choice=${use ? batchingLabel({ kind: 'on', ...use }) : ''}>
      <p class="note"><strong>For p99 ≤ ${formatMs(c.boundMs)}</strong> (the target above), the bench's rule picks ${c.why}
        ${use ? html`<button data-action="use-batching-choice" ?disabled=${this.disabled} @click=${() => this.dispatchEvent(new CustomEvent('tsl-batching-use', { detail: use, bubbles: true, composed: true }))}>Use T ${use.maxDelayMs} ms, B ${use.maxBatch}</button>` : nothing}</p>
      <p class="note">Rule: out if its p99 at the light load is over the bound, or if a full batch cannot finish in time (B × offline ms per image at batch B > bound${this.offlineKnown ? '' : '; not checked: run Deploy & run on this backend for its offline throughput'}); of the rest, the most throughput at the heavy load.</p>
      ${out.length > 0 ? html`<ul class="note" data-batching-excluded>${out.map((x) => html`<li>T ${x.maxDelayMs} ms, B ${x.maxBatch}: ${x.excluded}</li>`)}</ul>` : nothing}
    </div>`;
  }

  private renderGain() {
    // The latest batching-on search, against batching off under the same bound.
    const on = this.offOn.filter((r) => r.batching.kind === 'on').at(-1);
    const off = on && this.offOn.filter((r) => r.batching.kind === 'off' && r.search.p99TargetMs === on.search.p99TargetMs).at(-1);
    if (!off || !on) return nothing;
    const a = off.search.capacityQps;
    const b = on.search.capacityQps;
    const range = capacityRatio(off.search, on.search);
    const ratio = range.ratio;
    const rangeText = capacityRatioRangeText(range);
    const cap = (x: number | null) => (x === null ? 'none (no rate met the bound)' : formatRate(x, 'queries/s'));
    // Each capacity is a bracket: the highest rate that passed, below the lowest that failed.
    const bracket = (r: SloRun) => (r.search.firstFailQps === null ? '' : ` (failed at ${formatRate(r.search.firstFailQps, '/s')}; ≥ ${r.minCount} queries per rate)`);
    return html`<p class="gain" data-batching-gain=${Number.isFinite(ratio) ? ratio.toFixed(3) : ''}>
      Capacity under p99 ≤ ${formatMs(on.search.p99TargetMs)} on ${on.backend}: batching off ${cap(a)}${bracket(off)}, batching ${batchingLabel(on.batching)} ${cap(b)}${bracket(on)}${Number.isFinite(ratio) ? html`: <strong>${ratio.toFixed(2)}×</strong> (= ${formatRate(b!, '/s')} / ${formatRate(a!, '/s')}${rangeText ? html`; <span data-batching-range>the two brackets allow ${rangeText}</span>` : nothing})` : rangeText ? html`: <span data-batching-range>on / off is <strong>${rangeText}</strong></span> (batching off reported no capacity: it is under ${formatRate(off.search.firstFailQps!, '/s')}, the lowest rate at which it failed, so ${formatRate(b!, '/s')} / ${formatRate(off.search.firstFailQps!, '/s')} is only a floor)` : nothing}.
      Both from latency-bound searches on fresh servers (tables above).</p>`;
  }

  private renderCurve(c: BatchingCurve) {
    const loads = [...new Set(c.points.map((p) => p.load))].sort((x, y) => x - y);
    const light = loads[0]!;
    const heavy = loads.at(-1)!;
    const batches = [...new Set(c.points.filter((p) => !p.off).map((p) => p.maxBatch))].sort((x, y) => x - y);
    const delays = [...new Set(c.points.filter((p) => !p.off).map((p) => p.maxDelayMs))].sort((x, y) => x - y);
    const at = (load: number, delay: number, b: number) => c.points.find((p) => !p.off && p.load === load && p.maxDelayMs === delay && p.maxBatch === b);
    const off = (load: number) => c.points.find((p) => p.off && p.load === load);
    const series = (load: number, field: 'achievedQps' | 'p99Ms'): ChartSeries[] => delays.map((d, i) => ({ label: `T ${d} ms`, values: batches.map((b) => at(load, d, b)?.[field] ?? Number.NaN), color: COLORS[i % COLORS.length]!, pointRadius: 4 }));
    const ref = (load: number, field: 'achievedQps' | 'p99Ms', what: string): ReferenceLine[] => {
      const p = off(load);
      return p ? [{ y: p[field], label: `batching off: ${what === 'qps' ? formatRate(p[field], 'queries/s') : formatMs(p[field])}`, color: COLORS[6] }] : [];
    };
    const heavyQps = c.closedLoopQps * heavy;
    const lightQps = c.closedLoopQps * light;
    return html`
      <div class="grid">
        <tsl-chart data-chart="batching-throughput" heading=${`Throughput at ${heavy}× the closed-loop capacity (${formatRate(heavyQps, 'queries/s')} offered)`} .labels=${batches.map((b) => `B ${b}`)}
          xTitle="largest batch B" yTitle="achieved (queries/s)" beginAtZero .series=${series(heavy, 'achievedQps')} .referenceLines=${ref(heavy, 'achievedQps', 'qps')}
          summary=${this.summaryOf(c.points.filter((p) => p.load === heavy), 'achievedQps')}></tsl-chart>
        <tsl-chart data-chart="batching-p99" heading=${`p99 at ${light}× the closed-loop capacity (${formatRate(lightQps, 'queries/s')} offered)`} .labels=${batches.map((b) => `B ${b}`)}
          xTitle="largest batch B" yTitle="p99 (ms)" logY .series=${series(light, 'p99Ms')} .referenceLines=${ref(light, 'p99Ms', 'ms')}
          summary=${this.summaryOf(c.points.filter((p) => p.load === light), 'p99Ms')}></tsl-chart>
      </div>
      <p class="note">${c.backend}: one fresh server; loads are multiples of its closed-loop capacity, ${formatRate(c.closedLoopQps, 'queries/s')} (1000 / mean end-to-end ms of ${CURVE_CLOSED_LOOP_QUERIES} back-to-back queries). Each point is a seeded open-loop run of ${c.countPerRun} queries, latency from the intended send time. Batches are padded to the next power of two (each size warmed first).</p>
      <div class="box fit"><table class="stack" data-table="batching">
        <thead><tr>${headings(RUN_COLUMNS)}</tr></thead>
        <tbody>${c.points.map((p) => html`<tr>${cells(RUN_COLUMNS, p)}</tr>`)}</tbody>
      </table></div>${howLegend(RUN_COLUMNS)}`;
  }

  private summaryOf(points: readonly BatchingPoint[], field: 'achievedQps' | 'p99Ms'): string {
    return points.map((p) => `${p.off ? 'off' : `T ${p.maxDelayMs} B ${p.maxBatch}`}: ${field === 'p99Ms' ? formatMs(p.p99Ms) : formatRate(p.achievedQps, 'queries/s')}`).join(', ');
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-batching': TslServeBatching;
  }
  interface GlobalEventHandlersEventMap {
    /** Set the batching T (ms) and B to the curve's choice. */
    'tsl-batching-use': CustomEvent<{ maxDelayMs: number; maxBatch: number }>;
  }
}
