// <tsl-serve-fleet>: the fleet a traffic needs, per backend and batching choice with a measured
// capacity under the bound: every figure with the formula that made it, filled in, beside it.
import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatDays, formatMs, formatRate } from '../metrics/format.ts';
import type { Derived, FleetPlan } from '../serve/fleet-plan.ts';
import type { ModelFleet } from '../state/serve-fleet.ts';
import { stackedTableStyles } from './stacked-table.ts';

/** A choice's column: its backend and batching, then its bound (on its own line in the heading). */
const choiceName = (p: FleetPlan) => `${p.choice.backend}, batching ${p.choice.batching}`;
const bound = (p: FleetPlan) => `p99 ≤ ${formatMs(p.choice.p99TargetMs)}`;
/** The name stacked rows give above each value: choices can differ by the bound alone, so it has both. */
const col = (p: FleetPlan) => `${choiceName(p)}, ${bound(p)}`;
// Hand-written rather than a column list: each heading carries data-fleet-col, and each row is a figure, not a choice.
const heading = (p: FleetPlan) => html`<th data-fleet-col=${p.choice.label}>${choiceName(p)} <span class="f">${bound(p)}</span></th>`;

const big = (x: number, digits = 1) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(digits)) : '—');

/** Widest cell of the side-by-side table, rem: formulas wrap inside it, so the table's width follows its column count. */
const CELL_REM = 15;
/** The row-name column plus each choice's column (its cell and padding), rem: below it the rows stack. */
export const fleetTableRem = (choices: number) => 14 + choices * (CELL_REM + 1.2);
/** Column counts with their own threshold; more choices than this always stack. */
const MOST_SIDE_BY_SIDE = 8;
const colsClass = (n: number) => `cols-${Math.min(n, MOST_SIDE_BY_SIDE + 1)}`;

