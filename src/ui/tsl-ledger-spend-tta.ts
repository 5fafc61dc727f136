// <tsl-ledger-spend-tta>: test-time augmentation of one model: per view count the end-to-end p50
// (the serving protocol's figure) and the model-only p50 with its interval, each with its ratio
// to one view, and the accuracy of the averaged answers with its interval and the change against
// one view, all from the same interleaved rounds.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, formatExactCount, formatMs, formatMsInterval, formatPointsWithInterval, formatRatioWithVerdict } from '../metrics/format.ts';
import { ratioVerdict } from '../metrics/intervals.ts';
import type { TtaRecord } from '../metrics/report.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

const nanToNull = (x: number) => (Number.isFinite(x) ? x : null);
const timesOne = (ms: number, oneViewMs: number) => `${(ms / oneViewMs).toFixed(2)}×`;
const modelBounds = (r: TtaRecord) => ({ low: nanToNull(r.modelP50LowMs), high: nanToNull(r.modelP50HighMs) });
/** k views' model-only p50 over 1 view's, "not distinguishable" when their intervals overlap. */
const modelTimesOne = (r: TtaRecord, one: TtaRecord) => (r === one ? timesOne(r.modelP50Ms, one.modelP50Ms) : formatRatioWithVerdict(r.modelP50Ms / one.modelP50Ms, ratioVerdict(modelBounds(r), modelBounds(one))));

/** One view count's record, beside the one-view record the ratios and the change are taken against (none recorded: dashes). */
interface TtaRow { readonly r: TtaRecord; readonly one: TtaRecord | undefined }

const TTA_COLUMNS: TableColumn<TtaRow>[] = [
  { name: 'p50 end to end', how: "The serving protocol's p50, measured on the page: raw image handed over to probabilities held", cell: ({ r }) => formatMs(r.p50Ms) },
  { name: '× 1 view', how: 'Derived: p50 end to end at these views ÷ at 1 view, same rounds', col: 'end-to-end', cell: ({ r, one }) => (one ? timesOne(r.p50Ms, one.p50Ms) : '—') },
  { name: 'p50 model-only', how: 'Measured in the worker: the views built, predicted as one batch, and their mean read back; median over the queries, 95% order-statistic interval under it', cell: ({ r }) => html`${formatMs(r.modelP50Ms)}<span class="sub">${formatMsInterval(modelBounds(r))}</span>` },
  { name: '× 1 view, model-only', how: "Derived: p50 model-only at these views ÷ at 1 view, same rounds; 'not distinguishable' when the two intervals overlap", col: 'model-only', cell: ({ r, one }) => (one ? modelTimesOne(r, one) : '—') },
  { name: 'test accuracy', how: 'The averaged answers over the distinct test images queried, with the 95% Wilson interval', cell: ({ r }) => {
    const acc = accuracyParts(r.testAcc, r.testImages);
    return html`${acc.value}<span class="sub">${acc.interval}, ${acc.count}</span>`;
  } },
  { name: 'change against 1 view', how: "Derived: test accuracy at these views − at 1 view, in points; in brackets its 95% interval (Newcombe's, for independent samples: on the same test images it is usually wider than a paired interval)", cell: ({ r, one }) => (one && r.views > 1 ? formatPointsWithInterval(r.testAcc, r.testImages, one.testAcc, one.testImages) : '—') },
  { name: 'queries', cell: ({ r }) => formatExactCount(r.count) },
  { name: 'tensors leaked', cell: ({ r }) => r.numTensorsLeaked },
];

@customElement('tsl-ledger-spend-tta')
export class TslLedgerSpendTta extends LitElement {
  static override styles = [howLegendStyles, css`
    :host { display: block; }
    .box { overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    .sub { display: block; font-size: 0.75rem; color: #555; }
  `];

  /** One model's latest records on one backend, one per view count, ascending. */
  @property({ attribute: false }) records: TtaRecord[] = [];

  override render() {
    const rs = this.records;
    if (rs.length === 0) return nothing;
    const one = rs.find((r) => r.views === 1);
    return html`<div class="box"><table data-table="tta">
      <thead><tr><th scope="col">views</th>${headings(TTA_COLUMNS)}</tr></thead>
      <tbody>${rs.map((r) => html`<tr data-views=${r.views}><th scope="row">${r.views}</th>${cells(TTA_COLUMNS, { r, one })}</tr>`)}</tbody>
    </table></div>${howLegend(TTA_COLUMNS)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-spend-tta': TslLedgerSpendTta;
  }
}
