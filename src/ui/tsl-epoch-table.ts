// <tsl-epoch-table>: every per-epoch training record, with how each figure was obtained; validation
// accuracy with its 95% interval and the number of validation images behind it.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, formatBytes, formatCount, formatExactCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { EpochRecord } from '../metrics/report.ts';

@customElement('tsl-epoch-table')
export class TslEpochTable extends LitElement {
  static override styles = css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; width: 100%; }
    th, td { padding: 4px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); position: sticky; top: 0; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .ci { color: #444; font-size: 0.78rem; margin-left: 4px; }
    caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `;

  @property({ attribute: false }) records: EpochRecord[] = [];
  /** Images in the validation split behind every valAcc (NaN: not known, no interval shown). */
  @property({ type: Number }) valCount = Number.NaN;

  override connectedCallback(): void {
    super.connectedCallback();
    // The table scrolls sideways when it is wider than its column (lecture mode's large type):
    // a named, focusable region lets keyboard users scroll it too.
    this.setAttribute('role', 'region');
    this.setAttribute('aria-label', 'Per-epoch records (scrolls sideways when wide)');
    if (!this.hasAttribute('tabindex')) this.tabIndex = 0;
  }

  override render() {
    return html`<table>
      <caption class="sr-only">Per-epoch training records</caption>
      <thead><tr>
        <th scope="col">epoch</th>
        <th scope="col"><abbr title="Measured: performance.now() around the epoch, validation included, pauses excluded">wall</abbr></th>
        <th scope="col"><abbr title="Measured: training images / training time (validation excluded)">samples/s</abbr></th>
        <th scope="col"><abbr title="Counted: every kernel dispatch of the training batches, hooked in the kernel registry">dispatches</abbr></th>
        <th scope="col"><abbr title="Analytic: 3 x forward FLOPs per sample + Adam update per step">train FLOPs</abbr></th>
        <th scope="col"><abbr title="Derived: analytic FLOPs / measured training seconds">GFLOP/s</abbr></th>
        <th scope="col">loss</th><th scope="col">acc</th><th scope="col">val loss</th>
        <th scope="col"><abbr title="Measured on the whole validation split after the epoch, inference mode; in brackets its 95% Wilson interval">val acc</abbr>${this.valCount > 0 ? html` <span class="ci">n = ${formatExactCount(this.valCount)}</span>` : ''}</th>
        <th scope="col"><abbr title="Measured: tf.memory() in the training worker after the epoch">tensors</abbr></th>
        <th scope="col"><abbr title="Measured: tf.memory().numBytes after the epoch">bytes</abbr></th>
        <th scope="col"><abbr title="Measured: bookkeeping time + dispatches x calibrated cost of one counted dispatch">instr.</abbr></th>
      </tr></thead>
      <tbody>
        ${this.records.map((r) => html`<tr>
          <td>${r.epoch}</td><td>${formatMs(r.wallMs)}</td><td>${r.samplesPerSec.toFixed(1)}</td>
          <td>${formatCount(r.kernelCount)}</td><td>${formatFlops(r.trainFlops)}</td><td>${r.gflops.toFixed(2)}</td>
          <td>${r.loss.toFixed(4)}</td><td>${formatPercent(r.acc)}</td><td>${r.valLoss.toFixed(4)}</td><td data-col="valAcc">${this.valAcc(r.valAcc)}</td>
          <td>${formatCount(r.numTensors)}</td><td>${formatBytes(r.numBytes)}</td>
          <td>${formatMs(r.instrumentationMs)} (${formatPercent(r.instrumentationMs / r.wallMs)})</td>
        </tr>`)}
      </tbody>
    </table>`;
  }

  private valAcc(acc: number) {
    const p = accuracyParts(acc, this.valCount);
    return html`${p.value}${p.interval ? html`<span class="ci">${p.interval}</span>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-epoch-table': TslEpochTable;
  }
}