@customElement('tsl-serve-fleet')
export class TslServeFleet extends LitElement {
  // Choices sit side by side while their columns fit the box; narrower (a projector, a half-wide
  // window, five searched choices) each figure stacks its choices' values under their names, so
  // nothing scrolls sideways. The threshold grows with the column count: one rule per count.
  static override styles = [
    ...Array.from({ length: MOST_SIDE_BY_SIDE }, (_, i) => stackedTableStyles(fleetTableRem(i + 1), `table.stack.${colsClass(i + 1)}`)),
    stackedTableStyles(100_000, `table.stack.${colsClass(MOST_SIDE_BY_SIDE + 1)}`),
    css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    caption { text-align: left; margin-bottom: 4px; }
    th, td { padding: 4px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; vertical-align: top; }
    thead th, tbody td { max-width: ${unsafeCSS(`${CELL_REM}rem`)}; }
    th { background: var(--tsl-head-bg, #f3f4f8); vertical-align: bottom; }
    td.l, th.l { text-align: left; }
    tbody th { background: none; font-weight: 600; min-width: 11rem; max-width: 14rem; vertical-align: top; }
    td.same { text-align: center; max-width: none; }
    .f { display: block; font-size: 0.72rem; color: #555; overflow-wrap: anywhere; }
    .box { overflow-x: auto; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
    table.stack { --tsl-stack-cell: 15rem; }
  `];

  @property({ attribute: false }) fleet: ModelFleet | null = null;

  private cell(d: Derived, text: string, label: string) {
    return html`<td data-label=${label}><strong>${text}</strong><span class="f">${d.formula}</span></td>`;
  }

  /** A figure of the traffic alone (the same for every choice): one cell across the columns, said once. */
  private same(plans: readonly FleetPlan[], d: Derived, text: string) {
    return html`<td class="whole same" colspan=${plans.length} data-label="every choice"><strong>${text}</strong> for every choice<span class="f">${d.formula}</span></td>`;
  }

  override render() {
    const f = this.fleet;
    if (!f) return nothing;
    if (f.plans.length === 0) {
      return html`<p class="note" data-fleet-empty>No plan yet: a plan needs a capacity under the bound. Run the latency-bound search above (on any backend, with batching off or on); ${f.noCapacity.length > 0 ? `${f.noCapacity.length} search${f.noCapacity.length === 1 ? '' : 'es'} found no rate under the bound.` : 'none has run for this model.'}</p>`;
    }
    const t = f.traffic;
    return html`
      <p class="note">Traffic ${t.queriesPerDay.toLocaleString('en')} queries a day, peak hour ${t.peakFactor}× the mean rate, ${t.queriesPerVisit} queries per visit. Training behind this model: ${Number.isFinite(f.trainingSeconds) ? `${big(f.trainingSeconds)} s` : 'unknown'} (measured, as the Ledger counts it).</p>
      <div class="box fit"><table class=${`stack ${colsClass(f.plans.length)}`} data-table="fleet">
        <caption class="note" data-fleet-caption>Estimates: each figure below the measured capacity is derived from it by the formula beside it.</caption>
        <thead><tr><th class="l">figure</th>${f.plans.map(heading)}</tr></thead>
        <tbody>
          <tr><th class="l" scope="row">capacity under the bound</th>${f.plans.map((p) => html`<td data-label=${col(p)}><strong>${formatRate(p.choice.capacityQps, 'queries/s')}</strong><span class="f">measured: latency-bound search</span></td>`)}</tr>
          <tr><th class="l" scope="row">peak rate</th>${this.same(f.plans, f.plans[0]!.peakQps, formatRate(f.plans[0]!.peakQps.value, 'queries/s'))}</tr>
          <tr data-fleet="instances"><th class="l" scope="row">instances (central)</th>${f.plans.map((p) => this.cell(p.instances, big(p.instances.value, 0), col(p)))}</tr>
          <tr><th class="l" scope="row">compute-seconds per day (central)</th>${f.plans.map((p) => this.cell(p.computeSecondsPerDay, `${big(p.computeSecondsPerDay.value)} s`, col(p)))}</tr>
          <tr><th class="l" scope="row">days until inference passes training</th>${f.plans.map((p) => this.cell(p.daysToPassTraining, formatDays(p.daysToPassTraining.value), col(p)))}</tr>
          <tr><th class="l" scope="row">visits per day</th>${this.same(f.plans, f.plans[0]!.visitsPerDay, big(f.plans[0]!.visitsPerDay.value, 0))}</tr>
          <tr><th class="l" scope="row">on every user's device: device-seconds per day</th>${f.plans.map((p) => this.cell(p.deviceSecondsPerDay, `${big(p.deviceSecondsPerDay.value)} s`, col(p)))}</tr>
          <tr><th class="l" scope="row">central / on-device compute</th>${f.plans.map((p) => this.cell(p.centralOverDevice, `${p.centralOverDevice.value.toFixed(2)}×`, col(p)))}</tr>
          <tr><th class="l" scope="row">a user's first answer</th>${f.plans.map((p) => html`<td data-label=${col(p)}>on device <strong>${formatMs(p.choice.coldStartMs)}</strong><span class="f">cold start: deploy + first query, measured</span>central ≤ <strong>${formatMs(p.choice.p99TargetMs)}</strong> (p99)<span class="f">the bound; network not included</span></td>`)}</tr>
        </tbody>
      </table></div>
      ${f.noCapacity.length > 0 ? html`<p class="note" data-fleet-unplanned>Not planned: ${f.noCapacity.join('; ')}: ${f.noCapacity.length === 1 ? 'its search' : 'each search'} found no rate under the bound.</p>` : nothing}
      <p class="note">Central: each instance is one tab's server like the one measured, provisioned all day for the peak hour. On the device: every visit deploys the model (its cold start, measured on a fresh worker) and then answers its queries at the warm mean time (1000 / closed-loop capacity). These are estimates from one machine's measurements; a real fleet adds networking, headroom and other hardware.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-fleet': TslServeFleet;
  }
}
