// <tsl-ledger-table>: the cost ledger, one row per model and serving backend: training cost against
// the cost of one query (the median of that row's measurements, their count and range beside it),
// the break-even between them and, for pruned models, the queries (and days) to repay the
// fine-tuning. Every figure says where it came from on hover and in a details row. Test accuracy
// carries its 95% interval and image count (and a mark when it cannot be told from chance); a repay
// count whose measured range overlaps its parent's says the saving is not distinguishable, and one
// resting on a single measurement is judged by the intervals of an interleaved run that timed both,
// or, without one, says it is not judged.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatCount, formatExactCount, formatFlops, formatMs, formatMsInterval, MISSING } from '../metrics/format.ts';
import { TRAIN_TO_FORWARD_RATIO } from '../model/flops.ts';
import { daysAt, fineTuneDispatchesMissing, measuredLabel, measuredParts, queriesToMatch, type BreakEven } from '../metrics/ledger.ts';
import { mediansGive, parentRow, repayBasis, repayJudgement, type OneRun, type RepayJudgement } from '../metrics/repay-verdict.ts';
import type { LedgerRow } from '../registry/ledger-rows.ts';
import type { ModelEntry } from '../registry/records.ts';
import { augmentationNote } from '../spend/options.ts';
import { howLegend, howLegendStyles } from './table-columns.ts';

/** "12,500" / "never (no saving per query)" / "—". */
export function breakEvenLabel(b: BreakEven): string {
  return b.kind === 'at' ? formatExactCount(b.queries) : b.kind === 'never' ? `never (${b.reason})` : MISSING;
}

/** "the interleaved run that timed both in the same rounds gave its model-only p50 [0.40–0.45 ms], which overlaps its parent's [0.42–0.50 ms]". */
function oneRunText(s: OneRun): string {
  const relation = s.faster === 'this' ? 'below' : s.faster === 'parent' ? 'above' : 'which overlaps';
  return `the interleaved run that timed both in the same rounds gave its model-only p50 ${formatMsInterval(s.row)}, ${relation} its parent's ${formatMsInterval(s.parent)}`;
}

/** "n = 2, range 0.80–1.20 ms" with "n = 2" and the range's figures each on one line, so a narrow column breaks only around them. */
function measuredCell(m: LedgerRow['measured']) {
  const p = measuredParts(m);
  if (p === null) return html`<span class="nw">${measuredLabel(m)}</span>`;
  return html`<span class="nw">${p.count}</span>${p.range === null ? nothing : html`, range <span class="nw">${p.range}</span>`}`;
}

/** "3.2 days", "5.0 hours", "40 min" at the given traffic; empty without a break-even. */
export function durationLabel(b: BreakEven, queriesPerDay: number): string {
  const days = daysAt(b, queriesPerDay);
  if (!Number.isFinite(days)) return '';
  if (days >= 1) return `${days < 10 ? days.toFixed(1) : formatCount(Math.round(days))} days`;
  const hours = days * 24;
  return hours >= 1 ? `${hours.toFixed(1)} hours` : `${Math.max(1, Math.round(hours * 60))} min`;
}

/**
 * How each column's figure is obtained: the headings' tooltips and the legend under the table. A
 * heading sits under its group ("training (all of it)", "one query", ...), so the legend's name
 * carries the group too: "FLOPs" heads two columns.
 */
