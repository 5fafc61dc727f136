// <tsl-epoch-table>: every per-epoch training record, with how each figure was obtained; validation
// accuracy with its 95% interval and the number of validation images behind it.
import { css, html, LitElement, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, formatBytes, formatCount, formatExactCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { TRAIN_TO_FORWARD_RATIO } from '../model/flops.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

/** The figure columns; `valCount` images in the validation split behind every val acc (NaN: not known). */
function figureColumns(valCount: number): TableColumn<EpochRecord>[] {
  return [
    { col: 'wallMs', name: 'wall', how: 'Measured: performance.now() around the epoch, validation included, pauses excluded', cell: (r) => formatMs(r.wallMs) },
    { col: 'samplesPerSec', name: 'samples/s', how: 'Measured: training images / training time (validation excluded)', cell: (r) => r.samplesPerSec.toFixed(1) },
    { col: 'kernelCount', name: 'dispatches', how: 'Counted: every kernel dispatch of the training batches, hooked in the kernel registry', cell: (r) => formatCount(r.kernelCount) },
    { col: 'trainFlops', name: 'train FLOPs', how: `Analytic: ${TRAIN_TO_FORWARD_RATIO} × forward FLOPs per sample + Adam update per step`, cell: (r) => formatFlops(r.trainFlops) },
    { col: 'gflops', name: 'GFLOP/s', how: 'Derived: analytic FLOPs / measured training seconds', cell: (r) => r.gflops.toFixed(2) },
    { col: 'loss', name: 'loss', how: 'Measured: cross-entropy of each training batch as it trained (training mode: dropout and augmentation on; a distilled student\'s mixes in the teacher), averaged over the epoch\'s images', cell: (r) => r.loss.toFixed(4) },
    { col: 'acc', name: 'acc', how: 'Measured: share of training images each batch got right as it trained (training mode), averaged over the epoch; not comparable to val acc, which is scored after the epoch with dropout off', cell: (r) => formatPercent(r.acc) },
    { col: 'valLoss', name: 'val loss', how: 'Measured: cross-entropy on the whole validation split after the epoch, inference mode (the number early stopping and "keep the best epoch" watch)', cell: (r) => r.valLoss.toFixed(4) },
    { col: 'valAcc', name: 'val acc', how: 'Measured on the whole validation split after the epoch, inference mode; in brackets its 95% Wilson interval', note: valCount > 0 ? `n = ${formatExactCount(valCount)}` : undefined, cell: (r) => valAccCell(r.valAcc, valCount) },
    { col: 'numTensors', name: 'tensors', how: 'Measured: tf.memory() in the training worker after the epoch', cell: (r) => formatCount(r.numTensors) },
    { col: 'numBytes', name: 'bytes', how: 'Measured: tf.memory().numBytes after the epoch', cell: (r) => formatBytes(r.numBytes) },
    { col: 'instrumentationMs', name: 'instr.', how: 'Measured: bookkeeping time + dispatches x calibrated cost of one counted dispatch', cell: (r) => `${formatMs(r.instrumentationMs)} (${formatPercent(r.instrumentationMs / r.wallMs)})` },
  ];
}

/** The validation accuracy with its interval (the interval under it when rows stack). */
function valAccCell(acc: number, valCount: number): TemplateResult {
  const p = accuracyParts(acc, valCount);
  return html`${p.value}${p.interval ? html`<span class="ci">${p.interval}</span>` : ''}`;
}

@customElement('tsl-epoch-table')
export class TslEpochTable extends LitElement {
  // Thirteen columns need about 64 rem (paddings are in rem, so that holds at any type size): a
  // narrower box (lecture mode at 1280 and at 1920 px) stacks each epoch, its figures on lines under
  // their column names (stacked-table.ts). Should it still not fit, it scrolls in its own box.
  static override styles = [howLegendStyles, stackedTableStyles(64), css`
    :host { display: block; }
    .fit { overflow-x: auto; --tsl-stack-cell: 7.4rem; }
    .fit:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; width: 100%; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    thead th { background: var(--tsl-head-bg, #f3f4f8); position: sticky; top: 0; }
    tbody th { font-weight: 400; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .ci, .note { color: #444; font-size: 0.78rem; margin-left: 0.25rem; }
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
    const columns = figureColumns(this.valCount);
    // The box scrolls sideways only should the stacked rows still not fit: a named, focusable
    // region lets keyboard users scroll it too.
    return html`<div class="fit" role="region" aria-label="Per-epoch records" tabindex="0"><table class="stack">
      <caption class="sr-only">Per-epoch training records</caption>
      <thead><tr>
        <th scope="col">epoch</th>
        ${headings(columns, 'abbr')}
      </tr></thead>
      <tbody>
        ${this.records.map((r) => html`<tr>
          <th scope="row">${r.epoch}</th>
          ${cells(columns, r, true)}
        </tr>`)}
      </tbody>
    </table></div>${howLegend(columns)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-epoch-table': TslEpochTable;
  }
}
