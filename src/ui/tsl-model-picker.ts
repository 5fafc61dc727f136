// <tsl-model-picker>: the one model picker Serve, Prune, Inside and the Ledger share. A labelled
// native <select> (so keyboard and screen readers work as everywhere else), each model named by its
// unique name and test accuracy; emits `tsl-model-select`, holds no state of its own. In a narrow
// box (every view's aside) a closed select cuts a long name off, so the picked model's whole line is
// written out under it there.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ModelEntry } from '../registry/records.ts';
import { accuracyText, modelSelectEvent, noWeightsReason } from './model-events.ts';

/** The disabled line shown while a run is going, so nobody waits for the model being trained to appear. */
export const TRAINING_LINE = 'a model is being trained: it joins the list when the run finishes';

@customElement('tsl-model-picker')
export class TslModelPicker extends LitElement {
  static override styles = css`
    :host { display: block; container-type: inline-size; }
    .row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.6rem; }
    label { font-weight: 600; }
    select { font: inherit; max-width: 100%; min-width: 0; padding: 0.2rem 0.3rem; }
    select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    p { margin: 0.2rem 0 0; font-size: 0.85rem; color: #444; }
    /* Wide enough for the longest names the app makes (about 100 characters), the select shows the whole line itself. */
    p.whole { display: none; overflow-wrap: anywhere; }
    @container (max-width: 50rem) { p.whole { display: block; } }
  `;

  /** Every model in the registry, in the order to list them. */
  @property({ attribute: false }) models: ModelEntry[] = [];
  /** Id of the selected model (the one the view acts on), or null. */
  @property({ attribute: false }) selectedId: string | null = null;
  /** The view needs weights (Serve, Prune, Inside): models without them are listed but cannot be picked. */
  @property({ type: Boolean }) requireWeights = false;
  /** A training run is in progress (its model is not in the list until it finishes). */
  @property({ type: Boolean }) training = false;

  private pickable(m: ModelEntry): boolean {
    return !this.requireWeights || m.hasWeights;
  }

  private onChange(e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    const m = this.models.find((x) => x.id === id);
    if (m && this.pickable(m) && id !== this.selectedId) this.dispatchEvent(modelSelectEvent(id));
  }

  override render() {
    if (this.models.length === 0) {
      return html`<p data-picker-empty>No model yet: ${this.training ? TRAINING_LINE : 'train one in the Train view, or load one in the Models view'}.</p>`;
    }
    const selected = this.models.find((m) => m.id === this.selectedId);
    const showsSelection = selected !== undefined && this.pickable(selected);
    const line = (m: ModelEntry, reason: string | null) => `${m.name} · test ${accuracyText(m)}${reason ? ` · ${reason}` : ''}`;
    const unusable = selected ? `${selected.name}: cannot be used here (${noWeightsReason(selected)})` : 'Choose a model';
    // What the closed select shows: the picked model's line, or why the selected one cannot be picked.
    const shown = showsSelection ? line(selected, null) : selected ? unusable : undefined;
    return html`<div class="row">
      <label for="model">Model</label>
      <select id="model" name="model" @change=${(e: Event) => this.onChange(e)}>
        ${showsSelection ? nothing : html`<option value="" disabled .selected=${live(true)}>${unusable}</option>`}
        ${this.models.map((m) => {
          const reason = this.requireWeights ? noWeightsReason(m) : null;
          return html`<option value=${m.id} ?disabled=${reason !== null} .selected=${live(m.id === this.selectedId && showsSelection)}>${line(m, reason)}</option>`;
        })}
        ${this.training ? html`<option value="" disabled data-training-line>${TRAINING_LINE}</option>` : nothing}
      </select>
    </div>
    ${shown ? html`<p class="whole" data-picker-whole aria-hidden="true">${shown}</p>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-model-picker': TslModelPicker;
  }
}