const LEDGER_HOW = {
  testAcc: { heading: 'test acc.', name: 'test acc.', how: 'Test accuracy: measured on every unseen test image in the training worker, with its 95% Wilson interval and the number of images' },
  trainMs: { heading: 'wall time', name: 'training: wall time', how: "Measured: the training epochs' wall time (validation included), plus the fine-tuning's wall time for a pruned model" },
  trainFlops: { heading: 'FLOPs', name: 'training: FLOPs', how: `Analytic: ${TRAIN_TO_FORWARD_RATIO} × forward FLOPs per sample + the Adam update per step, summed over the epochs; plus the fine-tuning's analytic FLOPs` },
  dispatches: { heading: 'dispatches', name: 'training: dispatches', how: 'Counted: kernel dispatches of the training batches, plus for a pruned model those of its fine-tuning (batches, optimizer steps, mask updates and re-application), by a counting wrapper on each kernel' },
  p50: { heading: 'p50 model-only (median)', name: 'one query: p50 model-only (median)', how: "Measured: the median, over this row's measurements (Serve-view runs, backend comparisons, pruning sweeps of this model on this backend), of their p50 of predict + data() in the worker, the ledger's time per query; under it how many measurements and their range, and the median p50 end to end on the page" },
  queryFlops: { heading: 'FLOPs', name: 'one query: FLOPs', how: "Analytic forward FLOPs of one image at the model's input size (theoretical for unstructured: as if zeros were skipped)" },
  breakEvenTime: { heading: 'queries (time)', name: 'inference costs as much as training after: queries (time)', how: 'Training wall time / model-only p50, rounded up' },
  breakEvenFlops: { heading: 'queries (FLOPs)', name: 'inference costs as much as training after: queries (FLOPs)', how: 'Training FLOPs / FLOPs per query, rounded up' },
  repayTime: { heading: 'queries (time)', name: 'pruning repays its fine-tuning after: queries (time)', how: "This model's fine-tune wall time / (its parent's median model-only p50 on the same backend - this model's), rounded up; days at the traffic set" },
  repayFlops: { heading: 'queries (FLOPs)', name: 'pruning repays its fine-tuning after: queries (FLOPs)', how: "This model's fine-tune FLOPs / (its parent's FLOPs per query - this model's), rounded up" },
} as const;

/** The figure columns after the row heading, in order, with their class (t: a time, f: FLOPs, opt: hidden with a single row). */
const FIGURE_HEADINGS: readonly (readonly [Exclude<keyof typeof LEDGER_HOW, 'testAcc'>, string])[] = [
  ['trainMs', 't'], ['trainFlops', 'f'], ['dispatches', 'opt'], ['p50', 't'], ['queryFlops', 'f'],
  ['breakEvenTime', 't'], ['breakEvenFlops', 'f'], ['repayTime', 't'], ['repayFlops', 'f'],
];

