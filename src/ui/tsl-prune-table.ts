// <tsl-prune-table>: the sweep's records, dense first, with how each figure was obtained. Test
// accuracy carries its 95% Wilson interval and image count, each p50 its order-statistic interval
// and query count (when the sweep kept them), and a "× dense" whose intervals overlap says so;
// the precision column shows how tight each p50's interval got before the latency rounds stopped.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatBytes, formatCount, formatExactCount, formatFlops, formatMs, formatMsInterval, formatPoints, formatPointsInterval } from '../metrics/format.ts';
import { ratioVerdict, type P50Intervals, type QuantileEstimate, type RatioVerdict } from '../metrics/intervals.ts';
import { TRAIN_TO_FORWARD_RATIO } from '../model/flops.ts';
import { DEFAULT_REL_HALF_WIDTH, relativeHalfWidth } from '../metrics/precision-stop.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';
import { levelKey, levelLabel, type DenseState, type PruneLevelState, type PruneRow } from '../state/prune-state.ts';

/** What a sweep's latency rounds can add to a row: each p50's interval from that model's own queries (src/metrics/intervals.ts, p50Intervals). */
export interface WithLatencyIntervals {
  latency?: P50Intervals;
}

/** A sweep table row: a level against the dense model, or (level null) the dense model's own. */
interface SweepRow { readonly d: DenseState & WithLatencyIntervals; readonly r: (PruneRow & WithLatencyIntervals) | null }

/** The verdict of a level's p50 against dense's, when both intervals are known. */
export function verdictAgainstDense(level: QuantileEstimate | null | undefined, dense: QuantileEstimate | null | undefined): RatioVerdict | null {
  return level && dense ? ratioVerdict(level, dense) : null;
}

/** How tight a p50's interval is: "±2.1%" (max distance of an end from the p50, over the p50), "unbounded", or null without one. */
export function formatPrecision(e: QuantileEstimate | null | undefined): string | null {
  if (!e) return null;
  const r = relativeHalfWidth(e.value, e.low, e.high);
  return r === null ? 'unbounded' : `±${(r * 100).toFixed(1)}%`;
}

/** The widest relative half-width over every p50 in the table (null: none measured; Infinity: one unbounded). */
export function widestPrecision(rows: readonly (WithLatencyIntervals | null)[]): number | null {
  let widest: number | null = null;
  for (const r of rows) {
    for (const e of [r?.latency?.e2e, r?.latency?.model]) {
      if (!e) continue;
      const w = relativeHalfWidth(e.value, e.low, e.high) ?? Infinity;
      widest = Math.max(widest ?? 0, w);
    }
  }
  return widest;
}

/** Ratio to dense: "0.27×". */
export function formatRatio(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '—';
}

@customElement('tsl-prune-table')
export class TslPruneTable extends LitElement {
  // Thirteen columns need about 78rem: narrower (a 1400 px laptop beside the controls, a projector
  // in lecture mode) each level stacks its figures under their names rather than scrolling sideways.
  static override styles = [howLegendStyles, stackedTableStyles(78), css`
    /* Sideways scrolling only as a last resort, for content wider than the stacking point expects. */
    :host { display: block; overflow-x: auto; }
    /* Wide enough for "indistinguishable" on one line in a stacked cell. */
    table.stack { --tsl-stack-cell: 8rem; }
    .nw { white-space: nowrap; }
    /* An interval and its count may take two lines, which keeps the latency columns narrow. */
    .wrap { white-space: normal; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.84rem; width: 100%; }
    th, td { padding: 4px 6px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; vertical-align: top; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    th:first-child, td:first-child { text-align: left; }
    /* On the row too: stacked, its cells drop their own backgrounds. */
    tr.dense, tr.dense td { background: #f7f9fc; }
    tr.dense td { font-weight: 600; }
    .r { display: block; color: #444; font-size: 0.74rem; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .kind { display: block; font-size: 0.72rem; color: #444; }
    .ci, th .note { display: block; color: #444; font-size: 0.74rem; }
    .same { display: block; color: #8a3b00; font-size: 0.74rem; white-space: normal; }
    .mark { display: block; color: #8a3b00; font-size: 0.74rem; font-weight: 700; white-space: normal; max-width: 11em; }
    .wide { color: #8a3b00; font-weight: 700; }
    p.stop { margin: 0 0 4px; font-size: 0.8rem; color: #333; }
  `];

