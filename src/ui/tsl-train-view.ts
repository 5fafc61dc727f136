// <tsl-train-view>: the Train view. Settings and controls on the left; progress, headline
// figures, live charts, per-epoch records and validation predictions on the right.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatAccuracyWithInterval, formatCount, formatFlops, formatMs } from '../metrics/format.ts';
import type { ImageSet } from '../data/image-set.ts';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import { leversHoldReason, type LeversState } from '../state/levers-state.ts';
import type { TaskState } from '../state/task-runner.ts';
import { StoreController } from '../state/store.ts';
import { describeCapabilities } from '../metrics/describe-capabilities.ts';
import { labContext } from './lab-context.ts';
import './tsl-confusion-matrix.ts';
import './tsl-epoch-table.ts';
import './tsl-kernel-histogram.ts';
import './tsl-prediction-grid.ts';
import './tsl-progress.ts';
import './tsl-train-chance.ts';
import './tsl-train-charts.ts';
import './tsl-train-settings.ts';
import './tsl-train-recover.ts'; // resume after a lost backend
import './tsl-resume-run.ts';
import './tsl-train-stalled.ts';
import './tsl-augment-preview.ts';
import './tsl-levers-panel.ts';
import { viewLayoutStyles } from './view-styles.ts';

const GRID_SIZE = 24;

