// <tsl-resume-run>: offers to go on with a run that a reload or a closed tab cut off, from its
// checkpoint after the last finished epoch, or to discard it; says why when resuming is refused.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';

@customElement('tsl-resume-run')
export class TslResumeRun extends LitElement {
  static override styles = css`
    :host { display: block; }
    .box { border: 2px solid var(--tsl-accent, #0072b2); border-radius: 8px; padding: 10px 12px; background: #f3f7fb; }
    h2 { font-size: 1rem; margin: 0 0 4px; }
    p { margin: 4px 0; font-size: 0.85rem; }
    .row { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 6px; }
    button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button.primary { background: var(--tsl-accent, #0072b2); color: #fff; border-color: transparent; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    .error { color: #b00020; font-weight: 600; }
  `;

  @consume({ context: labContext }) private lab!: Lab;
  private store!: StoreController<LabState>;
  /** The last failure of Resume or Discard here. */
  @state() private problem = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= new StoreController(this, this.lab.store, (s) => [s.interrupted, isTrainingBusy(s), s.dataset.kind]);
  }

  private async act(what: () => Promise<unknown>): Promise<void> {
    this.problem = '';
    try {
      await what();
    } catch (err) {
      this.problem = (err as Error).message;
    }
  }

  override render() {
    const s = this.store.state;
    const run = s.interrupted;
    if (!run) return nothing;
    const busy = isTrainingBusy(s) || s.dataset.kind === 'loading';
    const t = run.settings;
    const refused = run.refused ?? this.problem;
    return html`<div class="box" role="region" aria-label="Interrupted run" data-interrupted>
      <h2>A run was cut off after epoch ${run.epoch} of ${run.epochs}</h2>
      <p>${t.backend}, ${t.trainSize.toLocaleString('en')} images of "${run.datasetName}", batch ${t.batchSize}, seed ${t.seed}; checkpoint saved <time datetime=${run.savedAt}>${new Date(run.savedAt).toLocaleString()}</time>.
        Resuming goes on from epoch ${run.epoch + 1} with the same weights, optimizer state and batch order, as if it had never stopped.</p>
      ${refused ? html`<p class="error" role="alert" data-interrupted-error>${refused}</p>` : nothing}
      <div class="row">
        <button class="primary" data-action="resume-interrupted" ?disabled=${busy} @click=${() => this.act(() => this.lab.training.resumeInterrupted())}>Resume from epoch ${run.epoch + 1}</button>
        <button data-action="discard-interrupted" ?disabled=${busy} @click=${() => this.act(() => this.lab.training.discardInterrupted())}>Discard</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-resume-run': TslResumeRun;
  }
}