@customElement('tsl-ledger-table')
export class TslLedgerTable extends LitElement {
  static override styles = [howLegendStyles, css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.8rem; font-variant-numeric: tabular-nums; width: 100%; }
    th, td { padding: 4px 6px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; vertical-align: top; }
    th { background: var(--tsl-head-bg, #f3f4f8); vertical-align: bottom; }
    th[scope='row'], td.text, th.text { text-align: left; }
    th[scope='row'] { min-width: 9em; max-width: 16em; }
    th[scope='row'] .name { display: block; overflow-wrap: anywhere; }
    button.how { margin-top: 3px; }
    :host([only]) button.how { display: none; }
    td.num { white-space: nowrap; }
    /* A figure stays on one line; the note under it ("+332 ms fine-tune") may wrap, so the table fits a 1280 px laptop beside the controls. */
    td.num .sub { white-space: normal; }
    .nw { white-space: nowrap; }
    .group th { text-align: center; border-bottom: 0; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .never { color: #8a3b00; font-weight: 600; white-space: normal; }
    .same { display: block; font-size: 0.76rem; color: #8a3b00; white-space: normal; min-width: 8em; }
    .mark { display: block; font-size: 0.76rem; color: #8a3b00; font-weight: 700; white-space: normal; }
    .sub { display: block; font-size: 0.78rem; color: #444; }
    .src { font-size: 0.78rem; color: #444; }
    tr.imported th[scope='row'] { font-style: italic; }
    tr.selected { background: #eef6fc; }
    tr.selected th[scope='row'] { box-shadow: inset 4px 0 0 var(--tsl-accent, #0072b2); }
    tr.details td { background: #f8f9fc; text-align: left; font-size: 0.82rem; line-height: 1.5; }
    tr.details ul { margin: 2px 0; padding-left: 1.2em; }
    /* Lecture mode: one unit's columns only, so the table fits a projector. */
    :host([only='time']) .f, :host([only='flops']) .t, :host([only]) .opt { display: none; }
    button { font: inherit; font-size: 0.8rem; padding: 1px 8px; border-radius: 5px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  `];

  @property({ attribute: false }) rows: LedgerRow[] = [];
  /** The registry's models, for each row's test accuracy, its image count and the number of classes. */
  @property({ attribute: false }) models: readonly ModelEntry[] = [];
  /** Traffic in queries per day: turns break-even queries into days. */
  @property({ type: Number }) queriesPerDay = 10_000;
  /** Ids of models read from report files (marked in the table). */
  @property({ attribute: false }) imported: Set<string> = new Set();
  /** Registry id of the selected model: its rows are marked. */
  @property({ attribute: false }) selectedId: string | null = null;
  /** Lecture mode: show only the time or only the FLOPs columns. */
  @property({ reflect: true }) only: 'time' | 'flops' | null = null;
  @state() private open = new Set<string>();

  private toggle(key: string): void {
    const open = new Set(this.open);
    if (open.has(key)) open.delete(key);
    else open.add(key);
    this.open = open;
  }

  private breakEven(b: BreakEven, title: string) {
    if (b.kind === 'never') return html`<span class="never" title=${title}>never<span class="sub">${b.reason}</span></span>`;
    return html`<span title=${title}>${breakEvenLabel(b)}<span class="sub">${durationLabel(b, this.queriesPerDay)}</span></span>`;
  }

  override render() {
    if (this.rows.length === 0) return nothing;
    const one = this.only !== null;
    // Lecture mode shows one unit's columns (the rest hidden by the styles); the legend lists what is on screen.
    const hidden = this.only === 'time' ? ['f', 'opt'] : this.only === 'flops' ? ['t', 'opt'] : [];
    const shown = FIGURE_HEADINGS.filter(([, cls]) => !hidden.includes(cls));
    return html`<table data-table="ledger">
      <thead>
        <tr class="group"><td></td><th colspan=${one ? 1 : 3}>training (all of it)</th><th colspan=${one ? 1 : 2}>one query</th><th colspan=${one ? 1 : 2}>inference costs as much as training after</th><th colspan=${one ? 1 : 2}>pruning repays its fine-tuning after</th></tr>
        <tr>
          <th scope="col" class="text">model · backends <span class="sub">· <abbr title=${LEDGER_HOW.testAcc.how}>test acc.</abbr></span></th>
          ${FIGURE_HEADINGS.map(([key, cls]) => html`<th scope="col" class=${cls}><abbr title=${LEDGER_HOW[key].how}>${LEDGER_HOW[key].heading}</abbr></th>`)}
        </tr>
      </thead>
      <tbody>${this.rows.map((r) => this.renderRow(r))}</tbody>
    </table>${howLegend([LEDGER_HOW.testAcc, ...shown.map(([key]) => LEDGER_HOW[key])])}`;
  }

  private renderRow(r: LedgerRow) {
    const open = this.open.has(r.key);
    const detailsId = `how-${r.key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const imported = this.imported.has(r.modelId);
    return html`<tr data-row=${r.key} data-model=${r.model} data-model-id=${r.modelId} data-backend=${r.serveBackend} class=${[imported ? 'imported' : '', r.modelId === this.selectedId ? 'selected' : ''].join(' ').trim()} aria-current=${r.modelId === this.selectedId ? 'true' : 'false'}>
        <th scope="row"><span class="name" data-col="modelName">${r.modelName}</span><span class="sub">${r.model}${imported ? ' (imported)' : ''} · <span title="trained on → served on">${r.trainBackend} → ${r.serveBackend}</span></span>${this.accuracy(r)}<button class="how" data-action="how" aria-expanded=${open ? 'true' : 'false'} aria-controls=${detailsId} @click=${() => this.toggle(r.key)}>${open ? 'hide' : 'how'}</button></th>
        <td class="num t" data-col="trainMs">${formatMs(r.trainMs)}${r.fineTuneMs > 0 ? html`<span class="sub"><span class="nw">+${formatMs(r.fineTuneMs)}</span> fine-tune</span>` : nothing}</td>
        <td class="num f" data-col="trainFlops">${formatFlops(r.trainFlops)}</td>
        <td class="num opt" data-col="trainDispatches">${formatCount(r.trainDispatches)}${this.fineTuneDispatchesNote(r)}</td>
        <td class="num t" data-col="modelP50Ms">${formatMs(r.modelP50Ms)}<span class="sub" data-col="measured" title=${r.servedHow}>${measuredCell(r.measured)}</span><span class="sub" data-col="p50Ms"><span class="nw">${formatMs(r.p50Ms)}</span> e2e</span></td>
        <td class="num f" data-col="flopsPerQuery">${formatFlops(r.flopsPerQuery)}${r.model.startsWith('unstructured') ? html`<span class="sub">theoretical</span>` : nothing}</td>
        <td class="num t" data-col="breakEvenTime">${this.breakEven(r.breakEvenTime, `${formatMs(r.trainMs)} / ${formatMs(r.modelP50Ms)} per query`)}</td>
        <td class="num f" data-col="breakEvenFlops">${this.breakEven(r.breakEvenFlops, `${formatFlops(r.trainFlops)} / ${formatFlops(r.flopsPerQuery)} per query`)}</td>
        <td class="num t" data-col="repayTime">${r.repay ? this.breakEven(r.repay.time, `${formatMs(r.repay.fineTuneMs)} / ${formatMs(r.repay.msSaved)} saved per query`) : nothing}${r.repay ? this.repayNote(r) : nothing}</td>
        <td class="num f" data-col="repayFlops">${r.repay ? this.breakEven(r.repay.flops, `${formatFlops(r.repay.fineTuneFlops)} / ${formatFlops(r.repay.flopsSaved)} saved per query`) : nothing}</td>
      </tr>
      ${open ? html`<tr class="details" id=${detailsId}><td colspan="10">${this.renderDetails(r)}</td></tr>` : nothing}`;
  }

  private model(r: LedgerRow): ModelEntry | undefined {
    return this.models.find((m) => m.id === r.modelId);
  }

  /** Under the row's name: its model's test accuracy with its interval and count, marked when chance cannot be ruled out. */
  private accuracy(r: LedgerRow) {
    const m = this.model(r);
    if (!m || m.testAcc === null) return nothing;
    const p = accuracyParts(m.testAcc, m.testCount);
    const chance = chanceLabel(m.testAcc, m.testCount, m.numClasses);
    return html`<span class="sub" data-col="testAcc" title=${p.caveat ?? ''}>test ${p.text}${p.caveatShort ? ` (${p.caveatShort})` : ''}</span>${chance ? html`<span class="mark" data-chance-mark>${chance}</span>` : nothing}`;
  }

  private parentRow(r: LedgerRow): LedgerRow | undefined {
    return parentRow(this.rows, r);
  }

  private repayJudgementOf(r: LedgerRow): RepayJudgement | null {
    return r.kind === 'pruned' ? repayJudgement(r, this.parentRow(r)) : null;
  }

  /** Under a repay count: why the saving behind it cannot be told from none, or is not judged, when so. */
  private repayNote(r: LedgerRow) {
    const j = this.repayJudgementOf(r);
    if (!j) return nothing;
    const parent = this.parentRow(r)!;
    const run = j.oneRun;
    switch (repayBasis(j)) {
      case 'ranges':
        return j.verdict === 'not distinguishable' ? html`<span class="same" data-verdict>not distinguishable: its measured p50s overlap its parent's (${measuredLabel(parent.measured)})</span>` : nothing;
      case 'one run':
        return j.verdict === 'not distinguishable' ? html`<span class="same" data-verdict>not distinguishable: in one run with its parent, its p50 ${formatMsInterval(run!.row)} overlaps the parent's ${formatMsInterval(run!.parent)}</span>` : nothing;
      case 'one run, contradicting the medians':
        return html`<span class="same" data-verdict="not judged">not judged: in one run with its parent it was ${run!.faster === 'this' ? 'faster' : 'slower'}, against the medians, which give ${mediansGive(r.repay!.msSaved)}</span>`;
      case 'saving not measured':
        return html`<span class="same" data-verdict="not judged">not judged: its saving was not measured, so the run has nothing to back</span>`;
      case 'one measurement on a side':
        return html`<span class="same" data-verdict="not judged">not judged: one measurement on a side (this ${measuredLabel(r.measured)}, its parent ${measuredLabel(parent.measured)}) has no spread to judge the saving by</span>`;
    }
  }

  private repayDetail(r: LedgerRow): string {
    const j = this.repayJudgementOf(r);
    if (!j) return '';
    const parent = this.parentRow(r)!;
    const run = j.oneRun;
    switch (repayBasis(j)) {
      case 'ranges':
        return j.verdict === 'not distinguishable' ? ` Its measured model-only p50s (${measuredLabel(r.measured)}) overlap its parent's (${measuredLabel(parent.measured)}), so the time saving is not distinguishable from none, and neither is the repay count built on it.` : '';
      case 'one run':
        return j.verdict === 'not distinguishable' ? ` Judged in one run: ${oneRunText(run!)}, so by that run the time saving is not distinguishable from none, and the repay count built on the rows' medians is not either.` : ` Judged in one run: ${oneRunText(run!)}.`;
      case 'one run, contradicting the medians':
        return ` Not judged: ${oneRunText(run!)}, while the rows' medians give ${mediansGive(r.repay!.msSaved)}; the count rests on the medians, which that run contradicts. Measure both again (Serve view) for a verdict.`;
      case 'saving not measured':
        return ` Not judged: ${oneRunText(run!)}, but the saving was not measured, so the run has nothing to back.`;
      case 'one measurement on a side':
        return ` With one measurement on a side (this ${measuredLabel(r.measured)}, its parent ${measuredLabel(parent.measured)}) the saving has no spread to judge by: measure both again (Serve view) for a verdict.`;
    }
  }

  /** Under a pruned row's dispatches: the fine-tuning's share, or that the report lacks it. */
  private fineTuneDispatchesNote(r: LedgerRow) {
    if (r.kind !== 'pruned') return nothing;
    return fineTuneDispatchesMissing(r)
      ? html`<span class="sub" title="This report was written before fine-tuning dispatches were counted: the figure is the training run's alone">fine-tune not recorded</span>`
      : html`<span class="sub"><span class="nw">+${formatCount(r.fineTuneDispatches)}</span> fine-tune</span>`;
  }

  private dispatchesDetail(r: LedgerRow): string {
    const during = 'counted during the training batches';
    if (r.kind !== 'pruned') return `${formatExactCount(r.trainDispatches)} kernel dispatches ${during}`;
    if (fineTuneDispatchesMissing(r)) {
      return `${formatExactCount(r.trainDispatches)} kernel dispatches ${during}; the report did not record the fine-tuning's dispatches (written before they were counted), so they are not included`;
    }
    const training = r.trainDispatches - r.fineTuneDispatches;
    return `${formatExactCount(r.trainDispatches)} kernel dispatches: ${formatExactCount(training)} ${during} + ${formatExactCount(r.fineTuneDispatches)} counted during the fine-tuning (batches, optimizer steps, mask updates and re-application)`;
  }

  /** The per-query figure in words: the median of how many measurements, their range, and where they came from. */
  private queryDetail(r: LedgerRow): string {
    const m = r.measured;
    if (m.count === 0) return `not measured yet (${r.servedHow})`;
    const figure = `${formatMs(r.modelP50Ms)} model-only p50 (${formatMs(r.p50Ms)} end to end)`;
    const range = m.count > 1 ? `; their p50s ranged from ${formatMs(m.minMs)} to ${formatMs(m.maxMs)}` : '';
    return `${figure}, ${r.servedHow}${range}`;
  }

  /** ", or 6,350 to 10,108 queries over the range of its measured p50s" when the row has more than one measurement. */
  private breakEvenRange(r: LedgerRow): string {
    const m = r.measured;
    if (m.count < 2 || !(m.maxMs > m.minMs)) return '';
    const lo = queriesToMatch(r.trainMs, m.maxMs, 'time per query');
    const hi = queriesToMatch(r.trainMs, m.minMs, 'time per query');
    if (lo.kind !== 'at' || hi.kind !== 'at') return '';
    return ` (from ${formatExactCount(lo.queries)} to ${formatExactCount(hi.queries)} queries over the range of its ${m.count} measured p50s)`;
  }

  /** Training-time augmentation is paid once in training; the served network is the same. */
  private augmentDetail(r: LedgerRow) {
    const m = this.model(r);
    const note = m ? augmentationNote(m) : null;
    return note ? html`<li data-augment-note>Training-time ${note}.</li>` : nothing;
  }

  private renderDetails(r: LedgerRow) {
    const formula = (b: BreakEven, cost: string, per: string) => (b.kind === 'at' ? `${cost} / ${per} = ${formatExactCount(b.queries)} queries (rounded up)` : b.kind === 'never' ? `${cost} / ${per}: never, ${b.reason}` : `not measured`);
    return html`<ul>
      <li>Model: ${r.modelName}${r.parentId ? html`, pruned from ${this.rows.find((p) => p.modelId === r.parentId)?.modelName ?? 'a model with no row in this ledger'}` : nothing}.</li>
      <li>Training: ${formatMs(r.trainMs)} measured wall time and ${formatFlops(r.trainFlops)} analytic FLOPs on ${r.trainBackend}, from the training run's per-epoch records${r.kind === 'pruned' ? html`, plus the fine-tuning along its lineage: ${formatMs(r.fineTuneMs)} measured, ${formatFlops(r.fineTuneFlops)} analytic` : nothing}; ${this.dispatchesDetail(r)}.</li>
${this.augmentDetail(r)}
      <li>One query: ${this.queryDetail(r)}; ${formatFlops(r.flopsPerQuery)} analytic FLOPs per query.</li>
      <li>Inference costs as much as training: ${formula(r.breakEvenTime, formatMs(r.trainMs), formatMs(r.modelP50Ms))} in time${this.breakEvenRange(r)}; ${formula(r.breakEvenFlops, formatFlops(r.trainFlops), formatFlops(r.flopsPerQuery))} in FLOPs.</li>
      ${r.repay
        ? html`<li>Pruning repays its fine-tuning: saves ${formatMs(r.repay.msSaved)} (its parent's median model-only p50 on ${r.serveBackend} minus this model's) and ${formatFlops(r.repay.flopsSaved)} per query; ${formula(r.repay.time, formatMs(r.repay.fineTuneMs), formatMs(r.repay.msSaved))} in time; ${formula(r.repay.flops, formatFlops(r.repay.fineTuneFlops), formatFlops(r.repay.flopsSaved))} in FLOPs. Days = queries / ${formatExactCount(this.queriesPerDay)} queries per day.${this.repayDetail(r)}</li>`
        : nothing}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-table': TslLedgerTable;
  }
}
