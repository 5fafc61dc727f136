// <tsl-serve-try>: "Try it": drop or pick an image file, or take a webcam frame; shows what the
// model saw, its prediction, confidence and latency. Emits events; the ServeLab does the work.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { formatMs, formatPercent } from '../metrics/format.ts';
import type { TryResult } from '../state/serve-state.ts';
import { drawImage } from './thumbnail.ts';

@customElement('tsl-serve-try')
export class TslServeTry extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 8px; }
    .drop { border: 2px dashed #667; border-radius: 8px; padding: 14px; text-align: center; font-size: 0.88rem; }
    .drop.over { background: #e6f1f8; border-color: var(--tsl-accent, #0072b2); }
    .row { display: flex; gap: 8px; flex-wrap: wrap; justify-content: center; margin-top: 8px; }
    button, .pick { font: inherit; font-size: 0.85rem; padding: 5px 12px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button:disabled { opacity: 0.45; cursor: default; }
    input[type='file'] { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .pick:focus-within, button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .result { display: flex; gap: 12px; align-items: center; }
    canvas { width: 96px; height: 96px; image-rendering: pixelated; border: 1px solid var(--tsl-border, #ccd); }
    .pred { font-size: 1.2rem; font-weight: 700; }
    .k { font-size: 0.8rem; color: #333; }
    .error { color: #b00020; font-weight: 600; font-size: 0.85rem; margin: 0; }
  `;

  /** Latest prediction (null before the first). */
  @property({ attribute: false }) result: TryResult | null = null;
  /** Message of the latest failure (names the file). */
  @property() error = '';
  /** True while a bench runs or a try is in flight. */
  @property({ type: Boolean }) disabled = false;
  @state() private over = false;
  @query('canvas') private canvas?: HTMLCanvasElement;

  /** Emits `try-file` (detail: the File) or `try-webcam`. */
  private emitFile(file: File | undefined): void {
    if (file) this.dispatchEvent(new CustomEvent('try-file', { detail: file, bubbles: true, composed: true }));
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.over = false;
    if (!this.disabled) this.emitFile(e.dataTransfer?.files[0]);
  }

  protected override updated(changed: PropertyValues): void {
    const r = this.result;
    if (changed.has('result') && r && this.canvas) drawImage(this.canvas, { pixels: r.pixels, labels: new Uint8Array(1), count: 1, width: r.size, height: r.size, ids: [r.source] }, 0);
  }

  override render() {
    const r = this.result;
    return html`
      <div class=${this.over ? 'drop over' : 'drop'} @dragover=${(e: DragEvent) => { e.preventDefault(); this.over = true; }}
        @dragleave=${() => (this.over = false)} @drop=${this.onDrop}>
        Drop an image file here
        <div class="row">
          <label class="pick">Pick a file…<input type="file" accept="image/*" ?disabled=${this.disabled} data-action="try-file"
            @change=${(e: Event) => { const input = e.target as HTMLInputElement; this.emitFile(input.files?.[0]); input.value = ''; }}></label>
          <button data-action="try-webcam" ?disabled=${this.disabled} @click=${() => this.dispatchEvent(new CustomEvent('try-webcam', { bubbles: true, composed: true }))}>Take a webcam frame</button>
        </div>
      </div>
      ${this.error ? html`<p class="error" role="alert" data-try-error>${this.error}</p>` : nothing}
      ${r ? html`<div class="result" data-try-result>
        <canvas aria-label=${`The ${r.size}×${r.size} image the model saw, from ${r.source}`}></canvas>
        <div>
          <div class="pred">${r.className} · ${formatPercent(r.confidence)}</div>
          <div class="k">${r.source} on ${r.backend}</div>
          <div class="k">end to end <strong>${formatMs(r.e2eMs)}</strong> · model <strong>${formatMs(r.modelMs)}</strong></div>
          <div class="k">getting the image first (${r.source === 'webcam frame' ? 'camera + decode' : 'decode'}): ${formatMs(r.decodeMs)}</div>
        </div></div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-try': TslServeTry;
  }
  interface GlobalEventHandlersEventMap {
    'try-file': CustomEvent<File>;
    'try-webcam': CustomEvent<void>;
  }
}
