// <tsl-models-list>: the saved models as a table (metadata in columns) with per-row actions:
// serve, prune, compare, rename, download, delete. Emits `model-action` events; holds no state.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatBytes, formatCount, formatPercent } from '../metrics/format.ts';
import type { SavedModelMeta } from '../state/model-library.ts';

export type ModelAction = 'serve' | 'prune' | 'train' | 'download' | 'delete' | 'rename' | 'compare';

export interface ModelActionDetail {
  action: ModelAction;
  id: string;
  /** rename: the new name; compare: 'on' or 'off'. */
  value?: string;
}

@customElement('tsl-models-list')
export class TslModelsList extends LitElement {
  static override styles = css`
    table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
    th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.current { background: #eef6fc; }
    .name { font-weight: 600; }
    .sub { color: #444; font-size: 0.8rem; }
    .actions { display: flex; flex-wrap: wrap; gap: 4px; }
    button { font: inherit; font-size: 0.82rem; padding: 3px 9px; border-radius: 5px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button.danger { border-color: #b00020; color: #b00020; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible, input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    input[type='text'] { font: inherit; width: 14em; }
  `;

  /** Saved models, newest first. */
  @property({ attribute: false }) models: SavedModelMeta[] = [];
  /** Id of the library model that is the lab's current model. */
  @property() currentId: string | null = null;
  /** Ids ticked for comparison. */
  @property({ attribute: false }) compared: string[] = [];
  @property({ type: Boolean }) disabled = false;
  @state() private renaming: string | null = null;

  private emit(action: ModelAction, id: string, value?: string): void {
    this.dispatchEvent(new CustomEvent<ModelActionDetail>('model-action', { detail: { action, id, ...(value === undefined ? {} : { value }) }, bubbles: true, composed: true }));
  }

  override render() {
    if (this.models.length === 0) return html`<p data-empty>No saved models yet. Every model trained in the Train view is saved here with its settings and accuracy; you can also load a model from files.</p>`;
    return html`<table>
      <caption class="sub" style="caption-side: bottom; text-align: left; padding-top: 6px">
        Test accuracy is measured in the training worker on every unseen test image when the model is saved or loaded; validation accuracy is the training run's last epoch.
      </caption>
      <thead><tr><th scope="col">Compare</th><th scope="col">Model</th><th scope="col">Test acc.</th><th scope="col">Val. acc.</th><th scope="col">Parameters</th><th scope="col">Weights</th><th scope="col">Saved</th><th scope="col">Actions</th></tr></thead>
      <tbody>${this.models.map((m) => this.renderRow(m))}</tbody>
    </table>`;
  }

  private renderRow(m: SavedModelMeta) {
    const s = m.settings;
    const settings = s ? `${s.backend}, ${s.epochs} epochs, batch ${s.batchSize}, lr ${s.learningRate}, width ${s.width}, depth ${s.depth}, ${s.trainSize} images, seed ${s.seed}` : 'settings not recorded';
    return html`<tr data-model=${m.id} class=${m.id === this.currentId ? 'current' : ''}>
      <td><input type="checkbox" aria-label=${`Compare ${m.name}`} .checked=${this.compared.includes(m.id)} @change=${(e: Event) => this.emit('compare', m.id, (e.target as HTMLInputElement).checked ? 'on' : 'off')} /></td>
      <td>
        ${this.renaming === m.id
          ? html`<form @submit=${(e: Event) => this.submitRename(e, m.id)}>
              <label>New name <input type="text" name="name" .value=${m.name} maxlength="80" required /></label>
              <button type="submit">Save name</button> <button type="button" @click=${() => (this.renaming = null)}>Cancel</button>
            </form>`
          : html`<div class="name" data-name>${m.name}</div>`}
        <div class="sub">${m.kind}${m.note ? ` · ${m.note}` : ''} · ${m.dataset} · ${m.inputSize}×${m.inputSize}, ${m.numClasses} classes</div>
        <div class="sub">${settings}</div>
        ${m.id === this.currentId ? html`<div class="sub"><strong>Current model</strong> (the one Serve and Prune use)</div>` : nothing}
      </td>
      <td class="num" data-col="testAcc">${m.testAcc === null ? '—' : formatPercent(m.testAcc, 2)}</td>
      <td class="num">${m.valAcc === null ? '—' : formatPercent(m.valAcc, 2)}</td>
      <td class="num">${formatCount(m.params)}</td>
      <td class="num">${formatBytes(m.weightBytes)}</td>
      <td><time datetime=${m.savedAt}>${new Date(m.savedAt).toLocaleString()}</time></td>
      <td><div class="actions">
        <button data-action="serve" ?disabled=${this.disabled} @click=${() => this.emit('serve', m.id)} aria-label=${`Serve ${m.name}`}>Serve</button>
        <button data-action="prune" ?disabled=${this.disabled} @click=${() => this.emit('prune', m.id)} aria-label=${`Prune ${m.name}`}>Prune</button>
        <button data-action="rename" ?disabled=${this.disabled} @click=${() => (this.renaming = m.id)} aria-label=${`Rename ${m.name}`}>Rename</button>
        <button data-action="download" ?disabled=${this.disabled} @click=${() => this.emit('download', m.id)} aria-label=${`Download ${m.name}`}>Download</button>
        <button data-action="delete" class="danger" ?disabled=${this.disabled} @click=${() => this.confirmDelete(m)} aria-label=${`Delete ${m.name}`}>Delete</button>
      </div></td>
    </tr>`;
  }

  private submitRename(e: Event, id: string): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    this.renaming = null;
    this.emit('rename', id, input.value);
  }

  private confirmDelete(m: SavedModelMeta): void {
    if (globalThis.confirm(`Delete "${m.name}" from this browser? This cannot be undone.`)) this.emit('delete', m.id);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-models-list': TslModelsList;
  }
}
