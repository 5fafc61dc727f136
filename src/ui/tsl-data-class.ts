// <tsl-data-class>: one class of a person's images: its name and count, thumbnails (each
// removable), files to add, a webcam burst while a button or key is held, and removal.
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { OwnClass } from '../state/data-state.ts';
import type { IncomingFile } from '../state/data-lab.ts';
import { filesFromInput } from './files-from-drop.ts';
import { drawImage } from './thumbnail.ts';

/**
 * Thumbnails shown per class: the first ones, so a class filling up during a load does not redraw
 * them every batch; the count says how many there are in all.
 */
const SHOWN = 24;

export interface ClassFilesDetail {
  className: string;
  files: IncomingFile[];
}

@customElement('tsl-data-class')
export class TslDataClass extends LitElement {
  static override styles = css`
    :host { display: block; border: 1px solid var(--tsl-border, #ccd); border-radius: 8px; padding: 10px 12px; }
    header { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
    h3 { margin: 0; font-size: 1rem; }
    .count { font-variant-numeric: tabular-nums; color: #333; font-size: 0.88rem; }
    .count.low { color: #b00020; font-weight: 600; }
    .actions { margin-left: auto; display: flex; gap: 6px; flex-wrap: wrap; }
    button, .pick { font: inherit; font-size: 0.82rem; padding: 4px 10px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button.capturing { background: #b00020; color: #fff; }
    button:disabled { opacity: 0.45; cursor: default; }
    button:focus-visible, .pick:focus-within { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    input[type='file'] { position: absolute; width: 1px; height: 1px; opacity: 0; }
    ul { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 6px; }
    /* The remove button sits under its thumbnail, not on it: every corner of the image stays visible. */
    li { display: flex; flex-direction: column; align-items: stretch; gap: 2px; width: 48px; }
    canvas { width: 48px; height: 48px; border-radius: 3px; display: block; }
    li button { padding: 0; font-size: 0.8rem; line-height: 1.3; border-radius: 4px; border-color: #99a; color: #333; }
    li button:hover:not(:disabled) { background: #fde8ea; border-color: #b00020; color: #b00020; }
    .more { align-self: center; width: auto; font-size: 0.8rem; color: #444; }
  `;

  @property({ attribute: false }) cls!: OwnClass;
  /** Smallest class that will be accepted (the count turns red below it). */
  @property({ type: Number }) minimum = 0;
  /** True while this class is capturing webcam frames. */
  @property({ type: Boolean }) capturing = false;
  @property({ type: Boolean }) disabled = false;

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private startBurst(): void {
    if (!this.capturing && !this.disabled) this.emit('data-capture-start', this.cls.name);
  }

  private stopBurst(): void {
    this.emit('data-capture-stop', this.cls.name);
  }

  private onKey(e: KeyboardEvent, down: boolean): void {
    if (e.key !== ' ' && e.key !== 'Enter') return;
    e.preventDefault(); // the key is the hold-to-capture control, not a click
    if (down && !e.repeat) this.startBurst();
    if (!down) this.stopBurst();
  }

  private shown() {
    return this.cls.images.slice(0, SHOWN);
  }

  override render() {
    const { name, images } = this.cls;
    const shown = this.shown();
    return html`
      <header>
        <h3>${name}</h3>
        <span class=${images.length < this.minimum ? 'count low' : 'count'} data-count>${images.length} image${images.length === 1 ? '' : 's'}${images.length < this.minimum ? ` (minimum ${this.minimum})` : ''}</span>
        <div class="actions">
          <label class="pick">Add files…<input type="file" multiple accept="image/*,.bmp,.webp" ?disabled=${this.disabled} data-action="add-files"
            @change=${(e: Event) => { const input = e.target as HTMLInputElement; this.emit<ClassFilesDetail>('data-class-files', { className: name, files: filesFromInput(input) }); input.value = ''; }}></label>
          <button data-action="capture" class=${this.capturing ? 'capturing' : ''} ?disabled=${this.disabled && !this.capturing}
            aria-pressed=${this.capturing ? 'true' : 'false'} title="Hold (mouse, touch, Space or Enter) to capture a burst of webcam frames"
            @pointerdown=${() => this.startBurst()} @pointerup=${() => this.stopBurst()} @pointerleave=${() => this.capturing && this.stopBurst()}
            @keydown=${(e: KeyboardEvent) => this.onKey(e, true)} @keyup=${(e: KeyboardEvent) => this.onKey(e, false)}>${this.capturing ? 'Capturing… release to stop' : 'Hold to capture webcam'}</button>
          <button data-action="remove-class" ?disabled=${this.disabled} @click=${() => this.emit('data-remove-class', name)} aria-label=${`Remove class ${name}`}>Remove class</button>
        </div>
      </header>
      <ul aria-label=${`Images of ${name}`}>
        ${shown.map((image, k) => html`<li><canvas data-k=${k} role="img" aria-label=${`${image.id}, ${image.width}×${image.height} ${image.format}`}></canvas>
          <button aria-label=${`Remove ${image.id}`} title="Remove this image" ?disabled=${this.disabled} @click=${() => this.emit('data-remove-image', { className: name, id: image.id })}>×</button></li>`)}
        ${images.length > shown.length ? html`<li class="more">+ ${images.length - shown.length} more</li>` : ''}
      </ul>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('cls')) return;
    const shown = this.shown();
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-k]')) {
      const image = shown[Number(canvas.dataset.k)];
      // Lit keeps canvases across renders: redraw only the ones now showing another image.
      if (!image || canvas.dataset.id === image.id) continue;
      const side = Math.round(Math.sqrt(image.rgb.length / 3));
      drawImage(canvas, { pixels: image.rgb, labels: new Uint8Array(1), count: 1, width: side, height: side, ids: [image.id] }, 0);
      canvas.dataset.id = image.id;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-data-class': TslDataClass;
  }
  interface GlobalEventHandlersEventMap {
    'data-class-files': CustomEvent<ClassFilesDetail>;
    'data-capture-start': CustomEvent<string>;
    'data-capture-stop': CustomEvent<string>;
    'data-remove-class': CustomEvent<string>;
    'data-remove-image': CustomEvent<{ className: string; id: string }>;
  }
}
