// <tsl-shortcuts-overlay>: the `?` overlay listing the keyboard shortcuts, as a modal dialog (focus
// moves in, Escape or the button closes it, focus returns to where it was).
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';

export interface Shortcut {
  /** Keys as shown, e.g. ["n", "→"]. */
  keys: string[];
  /** What it does. */
  action: string;
}

/** What a key cap shows, in words ("the letter l"), for the tooltip: a cap alone can be misread. */
export function keyName(key: string): string {
  if (/^[a-z]$/.test(key)) return `the letter ${key} (no Shift)`;
  if (/^[0-9]$/.test(key)) return `the digit ${key}`;
  return ({ '→': 'right arrow', '←': 'left arrow', '?': 'question mark', '…': 'through' } as Record<string, string>)[key] ?? key;
}

@customElement('tsl-shortcuts-overlay')
export class TslShortcutsOverlay extends LitElement {
  static override styles = css`
    dialog { border: 2px solid #1a1a2e; border-radius: 10px; padding: 20px 28px; max-width: min(640px, 92vw); font-size: 1.1rem; color: #111; background: #fff; }
    dialog::backdrop { background: rgb(0 0 0 / 55%); }
    h2 { margin: 0 0 12px; font-size: 1.3em; }
    table { border-collapse: collapse; width: 100%; }
    td { padding: 6px 10px; border-bottom: 1px solid #ccd; }
    td:first-child { white-space: nowrap; }
    /* Fonts whose "l" has a curved tail, so it cannot pass for "1" (the generic monospace here is Liberation
       Mono, whose serifed l does): DejaVu Sans Mono (Linux), Menlo (macOS), Consolas and Cascadia (Windows). */
    kbd { display: inline-block; min-width: 1.4em; text-align: center; font: 600 0.95em "DejaVu Sans Mono", Menlo, Consolas, "Cascadia Mono", "Noto Sans Mono", ui-monospace, monospace; border: 1px solid #555; border-bottom-width: 3px; border-radius: 5px; padding: 1px 6px; margin-right: 4px; background: #f6f6f8; }
    p { font-size: 0.9em; color: #333; }
    button { font: inherit; padding: 6px 16px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  `;

  /** Shown as a modal dialog while true. */
  @property({ type: Boolean }) open = false;
  @property({ attribute: false }) shortcuts: Shortcut[] = [];

  @query('dialog') private dialog!: HTMLDialogElement;

  /**
   * The dialog is on screen. Escape closes it at once, while its "close" event (and so `open`
   * turning false in the host) comes a task later: keys in between belong to the page again.
   */
  get showing(): boolean {
    return this.dialog?.open ?? false;
  }
  private returnFocus: Element | null = null;

  override render() {
    return html`<dialog aria-labelledby="shortcuts-title" @close=${this.onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table data-table="shortcuts">
        <tbody>${this.shortcuts.map((s) => html`<tr><td>${s.keys.map((k) => html`<kbd title=${keyName(k)}>${k}</kbd>`)}</td><td>${s.action}</td></tr>`)}</tbody>
      </table>
      <p>They work anywhere except while typing in a field. The whole set-up is in the page's address: copy it to prepare a link.</p>
      <button data-action="close-shortcuts" @click=${() => this.dialog.close()}>Close</button>
    </dialog>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return;
    if (this.open && !this.dialog.open) {
      // The focused element may sit inside other shadow roots: follow them down.
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      this.returnFocus = active;
      this.dialog.showModal();
      this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus();
    } else if (!this.open && this.dialog.open) this.dialog.close();
  }

  private onClose = (): void => {
    (this.returnFocus as HTMLElement | null)?.focus?.();
    this.returnFocus = null;
    this.dispatchEvent(new CustomEvent('shortcuts-close', { bubbles: true, composed: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-shortcuts-overlay': TslShortcutsOverlay;
  }
}
