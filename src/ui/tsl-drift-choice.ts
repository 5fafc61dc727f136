// <tsl-drift-choice>: at a traffic the person sets, the policy that keeps every day's monitored
// accuracy above a chosen floor for the least compute, with the projection's formula, and the
// energy estimate of each policy (busy time x assumed power x PUE), always called an estimate.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { readNumber } from './number-text.ts';
import { cheapestAboveFloor, DATA_CENTRE_PUE, DEFAULT_ENERGY, energyEstimateWh, pooledMsPerQuery, REFERENCE_CPU, worstDayFrom, type EnergyAssumption } from '../drift/cost.ts';
import type { DayRecord, LifecycleRun } from '../drift/records.ts';
import { formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import { dayAccuracyText } from './drift-worst-day.ts';
import type { DriftConfigurePatch } from './tsl-drift-settings.ts';

@customElement('tsl-drift-choice')
export class TslDriftChoice extends LitElement {
  static override styles = css`
    :host { display: block; }
    .inputs { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; font-size: 0.9rem; margin-bottom: 6px; }
    input { font: inherit; width: 6rem; padding: 2px 4px; }
    input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .verdict { border-left: 4px solid var(--tsl-accent, #0072b2); background: #f3f7fb; padding: 8px 12px; margin: 6px 0; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid #dde; padding: 3px 8px; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    th { background: #f4f5f8; }
    .formula { font-family: ui-monospace, monospace; font-size: 0.85rem; }
    .note { font-size: 0.8rem; color: #444; }
    .error { color: #b00020; font-weight: 600; margin: 4px 0; }
  `;

  @property({ attribute: false }) runs: LifecycleRun[] = [];
  /** Queries per day to price the policies at. */
  @property({ type: Number }) trafficPerDay = 10_000;
  /** Lowest acceptable daily monitored accuracy (0-1). */
  @property({ type: Number }) floorAcc = 0.85;
  /** The floor is judged from this day on. */
  @property({ type: Number }) floorFromDay = 2;
  @property({ attribute: false }) energy!: EnergyAssumption;
  /** The lab's refusal of the last change (a floor of 120%, say), shown under the row that was edited. */
  @property({ attribute: false }) configError: string | null = null;
  /** Why the last change made here was refused, under the row it was made in (the lab's own refusals of other fields show beside those fields). */
  @state() private refused: { row: 'choice' | 'energy'; text: string; byLab: boolean } | null = null;
  /** The row of a change sent to the lab whose answer (configError) has not come back yet. */
  private awaiting: 'choice' | 'energy' | null = null;

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The lab answers a change synchronously; the answer reaches this element with its next update.
    if (changed.has('configError') || this.awaiting) {
      // An accepted change clears only its own row's message: another row's refused text still stands.
      if (this.awaiting && this.configError) this.refused = { row: this.awaiting, text: this.configError, byLab: true };
      else if (this.awaiting && this.refused?.row === this.awaiting) this.refused = null;
      // The lab's refusal was cleared by a change made elsewhere (the settings column): its message goes too.
      else if (!this.awaiting && !this.configError && this.refused?.byLab) this.refused = null;
      this.awaiting = null;
    }
  }

  private emit(patch: DriftConfigurePatch): void {
    this.dispatchEvent(new CustomEvent('tsl-drift-configure', { detail: patch, bubbles: true, composed: true }));
  }

  /** The worst labelled day with its interval and labelled count, and whether it keeps the floor, saying so when the interval reaches across it. */
  private worstCells(days: readonly DayRecord[], keepsFloor: boolean) {
    const d = worstDayFrom(days, this.floorFromDay);
    if (!d) return html`<td>—</td><td>no labelled day</td>`;
    const across = d.monitoredLow < this.floorAcc && d.monitoredHigh >= this.floorAcc;
    const verdict = keepsFloor ? (across ? 'yes, but its interval reaches below the floor' : 'yes') : across ? 'no, but its interval reaches the floor' : 'no';
    return html`<td data-worst-day=${d.day}>${dayAccuracyText(d)}</td><td>${verdict}</td>`;
  }

  override render() {
    // A policy is judged on the whole stream: one Stop cut short served fewer days and is left out.
    const cut = this.runs.filter((r) => r.stopped);
    const runs = this.runs.filter((r) => r.days.length > 0 && !r.stopped);
    const left = cut.length ? html`<p class="note" data-choice-stopped>Left out of the choice (stopped before the stream's end, so not comparable): ${cut.map((r) => `"${r.policyLabel}" (${r.days.length} ${r.days.length === 1 ? 'day' : 'days'} served)`).join(', ')}.</p>` : nothing;
    if (runs.length === 0) return cut.length ? html`<p class="verdict" data-choice>No policy ran the whole stream (Stop was pressed), so none is chosen.</p>${left}` : nothing;
    const choice = cheapestAboveFloor(runs, this.trafficPerDay, this.floorAcc, this.floorFromDay);
    const days = runs[0]!.days.length;
    // A field's text as a number; text that is not one is named under its row and goes no further.
    const onNumber = (row: 'choice' | 'energy', label: string, make: (x: number) => DriftConfigurePatch) => (e: Event) => {
      const read = readNumber(label, (e.target as HTMLInputElement).value);
      if (!read.ok) {
        this.refused = { row, text: read.message, byLab: false };
        return;
      }
      this.awaiting = row;
      this.emit(make(read.value));
      this.requestUpdate();
    };
    const problem = (row: 'choice' | 'energy') => (this.refused?.row === row ? html`<p class="error" role="alert" data-choice-error=${row}>${this.refused.text}</p>` : nothing);
    return html`
      <div class="inputs">
        <label>Traffic (queries per day) <input type="text" inputmode="numeric" name="traffic" .value=${live(String(this.trafficPerDay))} @change=${onNumber('choice', 'Traffic', (x) => ({ trafficPerDay: x }))}></label>
        <label>Accuracy floor (%) <input type="text" inputmode="decimal" name="floor" .value=${live(String(Math.round(this.floorAcc * 1000) / 10))} @change=${onNumber('choice', 'Accuracy floor', (x) => ({ floorAcc: x / 100 }))}></label>
        <label>judged from day <input type="text" inputmode="numeric" name="floor-from" .value=${live(String(this.floorFromDay))} @change=${onNumber('choice', 'Judged from day', (x) => ({ floorFromDay: x }))}></label>
      </div>
      ${problem('choice')}
      <p class="verdict" data-choice>${choice.best
        ? html`At ${this.trafficPerDay.toLocaleString('en')} queries a day over these ${days} days, <strong>${choice.best.policyLabel}</strong> keeps every day's monitored accuracy from day ${this.floorFromDay} on at or above ${formatPercent(this.floorAcc)} for the least compute.`
        : choice.ranked.every((r) => Number.isNaN(r.worstAcc))
          ? html`No day from day ${this.floorFromDay} on has labels (webcam frames have none), so <strong>no policy</strong> can be judged against the floor; only the label-free signal watched those days.`
          : html`At ${this.trafficPerDay.toLocaleString('en')} queries a day, <strong>no policy</strong> kept every day from day ${this.floorFromDay} on at or above ${formatPercent(this.floorAcc)} on this stream.`}</p>
      ${left}
      <p class="note">Projected busy time = initial training + retrainings + deploys (as measured) + traffic × days × ${formatMs(pooledMsPerQuery(runs))} per query (the mean end-to-end time of every query served here, all policies pooled: the same model architecture on the same backend costs the same per query under any policy). FLOPs the same way with the analytic FLOPs per query. The floor is judged from day ${this.floorFromDay} on: on the day a shift arrives no policy can have seen it, since its labels come back that evening at the soonest. Each day's accuracy is measured on its labelled share, so a worst day is known within its interval (see the table).</p>
      <table data-table="choice">
        <thead><tr><th scope="col">policy</th><th scope="col">worst day from day ${this.floorFromDay}</th><th scope="col">keeps the floor</th><th scope="col">projected busy time</th><th scope="col">projected FLOPs</th>
          <th scope="col">energy estimate (this stream)</th><th scope="col">energy estimate (projected)</th></tr></thead>
        <tbody>${choice.ranked.map((r) => html`<tr>
          <td>${r.run.policyLabel}</td>${this.worstCells(r.run.days, r.keepsFloor)}
          <td>${formatMs(r.busyMs)}</td><td>${formatFlops(r.totalFlops)}</td>
          <td>${formatWh(energyEstimateWh(r.run.totals.busyMs, this.energy))} (estimate)</td><td>${formatWh(energyEstimateWh(r.busyMs, this.energy))} (estimate)</td></tr>`)}</tbody>
      </table>
      <h3>Energy: an estimate, not a measurement</h3>
      <p class="formula" data-energy-formula>energy estimate (Wh) = busy time (h) × device power (W) × PUE = busy ms / 3,600,000 × ${this.energy.watts.toFixed(2)} W × ${this.energy.pue}</p>
      <div class="inputs">
        <label>Device power while busy (W, an assumption) <input type="text" inputmode="decimal" name="watts" .value=${live(String(Math.round(this.energy.watts * 100) / 100))} @change=${onNumber('energy', 'Device power', (x) => ({ energy: { ...this.energy, watts: x } }))}></label>
        <label>PUE (1 = no data centre) <input type="text" inputmode="decimal" name="pue" .value=${live(String(this.energy.pue))} @change=${onNumber('energy', 'PUE', (x) => ({ energy: { ...this.energy, pue: x } }))}></label>
      </div>
      ${problem('energy')}
      <p class="note">A browser cannot measure energy, so this is an estimate in the manner of the Green Algorithms calculator (Lannelongue, Grealey and Inouye, 2021): measured busy time × an assumed power × an optional data-centre overhead. The default power, ${DEFAULT_ENERGY.watts.toFixed(2)} W, is one server core's share of an ${REFERENCE_CPU.name}'s ${REFERENCE_CPU.tdpWatts} W TDP over its ${REFERENCE_CPU.cores} cores (AMD's specification; one wasm thread keeps about one core busy). A laptop's core draws a different amount: set your own. Green Algorithms' default PUE for a data centre is ${DATA_CENTRE_PUE}. Idle power, memory and the screen are left out.</p>`;
  }
}

function formatWh(wh: number): string {
  if (!Number.isFinite(wh)) return '–';
  return wh >= 1 ? `${wh.toFixed(2)} Wh` : `${(wh * 1000).toFixed(2)} mWh`;
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-choice': TslDriftChoice;
  }
}