  /** The unpruned model (null until the sweep scored it). */
  @property({ attribute: false }) dense: (DenseState & WithLatencyIntervals) | null = null;
  @property({ attribute: false }) levels: (PruneLevelState & { row: PruneRow & WithLatencyIntervals })[] = [];
  /** Unseen test images every row's accuracy was scored on (the selected model's testCount; NaN: no interval shown). */
  @property({ type: Number }) testCount = Number.NaN;
  /** Classes of the model: an accuracy whose interval contains 1 / classes is marked (NaN: not marked). */
  @property({ type: Number }) classes = Number.NaN;

  override render() {
    const d = this.dense;
    if (!d) return html`<p>No sweep yet.</p>`;
    const columns = this.columns();
    return html`${this.stopLine()}<div class="fit"><table class="stack">
      <thead><tr><th scope="col">model</th>${headings(columns, 'abbr')}</tr></thead>
      <tbody>
        <tr class="dense" data-level="dense"><td class="whole name">dense (unpruned)</td>${cells(columns, { d, r: null })}</tr>
        ${this.levels.map(({ row: r }) => html`<tr data-level=${levelKey(r)}><td class="whole name">${levelLabel(r)}</td>${cells(columns, { d, r })}</tr>`)}
      </tbody>
    </table></div>${howLegend(columns)}`;
  }

  /** The figure columns: each level's against the dense model's, the dense row's alone (a dash where it has none). */
  private columns(): TableColumn<SweepRow>[] {
    const against = (x: SweepRow, level: (r: PruneRow & WithLatencyIntervals) => unknown, dense: unknown) => (x.r ? level(x.r) : dense);
    return [
      { name: 'test acc', note: this.testCount > 0 ? `n = ${formatExactCount(this.testCount)}` : undefined, how: 'Measured: accuracy on every image of the unseen test split (evaluated in the training worker); under it the 95% Wilson interval', cell: (x) => this.acc(x.r?.testAcc ?? x.d.testAcc) },
      {
        name: 'Δ vs dense', col: 'accDelta', how: "Derived: the level's test accuracy − the dense model's, in points; under it the 95% interval of that difference (Newcombe's, for independent samples: both are scored on the same test images, and their answers go together, which usually makes it wider than a paired interval)",
        cell: (x) => against(x, (r) => html`${formatPoints(r.testAcc - x.d.testAcc)}${this.testCount > 0 ? html`<span class="ci">${formatPointsInterval(r.testAcc, this.testCount, x.d.testAcc, this.testCount)}</span>` : nothing}`, '—'),
      },
      {
        name: 'p50 e2e', col: 'p50Ms', how: 'Measured on wasm: median page-side time from raw image to probabilities, interleaved with every other model on the same test images; under it its 95% order-statistic interval, query count and the ratio to dense',
        cell: (x) => against(x, (r) => html`${formatMs(r.p50Ms)}${this.interval(r.latency?.e2e)} <span class="r">${this.ratio(r.p50Ms, x.d.p50Ms)}</span>${this.verdict(r.latency?.e2e, x.d.latency?.e2e)}`, html`${formatMs(x.d.p50Ms)}${this.interval(x.d.latency?.e2e)}`),
      },
      {
        name: 'p50 model', col: 'modelP50Ms', how: 'Measured on wasm: median predict + data() inside the serving worker, same queries; under it its 95% interval, query count and the ratio to dense (not distinguishable when the intervals overlap)',
        cell: (x) => against(x, (r) => html`${formatMs(r.modelP50Ms ?? NaN)}${this.interval(r.latency?.model)} <span class="r">${this.ratio(r.modelP50Ms ?? NaN, x.d.modelP50Ms)}</span>${this.verdict(r.latency?.model, x.d.latency?.model)}`, html`${formatMs(x.d.modelP50Ms)}${this.interval(x.d.latency?.model)}`),
      },
      { name: 'p50 interval reached', col: 'precision', how: `Measured: how far each p50's 95% interval reaches from it, as a share of it (end to end / model only). The latency rounds stop once every one is within ±${DEFAULT_REL_HALF_WIDTH * 100}%, or at the cap`, cell: (x) => this.precision((x.r ?? x.d).latency) },
      { name: 'weight bytes', col: 'weightBytes', how: 'float32 bytes of all weights: zeros still take 4 bytes in a dense tensor', cell: (x) => formatBytes((x.r ?? x.d).weightBytes) },
      { name: 'gzip bytes', col: 'gzipBytes', how: "Measured: the weight bytes through CompressionStream('gzip')", cell: (x) => against(x, (r) => html`${formatBytes(r.gzipBytes)} <span class="r">${this.ratio(r.gzipBytes, x.d.gzipBytes)}</span>`, formatBytes(x.d.gzipBytes)) },
      { name: 'nonzero params', col: 'nonzeroParams', how: 'Counted: weights that are not exactly zero (biases included)', cell: (x) => formatCount((x.r ?? x.d).nonzeroParams) },
      {
        name: 'FLOPs / query', col: 'flopsPerQuery', how: 'Analytic forward FLOPs per image. Unstructured: theoretical (as if zeros were skipped; dense kernels do not skip them). Structured: the smaller model, which really runs',
        cell: (x) => against(x, (r) => html`${formatFlops(r.flopsPerQuery)} <span class="kind">${r.flopsKind === 'theoretical' ? 'theoretical' : 'real'}</span>`, formatFlops(x.d.flopsPerQuery)),
      },
      { name: 'fine-tune', col: 'fineTuneMs', how: "Measured wall time of the level's fine-tuning in the training worker", cell: (x) => against(x, (r) => formatMs(r.fineTuneMs), '—') },
      { name: 'fine-tune FLOPs', col: 'fineTuneFlops', how: `Analytic: ${TRAIN_TO_FORWARD_RATIO} × forward FLOPs per sample + Adam update + mask multiply per step`, cell: (x) => against(x, (r) => formatFlops(r.fineTuneFlops), '—') },
      { name: 'fine-tune dispatches', col: 'fineTuneDispatches', how: 'Counted: every kernel TF.js dispatched during the fine-tuning (batches, optimizer steps, mask updates and re-application), by a counting wrapper on each kernel', cell: (x) => against(x, (r) => formatCount(r.fineTuneDispatches), '—') },
    ];
  }

