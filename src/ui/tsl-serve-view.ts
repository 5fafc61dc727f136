// <tsl-serve-view>: the Serve view. The model picker, deploy settings, Stop, progress and Try it on
// the left; the selected model's latency table and charts, throughput, open loop and backends side
// by side on the right (another model's results are never shown here).
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { warmupRuleText } from '../serve/warmup-rule.ts';
import { customElement } from 'lit/decorators.js';
import { formatMs, formatPercent } from '../metrics/format.ts';
import { DEFAULT_KNEE_RULE } from '../metrics/poisson.ts';
import { BACK_TO_BACK, WAKE_ROUNDS } from '../serve/idle-wake.ts';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import type { ModelServeResults, ServeState } from '../state/serve-state.ts';
import { OPEN_LOOP_COUNT, OPEN_LOOP_FRACTIONS, SERVE_TASK_LABELS } from '../state/serve-lab.ts';
import { StoreController } from '../state/store.ts';
import type { TaskState } from '../state/task-runner.ts';
import { labContext } from './lab-context.ts';
import type { ModelSelectEvent } from './model-events.ts';
import './tsl-model-picker.ts';
import './tsl-progress.ts';
import './tsl-serve-compare.ts';
import './tsl-serve-deploy.ts';
import './tsl-serve-latency-charts.ts';
import './tsl-serve-open-loop.ts';
import './tsl-serve-scale.ts';
import './tsl-serve-summary.ts';
import './tsl-serve-throughput.ts';
import './tsl-serve-try.ts';
import { viewLayoutStyles } from './view-styles.ts';

const PHASES: Record<string, string> = {
  deploy: 'Deploying the model', cold: 'Cold query on a fresh worker (no warm-up)', warmup: 'Warm-up queries (discarded)',
  measure: 'Measured queries (closed loop)', throughput: 'Offline throughput (batch sizes)', 'open-loop': 'Open-loop rates', 'idle-wake': 'Idle wake-up probe', compare: 'Interleaved rounds',
};

/** Which section's button started the running task: its progress shows there, next to the button. */
const TASK_PLACE: Record<string, 'aside' | 'open-loop' | 'compare' | 'scale'> = {
  [SERVE_TASK_LABELS.bench]: 'aside', [SERVE_TASK_LABELS['open-loop']]: 'open-loop', [SERVE_TASK_LABELS.compare]: 'compare',
  // Shown by <tsl-serve-scale> beside its own buttons.
  [SERVE_TASK_LABELS.slo]: 'scale', [SERVE_TASK_LABELS.batching]: 'scale',
};

