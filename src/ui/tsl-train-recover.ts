// <tsl-train-recover>: shown when the training backend was lost mid-run (WebGL context loss):
// says what happened and what was kept, and resumes the remaining epochs on a backend the person picks.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { Lab } from '../state/lab.ts';
import { isTrainingBusy, type LabState } from '../state/lab-state.ts';
import { StoreController } from '../state/store.ts';
import type { BackendName } from '../tf/backend-names.ts';
import { labContext } from './lab-context.ts';

@customElement('tsl-train-recover')
export class TslTrainRecover extends LitElement {
  static override styles = css`
    :host { display: block; border: 2px solid #b00020; border-radius: 6px; padding: 8px 10px; }
    p { margin: 0 0 8px; }
    .error { color: #b00020; font-weight: 600; }
    .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    select, button { font: inherit; }
    button { padding: 6px 14px; border-radius: 6px; border: 1px solid transparent; background: var(--tsl-accent, #0072b2); color: #fff; cursor: pointer; }
    button:disabled { opacity: 0.45; cursor: default; }
    select:focus-visible, button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  `;

  @consume({ context: labContext }) private lab!: Lab;
  private store!: StoreController<LabState>;
  @state() private backend: BackendName = 'wasm';
  /** Why the last resume was refused (a run already going, say): shown under the button. */
  @state() private refused = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.store ??= new StoreController(this, this.lab.store, (s) => [s.training.end, s.training.error, s.training.records.length, s.backends, isTrainingBusy(s)]);
  }

  private async resume(): Promise<void> {
    this.refused = '';
    try {
      await this.lab.resumeOn(this.backend);
    } catch (err) {
      this.refused = `Could not resume on ${this.backend}: ${(err as Error).message}`;
    }
  }

  override render() {
    const s = this.store.state;
    const t = s.training;
    const kept = t.records.length;
    const left = (t.settings?.epochs ?? 0) - kept;
    const available = Object.entries(s.backends ?? { wasm: { available: true } }).filter(([, c]) => c.available).map(([name]) => name as BackendName);
    return html`
      <p class="error" role="alert" data-backend-lost>${t.error}</p>
      ${kept > 0 && left > 0
        ? html`<div class="row">
            <label>Resume on
              <select name="resume-backend" @change=${(e: Event) => (this.backend = (e.target as HTMLSelectElement).value as BackendName)}>
                ${available.map((b) => html`<option value=${b} ?selected=${b === this.backend}>${b}</option>`)}
              </select>
            </label>
            <button data-action="resume-lost" ?disabled=${this.lab.busy} @click=${() => void this.resume()}>
              Train the remaining ${left} epoch${left === 1 ? '' : 's'}
            </button>
          </div>
          ${this.refused ? html`<p class="error" role="alert" data-resume-refused>${this.refused}</p>` : nothing}
          <p>Training goes on from epoch ${kept + 1} with the kept weights and a fresh optimizer (Adam's running averages were on the lost GPU).</p>`
        : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-train-recover': TslTrainRecover;
  }
}
