// <tsl-epoch-table>: every per-epoch training record, with how each figure was obtained; validation
// accuracy with its 95% interval and the number of validation images behind it.
import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { accuracyParts, formatBytes, formatCount, formatExactCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { TRAIN_TO_FORWARD_RATIO } from '../model/flops.ts';
import { stackedTableStyles } from './stacked-table.ts';

/** One figure column: its heading, how it is obtained (the heading's and each cell's tooltip), and its cell. */
interface Column { col: string; label: string; how?: string; cell: (r: EpochRecord, t: TslEpochTable) => unknown }

const COLUMNS: Column[] = [
  { col: 'wallMs', label: 'wall', how: 'Measured: performance.now() around the epoch, validation included, pauses excluded', cell: (r) => formatMs(r.wallMs) },
  { col: 'samplesPerSec', label: 'samples/s', how: 'Measured: training images / training time (validation excluded)', cell: (r) => r.samplesPerSec.toFixed(1) },
  { col: 'kernelCount', label: 'dispatches', how: 'Counted: every kernel dispatch of the training batches, hooked in the kernel registry', cell: (r) => formatCount(r.kernelCount) },
  { col: 'trainFlops', label: 'train FLOPs', how: `Analytic: ${TRAIN_TO_FORWARD_RATIO} × forward FLOPs per sample + Adam update per step`, cell: (r) => formatFlops(r.trainFlops) },
  { col: 'gflops', label: 'GFLOP/s', how: 'Derived: analytic FLOPs / measured training seconds', cell: (r) => r.gflops.toFixed(2) },
  { col: 'loss', label: 'loss', how: 'Measured: cross-entropy of each training batch as it trained (training mode: dropout and augmentation on; a distilled student\'s mixes in the teacher), averaged over the epoch\'s images', cell: (r) => r.loss.toFixed(4) },
  { col: 'acc', label: 'acc', how: 'Measured: share of training images each batch got right as it trained (training mode), averaged over the epoch; not comparable to val acc, which is scored after the epoch with dropout off', cell: (r) => formatPercent(r.acc) },
  { col: 'valLoss', label: 'val loss', how: 'Measured: cross-entropy on the whole validation split after the epoch, inference mode (the number early stopping and "keep the best epoch" watch)', cell: (r) => r.valLoss.toFixed(4) },
  { col: 'valAcc', label: 'val acc', how: 'Measured on the whole validation split after the epoch, inference mode; in brackets its 95% Wilson interval', cell: (r, t) => t.valAcc(r.valAcc) },
  { col: 'numTensors', label: 'tensors', how: 'Measured: tf.memory() in the training worker after the epoch', cell: (r) => formatCount(r.numTensors) },
  { col: 'numBytes', label: 'bytes', how: 'Measured: tf.memory().numBytes after the epoch', cell: (r) => formatBytes(r.numBytes) },
  { col: 'instrumentationMs', label: 'instr.', how: 'Measured: bookkeeping time + dispatches x calibrated cost of one counted dispatch', cell: (r) => `${formatMs(r.instrumentationMs)} (${formatPercent(r.instrumentationMs / r.wallMs)})` },
];

@customElement('tsl-epoch-table')
export class TslEpochTable extends LitElement {
  // Thirteen columns need about 64 rem (paddings are in rem, so that holds at any type size): a
  // narrower box (lecture mode at 1280 and at 1920 px) stacks each epoch, its figures on lines under
  // their column names (stacked-table.ts). Should it still not fit, it scrolls in its own box.
  static override styles = [stackedTableStyles(64), css`
    :host { display: block; }
    .fit { overflow-x: auto; --tsl-stack-cell: 7.4rem; }
    .fit:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; width: 100%; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    thead th { background: var(--tsl-head-bg, #f3f4f8); position: sticky; top: 0; }
    tbody th { font-weight: 400; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .ci { color: #444; font-size: 0.78rem; margin-left: 0.25rem; }
    caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    /* Stacked: each epoch's row starts with "epoch N" in bold across the box. */
    table.stack > tbody > tr > th[scope='row'] { font-weight: 700; }
    table.stack > tbody > tr > th[scope='row']::before { content: 'epoch ' / ''; }
    table.stack > tbody > tr > td .ci { display: block; margin-left: 0; }
  `];

  @property({ attribute: false }) records: EpochRecord[] = [];
  /** Images in the validation split behind every valAcc (NaN: not known, no interval shown). */
  @property({ type: Number }) valCount = Number.NaN;

  override render() {
    // The box scrolls sideways only should the stacked rows still not fit: a named, focusable
    // region lets keyboard users scroll it too.
    return html`<div class="fit" role="region" aria-label="Per-epoch records" tabindex="0"><table class="stack">
      <caption class="sr-only">Per-epoch training records</caption>
      <thead><tr>
        <th scope="col">epoch</th>
        ${COLUMNS.map((c) => html`<th scope="col">${this.heading(c)}</th>`)}
      </tr></thead>
      <tbody>
        ${this.records.map((r) => html`<tr>
          <th scope="row">${r.epoch}</th>
          ${COLUMNS.map((c) => html`<td data-label=${this.label(c)} data-col=${c.col} title=${ifDefined(c.how)}>${c.cell(r, this)}</td>`)}
        </tr>`)}
      </tbody>
    </table></div>`;
  }

  /** A stacked cell's column name; the validation count goes with it, as in the heading. */
  private label(c: Column): string {
    return c.col === 'valAcc' && this.valCount > 0 ? `${c.label}, n = ${formatExactCount(this.valCount)}` : c.label;
  }

  private heading(c: Column): TemplateResult | string {
    const name = c.how ? html`<abbr title=${c.how}>${c.label}</abbr>` : c.label;
    return c.col === 'valAcc' && this.valCount > 0 ? html`${name} <span class="ci">n = ${formatExactCount(this.valCount)}</span>` : html`${name}`;
  }

  /** The validation accuracy with its interval (the interval under it when rows stack). */
  valAcc(acc: number): TemplateResult {
    const p = accuracyParts(acc, this.valCount);
    return html`${p.value}${p.interval ? html`<span class="ci">${p.interval}</span>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-epoch-table': TslEpochTable;
  }
}
