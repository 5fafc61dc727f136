// <tsl-drift-own>: a person's own images as a later day of the stream: pick a folder (one
// subfolder per class, named after the model's classes) or capture webcam frames, and place the day
// (from day N on, or one extra day after the drawn ones). Emits events; DriftLab reads and checks.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { describeOwn, placementProblem, WEBCAM_FRAMES, type OwnDayPlacement } from '../drift/own-day.ts';
import type { IncomingFile } from '../state/data-lab.ts';
import type { DriftState } from '../state/drift-state.ts';
import { filesFromInput } from './files-from-drop.ts';
import { NumberRefusal } from './number-refusal.ts';

@customElement('tsl-drift-own')
export class TslDriftOwn extends LitElement {
  static override styles = css`
    :host { display: block; }
    /* A fieldset is as wide as its widest content by default: let it fit the column instead. */
    fieldset { border: 1px solid var(--tsl-border, #ccd); border-radius: 6px; padding: 8px 12px; margin: 0 0 8px; min-width: 0; }
    legend { font-weight: 600; }
    p { font-size: 0.82rem; margin: 4px 0; line-height: 1.35; }
    .row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; font-size: 0.9rem; margin: 6px 0; }
    .pick, button { font: inherit; font-size: 0.85rem; padding: 3px 10px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    .pick:focus-within, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    input[type='file'] { position: absolute; width: 1px; height: 1px; opacity: 0; }
    input[type='text'] { width: 3rem; font: inherit; }
    select { font: inherit; width: 100%; }
    label.place { width: 100%; }
    .error { color: #b00020; font-weight: 600; }
    .warn { color: #7a4b00; }
    .loaded { font-weight: 600; }
  `;

  @property({ attribute: false }) state!: DriftState;
  /** The model's classes, which the folder's subfolders must be named after. */
  @property({ attribute: false }) classNames: string[] = [];
  /** Disable while a stream runs. */
  @property({ type: Boolean }) disabled = false;

  private emit<K extends keyof DriftOwnEvents>(type: K, detail: DriftOwnEvents[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The day field's text that was not a number; cleared by the next placement sent. */
  private readonly refusal = new NumberRefusal(this);

  private place(placement: OwnDayPlacement): void {
    this.refusal.clear();
    this.emit('tsl-drift-own-place', placement);
  }

  /**
   * The day typed in the field: text that is no number is refused here, a number goes to the lab,
   * which names any day out of range. Either way a refused text goes back to the day in use.
   */
  private placeFromDay(input: HTMLInputElement, inUse: number): void {
    const day = this.refusal.read('Day N', input, inUse);
    if (day === null) return;
    const placement: OwnDayPlacement = { mode: 'from', day };
    if (placementProblem(placement, this.state.scenario.days) !== null) input.value = String(inUse);
    this.place(placement);
  }

  override render() {
    const s = this.state;
    const own = s.own;
    const busy = this.disabled || s.ownLoading !== null;
    const p = s.ownPlacement;
    const fromDay = p.mode === 'from' ? p.day : Math.max(1, s.scenario.days - 2);
    return html`<fieldset ?disabled=${this.disabled}>
      <legend>Your own images as a later day</legend>
      <p>Train on one set, serve on another: a folder with one subfolder per class, named after the model's classes (${this.classNames.join(', ') || 'train a model first'}), or frames from your webcam.
        Monitoring, policies and costs treat that day like any other.</p>
      <div class="row">
        <label class="pick">Pick a folder…<input type="file" webkitdirectory multiple data-action="drift-pick-folder" ?disabled=${busy}
          @change=${(e: Event) => { const input = e.target as HTMLInputElement; const files = filesFromInput(input); input.value = ''; this.emit('tsl-drift-own-folder', files); }}></label>
        <button data-action="drift-webcam" ?disabled=${busy} @click=${() => this.emit('tsl-drift-own-webcam', null)}>Capture ${WEBCAM_FRAMES} webcam frames</button>
        ${own ? html`<button data-action="drift-own-clear" ?disabled=${busy} @click=${() => this.emit('tsl-drift-own-clear', null)}>Remove</button>` : nothing}
      </div>
      <div class="row">
        <label class="place">Serve them <select name="own-mode" @change=${(e: Event) => this.place((e.target as HTMLSelectElement).value === 'append' ? { mode: 'append' } : { mode: 'from', day: fromDay })}>
          <option value="append" ?selected=${p.mode === 'append'}>as one extra day after the stream</option>
          <option value="from" ?selected=${p.mode === 'from'}>from day N on, replacing drawn days</option></select></label>
        ${p.mode === 'from' ? html`<label>N (a day from 1) <input type="text" inputmode="numeric" name="own-from-day" .value=${String(p.day)} @change=${(e: Event) => this.placeFromDay(e.target as HTMLInputElement, p.day)}></label>` : nothing}
      </div>
      ${this.refusal.message ? html`<p class="error" role="alert" data-own-not-number>${this.refusal.message}</p>` : nothing}
      ${s.ownLoading ? html`<p role="status">${s.ownLoading}…</p>` : nothing}
      ${own ? html`<p class="loaded" data-own-loaded>In the stream: ${own.name}, ${describeOwn(own)}.</p>` : nothing}
      ${own && !own.labelsKnown ? html`<p data-own-unlabelled>Webcam frames have no true label: that day has no monitored accuracy (no label ever comes back), only the label-free drift signal (PSI and KS of brightness and confidence against day 0). An accuracy-triggered policy cannot see it; a signal-triggered one can.</p>` : nothing}
      ${s.ownMessage ? html`<p class=${s.ownMessage.kind === 'error' ? 'error' : s.ownMessage.kind === 'warn' ? 'warn' : ''} role=${s.ownMessage.kind === 'error' ? 'alert' : 'status'} data-own-message=${s.ownMessage.kind}>${s.ownMessage.text}</p>` : nothing}
    </fieldset>`;
  }
}

type DriftOwnEvents = Pick<GlobalEventHandlersEventMap, 'tsl-drift-own-folder' | 'tsl-drift-own-webcam' | 'tsl-drift-own-clear' | 'tsl-drift-own-place'>;

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-own': TslDriftOwn;
  }
  interface GlobalEventHandlersEventMap {
    /** A folder was picked: its files with their paths. */
    'tsl-drift-own-folder': CustomEvent<IncomingFile[]>;
    /** Capture webcam frames as the own day. */
    'tsl-drift-own-webcam': CustomEvent<null>;
    /** Back to drawn days only. */
    'tsl-drift-own-clear': CustomEvent<null>;
    /** Where the own day goes. */
    'tsl-drift-own-place': CustomEvent<OwnDayPlacement>;
  }
}
