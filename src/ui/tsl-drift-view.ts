// <tsl-drift-view>: the Drift view. A model's life after training: the drifting world's settings
// and the policies on the left; on the right the days as drawn, the retraining sawtooth, the drift
// signal, what staying accurate cost under each policy, the cheapest policy at a traffic, and energy.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { PSI_BINS, PSI_THRESHOLD } from '../drift/monitor.ts';
import { FINE_TUNE_WINDOW_DAYS } from '../drift/simulate.ts';
import { streamStatus } from '../drift/stream-status.ts';
import { FINE_TUNE_REPLAY_IMAGES } from '../state/drift-lab.ts';
import type { DriftState } from '../state/drift-state.ts';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import type { RegistryState } from '../state/model-registry.ts';
import { StoreController } from '../state/store.ts';
import type { TaskState } from '../state/task-runner.ts';
import { labContext } from './lab-context.ts';
import type { ModelSelectEvent } from './model-events.ts';
import './tsl-model-picker.ts';
import './tsl-progress.ts';
import './tsl-drift-settings.ts';
import './tsl-drift-samples.ts';
import './tsl-drift-charts.ts';
import './tsl-drift-table.ts';
import './tsl-drift-choice.ts';
import './tsl-drift-own.ts';
import type { DriftConfigureEvent } from './tsl-drift-settings.ts';
import { viewLayoutStyles } from './view-styles.ts';

