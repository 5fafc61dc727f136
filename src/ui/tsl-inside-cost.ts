// <tsl-inside-cost>: what the live feature maps cost: the snapshot budget (editable) and, per
// epoch, the worker's measured snapshot time against the epoch's wall time.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { countOf, formatMs, formatPercent } from '../metrics/format.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { checkLiveRate } from '../inspect/live-budget.ts';
import type { LiveRate } from '../inspect/types.ts';
import { NumberRefusal } from './number-refusal.ts';

@customElement('tsl-inside-cost')
export class TslInsideCost extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 6px; font-size: 0.85rem; }
    h3 { font-size: 0.95rem; margin: 4px 0 0; }
    label { display: flex; justify-content: space-between; gap: 8px; align-items: center; }
    input { width: 6em; font: inherit; }
    input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    td, th { padding: 1px 6px; text-align: right; }
    .v { font-size: 1.25rem; font-weight: 700; }
    .note { font-size: 0.78rem; color: #444; margin: 0; }
    .error { color: #b00020; font-weight: 600; margin: 0; }
  `;

  /** The run's epoch records (activationsMs, wallMs). */
  @property({ attribute: false }) records: EpochRecord[] = [];
  /** Snapshots received in this run and their summed worker time. */
  @property({ attribute: false }) live = { count: 0, computeMs: 0 };
  @property({ attribute: false }) rate: LiveRate = { maxShare: 0.02, minIntervalMs: 400 };
  @property({ type: Boolean }) training = false;

  /** A field's text that was not a number; cleared by the next rate sent. */
  private readonly refusal = new NumberRefusal(this);

  /**
   * Reads a field and sends the rate on. Text that is no number (a blank included) is refused here;
   * a number out of range goes to the lab, which names the problem. Either way the field goes back
   * to the value in use, so what it shows is what the worker runs with.
   */
  private fromField(label: string, e: Event, inUse: number, patch: (x: number) => Partial<LiveRate>): void {
    const input = e.target as HTMLInputElement;
    const value = this.refusal.read(label, input, inUse);
    if (value === null) return;
    this.refusal.clear();
    const rate = { ...this.rate, ...patch(value) };
    if (checkLiveRate(rate).length > 0) input.value = String(inUse);
    this.dispatchEvent(new CustomEvent('rate-input', { detail: rate, bubbles: true, composed: true }));
  }

  override render() {
    const measured = this.records.filter((r) => r.activationsMs !== undefined);
    const last = measured.at(-1);
    const sharePercent = +(this.rate.maxShare * 100).toFixed(2);
    return html`
      <h3>Live feature maps during training</h3>
      <label>budget, % of training time <input type="number" name="max-share" min="0.1" max="5" step="0.1" .value=${String(sharePercent)}
        @change=${(e: Event) => this.fromField('Budget (% of training time)', e, sharePercent, (x) => ({ maxShare: x / 100 }))}></label>
      <label>at most one every (ms) <input type="number" name="min-interval" min="50" max="60000" step="50" .value=${String(this.rate.minIntervalMs)}
        @change=${(e: Event) => this.fromField('At most one every (ms)', e, this.rate.minIntervalMs, (x) => ({ minIntervalMs: x }))}></label>
      ${this.refusal.message ? html`<p class="error" role="alert" data-inside-not-number>${this.refusal.message}</p>` : nothing}
      ${last ? html`<div data-figure="activations-share"><span class="v">${formatPercent(last.activationsMs! / last.wallMs, 2)}</span> of epoch ${last.epoch}'s wall time went to live snapshots</div>` : nothing}
      ${this.live.count > 0 ? html`<p class="note">${countOf(this.live.count, 'snapshot')} this run, ${formatMs(this.live.computeMs)} in the worker.</p>` : nothing}
      ${measured.length > 0 ? html`<table data-table="activations-cost">
        <thead><tr><th scope="col">epoch</th><th scope="col">wall</th><th scope="col">snapshots</th><th scope="col">share</th></tr></thead>
        <tbody>${measured.map((r) => html`<tr><td>${r.epoch}</td><td>${formatMs(r.wallMs)}</td><td>${formatMs(r.activationsMs!)}</td><td>${formatPercent(r.activationsMs! / r.wallMs, 2)}</td></tr>`)}</tbody>
      </table>` : nothing}
      <p class="note">Measured in the worker: performance.now() around every between-batch snapshot (forward pass of the image, read-back, scaling, posting to the page, and the weight snapshot at the epoch's end), summed per epoch as activationsMs, over the epoch's wall time. A snapshot is taken only when it fits the budget share of the epoch's elapsed time (counting what the recent ones cost), and at each epoch's start when it fits the share of the previous epoch, so a busy machine gets fewer snapshots rather than a slower run.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-cost': TslInsideCost;
  }
  interface GlobalEventHandlersEventMap {
    'rate-input': CustomEvent<LiveRate>;
  }
}
