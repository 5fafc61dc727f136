// <tsl-prune-cost>: the extra training each level cost next to what it saves per query, and how
// many queries it takes to pay the fine-tuning back (analytic FLOPs; measured milliseconds). A time
// saving whose two p50 intervals overlap says that its repay count rests on no measurable saving.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatFlops, formatMs } from '../metrics/format.ts';
import { pruneRepay } from '../metrics/ledger.ts';
import { breakEvenLabel } from './tsl-ledger-table.ts';
import { verdictAgainstDense, type WithLatencyIntervals } from './tsl-prune-table.ts';
import { levelLabel, type DenseState, type PruneLevelState, type PruneRow } from '../state/prune-state.ts';
import { stackedTableStyles } from './stacked-table.ts';

@customElement('tsl-prune-cost')
export class TslPruneCost extends LitElement {
  // Eight columns need about 60rem: narrower (a projector in lecture mode) each level stacks its figures under their names.
  static override styles = [stackedTableStyles(62), css`
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
      <thead><tr>
        <th scope="col">level</th>
        <th scope="col"><abbr title="Measured wall time of the fine-tuning">fine-tune time</abbr></th>
        <th scope="col"><abbr title="Analytic training FLOPs of the fine-tuning">fine-tune FLOPs</abbr></th>
        <th scope="col"><abbr title="Counted: kernel dispatches of the fine-tuning (batches, optimizer steps, mask updates and re-application)">fine-tune dispatches</abbr></th>
        <th scope="col"><abbr title="Dense FLOPs per query minus the level's (theoretical for unstructured: dense kernels do not skip zeros)">FLOPs saved / query</abbr></th>
        <th scope="col"><abbr title="Fine-tune FLOPs / FLOPs saved per query (analytic)">queries to repay (FLOPs)</abbr></th>
        <th scope="col"><abbr title="Measured: dense model-only p50 minus the level's, on wasm in the same interleaved run">time saved / query</abbr></th>
        <th scope="col"><abbr title="Measured fine-tune time / measured time saved per query, rounded up; never when no time is saved or the pruned model is slower">queries to repay (time)</abbr></th>
      </tr></thead>
      <tbody>${this.levels.map(({ row: r }) => {
        // The same maths as the Ledger (src/metrics/ledger.ts): no saving, or a negative one, never repays.
        const repay = pruneRepay(d, r);
        const same = verdictAgainstDense(r.latency?.model, d.latency?.model) === 'not distinguishable'
          ? html`<span class="same" data-verdict>not distinguishable: the two p50 intervals overlap, so the saving may be zero</span>`
          : nothing;
        return html`<tr>
          <td class="whole name">${levelLabel(r)}</td>
          <td data-label="fine-tune time">${formatMs(r.fineTuneMs)}</td>
          <td data-label="fine-tune FLOPs">${formatFlops(r.fineTuneFlops)}</td>
          <td data-col="fineTuneDispatches" data-label="fine-tune dispatches">${formatCount(r.fineTuneDispatches)}</td>
          <td data-label="FLOPs saved / query">${formatFlops(repay.flopsSaved)} <span class="kind">${r.flopsKind === 'theoretical' ? 'theoretical' : 'real'}</span></td>
          <td data-label="queries to repay (FLOPs)">${breakEvenLabel(repay.flops)}</td>
          <td data-label="time saved / query">${formatMs(repay.msSaved)}</td>
          <td data-col="repayTime" data-label="queries to repay (time)">${breakEvenLabel(repay.time)}${same}</td>
        </tr>`;
      })}</tbody>
    </table></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-cost': TslPruneCost;
  }
}