@customElement('tsl-train-view')
export class TslTrainView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
    .figure { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 10px; }
    .figure .v { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .figure .k { font-size: 0.78rem; color: #444; }
    .figure .ci { font-size: 0.78rem; font-variant-numeric: tabular-nums; color: #333; }
    .status { font-size: 0.9rem; }
    section { min-width: 0; }
    /* Sections below the fold are not laid out or painted until scrolled to: the first epoch's
       grids of thumbnails otherwise cost a long frame while training runs. */
    section.lazy { content-visibility: auto; contain-intrinsic-size: auto 480px; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private store!: StoreController<LabState>;
  /** The Levers job's task and progress: Start waits while one holds the worker. */
  private leversTask!: StoreController<TaskState>;
  private leversJob!: StoreController<LeversState>;
  @state() private notice = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= new StoreController(this, this.lab.store);
    this.leversTask ??= new StoreController(this, this.lab.levers.task.store);
    this.leversJob ??= new StoreController(this, this.lab.levers.store, (l) => [l.job?.kind, l.job?.step, l.job?.run]);
  }

  private async start(): Promise<void> {
    this.notice = '';
    try {
      await this.lab.train();
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  override render() {
    const s = this.store.state;
    const t = s.training;
    const busy = ['starting', 'running', 'paused', 'stopping'].includes(t.phase);
    const dataset = s.dataset.kind === 'ready' ? s.dataset.dataset : null;
    const held = leversHoldReason(this.leversTask.state, this.leversJob.state.job);
    return html`
      <aside>
        ${this.renderDataset()}
        <tsl-resume-run></tsl-resume-run>
        <tsl-train-stalled></tsl-train-stalled>
        <tsl-train-settings .settings=${s.settings} .errors=${s.settingErrors} .backends=${s.backends} ?disabled=${busy}
          @settings-input=${(e: CustomEvent) => this.lab.updateSettings(e.detail)}></tsl-train-settings>
        <div class="controls">
          <button class="primary" data-action="start" ?disabled=${busy || s.dataset.kind === 'loading' || held !== null} aria-describedby=${held ? 'start-held' : nothing} @click=${() => this.start()}>Start training</button>
          ${t.phase === 'paused'
            ? html`<button data-action="resume" @click=${() => this.lab.resume()}>Resume</button>`
            : html`<button data-action="pause" ?disabled=${t.phase !== 'running'} @click=${() => this.lab.pause()}>Pause</button>`}
          <button data-action="stop" ?disabled=${!busy || t.phase === 'stopping'} @click=${() => this.lab.stop()}>Stop</button>
        </div>
        ${held && !busy ? html`<p class="note" id="start-held" role="status" data-start-held>${held}</p>` : nothing}
        ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
        ${t.error && t.end !== 'backend-lost' ? html`<p class="error" role="alert">Training failed: ${t.error}</p>` : nothing}
        ${t.end === 'backend-lost' && !busy ? html`<tsl-train-recover></tsl-train-recover>` : nothing}
        ${this.renderProgress()}
      </aside>
      <div class="results">
        ${this.renderFigures()}
        ${this.renderChance()}
        <section aria-label="Training charts"><tsl-train-charts .records=${t.records} .batchLosses=${t.batchLosses} .valCount=${this.valCount()} .classes=${this.classCount()}></tsl-train-charts></section>
        <section aria-label="Training-time augmentation" data-section="augmentation">
          <h2>Training-time augmentation: sample grid</h2>
          <tsl-augment-preview></tsl-augment-preview>
        </section>
        <section class="lazy">
          <h2>Per-epoch records</h2>
          <tsl-epoch-table .records=${t.records} .valCount=${this.valCount()}></tsl-epoch-table>
          <p class="note">Hover a column heading or a figure, or open "How these figures are obtained" under the records, to see how each is measured or derived. Kernel dispatches are <strong>counted</strong> (every dispatch of the training batches, hooked in TF.js's kernel registry), not profiled from a sample.</p>
        </section>
        <section class="lazy">
          <h2>Kernels dispatched in the last epoch</h2>
          <tsl-kernel-histogram .histogram=${t.records.at(-1)?.kernelHistogram ?? {}}></tsl-kernel-histogram>
        </section>
        ${dataset ? this.renderValidation(dataset.classNames) : nothing}
        <section class="lazy" data-section="levers">
          <h2>Levers: distillation and model size</h2>
          <tsl-levers-panel></tsl-levers-panel>
        </section>
      </div>`;
  }

  /** Images behind every validation accuracy of the run: the split its latest epoch was scored on. */
  private valCount(): number {
    const s = this.store.state;
    const predicted = s.training.validation?.predicted.length;
    if (predicted !== undefined) return predicted;
    return s.dataset.kind === 'ready' && s.training.records.length > 0 ? s.dataset.dataset.val.count : Number.NaN;
  }

  /** Classes of the run's data: chance accuracy is one over this. */
  private classCount(): number {
    const s = this.store.state;
    const confusion = s.training.validation?.confusion.length;
    if (confusion) return confusion;
    return s.dataset.kind === 'ready' ? s.dataset.dataset.classNames.length : Number.NaN;
  }

  /** The chance box: while the latest validation accuracy cannot be told apart from guessing. */
  private renderChance() {
    const t = this.store.state.training;
    const r = t.records.at(-1);
    if (!r) return nothing;
    return html`<tsl-train-chance .valAcc=${r.valAcc} .valCount=${this.valCount()} .classes=${this.classCount()} .epoch=${r.epoch}
      .learningRate=${t.settings?.learningRate ?? Number.NaN} ?ended=${!['starting', 'running', 'paused', 'stopping'].includes(t.phase)}></tsl-train-chance>`;
  }

  private renderDataset() {
    const d = this.store.state.dataset;
    if (d.kind === 'loading') return html`<tsl-progress label="Loading and decoding the dataset" .value=${d.done} .max=${d.total} detail=${`${d.done} / ${d.total}`}></tsl-progress>`;
    if (d.kind === 'error') return html`<p class="error" role="alert">${d.message}</p>`;
    if (d.kind === 'ready') {
      const ds = d.dataset;
      return html`<p class="status">Dataset <strong>${ds.name}</strong>: ${ds.train.count} train · ${ds.val.count} validation · ${ds.test.count} test (unseen) images, ${ds.train.width}×${ds.train.height}, classes ${ds.classNames.join(' / ')}.</p>`;
    }
    return html`<p class="status">Dataset not loaded yet.</p>`;
  }

  private renderProgress() {
    const t = this.store.state.training;
    if (t.phase === 'idle' || !t.settings) return nothing;
    const epochsDone = t.records.length;
    const lastLoss = t.batchLosses.at(-1);
    const caps = t.capabilities;
    return html`
      <tsl-progress label=${`Run: epoch ${Math.max(t.epoch, epochsDone)} of ${t.settings.epochs} (${t.phase})`} .value=${epochsDone} .max=${t.settings.epochs} detail=${`${epochsDone} done`}></tsl-progress>
      <tsl-progress label=${`Epoch ${t.epoch}: batch ${t.batch} of ${t.batches}`} .value=${t.batch} .max=${t.batches} detail=${lastLoss !== undefined ? `loss ${lastLoss.toFixed(3)}` : ''}></tsl-progress>
      <p class="note">Longest gap between page frames during the run: <strong data-figure="frame-gap">${formatMs(t.maxFrameGapMs)}</strong> (measured with requestAnimationFrame; training runs in a worker).</p>
      ${caps ? html`<p class="note">Trained on ${describeCapabilities(t.settings.backend, caps)}.</p>` : nothing}
      ${t.end ? html`<p class="status" role="status">Run ${t.end === 'completed' ? 'completed' : t.end === 'early-stopped' ? 'stopped early (validation loss stopped improving)' : t.end === 'backend-lost' ? 'stopped: the backend was lost; finished epochs are kept' : 'stopped; finished epochs are kept'}.</p>` : nothing}
      ${this.renderModel()}`;
  }

  /** The model the run became: named, and the one Serve, Prune and Inside now use. */
  private renderModel() {
    const model = this.lab.registry.get(this.store.state.training.modelId);
    if (!model) return nothing;
    const acc = model.testAcc ?? Number.NaN;
    const chance = chanceLabel(acc, model.testCount, model.numClasses);
    const origin = model.origin.kind === 'trained' ? model.origin : null;
    const kept = origin?.keptEpoch !== undefined ? origin.epochs.find((r) => r.epoch === origin.keptEpoch) : undefined;
    return html`<p class="note" data-trained-model>Kept as <strong>${model.name}</strong> (test accuracy ${formatAccuracyWithInterval(acc, model.testCount)} unseen images${chance ? html`, <strong data-chance-mark>${chance}</strong>` : nothing}), now the selected model of Serve, Prune and Inside; its lineage is in the Models view.${kept ? html` It has the weights of <strong data-kept-epoch>epoch ${kept.epoch}</strong> of ${origin!.epochs.length}: the epoch with the lowest validation loss (${kept.valLoss.toFixed(3)}, validation accuracy ${formatAccuracyWithInterval(kept.valAcc, this.valCount())}), kept as the setting asks.` : nothing}</p>`;
  }

  private renderFigures() {
    const t = this.store.state.training;
    const r = t.records.at(-1);
    // Before the first epoch the boxes are there, empty: the results below do not jump when the
    // first figures arrive (that re-layout of the whole column was a long frame mid-run).
    const figure = (key: string, value: ((x: NonNullable<typeof r>) => string), label: string, extra: unknown = nothing) =>
      html`<div class="figure" data-figure=${key}><div class="v">${r ? value(r) : '—'}</div>${extra}<div class="k">${label}</div></div>`;
    const acc = r ? accuracyParts(r.valAcc, this.valCount()) : null;
    return html`<div class="figures" aria-label="Latest epoch figures">
      ${figure('val-acc', () => acc!.value, `validation accuracy${r ? ` (epoch ${r.epoch})` : ''}`,
        acc?.interval ? html`<div class="ci" data-interval title="95% Wilson interval and the validation images behind the figure">${acc.interval}</div><div class="ci">${acc.count}</div>` : nothing)}
      ${figure('epoch-time', (x) => formatMs(x.wallMs), 'wall time of the epoch (measured)')}
      ${figure('samples', (x) => x.samplesPerSec.toFixed(1), 'training samples/s (measured)')}
      ${figure('gflops', (x) => x.gflops.toFixed(2), 'GFLOP/s (analytic FLOPs ÷ measured time)')}
      ${figure('flops', (x) => formatFlops(x.trainFlops), 'training FLOPs per epoch (analytic)')}
      ${figure('dispatches', (x) => formatCount(x.kernelCount), 'kernel dispatches per epoch (counted)')}
      ${figure('tensors', (x) => formatCount(x.numTensors), 'tensors held after the epoch (tf.memory)')}
    </div>
    ${acc?.caveat ? html`<p class="note" data-caveat>Validation accuracy: ${acc.caveat}.</p>` : nothing}
    <p class="note">${r
      ? html`Figures of epoch ${r.epoch}, the latest finished; every epoch is in the per-epoch records below.`
      : html`Press <strong>Start training</strong>: each epoch's wall time, kernel dispatches, FLOPs, memory, loss and accuracy appear here, measured as the model trains.`}</p>`;
  }

  private gridCache: { val: ImageSet; validation: unknown; shown: number[]; wrong: number[] } | null = null;

  /** Same arrays while nothing changed, so the grids do not redraw their canvases on every batch. */
  private gridIndices(val: ImageSet, v: LabState['training']['validation']): { shown: number[]; wrong: number[] } {
    if (this.gridCache?.val !== val || this.gridCache.validation !== v) {
      const shown = Array.from({ length: Math.min(GRID_SIZE, val.count) }, (_, i) => i);
      const wrong = v ? Array.from(v.predicted.keys()).filter((i) => v.predicted[i] !== val.labels[i]) : [];
      this.gridCache = { val, validation: v, shown, wrong: wrong.slice(0, 48) };
      this.wrongTotal = wrong.length;
    }
    return this.gridCache;
  }

  private wrongTotal = 0;

  private renderValidation(classNames: string[]) {
    const v = this.store.state.training.validation;
    const d = this.store.state.dataset;
    if (d.kind !== 'ready') return nothing;
    const val = d.dataset.val;
    const { shown, wrong } = this.gridIndices(val, v);
    return html`
      <section class="lazy">
        <h2>Validation images: predicted class and confidence (latest epoch)</h2>
        <tsl-prediction-grid .images=${val} .indices=${shown} .predicted=${v?.predicted ?? null} .confidence=${v?.confidence ?? null} .classNames=${classNames}></tsl-prediction-grid>
      </section>
      <section class="lazy">
        <h2>Confusion matrix</h2>
        <tsl-confusion-matrix .matrix=${v?.confusion ?? []} .classNames=${classNames}></tsl-confusion-matrix>
      </section>
      <section class="lazy">
        <h2>Misclassified validation images (${this.wrongTotal})</h2>
        <tsl-prediction-grid .images=${val} .indices=${wrong} .predicted=${v?.predicted ?? null} .confidence=${v?.confidence ?? null} .classNames=${classNames}
          emptyText=${v ? 'None: every validation image is classified correctly.' : 'No predictions yet.'}></tsl-prediction-grid>
        ${this.wrongTotal > wrong.length ? html`<p class="note">Showing the first ${wrong.length} of ${this.wrongTotal}.</p>` : nothing}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-train-view': TslTrainView;
  }
}
