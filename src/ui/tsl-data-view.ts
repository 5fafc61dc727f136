// <tsl-data-view>: the Data view: bring your own images. Ways in and the split on the left;
// classes with counts and thumbnails, the split in use and what was left out on the right.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { countOf, formatMs } from '../metrics/format.ts';
import { IMAGE_SIZE } from '../state/data-lab.ts';
import type { DataState } from '../state/data-state.ts';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import type { TaskState } from '../state/task-runner.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';
import './tsl-data-class.ts';
import './tsl-data-intake.ts';
import './tsl-data-settings.ts';
import './tsl-data-summary.ts';
import './tsl-progress.ts';
import { viewLayoutStyles } from './view-styles.ts';

@customElement('tsl-data-view')
export class TslDataView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    .status { font-size: 0.9rem; margin: 0; }
    .error { font-size: 0.88rem; margin: 0; }
    .info { color: #0b5d1e; font-size: 0.88rem; margin: 0; }
    .warn { color: #8a4b00; font-weight: 600; font-size: 0.88rem; margin: 0; }
    .classes { display: flex; flex-direction: column; gap: 10px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.88rem; }
    th, td { border: 1px solid var(--tsl-border, #ccd); padding: 4px 10px; text-align: right; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    th[scope='row'] { text-align: left; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private store!: StoreController<LabState>;
  private data!: StoreController<DataState>;
  private pruning!: StoreController<TaskState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= new StoreController(this, this.lab.store, (s) => [s.dataset, isTrainingBusy(s)]);
    this.data ??= new StoreController(this, this.lab.data.store);
    this.pruning ??= new StoreController(this, this.lab.prune.task.store, (t) => t.status);
  }

  override render() {
    const d = this.data.state;
    const busy = d.loading !== null || d.capturing !== null;
    const training = this.lab.busy || this.lab.prune.busy;
    const images = d.classes.reduce((n, c) => n + c.images.length, 0);
    const data = this.lab.data;
    return html`
      <aside @data-folder=${(e: CustomEvent) => void data.addFolder(e.detail)} @data-add-class=${(e: CustomEvent<string>) => data.addClass(e.detail)}
        @data-settings-input=${(e: CustomEvent) => data.updateSettings(e.detail)}>
        ${this.renderInUse(training)}
        <tsl-data-intake ?disabled=${busy}></tsl-data-intake>
        ${d.loading ? html`<tsl-progress label=${`Decoding ${d.loading.what}`} .value=${d.loading.done} .max=${d.loading.total} detail=${`${d.loading.done} / ${d.loading.total}`}></tsl-progress>` : nothing}
        ${d.message ? html`<p class=${d.message.kind} role=${d.message.kind === 'error' ? 'alert' : 'status'} data-message>${d.message.text}</p>` : nothing}
        ${d.lastLoad ? html`<p class="note" data-load-stats>Last load: ${countOf(d.lastLoad.files, 'file')}, ${d.lastLoad.added} added, ${d.lastLoad.skipped} left out in ${formatMs(d.lastLoad.ms)}; longest gap between page frames while decoding ${formatMs(d.lastLoad.maxFrameGapMs)} (measured with requestAnimationFrame from the first frame after the files arrived; decoding runs in a worker).</p>` : nothing}
        <tsl-data-settings .settings=${d.settings} .errors=${d.errors} ?disabled=${busy}></tsl-data-settings>
        <div class="controls">
          <button class="primary" data-action="use-own" ?disabled=${busy || training || images === 0} @click=${() => void data.useOwn()}>Train on these images</button>
          <button data-action="use-shipped" ?disabled=${busy || training || d.active === null} @click=${() => void data.useShipped()}>Back to the shipped set</button>
          <button data-action="clear" ?disabled=${busy || images === 0} @click=${() => data.clear()}>Clear</button>
        </div>
        ${training ? html`<p class="note">Training or pruning is running: the dataset cannot change until it ends.</p>` : nothing}
      </aside>
      <div class="results" @data-class-files=${(e: CustomEvent) => void data.addFiles(e.detail.className, e.detail.files)}
        @data-capture-start=${(e: CustomEvent<string>) => void data.startCapture(e.detail)} @data-capture-stop=${() => data.stopCapture()}
        @data-remove-class=${(e: CustomEvent<string>) => data.removeClass(e.detail)} @data-remove-image=${(e: CustomEvent) => data.removeImage(e.detail.className, e.detail.id)}>
        <section aria-label="Classes">
          <h2>Your images: ${d.name} (${images} in ${d.classes.length} class${d.classes.length === 1 ? '' : 'es'})</h2>
          ${d.classes.length === 0 ? html`<p class="note">No images yet: drop a folder, or add a class and fill it with files or webcam frames.</p>` : nothing}
          <div class="classes">${d.classes.map((c) => html`<tsl-data-class .cls=${c} .minimum=${d.settings.minPerClass} ?capturing=${d.capturing === c.name} ?disabled=${busy}></tsl-data-class>`)}</div>
        </section>
        ${this.renderSplit()}
        <section aria-label="Left out">
          <h2>Left out</h2>
          <tsl-data-summary .notes=${d.skipped}></tsl-data-summary>
        </section>
      </div>`;
  }

  private renderInUse(training: boolean) {
    const s = this.store.state.dataset;
    const own = this.data.state.active !== null;
    const what = s.kind === 'ready' ? (own ? `your images "${s.dataset.name}"` : `the shipped set "${s.dataset.name}"`) : 'the shipped set (still loading)';
    return html`<p class="status" data-in-use>Training uses <strong>${what}</strong>${training ? ' (locked while training runs)' : ''}.</p>`;
  }

  private renderSplit() {
    const active = this.data.state.active;
    if (!active) return nothing;
    const splits = ['train', 'val', 'test'] as const;
    const total = (k: (typeof splits)[number]) => active.perClass[k].reduce((a, b) => a + b, 0);
    return html`<section aria-label="Split in use">
      <h2>Split in use</h2>
      <table data-split>
        <thead><tr><th scope="col">class</th>${splits.map((k) => html`<th scope="col">${k === 'val' ? 'validation' : k === 'test' ? 'test (held out)' : 'train'}</th>`)}</tr></thead>
        <tbody>${active.classNames.map((name, c) => html`<tr><th scope="row">${name}</th>${splits.map((k) => html`<td>${active.perClass[k][c]}</td>`)}</tr>`)}
          <tr><th scope="row">all</th>${splits.map((k) => html`<td>${total(k)}</td>`)}</tr></tbody>
      </table>
      <p class="note">${active.duplicates} exact duplicate file${active.duplicates === 1 ? '' : 's'} found (same SHA-256), each kept in its original's split. Images were centre-cropped and resized to ${IMAGE_SIZE}×${IMAGE_SIZE}.</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-data-view': TslDataView;
  }
}
