// <tsl-models-view>: the Models view. Saved models (kept in this browser's IndexedDB) with their
// metadata and actions, loading a model from files, saving the last sweep's pruned models, the
// storage status, and a side-by-side comparison.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatBytes } from '../metrics/format.ts';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import type { LibraryState } from '../state/model-library.ts';
import type { ModelsState } from '../state/models-lab.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';
import type { ModelActionDetail } from './tsl-models-list.ts';
import './tsl-models-compare.ts';
import './tsl-models-list.ts';
import './tsl-progress.ts';
import { viewLayoutStyles } from './view-styles.ts';

@customElement('tsl-models-view')
export class TslModelsView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    .ok { color: #1b5e20; }
    label.file { display: inline-block; }
    input[type='file'] { font: inherit; max-width: 100%; }
    input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private models!: StoreController<ModelsState>;
  private library!: StoreController<LibraryState>;
  private labState!: StoreController<LabState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.models ??= new StoreController(this, this.lab.models.store);
    this.library ??= new StoreController(this, this.lab.models.library.store);
    // Also re-render on lab changes (a model finished training, a training run started).
    this.labState ??= new StoreController(this, this.lab.store);
    void this.lab.models.library.open();
  }

  private async onAction(e: CustomEvent<ModelActionDetail>): Promise<void> {
    const { action, id, value } = e.detail;
    const m = this.lab.models;
    if (action === 'serve' || action === 'prune') await m.use(id, action);
    else if (action === 'download') await m.download(id);
    else if (action === 'delete') await m.remove(id);
    else if (action === 'rename') await m.rename(id, value ?? '');
    else if (action === 'compare') m.toggleCompare(id, value === 'on');
  }

  private async onFiles(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length > 0) await this.lab.models.importFiles(files);
  }

  override render() {
    const s = this.models.state;
    const lib = this.library.state;
    const busy = s.task !== null || this.lab.busy;
    const byId = new Map(lib.models.map((m) => [m.id, m]));
    return html`
      <aside>
        <h2>Load a model from files</h2>
        <label class="file">Model files (.json with its .weights.bin)
          <input type="file" name="model-files" multiple accept=".json,.bin,application/json,application/octet-stream" ?disabled=${busy || lib.status !== 'ready'} @change=${(e: Event) => this.onFiles(e)} />
        </label>
        <p class="note">The files are read in this tab and checked before use: a file that is not a model, has truncated weights or takes a different input size or class count is refused with the reason. Nothing is uploaded anywhere.</p>
        ${this.renderPruned(busy)}
        <h2>Storage</h2>
        ${this.renderStorage(lib)}
      </aside>
      <div class="results">
        ${s.task ? html`<tsl-progress data-models-progress label=${`${s.task}…`} .value=${0} .max=${0}></tsl-progress>` : nothing}
        ${s.error ? html`<p class="error" role="alert" data-models-error>${s.error}</p>` : nothing}
        ${s.message ? html`<p class="ok" role="status" data-models-message>${s.message}</p>` : nothing}
        <section>
          <h2>Saved models</h2>
          <tsl-models-list .models=${lib.models} .currentId=${s.currentId} .compared=${s.compared} ?disabled=${busy}
            @model-action=${(e: CustomEvent<ModelActionDetail>) => this.onAction(e)}></tsl-models-list>
          <p class="note">Serve and Prune load the model into the training worker on the Train view's backend (${this.labState.state.settings.backend}), test it again and open that view.</p>
        </section>
        <section>
          <h2>Compare</h2>
          <tsl-models-compare .models=${s.compared.map((id) => byId.get(id)).filter((m) => m !== undefined)}></tsl-models-compare>
        </section>
      </div>`;
  }

  private renderStorage(lib: LibraryState) {
    if (lib.status === 'unavailable') return html`<p class="error" role="alert" data-storage-error>${lib.error}</p>`;
    if (lib.status !== 'ready') return html`<p class="note">Opening the library…</p>`;
    return html`
      ${lib.error ? html`<p class="error" role="alert" data-storage-error>${lib.error}</p>` : nothing}
      <p class="note" data-storage>${lib.models.length} saved model${lib.models.length === 1 ? '' : 's'} in this browser (IndexedDB).
        ${lib.usageBytes !== null && lib.quotaBytes !== null
          ? html`This site uses ${formatBytes(lib.usageBytes)} of ${formatBytes(lib.quotaBytes)} available (navigator.storage.estimate).`
          : nothing}</p>
      ${lib.usageBytes !== null && lib.quotaBytes ? html`<tsl-progress label="Storage used" .value=${lib.usageBytes} .max=${lib.quotaBytes} detail=${`${((lib.usageBytes / lib.quotaBytes) * 100).toFixed(2)}%`}></tsl-progress>` : nothing}`;
  }

  private renderPruned(busy: boolean) {
    const sweep = this.lab.prune.savedArtifacts?.();
    if (!sweep || sweep.length === 0) return nothing;
    return html`<h2>Pruned models</h2>
      <p class="note">The last Prune sweep made ${sweep.length} pruned model${sweep.length === 1 ? '' : 's'}.</p>
      <div class="controls">${sweep.map((l) => html`<button data-action="save-pruned" ?disabled=${busy}
        @click=${() => this.lab.models.savePruned(l.artifacts, l.label, l.testAcc, l.params, l.weightBytes)}>Save ${l.label}</button>`)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-models-view': TslModelsView;
  }
}
