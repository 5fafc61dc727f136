// <tsl-prune-cost>: the extra training each level cost next to what it saves per query, and how
// many queries it takes to pay the fine-tuning back (analytic FLOPs; measured milliseconds). A time
// saving whose two p50 intervals overlap says that its repay count rests on no measurable saving.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatFlops, formatMs } from '../metrics/format.ts';
import { pruneRepay, type Repay } from '../metrics/ledger.ts';
import { breakEvenLabel } from './tsl-ledger-table.ts';
import { verdictAgainstDense, type WithLatencyIntervals } from './tsl-prune-table.ts';
import { levelLabel, type DenseState, type PruneLevelState, type PruneRow } from '../state/prune-state.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

/** A level's row: its figures, what repaying its fine-tuning takes, and whether its time saving is within the noise. */
interface CostRow { readonly r: PruneRow; readonly repay: Repay; readonly same: boolean }

const COST_COLUMNS: TableColumn<CostRow>[] = [
  { name: 'fine-tune time', how: 'Measured wall time of the fine-tuning', cell: ({ r }) => formatMs(r.fineTuneMs) },
  { name: 'fine-tune FLOPs', how: 'Analytic training FLOPs of the fine-tuning', cell: ({ r }) => formatFlops(r.fineTuneFlops) },
  { name: 'fine-tune dispatches', col: 'fineTuneDispatches', how: 'Counted: kernel dispatches of the fine-tuning (batches, optimizer steps, mask updates and re-application)', cell: ({ r }) => formatCount(r.fineTuneDispatches) },
  { name: 'FLOPs saved / query', how: "Dense FLOPs per query minus the level's (theoretical for unstructured: dense kernels do not skip zeros)", cell: ({ r, repay }) => html`${formatFlops(repay.flopsSaved)} <span class="kind">${r.flopsKind === 'theoretical' ? 'theoretical' : 'real'}</span>` },
  { name: 'queries to repay (FLOPs)', how: 'Fine-tune FLOPs / FLOPs saved per query (analytic)', cell: ({ repay }) => breakEvenLabel(repay.flops) },
  { name: 'time saved / query', how: "Measured: dense model-only p50 minus the level's, on wasm in the same interleaved run", cell: ({ repay }) => formatMs(repay.msSaved) },
  {
    name: 'queries to repay (time)', col: 'repayTime', how: 'Measured fine-tune time / measured time saved per query, rounded up; never when no time is saved or the pruned model is slower',
    cell: ({ repay, same }) => html`${breakEvenLabel(repay.time)}${same ? html`<span class="same" data-verdict>not distinguishable: the two p50 intervals overlap, so the saving may be zero</span>` : nothing}`,
  },
];

@customElement('tsl-prune-cost')
export class TslPruneCost extends LitElement {
  // Eight columns need about 60rem: narrower (a projector in lecture mode) each level stacks its figures under their names.
  static override styles = [howLegendStyles, stackedTableStyles(62), css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.84rem; font-variant-numeric: tabular-nums; width: 100%; }
    th, td { padding: 4px 7px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    th:first-child, td:first-child { text-align: left; }
    abbr { text-decoration: underline dotted; cursor: help; }
    .kind { font-size: 0.72rem; color: #444; }
    .same { display: block; font-size: 0.74rem; color: #8a3b00; white-space: normal; }
  `];

  @property({ attribute: false }) dense: (DenseState & WithLatencyIntervals) | null = null;
  @property({ attribute: false }) levels: (PruneLevelState & { row: PruneRow & WithLatencyIntervals })[] = [];

  override render() {
    const d = this.dense;
    if (!d || this.levels.length === 0) return html``;
    return html`<div class="fit"><table data-table="cost" class="stack">
      <thead><tr><th scope="col">level</th>${headings(COST_COLUMNS, 'abbr')}</tr></thead>
      <tbody>${this.levels.map(({ row: r }) => {
        // The same maths as the Ledger (src/metrics/ledger.ts): no saving, or a negative one, never repays.
        const repay = pruneRepay(d, r);
        const same = verdictAgainstDense(r.latency?.model, d.latency?.model) === 'not distinguishable';
        return html`<tr>
          <td class="whole name">${levelLabel(r)}</td>
          ${cells(COST_COLUMNS, { r, repay, same })}
        </tr>`;
      })}</tbody>
    </table></div>${howLegend(COST_COLUMNS)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-cost': TslPruneCost;
  }
}
