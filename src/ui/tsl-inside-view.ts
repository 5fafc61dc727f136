// <tsl-inside-view>: the Inside view. Left: the image to look at, the live-snapshot budget, layer
// profiling and what the snapshots cost. Right: the layer table (FLOPs and measured time shares),
// every conv layer's feature maps with the class probabilities, the filters, and |w| histograms.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatMs } from '../metrics/format.ts';
import type { InsideState } from '../state/inside-state.ts';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import type { ModelSelectEvent } from './model-events.ts';
import './tsl-model-picker.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';
import './tsl-inside-activations.ts';
import './tsl-inside-filters.ts';
import './tsl-inside-image-picker.ts';
import './tsl-inside-layer-table.ts';
import './tsl-inside-cost.ts';
import './tsl-progress.ts';
import './tsl-weight-histogram.ts';
import { viewLayoutStyles } from './view-styles.ts';

@customElement('tsl-inside-view')
export class TslInsideView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    .error { font-size: 0.88rem; }
    section { min-width: 0; }
    /* In rem, as in the Prune view: lecture mode gets fewer, wider histograms, each with its bin table. */
    .hists { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr)); gap: 12px; }
    label { font-size: 0.88rem; }
    select { font: inherit; }
    select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private labStore!: StoreController<LabState>;
  private inside!: StoreController<InsideState>;
  private registryStore!: StoreController<RegistryState>;

  override connectedCallback(): void {
    super.connectedCallback();
    // This view shows the run's batch progress, so it follows the whole lab state.
    this.labStore ??= new StoreController(this, this.lab.store);
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (r) => [r.models, r.selectedId]);
    this.inside ??= new StoreController(this, this.lab.inside.store);
    void this.lab.inside.activate();
  }

  override render() {
    const s = this.inside.state;
    const lab = this.labStore.state;
    const t = lab.training;
    const dataset = lab.dataset.kind === 'ready' ? lab.dataset.dataset : null;
    const training = isTrainingBusy(lab);
    const registry = this.registryStore.state;
    const shown = this.lab.registry.get(s.modelId);
    const hasModel = this.lab.registry.selected?.hasWeights ?? false;
    return html`
      <aside>
        <tsl-model-picker .models=${registry.models} .selectedId=${registry.selectedId} requireWeights ?training=${training}
          @tsl-model-select=${(e: ModelSelectEvent) => this.lab.registry.select(e.detail.id)}></tsl-model-picker>
        <p class="note" data-inside-model>${training ? 'While a run trains, the maps and weights below are of the model being trained (live).' : shown ? html`Showing <strong>${shown.name}</strong>.` : 'No finished model to show yet.'}</p>
        <h2>Look inside with</h2>
        <tsl-inside-image-picker .image=${s.image} validationCount=${dataset?.val.count ?? 0} ?disabled=${s.busy !== null}
          @pick-validation=${(e: CustomEvent<number>) => this.lab.inside.pickValidation(e.detail)}
          @pick-file=${(e: CustomEvent<File>) => this.lab.inside.pickFile(e.detail)}
          @pick-camera=${() => this.lab.inside.pickCamera()}></tsl-inside-image-picker>
        ${s.error ? html`<p class="error" role="alert" data-inside-error>${s.error}</p>` : nothing}
        ${training ? html`<tsl-progress label=${`Training (${t.phase}): epoch ${t.epoch}, batch ${t.batch} of ${t.batches}`} .value=${t.batch} .max=${t.batches}></tsl-progress>` : nothing}
        <tsl-inside-cost .records=${t.records} .live=${s.live} .rate=${s.rate} ?training=${training}
          @rate-input=${(e: CustomEvent<InsideState['rate']>) => this.lab.inside.setRate(e.detail)}></tsl-inside-cost>
        <h2>Time each layer</h2>
        <div class="controls">
          <label>batch <select name="profile-batch">${[1, 8, 32, 64].map((b) => html`<option value=${b} ?selected=${b === 32}>${b}</option>`)}</select></label>
          <button class="primary" data-action="profile" ?disabled=${s.profiling || (training && t.phase !== 'paused') || !hasModel && !training}
            @click=${() => this.lab.inside.profile(Number(this.renderRoot.querySelector<HTMLSelectElement>('select[name="profile-batch"]')!.value))}>Profile a batch</button>
        </div>
        ${s.profiling ? html`<tsl-progress label="Timing every layer on a batch"></tsl-progress>` : nothing}
        <p class="note">${training && t.phase !== 'paused' ? 'Pause training to profile, so the two do not slow each other down.' : 'Runs each layer alone on a batch of validation images on the training backend.'}</p>
      </aside>
      <div class="results">
        <section aria-labelledby="h-layers">
          <h2 id="h-layers">What each layer costs</h2>
          ${s.rows ? html`<tsl-inside-layer-table .rows=${s.rows} .profile=${s.profile}></tsl-inside-layer-table>` : html`<p class="note">Loading the layer table…</p>`}
          <p class="note">${s.rowsSource === 'settings' ? 'No model trained yet: this is the model the Train settings would build. ' : ''}FLOPs are <strong>analytic</strong> per query (one image, forward pass; the same counts as the Train and Serve views). ${s.profile
            ? html`Times are <strong>measured per layer</strong>: each layer's forward pass on a batch of ${s.profile.batchSize} validation images, run alone on ${s.profile.backend} (its real input precomputed), timed with performance.now() around apply plus reading back one output element (which makes an asynchronous backend finish), median of ${s.profile.repeats} runs after a warm-up; the kernels column is what tf.profile saw it dispatch. Shares divide by the layers' sum, ${formatMs(s.profile.sumMs)}; the whole model at once took ${formatMs(s.profile.wholeMs)} (layers alone lose the reuse of warm memory between them, and this machine's other work adds noise: profile again to see the spread).`
            : 'Press Profile a batch to measure each layer\'s time share.'}</p>
        </section>
        <section aria-labelledby="h-maps">
          <h2 id="h-maps">Feature maps of every conv layer${s.snapshot && s.snapshot.epoch > 0 ? html` <span class="note" data-snapshot-at>(epoch ${s.snapshot.epoch}, batch ${s.snapshot.batch})</span>` : nothing}</h2>
          <tsl-inside-activations .snapshot=${s.snapshot} .classNames=${dataset?.classNames ?? []}></tsl-inside-activations>
        </section>
        <section aria-labelledby="h-filters">
          <h2 id="h-filters">Filters</h2>
          <tsl-inside-filters .weights=${s.weights} fraction=${s.cutFraction} @cut-fraction=${(e: CustomEvent<{ fraction: number }>) => this.lab.inside.setCutFraction(e.detail.fraction)}></tsl-inside-filters>
        </section>
        <section aria-labelledby="h-hists">
          <h2 id="h-hists">Weight magnitudes per layer${s.weights && s.weights.epoch > 0 ? ` (end of epoch ${s.weights.epoch})` : ''}</h2>
          <p class="note">|w| of each layer's kernel (biases left out), updated at the end of every epoch. Unstructured magnitude pruning removes weights from the left of these histograms; the Prune view shows them before and after.</p>
          <div class="hists">${s.weights?.histograms.map((h) => html`<tsl-weight-histogram layer=${`${h.layer} (${h.className}, ${h.count.toLocaleString('en')} weights)`} .series=${[{ label: 'now', histogram: h.histogram }]}></tsl-weight-histogram>`) ?? nothing}</div>
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-view': TslInsideView;
  }
}
