// <tsl-serve-scale>: the Serve view's serving-at-scale sections: the latency-bound (SLO) search, the
// dynamic-batching curve and the fleet plan, each with its settings, button and progress.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs, formatPercent } from '../metrics/format.ts';
import { CURVE_BATCHES, CURVE_DELAYS_MS, CURVE_LOADS } from '../serve/bench-batching.ts';
import { chooseBatching } from '../serve/batching-choice.ts';
import { SLO_START_FRACTION } from '../serve/bench-slo.ts';
import { SLO_GROWTH, SLO_RESOLUTION } from '../serve/slo-search.ts';
import type { Lab } from '../state/lab.ts';
import { SERVE_TASK_LABELS } from '../state/serve-lab.ts';
import { sloCompareBackends, type ScaleField } from '../state/serve-scale-state.ts';
import type { LabState } from '../state/lab-state.ts';
import { ALL_BACKENDS, type BackendName } from '../tf/backend-names.ts';
import type { RegistryState } from '../state/model-registry.ts';
import type { ServeState } from '../state/serve-state.ts';
import { StoreController } from '../state/store.ts';
import type { TaskState } from '../state/task-runner.ts';
import { labContext } from './lab-context.ts';
import './tsl-progress.ts';
import './tsl-serve-batching.ts';
import './tsl-serve-fleet.ts';
import './tsl-serve-slo.ts';

type Place = 'slo' | 'batching';

