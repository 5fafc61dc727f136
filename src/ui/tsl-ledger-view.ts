// <tsl-ledger-view>: the cost ledger. Traffic, chart choices, export and import on the left; the
// story in numbers, the cumulative-cost charts (lines crossing at break-even) and the ledger table
// on the right: one row per model of the registry (this tab's, saved or imported) and serving backend.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, queryAll } from 'lit/decorators.js';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import type { LedgerState } from '../state/ledger-state.ts';
import type { ServingRecords } from '../metrics/report.ts';
import type { RegistryState } from '../state/model-registry.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';
import type { TslLedgerChart } from './tsl-ledger-chart.ts';
import { chartLevels, pickStory, storySentences, type LedgerStory } from './tsl-ledger-story.ts';
import type { LedgerRow } from '../registry/ledger-rows.ts';
import './tsl-ledger-chart.ts';
import './tsl-ledger-io.ts';
import './tsl-ledger-serving.ts';
import './tsl-ledger-fleet.ts';
import './tsl-ledger-table.ts';
import './tsl-ledger-spend.ts';
import './tsl-ledger-lifecycle.ts';
import type { ModelSelectEvent } from './model-events.ts';
import './tsl-model-picker.ts';
import { viewLayoutStyles } from './view-styles.ts';

@customElement('tsl-ledger-view')
export class TslLedgerView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    label, .field { display: flex; flex-direction: column; gap: 3px; font-size: 0.88rem; font-weight: 600; }
    input, select { font: inherit; font-weight: 400; padding: 4px 6px; border: 1px solid #778; border-radius: 5px; }
    input:focus-visible, select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 1px; }
    .error { font-size: 0.85rem; margin: 0; }
    .note { margin: 0; }
    .story { border-left: 4px solid var(--tsl-accent, #0072b2); background: #f3f7fb; padding: 8px 12px; margin: 0; font-size: 0.95rem; line-height: 1.45; }
    .story span { display: block; }
    /* minmax(0, …): a drawn chart's canvas has a fixed pixel width; an auto minimum would hold the track at that
       width when the column narrows (Controls shown in lecture mode), and Chart.js would never see its box shrink. */
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(380px, 100%), 1fr)); gap: 16px; }
    .charts > * { min-width: 0; }
    .empty { max-width: 44rem; }
    /* Lecture mode: one chart, filling the screen under a short story. */
    :host([lecture]) .results { gap: 8px; }
    :host([lecture]) .story { font-size: 0.8rem; padding: 4px 10px; line-height: 1.3; }
    :host([lecture]) .story span:first-child { display: none; }
    :host([lecture]) .charts { grid-template-columns: minmax(0, 1fr); --tsl-ledger-chart-height: calc(100vh - 8rem); }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private labStore!: StoreController<LabState>;
  private ledgerStore!: StoreController<LedgerState>;
  private registryStore!: StoreController<RegistryState>;
  private importedStore!: StoreController<ServingRecords>;
  @queryAll('tsl-ledger-chart') private charts!: NodeListOf<TslLedgerChart>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.labStore ??= new StoreController(this, this.lab.store, (s) => [s.lecture, s.training.phase]);
    this.ledgerStore ??= new StoreController(this, this.lab.ledger.store);
    // The rows come from the registry's models and measurements; the selection picks the chart's family and marks its rows.
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (s) => [s.models, s.measurements, s.selectedId]);
    this.importedStore ??= new StoreController(this, this.lab.ledger.imported);
  }

  protected override willUpdate(): void {
    this.toggleAttribute('lecture', this.labStore.state.lecture);
  }

  /** Selects a model everywhere, and points the chart at it (its family, and itself if it is pruned). */
  private select(id: string): void {
    this.lab.registry.select(id);
    this.lab.ledger.chooseChart(null, null);
  }

  private images = () => [...this.charts].flatMap((c) => c.image() ?? []);

  override render() {
    const lecture = this.labStore.state.lecture;
    const l = this.ledgerStore.state;
    const rows = this.lab.ledger.rows();
    const fromReports = this.registryStore.state.models.filter((m) => m.source === 'report');
    const imported = new Set(fromReports.map((m) => m.id));
    // The chart follows the selected model unless a family or level was chosen here.
    const selected = this.lab.registry.selected;
    const chartRun = l.chartRun ?? selected?.familyId ?? null;
    const chartLevel = l.chartLevel ?? (selected?.origin.kind === 'pruned' ? rows.find((r) => r.modelId === selected.id)?.key ?? null : null);
    const story = pickStory(rows, chartRun, chartLevel, new Set(fromReports.map((m) => m.familyId)));
    const reg = this.registryStore.state;
    return html`
      <aside>
        <tsl-model-picker .models=${reg.models} .selectedId=${reg.selectedId} ?training=${['starting', 'running', 'paused', 'stopping'].includes(this.labStore.state.training.phase)}
          @tsl-model-select=${(e: ModelSelectEvent) => this.select(e.detail.id)}></tsl-model-picker>
        <p class="note">Its rows are marked in the ledger, and the chart shows its family.</p>
        <label>Traffic (queries per day)
          <input name="queriesPerDay" inputmode="numeric" .value=${String(l.settings.queriesPerDay)} aria-describedby="traffic-note"
            @change=${(e: Event) => this.lab.ledger.updateSettings({ queriesPerDay: (e.target as HTMLInputElement).value })} />
        </label>
        ${l.errors.queriesPerDay ? html`<p class="error" role="alert">${l.errors.queriesPerDay}</p>` : nothing}
        <p class="note" id="traffic-note">Turns break-even queries into days. It is the only figure you type in; every other number comes from a run.</p>
        ${story ? this.renderChoices(story, l) : nothing}
        <tsl-ledger-io .images=${this.images}></tsl-ledger-io>
        ${fromReports.length > 0
          ? html`<button data-action="remove-imported" @click=${() => fromReports.forEach((m) => this.lab.registry.remove(m.id))}>Remove imported models</button>`
          : nothing}
      </aside>
      <div class="results">${story ? this.renderLedger(story, l, lecture, imported) : this.renderEmpty()}<tsl-ledger-lifecycle></tsl-ledger-lifecycle></div>`;
  }

  private renderChoices(story: LedgerStory, l: LedgerState) {
    const rows = this.lab.ledger.rows();
    const families = [...new Map(rows.map((r) => [r.runId, r])).values()];
    const imported = (r: LedgerRow) => this.lab.registry.get(r.modelId)?.source === 'report';
    const levels = chartLevels(rows, story.runId);
    const backends = new Set(levels.map((r) => r.serveBackend));
    return html`
      <label>Chart unit
        <select name="unit" @change=${(e: Event) => this.lab.ledger.updateSettings({ unit: (e.target as HTMLSelectElement).value })}>
          <option value="time" ?selected=${l.settings.unit === 'time'}>time (measured)</option>
          <option value="flops" ?selected=${l.settings.unit === 'flops'}>FLOPs (analytic)</option>
        </select>
      </label>
      <label>Model family in the chart
        <select name="run" @change=${(e: Event) => this.lab.ledger.chooseChart((e.target as HTMLSelectElement).value, null)}>
          ${families.map((r) => html`<option value=${r.runId} ?selected=${r.runId === story.runId}>${r.runLabel}${imported(r) ? ' (imported)' : ''}</option>`)}
        </select>
      </label>
      ${levels.length > 0
        ? html`<label>Pruned model in the chart
            <select name="level" @change=${(e: Event) => this.lab.ledger.chooseChart(story.runId, (e.target as HTMLSelectElement).value)}>
              ${levels.map((r) => html`<option value=${r.key} ?selected=${r.key === story.pruned?.key}>${r.modelName}${backends.size > 1 ? ` on ${r.serveBackend}` : ''}</option>`)}
            </select>
          </label>`
        : nothing}`;
  }

  private renderLedger(story: LedgerStory, l: LedgerState, lecture: boolean, imported: ReadonlySet<string>) {
    const perDay = l.settings.queriesPerDay;
    const units = lecture ? [l.settings.unit] : (['time', 'flops'] as const);
    const from = story.dense.model;
    const title = story.pruned ? `${from[0]!.toUpperCase()}${from.slice(1)} against ${story.pruned.model}: cumulative cost` : 'Training against serving: cumulative cost';
    const explanation = story.pruned
      ? 'Each line starts at the training its model needed (the pruned one includes fine-tuning) and rises by its cost per query, the median of its measurements.'
      : 'Training is paid once; serving adds its cost with every query.';
    return html`
      <p class="story" data-story>${storySentences(story, perDay, lecture ? l.settings.unit : 'time').map((s) => html`<span>${s}</span>`)}</p>
      <section class="charts" aria-label="Cumulative cost charts">
        ${units.map((unit) => html`<tsl-ledger-chart heading=${`${title} (${unit === 'time' ? 'measured time' : 'analytic FLOPs'})`} .lines=${story.lines(unit)} unit=${unit}
          .queriesPerDay=${perDay} .fallbackQueries=${story.fallbackQueries} explanation=${explanation}></tsl-ledger-chart>`)}
      </section>
      <section>
        <h2>The ledger: one row per model and serving backend</h2>
        <tsl-ledger-table .rows=${this.lab.ledger.rows()} .models=${this.registryStore.state.models} .queriesPerDay=${perDay} .imported=${imported} .selectedId=${this.registryStore.state.selectedId} .only=${lecture ? l.settings.unit : null}></tsl-ledger-table>
        <p class="note">Time per query is the median of the row's measured model-only p50s (the page-to-worker round trip is the same for every model): every Serve-view run, backend comparison and pruning sweep of that model on that backend counts, and the number of measurements and their range stand beside it. Pruned models are charged their parent's training plus their fine-tuning, and repay it against their parent's row on the same backend. No saving, or a negative one, never repays. Hover a figure, or press "how", for where it came from.</p>
      </section>
      ${lecture ? nothing : this.renderServing()}
      ${lecture ? nothing : html`<section aria-label="Serving at scale"><tsl-ledger-fleet></tsl-ledger-fleet></section>`}
      <section aria-label="Where to spend"><tsl-ledger-spend></tsl-ledger-spend></section>`;
  }

  /** Each model's latest open-loop sweep and backend comparison (this tab's and imported), when there are any. */
  private renderServing() {
    const serving = this.lab.ledger.shownServing();
    if (serving.openLoop.length + serving.compare.length === 0) return nothing;
    return html`<section aria-label="Serving under load">
      <h2>Serving under load and across backends</h2>
      <tsl-ledger-serving .serving=${serving}></tsl-ledger-serving>
      <p class="note">The latest open-loop sweep (per serving backend) and backend comparison of each model, from the Serve view or an imported report; the exported report carries them.</p>
    </section>`;
  }

  private renderEmpty() {
    return html`<div class="empty">
      <h2>No runs yet</h2>
      <p>The ledger sets what training cost against what each query costs. Train a model, serve it in the Serve view and prune it in the Prune view: every model appears here, one row per serving backend, with its break-even. Or import a report file to look at earlier models.</p>
      <button class="primary" data-action="go-train" @click=${() => this.lab.store.set({ view: 'train' })}>Go to the Train view</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-view': TslLedgerView;
  }
}
