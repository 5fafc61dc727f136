// <tsl-presets>: the prepared set-ups dialog. Saves the current set-up under a name, lists the
// saved ones with their link and a QR code big enough to scan from the back of a lecture hall (and
// a full-screen view of it), and opens, renames or deletes them.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import QRCode from 'qrcode';
import type { Lab } from '../state/lab.ts';
import { localTextStorage } from '../state/local-text-storage.ts';
import { PRESETS_STORAGE_KEY, PresetsLab, type Preset, type PresetsState } from '../state/presets-lab.ts';
import { BUILTIN_PRESETS } from '../state/presets-builtin.ts';
import { StoreController } from '../state/store.ts';
import { serializeUrlState } from '../state/url-state.ts';
import { applyUrl, snapshotOf } from '../state/url-sync.ts';
import { labContext } from './lab-context.ts';

/** Side of the listed QR codes in CSS px; the full-screen one fills the shorter screen side. */
const QR_LIST_PX = 240;

/** Draws `text` as a QR code on `canvas`, `sidePx` wide (quiet zone included). */
export function drawQr(canvas: HTMLCanvasElement, text: string, sidePx: number): Promise<void> {
  return QRCode.toCanvas(canvas, text, { width: sidePx, margin: 4, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}

@customElement('tsl-presets')
export class TslPresets extends LitElement {
  static override styles = css`
    dialog { border: 2px solid #1a1a2e; border-radius: 10px; padding: 16px 24px; width: min(960px, 94vw); max-height: 92vh; font-size: 1rem; color: #111; background: #fff; box-sizing: border-box; }
    dialog::backdrop { background: rgb(0 0 0 / 55%); }
    h2 { margin: 0 0 10px; font-size: 1.3em; }
    form { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin-bottom: 12px; }
    input { font: inherit; padding: 4px 8px; min-width: 0; flex: 1 1 16em; }
    button { font: inherit; padding: 4px 12px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; color: inherit; }
    button:focus-visible, a:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
    li { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 12px; border: 1px solid #ccd; border-radius: 8px; padding: 10px; }
    canvas { width: ${QR_LIST_PX}px; height: ${QR_LIST_PX}px; image-rendering: pixelated; }
    .name { font-weight: 700; font-size: 1.1em; }
    a { overflow-wrap: anywhere; color: #0b4f8a; }
    .actions { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 8px; }
    .error { color: #7a0014; border-left: 4px solid #b00020; background: #fff4f4; padding: 6px 10px; }
    .messages { color: #7a0014; }
    .full { position: fixed; inset: 0; background: #fff; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 12px; z-index: 10; }
    .full canvas { width: min(82vh, 94vw); height: min(82vh, 94vw); }
    .full p { margin: 0; font-size: 1.4em; font-weight: 700; }
  `;

  @consume({ context: labContext }) private lab!: Lab;

  /** Shown as a modal dialog while true. */
  @property({ type: Boolean }) open = false;

  @query('dialog') private dialog!: HTMLDialogElement;
  @state() private fullId: string | null = null;
  @state() private renamingId: string | null = null;
  /** Messages from the parsers when an opened preset had values they refused. */
  @state() private messages: string[] = [];

  private presets!: PresetsLab;
  private store!: StoreController<PresetsState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.presets ??= new PresetsLab({
      storage: localTextStorage(PRESETS_STORAGE_KEY),
      currentSearch: () => serializeUrlState(snapshotOf(this.lab)),
      apply: (search) => applyUrl(this.lab, search),
      baseUrl: () => `${location.origin}${location.pathname}`,
      builtins: BUILTIN_PRESETS,
    });
    this.store ??= new StoreController(this, this.presets.store);
  }

  override render() {
    const { presets, error } = this.store.state;
    const full = this.fullId ? this.presets.find(this.fullId) : undefined;
    return html`<dialog aria-labelledby="presets-title" @close=${this.onClose}>
      <h2 id="presets-title">Prepared set-ups</h2>
      <form @submit=${this.onSave}>
        <label for="preset-name">Save the current set-up as</label>
        <input id="preset-name" name="name" placeholder="Lecture 3: pruning" autocomplete="off" />
        <button type="submit" data-action="save-preset">Save</button>
      </form>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${this.messages.length > 0 ? html`<ul class="messages" role="alert" data-preset-messages>${this.messages.map((m) => html`<li>${m}</li>`)}</ul>` : nothing}
      ${presets.length === 0 ? html`<p>No presets yet. Set up the views, then save the set-up here.</p>` : html`<ul data-presets>${presets.map((p) => this.renderPreset(p))}</ul>`}
      <h3>Shipped with the app</h3>
      <ul data-builtin-presets>${this.presets.builtins.map((p) => html`<li data-builtin-preset=${p.id}>
        <div class="name">${p.name}</div><div><a href=${this.presets.linkOf(p)}>${this.presets.linkOf(p)}</a></div>
        <div class="actions"><button data-action="open-builtin-preset" @click=${() => this.onOpen(p.id)}>Open</button></div></li>`)}</ul>
      <p><button data-action="close-presets" @click=${() => this.dialog.close()}>Close</button></p>
      ${full ? this.renderFull(full) : nothing}
    </dialog>`;
  }

  private renderPreset(p: Preset) {
    const link = this.presets.linkOf(p);
    return html`<li data-preset=${p.id}>
      <canvas data-qr=${p.id} role="img" aria-label=${`QR code of the link to "${p.name}"`}></canvas>
      <div>
        ${this.renamingId === p.id
          ? html`<form @submit=${(e: SubmitEvent) => this.onRename(e, p.id)}>
              <input name="rename" aria-label="New name" .value=${p.name} /><button type="submit" data-action="rename-confirm">Rename</button>
              <button type="button" @click=${() => (this.renamingId = null)}>Cancel</button></form>`
          : html`<div class="name" data-preset-name>${p.name}</div>`}
        <div><a href=${link} data-preset-link>${link}</a></div>
        <div class="actions">
          <button data-action="open-preset" @click=${() => this.onOpen(p.id)}>Open</button>
          <button data-action="full-screen" @click=${() => (this.fullId = p.id)}>Show full screen</button>
          <button data-action="rename-preset" @click=${() => (this.renamingId = p.id)}>Rename</button>
          <button data-action="delete-preset" @click=${() => this.presets.remove(p.id)}>Delete</button>
        </div>
      </div>
    </li>`;
  }

  private renderFull(p: Preset) {
    return html`<div class="full" data-qr-full role="group" aria-label=${`"${p.name}" full screen`}>
      <p>${p.name}</p>
      <canvas data-qr-big role="img" aria-label=${`QR code of the link to "${p.name}"`}></canvas>
      <button data-action="close-full" @click=${() => (this.fullId = null)}>Back</button>
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        this.messages = [];
        this.dialog.showModal();
        this.renderRoot.querySelector<HTMLInputElement>('#preset-name')?.focus();
      } else if (!this.open && this.dialog.open) this.dialog.close();
    }
    void this.drawCodes();
  }

  // Drawn at the device's pixel ratio so the modules stay sharp on a projector.
  private async drawCodes(): Promise<void> {
    const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-qr]')) {
      const p = this.presets.find(canvas.dataset['qr'] ?? '');
      if (p && canvas.dataset['drawn'] !== this.presets.linkOf(p)) {
        await drawQr(canvas, this.presets.linkOf(p), QR_LIST_PX * ratio);
        canvas.dataset['drawn'] = this.presets.linkOf(p);
      }
    }
    const big = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[data-qr-big]');
    const full = this.fullId ? this.presets.find(this.fullId) : undefined;
    if (big && full) await drawQr(big, this.presets.linkOf(full), Math.round(Math.min(innerHeight * 0.82, innerWidth * 0.94) * ratio));
  }

  private onSave = (e: SubmitEvent): void => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('name') as HTMLInputElement;
    if (this.presets.save(input.value)) input.value = '';
  };

  private onRename(e: SubmitEvent, id: string): void {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('rename') as HTMLInputElement;
    if (this.presets.rename(id, input.value)) this.renamingId = null;
  }

  private onOpen(id: string): void {
    this.messages = this.presets.open(id);
    if (this.messages.length === 0) this.dialog.close();
  }

  private onClose = (): void => {
    this.fullId = null;
    this.dispatchEvent(new CustomEvent('presets-close', { bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-presets': TslPresets;
  }
  interface GlobalEventHandlersEventMap {
    /** The presets dialog closed (Escape, Close, or a preset opened). */
    'presets-close': CustomEvent<void>;
  }
}