@customElement('tsl-serve-scale')
export class TslServeScale extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 22px; }
    h2 { margin: 0 0 8px; }
    .head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
    p { font-size: 0.82rem; color: #444; margin: 0 0 8px; }
    .form { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-end; margin: 0 0 8px; }
    label { display: flex; flex-direction: column; gap: 3px; font-size: 0.82rem; font-weight: 600; }
    label.check { flex-direction: row; align-items: center; gap: 6px; }
    fieldset.backends { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 0; padding: 2px 8px 4px; border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; }
    fieldset.backends legend { font-size: 0.78rem; font-weight: 600; padding: 0 4px; }
    input[type='text'] { font: inherit; font-weight: 400; width: 7.5rem; padding: 3px 6px; border: 1px solid #667; border-radius: 4px; }
    input[aria-invalid='true'] { border-color: #b00020; border-width: 2px; }
    .error { color: #b00020; font-size: 0.8rem; font-weight: 600; margin: 0 0 6px; }
    .progress { display: flex; flex-direction: column; gap: 4px; margin: 0 0 8px; padding: 8px 10px; border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; background: #f6f8fb; }
    .progress button { align-self: flex-start; }
  `;

  @consume({ context: labContext }) private lab!: Lab;
  /** No task may start (another runs, or no model is deployable). */
  @property({ type: Boolean }) disabled = false;
  private serveStore!: StoreController<ServeState>;
  private taskStore!: StoreController<TaskState>;
  // The fleet plan reads the selected model's training from the registry.
  private registryStore!: StoreController<RegistryState>;
  // Which backends the probe found, for the comparison's ticks.
  private labStore!: StoreController<LabState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.serveStore ??= new StoreController(this, this.lab.serve.store, (s) => [s.scale, s.scaleErrors, s.scaleResults, s.progress, s.settings.backend, s.results]);
    this.taskStore ??= new StoreController(this, this.lab.serve.task.store);
    this.registryStore ??= new StoreController(this, this.lab.registry.store, (r) => [r.selectedId, r.models, r.measurements]);
    this.labStore ??= new StoreController(this, this.lab.store, (s) => [s.backends]);
  }

  private input(field: ScaleField, label: string, value: string | number) {
    const err = this.serveStore.state.scaleErrors[field];
    return html`<label>${label}<input type="text" inputmode="decimal" name=${field} .value=${String(value)} ?disabled=${this.disabled} aria-invalid=${err ? 'true' : 'false'}
      @change=${(e: Event) => this.lab.serve.updateScale({ [field]: (e.target as HTMLInputElement).value })}></label>`;
  }

  /** Backends the probe found (before it has answered, only the chosen one, as nothing else is known to run). */
  private available(): BackendName[] {
    const caps = this.labStore.state.backends;
    return caps ? ALL_BACKENDS.filter((b) => caps[b]?.available) : [this.serveStore.state.settings.backend];
  }

  /** The comparison's backends, each ticked unless left out, and its button. */
  private renderCompare() {
    const serve = this.lab.serve;
    const skip = this.serveStore.state.scale.sloSkipBackends;
    const available = this.available();
    const chosen = sloCompareBackends(available, skip);
    const toggle = (b: BackendName, on: boolean) => serve.updateScale({ sloSkipBackends: on ? skip.filter((x) => x !== b) : [...skip, b] });
    return html`<fieldset class="backends" data-slo-backends>
      <legend>Compare on</legend>
      ${available.map((b) => html`<label class="check"><input type="checkbox" name=${`slo-backend-${b}`} .checked=${!skip.includes(b)} ?disabled=${this.disabled}
        @change=${(e: Event) => toggle(b, (e.target as HTMLInputElement).checked)}>${b}</label>`)}
      <button data-action="slo-all" ?disabled=${this.disabled || chosen.length === 0} @click=${() => void serve.runSlo({ backends: chosen })}>${chosen.length === available.length ? 'On every available backend' : `On the ${chosen.length} ticked backend${chosen.length === 1 ? '' : 's'}`}</button>
    </fieldset>`;
  }

  private errors(fields: readonly ScaleField[]) {
    const e = this.serveStore.state.scaleErrors;
    return fields.filter((f) => e[f]).map((f) => html`<p class="error" role="alert" data-scale-error=${f}>${e[f]}</p>`);
  }

  private renderProgress(place: Place) {
    const task = this.taskStore.state;
    const p = this.serveStore.state.progress;
    const label = place === 'slo' ? SERVE_TASK_LABELS.slo : SERVE_TASK_LABELS.batching;
    if (task.status !== 'running' || task.task !== label) return nothing;
    return html`<div class="progress" data-progress-place=${place}>
      <tsl-progress label=${`${label}${task.stopping ? ' (stopping…)' : ''}`} .value=${p?.done ?? 0} .max=${p?.total ?? 0} detail=${p ? `${p.done} / ${p.total}${p.lastMs !== undefined ? ` · last ${formatMs(p.lastMs)}` : ''}` : ''}></tsl-progress>
      ${p?.detail ? html`<p data-progress-detail>${p.detail}</p>` : nothing}
      <button data-action=${`${place}-stop`} ?disabled=${task.stopping} @click=${() => this.lab.serve.stop()}>Stop (keeps what was measured)</button>
    </div>`;
  }

  override render() {
    const serve = this.lab.serve;
    const s = this.serveStore.state;
    const sc = s.scale;
    const results = serve.scaleResults;
    const backend = s.settings.backend;
    const off = this.disabled;
    const offOn = results.slo.filter((r) => r.backend === backend);
    // The bench's choice of (T, B) for the target set, with the offline throughput Deploy & run measured on the curve's backend.
    const curve = results.batchingCurve;
    const base = serve.results.result;
    const offline = curve && base?.record.backend === curve.backend ? base.record.throughput : [];
    const choice = curve && curve.points.length > 0 ? chooseBatching(curve.points, sc.sloTargetMs, offline) : null;
    return html`
      <section>
        <div class="head"><h2>Latency bound: the most traffic under a p99 target</h2></div>
        <p>Searches for the highest Poisson arrival rate whose measured p99 (from each query's intended send time) stays at or under the bound: it multiplies the rate by ${SLO_GROWTH} until one fails, then bisects between the last pass and the first fail to ${formatPercent(SLO_RESOLUTION, 0)}. Each rate is a fresh seeded run of at least the count and duration below; a rate with errors fails. The server is deployed fresh, and its closed-loop capacity (one query at a time) is measured first: the search starts at ${formatPercent(SLO_START_FRACTION, 0)} of it.</p>
        <div class="form">
          ${this.input('sloTargetMs', 'p99 target (ms)', sc.sloTargetMs)}
          ${this.input('sloMinCount', 'Fewest queries per rate', sc.sloMinCount)}
          ${this.input('sloMinDurationMs', 'Shortest run per rate (ms)', sc.sloMinDurationMs)}
          <button data-action="slo" ?disabled=${off} @click=${() => void serve.runSlo()}>Search on ${backend}</button>
          ${this.renderCompare()}
        </div>
        ${this.errors(['sloTargetMs', 'sloMinCount', 'sloMinDurationMs', 'sloSkipBackends'])}
        ${this.renderProgress('slo')}
        <tsl-serve-slo .runs=${results.slo} .deploy=${base && base.e2e.meanMs > 0 && base.e2e.count > 0 ? { backend: base.record.backend ?? '', qps: 1000 / base.e2e.meanMs, count: base.e2e.count, stdMs: base.e2e.stdMs, modelMeanMs: base.model?.meanMs ?? null } : null}></tsl-serve-slo>
      </section>
      <section>
        <div class="head"><h2>Dynamic batching: queries arriving within T ms, up to B, run as one predict</h2></div>
        <p>The server's batcher waits until B queries are queued or the oldest has waited T ms, then runs them as one batch (one at a time; queries arriving meanwhile form the next). The curve runs batching off and every T in ${CURVE_DELAYS_MS.join(', ')} ms × B in ${CURVE_BATCHES.join(', ')} at ${CURVE_LOADS.join('× and ')}× the closed-loop capacity on ${backend}. The T and B set here are used by the latency-bound search and by the off/on comparison.</p>
        <div class="form">
          <label class="check"><input type="checkbox" name="batchingOn" .checked=${sc.batching.kind === 'on'} ?disabled=${this.disabled}
            @change=${(e: Event) => serve.updateScale({ batchingOn: (e.target as HTMLInputElement).checked })}>Batching on</label>
          ${this.input('batchDelayMs', 'T: longest wait (ms)', sc.batchDelayMs)}
          ${this.input('batchMax', 'B: largest batch', sc.batchMax)}
          <button data-action="batching-curve" ?disabled=${off} @click=${() => void serve.runBatching()}>Run the batching curve</button>
          <button data-action="slo-off-on" ?disabled=${off} @click=${() => void serve.runSloOffOn()}>Capacity under the bound, off and on</button>
        </div>
        ${this.errors(['batchingOn', 'batchDelayMs', 'batchMax'])}
        ${this.renderProgress('batching')}
        <tsl-serve-batching .curve=${results.batchingCurve} .offOn=${offOn} .choice=${choice} ?offlineKnown=${offline.length > 0} ?disabled=${this.disabled}
          @tsl-batching-use=${(e: GlobalEventHandlersEventMap['tsl-batching-use']) => serve.updateScale({ batchDelayMs: e.detail.maxDelayMs, batchMax: e.detail.maxBatch })}></tsl-serve-batching>
      </section>
      <section>
        <div class="head"><h2>From capacity to a fleet</h2></div>
        <p>For the traffic below, each search above that found a capacity becomes a plan. Every figure is derived from the measured ones by the formula printed under it.</p>
        <div class="form">
          ${this.input('queriesPerDay', 'Queries per day', sc.queriesPerDay)}
          ${this.input('peakFactor', 'Peak hour / mean rate', sc.peakFactor)}
          ${this.input('queriesPerVisit', 'Queries per visit', sc.queriesPerVisit)}
        </div>
        ${this.errors(['queriesPerDay', 'peakFactor', 'queriesPerVisit'])}
        <tsl-serve-fleet .fleet=${serve.fleet()}></tsl-serve-fleet>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-scale': TslServeScale;
  }
}
