// <tsl-prune-view>: the Prune view. Sweep settings and controls on the left; the sweep table,
// curves, the training it cost, and a look inside the pruned models on the right.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { DEFAULT_REL_HALF_WIDTH } from '../metrics/precision-stop.ts';
import { customElement, state } from 'lit/decorators.js';
import { formatMs, formatPercent, formatQuantileWithInterval, formatRatioWithVerdict } from '../metrics/format.ts';
import type { QuantileEstimate } from '../metrics/intervals.ts';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import type { TaskState } from '../state/task-runner.ts';
import type { ModelSelectEvent } from './model-events.ts';
import './tsl-model-picker.ts';
import { LATENCY_BACKEND, LATENCY_BLOCK, levelLabel, type DenseState, type PruneRow, type PruneState } from '../state/prune-state.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';
import { verdictAgainstDense } from './tsl-prune-table.ts';
import './tsl-progress.ts';
import './tsl-prune-charts.ts';
import './tsl-prune-cost.ts';
import './tsl-prune-inside.ts';
import './tsl-prune-settings.ts';
import './tsl-prune-table.ts';
import { viewLayoutStyles } from './view-styles.ts';

/** The sentence that says what the latency column shows, with this run's measured numbers, judged by their intervals. */
function latencyFinding(dense: DenseState, rows: PruneRow[]) {
  const measured = rows.filter((r) => Number.isFinite(r.modelP50Ms ?? NaN));
  const u = measured.filter((r) => r.method === 'unstructured').sort((a, b) => b.sparsity - a.sparsity)[0];
  const s = measured.filter((r) => r.method === 'structured').sort((a, b) => Math.abs(a.sparsity - 0.5) - Math.abs(b.sparsity - 0.5))[0];
  if (!u && !s) return nothing;
  const p50 = (e: QuantileEstimate | null | undefined, ms: number) => (e ? formatQuantileWithInterval(e) : formatMs(ms));
  const vs = (r: PruneRow) => html`<strong>${p50(r.latency?.model, r.modelP50Ms!)}</strong> model-only p50 against the dense model's <strong>${p50(dense.latency?.model, dense.modelP50Ms)}</strong>
    (${formatRatioWithVerdict(r.modelP50Ms! / dense.modelP50Ms, verdictAgainstDense(r.latency?.model, dense.latency?.model))}; end to end ${formatMs(r.p50Ms)} vs ${formatMs(dense.p50Ms)})`;
  // Faster only when the pruned model's whole p50 interval lies below the dense model's.
  const uFaster = u ? verdictAgainstDense(u.latency?.model, dense.latency?.model) === 'a lower' : false;
  return html`<p class="finding" data-finding>
    ${u && !uFaster
      ? html`<span><strong>Unstructured sparsity does not make the model faster here:</strong> at ${formatPercent(u.sparsity, 0)} zeros it measured ${vs(u)}, because TF.js's dense kernels still multiply every zero. It saves storage (gzip) instead. </span>`
      : nothing}
    ${u && uFaster
      ? html`<span><strong>Unstructured sparsity skips no work:</strong> at ${formatPercent(u.sparsity, 0)} zeros it measured ${vs(u)}, but TF.js's dense kernels still multiply every zero, so this gap, though measured (the two p50 intervals do not overlap), is not saved arithmetic, and its cause is not known here. What it does save is storage (gzip). </span>`
      : nothing}
    ${s ? html`<span><strong>Structured pruning does:</strong> removing ${formatPercent(s.sparsity, 0)} of the filters builds a physically smaller model, which measured ${vs(s)}.</span>` : nothing}
    <span class="note">Measured on ${LATENCY_BACKEND}, every model queried in turn, ${LATENCY_BLOCK} queries at a time, on the same unseen test images (A×${LATENCY_BLOCK} B×${LATENCY_BLOCK} … repeated); p50s with their 95% intervals (order statistics). A ratio counts as faster or slower only when the two intervals do not overlap.</span>
  </p>`;
}

@customElement('tsl-prune-view')
export class TslPruneView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    .finding { border-left: 4px solid var(--tsl-accent, #0072b2); background: #f3f7fb; padding: 8px 12px; margin: 0; font-size: 0.92rem; line-height: 1.45; }
    .finding span { display: block; }
    .empty { max-width: 40rem; }
    section { min-width: 0; }
    .stale { border-left: 4px solid #e69f00; background: #fff8e6; padding: 6px 10px; margin: 0; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private labStore!: StoreController<LabState>;
  private pruneStore!: StoreController<PruneState>;
  private taskStore!: StoreController<TaskState>;
  private registryStore!: StoreController<RegistryState>;
  @state() private notice = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // Wakes when a run starts or ends, not on every batch.
    this.labStore ??= new StoreController(this, this.lab.store, (s) => isTrainingBusy(s));
    this.pruneStore ??= new StoreController(this, this.lab.prune.store);
    this.taskStore ??= new StoreController(this, this.lab.prune.task.store);
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (r) => [r.models, r.selectedId]);
  }

  private async start(): Promise<void> {
    this.notice = '';
    try {
      await this.lab.prune.run();
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  override render() {
    const l = this.labStore.state;
    const p = this.pruneStore.state;
    const task = this.taskStore.state;
    const registry = this.registryStore.state;
    const model = this.lab.registry.selected;
    const training = isTrainingBusy(l);
    const picker = html`<tsl-model-picker .models=${registry.models} .selectedId=${registry.selectedId} requireWeights ?training=${training}
      @tsl-model-select=${(e: ModelSelectEvent) => this.lab.registry.select(e.detail.id)}></tsl-model-picker>`;
    if (!model?.hasWeights) {
      const servable = registry.models.filter((m) => m.hasWeights).length;
      return html`<aside>${picker}</aside><div class="results"><div class="empty" data-no-model>
        <h2>${servable > 0 ? 'No model selected' : 'No trained model yet'}</h2>
        <p>Pruning starts from a finished model: each level copies it, prunes it and fine-tunes it. ${servable > 0 ? 'Pick one with the Model list.' : 'Train one first.'}</p>
        ${servable > 0 ? nothing : html`<button class="primary" data-action="go-train" @click=${() => this.lab.store.set({ view: 'train' })}>Go to the Train view</button>`}
      </div></div>`;
    }
    const busy = this.lab.prune.busy;
    const mine = this.lab.prune.showsSelected || busy;
    const other = !mine && p.modelId ? this.lab.registry.get(p.modelId) : null;
    return html`
      <aside>
        ${picker}
        <tsl-prune-settings .settings=${p.settings} .errors=${p.errors} ?disabled=${busy}
          @prune-settings-input=${(e: CustomEvent) => this.lab.prune.updateSettings(e.detail)}></tsl-prune-settings>
        <div class="controls">
          <button class="primary" data-action="prune" ?disabled=${busy || training} @click=${() => this.start()}>Run sweep</button>
          <button data-action="stop-prune" ?disabled=${!busy || task.stopping} @click=${() => this.lab.prune.stop()}>Stop</button>
        </div>
        ${training ? html`<p class="note" role="status">A training run holds the training worker: the sweep of "${model.name}" can start once it ends.</p>` : nothing}
        ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
        ${task.error ? html`<p class="error" role="alert" data-prune-error>Pruning failed: ${task.error}</p>` : nothing}
        ${mine ? this.renderProgress(p) : nothing}
        ${other ? html`<p class="stale" role="status" data-prune-stale>The last sweep was of "${other.name}"; its pruned models are in the Models view and the Ledger. Run the sweep to prune "${model.name}".</p>` : nothing}
        <p class="note">Each level starts from a copy of "${model.name}", is pruned, fine-tuned in the training worker${p.fineTuneBackend ? ` (${p.fineTuneBackend})` : ''}, scored on the unseen test images, and kept as a new version of it in the Models view.</p>
      </aside>
      <div class="results">${mine ? this.renderResults(p) : html`<p class="note">No sweep of this model yet: choose levels and press <strong>Run sweep</strong>.</p>`}</div>`;
  }

  private renderProgress(p: PruneState) {
    if (p.phase === 'idle') return nothing;
    const g = p.progress;
    const finished = p.phase === 'finished';
    return html`
      ${g ? html`<tsl-progress label=${`Level ${g.level} of ${g.levels}: ${levelLabel(g)}`} .value=${finished ? g.levels : p.levels.length} .max=${g.levels} detail=${`${p.levels.length} done`}></tsl-progress>
        <tsl-progress label=${`Fine-tune epoch ${g.batch.epoch} of ${g.batch.epochs}: batch ${g.batch.batch} of ${g.batch.batches}`} .value=${g.batch.batch} .max=${g.batch.batches}
          detail=${`loss ${g.batch.loss.toFixed(3)}`}></tsl-progress>` : nothing}
      ${p.latency ? html`<tsl-progress label=${`Latency on ${LATENCY_BACKEND}: round ${p.latency.done} of at most ${p.latency.total} (${p.latency.arms} models; stops once every p50 is within ±${formatPercent(DEFAULT_REL_HALF_WIDTH, 0)})`} .value=${p.latency.done} .max=${p.latency.total}></tsl-progress>` : nothing}
      <p class="note" role="status" data-prune-status>${{
        'fine-tuning': 'Fine-tuning…',
        measuring: 'Measuring latency…',
        stopping: 'Stopping after the batch or round in progress…',
        finished: p.stopped ? 'Stopped: finished levels are kept.' : 'Sweep finished.',
        failed: 'Sweep failed.',
        idle: '',
      }[p.phase]}</p>`;
  }

  private renderResults(p: PruneState) {
    if (!p.dense) return html`<p class="note">Choose levels and press <strong>Run sweep</strong>: every level's test accuracy, p50 latency (measured on ${LATENCY_BACKEND}), weight and gzip bytes, FLOPs and fine-tuning cost appear here.</p>`;
    const rows = p.levels.map((l) => l.row);
    return html`
      ${latencyFinding(p.dense, rows)}
      <section>
        <h2>Sweep: one row per level</h2>
        <tsl-prune-table .dense=${p.dense} .levels=${p.levels} .testCount=${this.lab.registry.get(p.modelId)?.testCount ?? Number.NaN} .classes=${this.lab.registry.get(p.modelId)?.numClasses ?? Number.NaN}></tsl-prune-table>
        <p class="note">Ratios (×) are to the dense model. FLOPs per query are <strong>theoretical</strong> for unstructured levels (if zeros were skipped) and <strong>real</strong> for structured ones (the smaller model runs). Fine-tune time is measured, its FLOPs analytic, and its kernel dispatches <strong>counted</strong> (every kernel TF.js ran for it). Hover a heading, or open "How these figures are obtained" under a table, for how each figure is obtained.</p>
      </section>
      <section aria-label="Pruning curves"><tsl-prune-charts .dense=${p.dense} .levels=${p.levels} .testCount=${this.lab.registry.get(p.modelId)?.testCount ?? Number.NaN} .classes=${this.lab.registry.get(p.modelId)?.numClasses ?? Number.NaN}></tsl-prune-charts></section>
      <section>
        <h2>The extra training it cost, against what it saves</h2>
        <tsl-prune-cost .dense=${p.dense} .levels=${p.levels}></tsl-prune-cost>
      </section>
      <section>
        <h2>Inside the model</h2>
        <tsl-prune-inside .dense=${p.dense} .levels=${p.levels} .selected=${p.selected} @level-select=${(e: CustomEvent<{ index: number }>) => this.lab.prune.select(e.detail.index)}></tsl-prune-inside>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-view': TslPruneView;
  }
}
