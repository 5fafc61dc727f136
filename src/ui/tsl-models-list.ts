// <tsl-models-list>: every registry model as a table row (what made it, its data, its figures, the
// model it came from) with per-row actions. Select sends `tsl-model-select`; every other action
// sends `tsl-model-action`. Holds no state beyond which row is being renamed. Accuracies carry their
// 95% interval and image count, and a model that cannot be told from chance is marked.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, countOf, formatBytes, formatCount, formatPercent, type AccuracyParts } from '../metrics/format.ts';
import type { ModelEntry } from '../registry/records.ts';
import { childrenById, descendantCounts } from '../registry/lineage.ts';
import { modelSelectEvent, noWeightsReason, versionTag } from './model-events.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, type TableColumn } from './table-columns.ts';

export type ModelAction = 'serve' | 'prune' | 'inside' | 'download' | 'delete' | 'delete-family' | 'rename' | 'compare';

export interface ModelActionDetail {
  action: ModelAction;
  id: string;
  /** rename: the new name; compare: 'on' or 'off'. */
  value?: string;
}

/** "trained", "pruned", "imported", with ", from a report" for a model read from a run report. */
export function originKind(m: ModelEntry): string {
  return `${m.origin.kind}${m.source === 'report' ? ', from a report' : ''}`;
}

/** One line on what made the model: its training settings, its pruning, or the file it came from. */
function madeBy(m: ModelEntry): string {
  const o = m.origin;
  if (o.kind === 'pruned') return `${o.method} pruning to ${formatPercent(o.sparsity, 0)}${o.method === 'structured' ? ' of filters' : ''} (${o.schedule}, ${o.scope}), fine-tuned ${o.fineTuneEpochs} epoch${o.fineTuneEpochs === 1 ? '' : 's'}`;
  const s = o.settings;
  const settings = s ? `${s.backend}, ${countOf(s.epochs, 'epoch')}, batch ${s.batchSize}, lr ${s.learningRate}, width ${s.width}, depth ${s.depth}, ${s.trainSize} images, seed ${s.seed}` : 'settings not recorded';
  return o.kind === 'trained' ? `${settings} · ${o.end} run, ${o.epochs.length} epoch${o.epochs.length === 1 ? '' : 's'} trained on ${o.trainBackend}` : `read from ${o.file} · ${settings}`;
}

@customElement('tsl-models-list')
export class TslModelsList extends LitElement {
  // Below ~56 rem (a 1280 px projector in lecture mode) each model's row stacks: the model and its
  // actions across the box, its figures beneath under their column names (stacked-table.ts).
  static override styles = [stackedTableStyles(56), css`
    :host { display: block; min-width: 0; }
    table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
    .scroll-x { overflow-x: auto; }
    .scroll-x:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--tsl-border, #ccd); vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.current { background: #eef6fc; box-shadow: inset 4px 0 0 var(--tsl-accent, #0072b2); }
    .name { font-weight: 600; }
    .sub { color: #444; font-size: 0.8rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-top: 0.3rem; }
    .cb { width: 1%; }
    td.num { white-space: nowrap; }
    button { font: inherit; font-size: 0.82rem; padding: 0.2rem 0.55rem; border-radius: 0.3rem; border: 1px solid #445; background: #fff; cursor: pointer; }
    button.danger { border-color: #b00020; color: #b00020; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible, input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    input[type='text'] { font: inherit; width: 14em; max-width: 100%; }
    input[type='checkbox'] { width: 1rem; height: 1rem; }
    .mark { color: #8a3b00; font-weight: 700; font-size: 0.8rem; white-space: normal; }
    .caveat { color: #8a3b00; font-size: 0.78rem; white-space: normal; max-width: 12em; }
    /* Stacked, the model (a whole-line cell) heads its block, above the Compare box that precedes it in the row. */
    table.stack > tbody > tr > td.model { order: -1; }
    .fit { --tsl-stack-cell: 7.6rem; }
    table.stack > tbody > tr > td.cb { width: auto; }
  `];