@customElement('tsl-serve-view')
export class TslServeView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    /* The shared column variable, so lecture mode (tsl-app) can hide the left column or show it again. */
    :host { display: grid; grid-template-columns: var(--tsl-view-columns, minmax(260px, 310px) 1fr); gap: 20px; align-items: start; }
    .results { display: flex; flex-direction: column; gap: 22px; min-width: 0; }
    h2 { margin: 0 0 8px; }
    h2 + p, .head + p, .note { font-size: 0.82rem; color: #444; margin: 0 0 8px; }
    .head { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
    .status { font-size: 0.9rem; }
    .empty { border: 1px dashed var(--tsl-border, #ccd); border-radius: 8px; padding: 16px; }
    section { min-width: 0; }
    /* A wide table scrolls inside its section instead of widening the page. */
    .scroll-x { overflow-x: auto; }
    .scroll-x:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    .progress { display: flex; flex-direction: column; gap: 4px; margin: 0 0 8px; padding: 8px 10px; border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; background: #f6f8fb; }
    .progress button { align-self: flex-start; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  // Batch progress does not wake this view: it reads only the backends, the training settings and whether a run is going.
  private labStore!: StoreController<LabState>;
  private serveStore!: StoreController<ServeState>;
  private taskStore!: StoreController<TaskState>;
  private registryStore!: StoreController<RegistryState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.labStore ??= new StoreController(this, this.lab.store, (s) => [s.backends, isTrainingBusy(s)]);
    this.serveStore ??= new StoreController(this, this.lab.serve.store);
    this.taskStore ??= new StoreController(this, this.lab.serve.task.store);
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (r) => [r.models, r.selectedId, r.restored]);
  }

  override render() {
    const lab = this.labStore.state;
    const s = this.serveStore.state;
    const task = this.taskStore.state;
    const registry = this.registryStore.state;
    const serve = this.lab.serve;
    const busy = task.status === 'running' || s.trying;
    const model = this.lab.registry.selected;
    const noModel = !model?.hasWeights;
    const results = serve.results;
    const trainedOn = model?.origin.kind === 'trained' ? model.origin.trainBackend : '';
    return html`
      <aside>
        <tsl-model-picker .models=${registry.models} .selectedId=${registry.selectedId} requireWeights ?training=${isTrainingBusy(lab)}
          @tsl-model-select=${(e: ModelSelectEvent) => this.lab.registry.select(e.detail.id)}></tsl-model-picker>
        <h2>Deploy</h2>
        <tsl-serve-deploy .settings=${s.settings} .errors=${s.errors} .backends=${lab.backends} trainedOn=${trainedOn} ?disabled=${busy}
          @serve-settings-input=${(e: CustomEvent) => serve.updateSettings(e.detail)}></tsl-serve-deploy>
        <div class="controls">
          <button class="primary" data-action="deploy" ?disabled=${busy || noModel} @click=${() => void serve.run()}>Deploy &amp; run</button>
          <button data-action="serve-stop" ?disabled=${task.status !== 'running' || task.stopping} @click=${() => serve.stop()}>Stop</button>
        </div>
        ${this.renderProgress(s, task, 'aside')}
        ${task.error ? html`<p class="error" role="alert" data-serve-error>${task.error}</p>` : nothing}
        <h2>Try it</h2>
        <tsl-serve-try .result=${results.tryResult} error=${s.tryError ?? ''} ?disabled=${busy || noModel}
          @try-file=${(e: CustomEvent<File>) => void serve.tryFile(e.detail)} @try-webcam=${() => void serve.tryWebcam()}></tsl-serve-try>
      </aside>
      <div class="results">${noModel ? this.renderNoModel(registry) : this.renderResults(results, busy, s, task)}</div>`;
  }

  private renderNoModel(registry: RegistryState) {
    // Saved models come back from IndexedDB a moment after start: until then "none yet" would be wrong.
    if (!registry.restored) {
      return html`<div class="empty" data-no-model="restoring"><h2>Looking for saved models…</h2>
        <p class="status">Models kept in this browser are being read back; the one selected last is selected again.</p></div>`;
    }
    const servable = registry.models.filter((m) => m.hasWeights).length;
    if (servable > 0) {
      return html`<div class="empty" data-no-model><h2>No model selected</h2>
        <p class="status">${servable} model${servable === 1 ? ' is' : 's are'} kept in this browser: pick one with the Model list on the left (or in the Models view, with its lineage), then Deploy &amp; run. No training needed.</p>
        <button class="primary" data-action="go-models" @click=${() => this.lab.store.set({ view: 'models' })}>Go to the Models view</button></div>`;
    }
    return html`<div class="empty" data-no-model><h2>No trained model yet</h2>
      <p class="status">The server deploys a model you trained (or loaded from files). Train one first (a short run is enough), then come back here.</p>
      <button class="primary" data-action="go-train" @click=${() => this.lab.store.set({ view: 'train' })}>Go to the Train view</button></div>`;
  }

  /** The running task's progress, shown only at `place`: the section whose button started it. */
  private renderProgress(s: ServeState, task: TaskState, place: 'aside' | 'open-loop' | 'compare') {
    const p = s.progress;
    if (task.status !== 'running' || (TASK_PLACE[task.task ?? ''] ?? 'aside') !== place) return nothing;
    const label = `${PHASES[p?.phase ?? 'deploy'] ?? p?.phase}${task.stopping ? ' (stopping…)' : ''}`;
    const counts = p ? `${p.done} / ${p.total}${p.lastMs !== undefined ? ` · last ${formatMs(p.lastMs)}` : ''}` : '';
    return html`<div class="progress" data-progress-place=${place}>
      <tsl-progress data-serve-progress label=${label} .value=${p?.done ?? 0} .max=${p?.total ?? 0} detail=${counts}></tsl-progress>
      ${p?.detail ? html`<p class="note" data-progress-detail>${p.detail}</p>` : nothing}
      ${place === 'aside' ? nothing : html`<button data-action=${`${place}-stop`} ?disabled=${task.stopping} @click=${() => this.lab.serve.stop()}>Stop (keeps what was measured)</button>`}
    </div>`;
  }

  private renderResults(s: ModelServeResults, busy: boolean, state: ServeState, task: TaskState) {
    const r = s.result;
    const serve = this.lab.serve;
    return html`
      <section>
        <h2>Latency per query (closed loop)</h2>
        <p class="note" data-serve-model>Results of <strong>${this.lab.registry.selected?.name}</strong>; each run is kept as a measurement of this model on its backend (see the Ledger).</p>
        ${r ? html`<p>${r.aborted ? `Stopped after ${r.e2e.count} measured queries: the figures cover those.` : `${r.e2e.count} measured queries over unseen test images in a fixed-seed order.`}
          Cold query timed on its own; ${r.warmupMs.length - 1} warm-up queries discarded (${warmupRuleText()} while the worker's code warms up); shader warm-up at deploy took ${formatMs(r.warmMs)}.</p>` : html`<p class="empty">Press <strong>Deploy &amp; run</strong>: the model is handed to a server in its own worker, timed from cold start to ${this.serveStore.state.settings.queries} measured queries.</p>`}
        <div class="scroll-x" tabindex="0" role="region" aria-label="Latency table"><tsl-serve-summary .result=${r} .classes=${this.lab.registry.selected?.numClasses ?? Number.NaN}></tsl-serve-summary></div>
      </section>
      ${r ? html`<section><tsl-serve-latency-charts .result=${r}></tsl-serve-latency-charts></section>
      <section>
        <h2>Offline throughput</h2>
        <p>Each batch sent as one call and timed on the page; the first batch of each size is not timed (new shapes compile shaders).</p>
        <div class="scroll-x" tabindex="0" role="region" aria-label="Offline throughput"><tsl-serve-throughput .points=${r.throughput} backend=${r.record.backend ?? ''}></tsl-serve-throughput></div>
      </section>` : nothing}
      <section>
        <div class="head"><h2>Open loop: latency under a target rate</h2>
          <button data-action="open-loop" ?disabled=${busy || !r} @click=${() => void serve.runOpenLoop()}>Run the rate sweep</button></div>
        ${this.renderProgress(state, task, 'open-loop')}
        <p>Poisson arrivals at ${OPEN_LOOP_FRACTIONS.map((f) => `${Math.round(f * 100)}%`).join(', ')} of the closed-loop capacity measured above (1000 / mean end-to-end ms), ${OPEN_LOOP_COUNT} queries each, every rate run. Latency counts from each query's intended send time, so queueing shows in the tail. A rate fails when it completes under ${formatPercent(DEFAULT_KNEE_RULE.minAchievedRatio, 0)} of the rate its queries arrived at (${OPEN_LOOP_COUNT} Poisson arrivals run about 1/√${OPEN_LOOP_COUNT} = ${Math.round(100 / Math.sqrt(OPEN_LOOP_COUNT))}% off the nominal rate), or when its p99 is over ${DEFAULT_KNEE_RULE.p99Factor}× the lowest p99 at that rate or below; the knee is the last rate before the first failure. Then ${WAKE_ROUNDS} queries sent after an idle gap, each followed by ${BACK_TO_BACK} back to back, time the worker's wake-up.</p>
        <tsl-serve-open-loop .sweep=${s.openLoop}></tsl-serve-open-loop>
      </section>
      <section>
        <div class="head"><h2>Backends side by side</h2>
          <button data-action="compare" ?disabled=${busy} @click=${() => void serve.compareBackends()}>Compare every available backend</button></div>
        ${this.renderProgress(state, task, 'compare')}
        <p>Every available backend gets its own server; queries are interleaved (A B C A B C…) on the same images so drift hits all alike.</p>
        <div class="scroll-x" tabindex="0" role="region" aria-label="Backends side by side"><tsl-serve-compare .outcome=${s.compare} .classes=${this.lab.registry.selected?.numClasses ?? Number.NaN}></tsl-serve-compare></div>
      </section>
      <tsl-serve-scale ?disabled=${busy}></tsl-serve-scale>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-view': TslServeView;
  }
}
