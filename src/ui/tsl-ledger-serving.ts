// <tsl-ledger-serving>: serving under load beside the ledger: each model's latest open-loop sweep
// (capacity knee, the idle worker's wake-up) and backend comparison, this tab's and imported ones.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatExactCount, formatMs, formatMsInterval, formatRate, formatRatioWithVerdict } from '../metrics/format.ts';
import { ratioVerdict } from '../metrics/intervals.ts';
import type { CompareArmRecord, CompareRecord, OpenLoopRecord } from '../metrics/report.ts';
import type { ShownServing } from '../state/ledger-lab.ts';
import { hasPairedExtra, pairedExtraText } from '../serve/wake-verdict.ts';
import { p99Interval } from './p99-interval.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

const hasIntervals = (a: CompareArmRecord) => a.p50LowMs !== undefined && a.modelP50LowMs !== undefined;
const msWithInterval = (ms: number, low: number | null | undefined, high: number | null | undefined) => (low === undefined ? formatMs(ms) : `${formatMs(ms)} ${formatMsInterval({ low, high: high ?? null })}`);

/**
 * One backend of a comparison: its two p50s with their intervals (what the record kept), the query
 * count, and after the first backend the model-only ratio to it with the intervals' verdict (a
 * record written before the intervals were kept gives the ratio alone).
 */
function armText(a: CompareArmRecord, base: CompareArmRecord): string {
  const parts = [`${a.backend}: ${msWithInterval(a.p50Ms, a.p50LowMs, a.p50HighMs)}`, `model only ${msWithInterval(a.modelP50Ms, a.modelP50LowMs, a.modelP50HighMs)}`, `n = ${formatExactCount(a.count)}`];
  if (a !== base) {
    const verdict = hasIntervals(a) && hasIntervals(base) ? ratioVerdict({ low: a.modelP50LowMs ?? null, high: a.modelP50HighMs ?? null }, { low: base.modelP50LowMs ?? null, high: base.modelP50HighMs ?? null }) : null;
    parts.push(`model only ${formatRatioWithVerdict(a.modelP50Ms / base.modelP50Ms, null)} ${base.backend}${verdict === 'not distinguishable' ? ', not distinguishable' : ''}`);
  }
  return parts.join(' · ');
}

const tag = (imported: boolean) => (imported ? html` <span class="tag">(imported)</span>` : nothing);
type Shown<T> = T & { imported: boolean };

/** At the knee, the rate whose record is the knee's; none when no rate failed (then the knee is only a lower bound). */
const kneePoint = (r: OpenLoopRecord) => (r.firstFailureQps === null ? undefined : r.points.find((p) => p.targetQps === r.kneeQps));

const OPEN_LOOP_COLUMNS: TableColumn<Shown<OpenLoopRecord>>[] = [
  { name: 'model', cell: (r) => html`${r.model}${tag(r.imported)}` },
  { name: 'backend', cell: (r) => r.backend },
  { name: 'rates run', cell: (r) => `${r.points.length}: ${formatRate(r.points[0]?.targetQps ?? Number.NaN, '/s')}–${formatRate(r.points.at(-1)?.targetQps ?? Number.NaN, '/s')}${r.aborted ? ' (stopped)' : ''}` },
  { name: 'capacity knee', cell: (r) => (r.kneeQps === null ? 'none' : r.firstFailureQps === null ? `≥ ${formatRate(r.kneeQps, '/s')} (no rate failed)` : formatRate(r.kneeQps, '/s')) },
  { name: 'p99 at the knee', cell: (r) => {
    const knee = kneePoint(r);
    return knee ? html`${formatMs(knee.p99Ms)}${knee.p99LowMs === undefined ? nothing : html`<small class="ci">95%: ${p99Interval(knee)}, n = ${formatExactCount(knee.count)}</small>`}` : '—';
  } },
  { name: 'first failure', cell: (r) => (r.firstFailureQps === null ? 'none' : `${formatRate(r.firstFailureQps, '/s')} (${r.reason})`) },
  { name: 'after idle / back to back', how: 'End-to-end p50 of a query after an idle gap, and of one sent back to back; under them the median per-round difference with its 95% interval', cell: (r) => (r.wake ? html`${formatMs(r.wake.idleP50Ms)} / ${formatMs(r.wake.busyP50Ms)}<small class="ci">medians of ${formatExactCount(r.wake.pairs)} rounds</small>${!hasPairedExtra(r.wake) ? nothing : html`<small class="ci">paired extra ${pairedExtraText(r.wake)}</small>`}` : '—') },
];

const COMPARE_COLUMNS: TableColumn<Shown<CompareRecord>>[] = [
  { name: 'model', cell: (r) => html`${r.model}${tag(r.imported)}` },
  { name: 'rounds', cell: (r) => `${r.rounds}${r.aborted ? ' (stopped)' : ''}` },
  { name: 'per backend: end-to-end p50, model-only p50, queries', cls: 'arms', how: "Each p50 with its 95% order-statistic interval from that backend's own queries, and the query count; a ratio is 'not distinguishable' when the two intervals overlap", cell: (r) => r.arms.map((a) => html`<span class="arm" data-arm=${a.backend}>${armText(a, r.arms[0]!)}</span>`) },
];

@customElement('tsl-ledger-serving')
export class TslLedgerServing extends LitElement {
  static override styles = [howLegendStyles, css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    h3 { font-size: 0.95rem; margin: 4px 0 0; }
    .box { overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    th:first-child, td:first-child { text-align: left; white-space: normal; min-width: 10rem; }
    .arms { white-space: normal; text-align: left; }
    .arm { display: block; }
    .ci { display: block; font-size: 0.75rem; color: #555; }
    .tag { font-size: 0.75rem; color: #555; }
  `];

  /** The records to show (LedgerLab.shownServing()). */
  @property({ attribute: false }) serving: ShownServing = { openLoop: [], compare: [] };

  override render() {
    const { openLoop, compare } = this.serving;
    if (openLoop.length + compare.length === 0) return nothing;
    return html`
      ${openLoop.length > 0
        ? html`<h3>Open loop: capacity under Poisson arrivals</h3>
          <div class="box"><table data-table="ledger-open-loop">
            <thead><tr>${headings(OPEN_LOOP_COLUMNS)}</tr></thead>
            <tbody>${openLoop.map((r) => html`<tr data-model-id=${r.modelId} data-backend=${r.backend}>${cells(OPEN_LOOP_COLUMNS, r)}</tr>`)}</tbody>
          </table></div>${howLegend(OPEN_LOOP_COLUMNS)}`
        : nothing}
      ${compare.length > 0
        ? html`<h3>Backends side by side (interleaved queries)</h3>
          <div class="box"><table data-table="ledger-compare">
            <thead><tr>${headings(COMPARE_COLUMNS)}</tr></thead>
            <tbody>${compare.map((r) => html`<tr data-model-id=${r.modelId}>${cells(COMPARE_COLUMNS, r)}</tr>`)}</tbody>
          </table></div>${howLegend(COMPARE_COLUMNS)}`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-serving': TslLedgerServing;
  }
}
