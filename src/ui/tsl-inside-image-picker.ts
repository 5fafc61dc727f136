// <tsl-inside-image-picker>: choose the image to look inside with: a validation image by number,
// your own file (dropped or picked), or a webcam frame. Shows the chosen image. Emits events only.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { describeImage, type InsideImage } from '../state/inside-state.ts';
import { drawImage } from './thumbnail.ts';

@customElement('tsl-inside-image-picker')
export class TslInsideImagePicker extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 8px; font-size: 0.88rem; }
    .drop { border: 2px dashed #667; border-radius: 8px; padding: 10px; display: flex; flex-direction: column; gap: 8px; }
    .drop.over { background: #e6f1f8; border-color: var(--tsl-accent, #0072b2); }
    .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    input[type='number'] { width: 5em; font: inherit; }
    button, .pick { font: inherit; font-size: 0.85rem; padding: 4px 10px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button:disabled { opacity: 0.45; cursor: default; }
    input[type='file'] { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .pick:focus-within, button:focus-visible, input:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .chosen { display: flex; gap: 10px; align-items: center; }
    canvas { width: 96px; height: 96px; image-rendering: pixelated; border: 1px solid var(--tsl-border, #ccd); }
  `;

  /** The image looked at now. */
  @property({ attribute: false }) image: InsideImage | null = null;
  /** Images in the validation split (0 = not loaded). */
  @property({ type: Number }) validationCount = 0;
  /** A pick is in flight. */
  @property({ type: Boolean }) disabled = false;
  @state() private over = false;
  @query('canvas') private canvas?: HTMLCanvasElement;

  private emit(name: 'pick-validation' | 'pick-file' | 'pick-camera', detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  protected override updated(changed: PropertyValues): void {
    const i = this.image;
    if (changed.has('image') && i && this.canvas) drawImage(this.canvas, { pixels: i.pixels, labels: new Uint8Array(1), count: 1, width: i.size, height: i.size, ids: [''] }, 0);
  }

  override render() {
    const i = this.image;
    const index = i?.source.kind === 'validation' ? i.source.index : 0;
    return html`
      <div class=${this.over ? 'drop over' : 'drop'} @dragover=${(e: DragEvent) => { e.preventDefault(); this.over = true; }} @dragleave=${() => (this.over = false)}
        @drop=${(e: DragEvent) => { e.preventDefault(); this.over = false; const f = e.dataTransfer?.files[0]; if (f && !this.disabled) this.emit('pick-file', f); }}>
        <label class="row">Validation image
          <input type="number" name="val-index" min="0" max=${Math.max(0, this.validationCount - 1)} .value=${String(index)} ?disabled=${this.disabled || this.validationCount === 0}
            @change=${(e: Event) => this.emit('pick-validation', Number((e.target as HTMLInputElement).value))}>
          <span>of ${this.validationCount}</span>
        </label>
        <div class="row">
          <button data-action="prev-image" aria-label="Previous validation image" ?disabled=${this.disabled || index <= 0} @click=${() => this.emit('pick-validation', index - 1)}>◀</button>
          <button data-action="next-image" aria-label="Next validation image" ?disabled=${this.disabled || index >= this.validationCount - 1} @click=${() => this.emit('pick-validation', index + 1)}>▶</button>
          <label class="pick">Your image…<input type="file" accept="image/*" name="image-file" ?disabled=${this.disabled}
            @change=${(e: Event) => { const input = e.target as HTMLInputElement; const f = input.files?.[0]; if (f) this.emit('pick-file', f); input.value = ''; }}></label>
          <button data-action="camera" ?disabled=${this.disabled} @click=${() => this.emit('pick-camera')}>Webcam frame</button>
        </div>
        <span>or drop an image file here</span>
      </div>
      ${i ? html`<div class="chosen"><canvas aria-label=${`The ${i.size}×${i.size} input: ${describeImage(i)}`}></canvas><span data-image-label>Looking at ${describeImage(i)}.</span></div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-image-picker': TslInsideImagePicker;
  }
  interface GlobalEventHandlersEventMap {
    'pick-validation': CustomEvent<number>;
    'pick-file': CustomEvent<File>;
    'pick-camera': CustomEvent<void>;
  }
}
