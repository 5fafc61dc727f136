// <tsl-models-view>: the Models view on the registry: every model the app holds with its lineage
// and actions, each family drawn as a tree, loading a model from files, the storage status, and a
// side-by-side comparison. Picking a model anywhere here selects it for Serve, Prune, Inside and the Ledger.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatBytes } from '../metrics/format.ts';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import { StoreController } from '../state/store.ts';
import type { TaskState } from '../state/task-runner.ts';
import { labContext } from './lab-context.ts';
import type { ModelSelectEvent } from './model-events.ts';
import type { ModelActionDetail } from './tsl-models-list.ts';
import './tsl-model-lineage.ts';
import './tsl-models-compare.ts';
import './tsl-models-list.ts';
import './tsl-progress.ts';
import { viewLayoutStyles } from './view-styles.ts';

const TRAINING_PHASES: readonly string[] = ['starting', 'running', 'paused', 'stopping'];

@customElement('tsl-models-view')
export class TslModelsView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    .ok { color: #1b5e20; }
    label.file { display: inline-block; }
    input[type='file'] { font: inherit; max-width: 100%; }
    input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private registry!: StoreController<RegistryState>;
  private models!: StoreController<Lab['models']['store']['state']>;
  private task!: StoreController<TaskState>;
  private labState!: StoreController<LabState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.registry ??= new StoreController(this, this.lab.registry.store);
    this.models ??= new StoreController(this, this.lab.models.store);
    this.task ??= new StoreController(this, this.lab.models.task.store);
    // Only whether a run is going matters here, not its batches.
    this.labState ??= new StoreController(this, this.lab.store, (s) => TRAINING_PHASES.includes(s.training.phase));
    void this.lab.models.refreshEstimate();
  }

  private select(e: ModelSelectEvent): void {
    this.lab.registry.select(e.detail.id);
  }

  private async onAction(e: CustomEvent<ModelActionDetail>): Promise<void> {
    const { action, id, value } = e.detail;
    const m = this.lab.models;
    if (action === 'serve' || action === 'prune' || action === 'inside') await m.use(id, action);
    else if (action === 'download') await m.download(id);
    else if (action === 'delete') await m.remove(id);
    else if (action === 'delete-family') await m.removeWithDescendants(id);
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
    const reg = this.registry.state;
    const s = this.models.state;
    const task = this.task.state;
    const running = task.status === 'running';
    const training = TRAINING_PHASES.includes(this.labState.state.training.phase);
    const byId = new Map(reg.models.map((m) => [m.id, m]));
    const selected = reg.selectedId ? byId.get(reg.selectedId) : undefined;
    return html`
      <aside>
        <h2>Load a model from files</h2>
        <label class="file">Model files (.json with its .weights.bin)
          <input type="file" name="model-files" multiple accept=".json,.bin,application/json,application/octet-stream" ?disabled=${running || training || !reg.restored} @change=${(e: Event) => this.onFiles(e)} />
        </label>
        <p class="note">The files are read in this tab and checked in the training worker before use: a file that is not a model, has truncated weights or takes a different input size or class count is refused with the reason. Nothing is uploaded anywhere.${training ? ' Loading waits for the training run to finish.' : ''}</p>
        <p class="note">A run report (the Ledger's export) holds measurements, not weights: load it in the Ledger view.</p>
        <h2>Storage</h2>
        ${this.renderStorage(reg, s.usageBytes, s.quotaBytes)}
      </aside>
      <div class="results">
        ${running ? html`<tsl-progress data-models-progress label=${`${task.task ?? 'Working'}…`} .value=${0} .max=${0}></tsl-progress>` : nothing}
        ${task.error ? html`<p class="error" role="alert" data-models-error>${task.error}</p>` : nothing}
        ${s.message ? html`<p class="ok" role="status" data-models-message>${s.message}</p>` : nothing}
        <section @tsl-model-select=${(e: ModelSelectEvent) => this.select(e)}>
          <h2>Models</h2>
          <p class="note" data-selected>${selected ? html`Selected: <strong>${selected.name}</strong>, the model Serve, Prune, Inside and the Ledger use.` : 'No model selected: Select one below, or pick a node in the lineage.'}</p>
          <tsl-models-list .models=${[...reg.models].reverse()} .allModels=${reg.models} .selectedId=${reg.selectedId} .compared=${s.compared} ?disabled=${running}
            @tsl-model-action=${(e: CustomEvent<ModelActionDetail>) => this.onAction(e)}></tsl-models-list>
          <p class="note">Serve, Prune and Inside select the model and open that view. Pruned levels join the registry as the Prune view makes them.</p>
        </section>
        <section data-lineage @tsl-model-select=${(e: ModelSelectEvent) => this.select(e)}>
          <h2>Lineage</h2>
          <p class="note">Each family starts at a training run; every model made from another (a pruned level, a fine-tuned or retrained model) hangs under it. Pick a node to select that model. Each node's p50 is the model-only median of its measurements on wasm.</p>
          <tsl-model-lineage .models=${reg.models} .measurements=${reg.measurements} .selectedId=${reg.selectedId}></tsl-model-lineage>
        </section>
        <section>
          <h2>Compare</h2>
          <tsl-models-compare .models=${s.compared.map((id) => byId.get(id)).filter((m) => m !== undefined)} .measurements=${reg.measurements}></tsl-models-compare>
        </section>
      </div>`;
  }

  private renderStorage(reg: RegistryState, usageBytes: number | null, quotaBytes: number | null) {
    if (!reg.restored) return html`<p class="note">Opening this browser's storage…</p>`;
    const kept = reg.models.filter((m) => m.hasWeights).length;
    return html`
      ${reg.storageError ? html`<p class="error" role="alert" data-storage-error>${reg.storageError}</p>` : nothing}
      <p class="note" data-storage>${reg.models.length} model${reg.models.length === 1 ? '' : 's'} in the registry, ${kept} with weights, kept in this browser (IndexedDB).
        ${usageBytes !== null && quotaBytes !== null
          ? html`This site uses ${formatBytes(usageBytes)} of ${formatBytes(quotaBytes)} available (navigator.storage.estimate).`
          : nothing}</p>
      ${usageBytes !== null && quotaBytes ? html`<tsl-progress label="Storage used" .value=${usageBytes} .max=${quotaBytes} detail=${`${((usageBytes / quotaBytes) * 100).toFixed(2)}%`}></tsl-progress>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-models-view': TslModelsView;
  }
}