@customElement('tsl-drift-view')
export class TslDriftView extends LitElement {
  static override styles = [viewLayoutStyles, css`
    section { min-width: 0; }
    .intro { max-width: 52rem; font-size: 0.9rem; line-height: 1.45; margin: 0; }
    h3 { font-size: 0.95rem; margin: 12px 0 4px; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  /** Whether the lab's last refusal came from the policy choice's fields, which show it beside themselves. */
  @state() private refusedInChoice = false;
  private labStore!: StoreController<LabState>;
  private driftStore!: StoreController<DriftState>;
  private taskStore!: StoreController<TaskState>;
  private registryStore!: StoreController<RegistryState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.labStore ??= new StoreController(this, this.lab.store, (s) => [isTrainingBusy(s), s.dataset]);
    this.driftStore ??= new StoreController(this, this.lab.drift.store);
    this.taskStore ??= new StoreController(this, this.lab.drift.task.store);
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (r) => [r.models, r.selectedId]);
  }

  override render() {
    const d = this.driftStore.state;
    const task = this.taskStore.state;
    const registry = this.registryStore.state;
    const training = isTrainingBusy(this.labStore.state);
    const dataset = this.labStore.state.dataset;
    const classNames = dataset.kind === 'ready' ? dataset.dataset.classNames : [];
    const running = task.status === 'running';
    const model = this.lab.registry.selected;
    const runs = d.result?.runs ?? [];
    return html`
      <aside @tsl-drift-configure=${(e: DriftConfigureEvent) => { this.lab.drift.configure(e.detail); this.refusedInChoice = false; }}>
        <tsl-model-picker .models=${registry.models} .selectedId=${registry.selectedId} requireWeights ?training=${training}
          @tsl-model-select=${(e: ModelSelectEvent) => this.lab.registry.select(e.detail.id)}></tsl-model-picker>
        <tsl-drift-settings .state=${d} ?disabled=${running} ?refusalShownElsewhere=${this.refusedInChoice}></tsl-drift-settings>
        <tsl-drift-own .state=${d} .classNames=${classNames} ?disabled=${running}
          @tsl-drift-own-folder=${(e: GlobalEventHandlersEventMap['tsl-drift-own-folder']) => void this.lab.drift.useOwnFolder(e.detail)}
          @tsl-drift-own-webcam=${() => void this.lab.drift.useWebcam()}
          @tsl-drift-own-clear=${() => this.lab.drift.clearOwn()}
          @tsl-drift-own-place=${(e: GlobalEventHandlersEventMap['tsl-drift-own-place']) => this.lab.drift.placeOwn(e.detail)}></tsl-drift-own>
        <div class="controls">
          <button class="primary" data-action="drift-run" ?disabled=${running || training || !model?.hasWeights} @click=${() => void this.lab.drift.run()}>Run the stream</button>
          <button data-action="drift-stop" ?disabled=${!running || task.stopping} @click=${() => this.lab.drift.stop()}>Stop</button>
        </div>
        ${!model?.hasWeights ? html`<p class="note" data-drift-no-model>The stream starts from a trained model: train one in the Train view (or pick one), then come back.
          <button data-action="go-train" @click=${() => this.lab.store.set({ view: 'train' })}>Go to the Train view</button></p>` : nothing}
        ${training ? html`<p class="note" role="status">A training run holds the training worker: the stream can start once it ends.</p>` : nothing}
        ${task.error ? html`<p class="error" role="alert" data-drift-error>${task.error}</p>` : nothing}
        ${d.progress ? html`<tsl-progress label=${`Policy ${d.progress.policy + 1} of ${d.progress.policies}, day ${Math.min(d.progress.day, d.progress.days)} of ${d.progress.days}`}
          .value=${d.progress.policy * d.progress.days + d.progress.day} .max=${d.progress.policies * d.progress.days} detail=${d.progress.what}></tsl-progress>` : nothing}
        ${task.status === 'done' && !running && d.result ? html`<p class="note" role="status" data-drift-status=${runs.some((r) => r.stopped) ? 'stopped' : 'finished'}>${streamStatus(d.result)}</p>` : nothing}
      </aside>
      <div class="results">
        <p class="intro">A model's life after training. Day 0 serves images like the training data; later days drift as set on the left. Each day's ${d.scenario.queriesPerDay.toLocaleString('en')} queries go through the
          serving worker (${d.servingBackend}); ${Math.round(d.scenario.feedbackFraction * 100)}% of them get their true label back ${d.scenario.feedbackDelayDays === 0 ? 'the same evening' : `after ${d.scenario.feedbackDelayDays} day${d.scenario.feedbackDelayDays === 1 ? '' : 's'}`},
          which is all a policy may use to see accuracy. The label-free drift signal is the population stability index (PSI over ${PSI_BINS} bins at day 0's quantiles, and one above its largest value) of each image's mean brightness and of the top-class confidence, threshold ${PSI_THRESHOLD}.
          A retraining is real training in the training worker: a fine-tune of the serving model on the labels of the last ${FINE_TUNE_WINDOW_DAYS} days (day 0's left out: it is the training distribution) plus ${FINE_TUNE_REPLAY_IMAGES} original training images, or from scratch on the original training set plus every label so far; it becomes a new version (a child of the model it replaces) and is redeployed, its load and cold query measured.</p>
        ${d.samples.length ? html`<section><h2>What each day looks like (drawn by the shipped set's drawing code${d.own ? `, or ${d.own.name}` : ''})</h2><tsl-drift-samples .samples=${d.samples}></tsl-drift-samples></section>` : nothing}
        ${runs.length ? html`
          <section aria-label="Drift charts"><h2>The retraining sawtooth, the drift signal and the cost over time</h2><tsl-drift-charts .runs=${runs} .classes=${this.lab.registry.get(d.baseModelId ?? '')?.numClasses ?? classNames.length}></tsl-drift-charts></section>
          <section><h2>The price of staying accurate</h2><tsl-drift-table .runs=${runs}></tsl-drift-table>
            <p class="note">Every time is measured on this machine (training: the epochs' wall time; deploy: the serving worker's model load; serving: each query end to end); FLOPs are analytic. ${runs[0]!.totals.initialTrainMs > 0
              ? `Training time includes the base model's own training (${this.lab.registry.get(d.baseModelId)?.name ?? 'the selected model'}, its epochs' measured wall time).`
              : 'The base model has no training records here (pruned, imported or read from a report), so its initial training counts as 0.'}</p></section>
          <section @tsl-drift-configure=${(e: DriftConfigureEvent) => { this.refusedInChoice = this.lab.drift.configure(e.detail) !== null; }}><h2>Which policy, at your traffic?</h2>
            <tsl-drift-choice .runs=${runs} .trafficPerDay=${d.trafficPerDay} .floorAcc=${d.floorAcc} .floorFromDay=${d.floorFromDay} .energy=${d.energy} .configError=${d.configError}></tsl-drift-choice></section>`
          : html`<p class="note">Press <strong>Run the stream</strong>: the same days are served under each policy in turn, and their accuracy and cost appear here.</p>`}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-view': TslDriftView;
  }
}