  /** The models to list, in the order shown (newest first). */
  @property({ attribute: false }) models: ModelEntry[] = [];
  /** Every model in the registry, to name each model's parent (defaults to `models`). */
  @property({ attribute: false }) allModels: ModelEntry[] | null = null;
  /** Id of the selected model: the one Serve, Prune, Inside and the Ledger use. */
  @property({ attribute: false }) selectedId: string | null = null;
  /** Ids ticked for comparison. */
  @property({ attribute: false }) compared: string[] = [];
  /** Another task of the view is running. */
  @property({ type: Boolean }) disabled = false;
  @state() private renaming: string | null = null;

  private emit(action: ModelAction, id: string, value?: string): void {
    const detail: ModelActionDetail = { action, id, ...(value === undefined ? {} : { value }) };
    this.dispatchEvent(new CustomEvent<ModelActionDetail>('tsl-model-action', { detail, bubbles: true, composed: true }));
  }

  override render() {
    if (this.models.length === 0) return html`<p data-empty>No models yet. Every finished training run and every pruned level is kept here with its settings and accuracy; you can also load a model from files.</p>`;
    const made = descendantCounts(this.allModels ?? this.models);
    const columns = this.figureColumns();
    // A narrow box (lecture mode at 1280 px) stacks the rows; should it still not fit, the table scrolls in its own box, never the page.
    return html`<div class="scroll-x fit" tabindex="0" role="region" aria-label="Models"><table class="stack">
      <caption class="sub" style="caption-side: bottom; text-align: left; padding-top: 0.4rem">
        Test accuracy is measured in the training worker on every unseen test image; validation accuracy is that of the epoch whose weights the model has (the run's last, or the one kept for its lowest validation loss). Under each, its 95% Wilson interval and the number of images behind it.
      </caption>
      <thead><tr><th scope="col" class="cb">Compare</th><th scope="col">Model and actions</th>${headings(columns)}</tr></thead>
      <tbody>${this.models.map((m) => this.renderRow(m, made.get(m.id) ?? 0, columns))}</tbody>
    </table></div>`;
  }

  private lineage(m: ModelEntry): string {
    if (m.parentId === null) return '';
    const parent = (this.allModels ?? this.models).find((p) => p.id === m.parentId);
    return parent ? ` · from ${versionTag(parent)}` : ' · from a deleted model';
  }

  /** `made`: how many models were made from this one, at any remove. */
  private renderRow(m: ModelEntry, made: number, columns: TableColumn<ModelEntry>[]) {
    const current = m.id === this.selectedId;
    const noWeights = noWeightsReason(m);
    const d = m.dataset;
    return html`<tr data-model=${m.id} class=${current ? 'current' : ''} aria-current=${current ? 'true' : 'false'}>
      <td class="cb" data-label="Compare"><input type="checkbox" aria-label=${`Compare ${m.name}`} .checked=${this.compared.includes(m.id)} @change=${(e: Event) => this.emit('compare', m.id, (e.target as HTMLInputElement).checked ? 'on' : 'off')} /></td>
      <td class="model whole">
        ${this.renaming === m.id
          ? html`<form @submit=${(e: Event) => this.submitRename(e, m.id)}>
              <label>New name <input type="text" name="name" .value=${m.name} maxlength="80" required /></label>
              <button type="submit">Save name</button> <button type="button" @click=${() => (this.renaming = null)}>Cancel</button>
            </form>`
          : html`<div class="name" data-name>${m.name}</div>`}
        <div class="sub" data-origin>${originKind(m)}${this.lineage(m)}</div>
        <div class="sub">${madeBy(m)}</div>
        <div class="sub" data-dataset>${d.name}${d.hash ? html` <span title=${`SHA-256 of the pixels and labels: ${d.hash}`}>(${d.hash.slice(0, 8)})</span>` : ''} · ${m.inputSize}×${m.inputSize}, ${m.numClasses} classes</div>
        ${noWeights ? html`<div class="sub">${noWeights}: it can be selected for the Ledger, not served, pruned or downloaded.</div>` : nothing}
        ${current ? html`<div class="sub"><strong>Selected</strong>: the model Serve, Prune, Inside and the Ledger use.</div>` : nothing}
        <div class="actions">
          <button data-action="select" ?disabled=${this.disabled || current} aria-pressed=${current ? 'true' : 'false'} @click=${() => this.dispatchEvent(modelSelectEvent(m.id))} aria-label=${`${current ? 'Selected' : 'Select'} ${m.name}`}>${current ? 'Selected' : 'Select'}</button>
          ${(['serve', 'prune', 'inside'] as const).map((view) => html`<button data-action=${view} ?disabled=${this.disabled || noWeights !== null} @click=${() => this.emit(view, m.id)}
            aria-label=${`${VIEW_LABEL[view]} ${m.name}`}>${VIEW_VERB[view]}</button>`)}
          <button data-action="rename" ?disabled=${this.disabled} @click=${() => (this.renaming = m.id)} aria-label=${`Rename ${m.name}`}>Rename</button>
          <button data-action="download" ?disabled=${this.disabled || noWeights !== null} @click=${() => this.emit('download', m.id)} aria-label=${`Download ${m.name}`}>Download</button>
          <button data-action="delete" class="danger" ?disabled=${this.disabled} @click=${() => this.confirmDelete(m)} aria-label=${`Delete ${m.name}`}>Delete</button>
          ${made > 0 ? html`<button data-action="delete-family" class="danger" ?disabled=${this.disabled} @click=${() => this.confirmDeleteFamily(m, made)}
            aria-label=${`Delete ${m.name} and the ${made} model${made === 1 ? '' : 's'} made from it`}>Delete with the ${made} made from it</button>` : nothing}
        </div>
      </td>
      ${cells(columns, m)}
    </tr>`;
  }

