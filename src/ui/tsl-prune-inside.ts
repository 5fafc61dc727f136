// <tsl-prune-inside>: what a chosen level cut, layer by layer: kernel sparsity (and size, which
// structured pruning shrinks), |w| histograms before and after, and the conv filters' L1 norms.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCount, formatPercent } from '../metrics/format.ts';
import { levelLabel, type DenseState, type PruneLevelState } from '../state/prune-state.ts';
import './tsl-weight-histogram.ts';
import './tsl-filter-norms.ts';

export type LevelSelectEvent = CustomEvent<{ index: number }>;

/** Where the filter norms are marked when no structured level is chosen: a cut to show, not one made. */
const UNSELECTED_MARK = 0.5;

@customElement('tsl-prune-inside')
export class TslPruneInside extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 14px; }
    label { font-size: 0.9rem; }
    select { font: inherit; }
    h3 { font-size: 0.95rem; margin: 4px 0; }
    table { border-collapse: collapse; font-size: 0.84rem; font-variant-numeric: tabular-nums; }
    td, th { padding: 3px 8px; text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; }
    .track { width: 200px; height: 0.8rem; background: #e4e7ef; border-radius: 2px; position: relative; }
    .fill { position: absolute; inset: 0 auto 0 0; background: #d55e00; border-radius: 2px; }
    /* In rem, so lecture mode gets fewer, wider histograms: each one's bin table must fit under it. */
    .hists { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr)); gap: 12px; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
  `;

  @property({ attribute: false }) dense: DenseState | null = null;
  @property({ attribute: false }) levels: PruneLevelState[] = [];
  /** Index of the level shown against the dense model. */
  @property({ type: Number }) selected = 0;

  override render() {
    const d = this.dense;
    const level = this.levels[Math.min(this.selected, this.levels.length - 1)];
    if (!d || !level) return html`<p class="note">Run a sweep to look inside the pruned models.</p>`;
    const structured = level.row.method === 'structured';
    return html`
      <label>Compare the dense model with
        <select name="inside-level" @change=${(e: Event) => this.dispatchEvent(new CustomEvent('level-select', { detail: { index: Number((e.target as HTMLSelectElement).value) }, bubbles: true, composed: true }))}>
          ${this.levels.map((l, i) => html`<option value=${i} ?selected=${l === level}>${levelLabel(l.row)}</option>`)}
        </select>
      </label>
      <section>
        <h3>Per-layer kernel sparsity (exact zeros / kernel weights)</h3>
        <table data-table="layer-sparsity">
          <thead><tr><th>layer</th><th>kernel weights: dense → pruned</th><th>zeros</th><th></th></tr></thead>
          <tbody>${level.inspection.layers.map((l) => {
            const before = d.inspection.layers.find((x) => x.layer === l.layer);
            return html`<tr><td>${l.layer} <span class="note">${l.className}</span></td>
              <td>${formatCount(before?.kernelSize ?? NaN)} → ${formatCount(l.kernelSize)}</td>
              <td>${formatPercent(l.sparsity)}</td>
              <td><div class="track" role="img" aria-label=${`${l.layer}: ${formatPercent(l.sparsity)} zeros`}><div class="fill" style=${`width:${100 * l.sparsity}%`}></div></div></td></tr>`;
          })}</tbody>
        </table>
        <p class="note">${structured
          ? 'Structured pruning leaves no zeros: it removes whole filters, so the kernels themselves are smaller (first column).'
          : 'Unstructured pruning keeps every kernel the same size and sets its smallest weights to exactly zero. The first conv and the output layer are left dense.'}</p>
      </section>
      <section>
        <h3>Weight magnitude |w| per layer: dense vs ${levelLabel(level.row)}</h3>
        <div class="hists">${level.inspection.layers.map((l) => {
          const before = d.inspection.layers.find((x) => x.layer === l.layer);
          if (!before) return nothing;
          return html`<tsl-weight-histogram layer=${l.layer} .series=${[{ label: 'dense', histogram: before.histogram }, { label: 'pruned', histogram: l.histogram }]}></tsl-weight-histogram>`;
        })}</div>
      </section>
      <section>
        <h3>Per-filter L1 norm of each conv layer (dense model): what structured pruning ranks</h3>
        <tsl-filter-norms .norms=${d.filterNorms} fraction=${structured ? level.row.sparsity : UNSELECTED_MARK}></tsl-filter-norms>
        ${structured ? nothing : html`<p class="note">Marked at ${formatPercent(UNSELECTED_MARK, 0)} of filters; choose a structured level above to mark its cut.</p>`}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-inside': TslPruneInside;
  }
  interface GlobalEventHandlersEventMap {
    'level-select': LevelSelectEvent;
  }
}