  private ratio(x: number, dense: number) {
    return Number.isFinite(x) && Number.isFinite(dense) && dense > 0 ? `${formatRatio(x / dense)} dense` : nothing;
  }

  /** The test accuracy: the figure alone under data-col (what tests and exports read), its interval and any chance mark beside it. */
  private acc(acc: number) {
    const p = accuracyParts(acc, this.testCount);
    const chance = chanceLabel(acc, this.testCount, this.classes);
    return html`<span data-col="testAcc">${p.value}</span>${p.interval ? html`<span class="ci" data-interval>${p.interval}</span>` : nothing}${p.caveatShort ? html`<span class="same" title=${p.caveat ?? ''}>${p.caveatShort}</span>` : nothing}${chance ? html`<span class="mark" data-chance-mark>${chance}</span>` : nothing}`;
  }

  private interval(e: QuantileEstimate | null | undefined) {
    return e ? html`<span class="ci wrap" data-interval><span class="nw">${formatMsInterval(e)}</span>, <span class="nw">n = ${formatExactCount(e.count)}</span></span>` : nothing;
  }

  /** The table's caption on precision: whether the latency rounds reached the target for every p50. */
  private stopLine() {
    const widest = widestPrecision([this.dense, ...this.levels.map((l) => l.row)]);
    if (widest === null) return nothing;
    const target = `±${DEFAULT_REL_HALF_WIDTH * 100}%`;
    const reached = Number.isFinite(widest) ? `±${(widest * 100).toFixed(1)}%` : 'unbounded';
    return html`<p class="stop" data-stop=${widest <= DEFAULT_REL_HALF_WIDTH ? 'precise' : 'cap'}>Latency rounds stop once every p50's 95% interval is within ${target} of it, or at the cap of queries per model. Widest reached: <strong>${reached}</strong>${widest <= DEFAULT_REL_HALF_WIDTH ? ' (target met)' : ' (the cap or Stop came first)'}.</p>`;
  }

  private precision(latency: P50Intervals | undefined) {
    const part = (e: QuantileEstimate | null | undefined) => {
      const text = formatPrecision(e);
      if (text === null) return html`—`;
      const r = e ? relativeHalfWidth(e.value, e.low, e.high) : null;
      return html`<span class=${r !== null && r <= DEFAULT_REL_HALF_WIDTH ? '' : 'wide'}>${text}</span>`;
    };
    return html`${part(latency?.e2e)} / ${part(latency?.model)}`;
  }

  private verdict(level: QuantileEstimate | null | undefined, dense: QuantileEstimate | null | undefined) {
    return verdictAgainstDense(level, dense) === 'not distinguishable' ? html`<span class="same" data-verdict>not distinguishable from dense</span>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-table': TslPruneTable;
  }
}