  /** The columns after a model's name and actions. */
  private figureColumns(): TableColumn<ModelEntry>[] {
    return [
      { name: 'Test acc.', cls: 'num', cell: (m) => (m.testAcc === null ? html`<span data-col="testAcc">—</span>` : this.accuracy('testAcc', accuracyParts(m.testAcc, m.testCount), chanceLabel(m.testAcc, m.testCount, m.numClasses))) },
      { name: 'Val. acc.', cls: 'num', cell: (m) => (m.valAcc === null ? html`<span data-col="valAcc">—</span>` : this.accuracy('valAcc', accuracyParts(m.valAcc, m.dataset.counts.val), null)) },
      { name: 'Parameters', cls: 'num', cell: (m) => formatCount(m.params) },
      { name: 'Weights', cls: 'num', cell: (m) => formatBytes(m.weightBytes) },
      { name: 'Created', cell: (m) => html`<time datetime=${m.createdAt}>${new Date(m.createdAt).toLocaleString()}</time>` },
    ];
  }

  /** The figure under data-col, its interval and count beneath, then any mark or caveat. */
  private accuracy(col: string, p: AccuracyParts, chance: string | null) {
    return html`<span data-col=${col}>${p.value}</span>${p.interval ? html`<div class="sub">${p.interval}</div><div class="sub">${p.count}</div>` : nothing}
      ${chance ? html`<div class="mark" data-chance-mark>${chance}</div>` : nothing}${p.caveatShort ? html`<div class="caveat" title=${p.caveat ?? ''}>${p.caveatShort}</div>` : nothing}`;
  }

  private submitRename(e: Event, id: string): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    this.renaming = null;
    this.emit('rename', id, input.value);
  }

  private confirmDelete(m: ModelEntry): void {
    const children = childrenById(this.allModels ?? this.models).get(m.id)?.length ?? 0;
    const kept = children ? ` The ${children} model${children === 1 ? '' : 's'} made from it stay, marked "parent deleted".` : '';
    if (globalThis.confirm(`Delete "${m.name}" and its measurements from this browser? This cannot be undone.${kept}`)) this.emit('delete', m.id);
  }

  private confirmDeleteFamily(m: ModelEntry, made: number): void {
    const models = `${made} model${made === 1 ? '' : 's'}`;
    if (globalThis.confirm(`Delete "${m.name}" and the ${models} made from it (fine-tuned, pruned, distilled or retrained, at any remove), with their measurements, from this browser? This cannot be undone.`)) this.emit('delete-family', m.id);
  }
}

const VIEW_VERB = { serve: 'Serve', prune: 'Prune', inside: 'Inside' } as const;
const VIEW_LABEL = { serve: 'Serve', prune: 'Prune', inside: 'Look inside' } as const;

declare global {
  interface HTMLElementTagNameMap {
    'tsl-models-list': TslModelsList;
  }
  interface GlobalEventHandlersEventMap {
    'tsl-model-action': CustomEvent<ModelActionDetail>;
  }
}
