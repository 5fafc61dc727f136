// <tsl-data-intake>: the ways in for a whole dataset: drop a folder (one subfolder per class) or
// pick one, and add an empty class by name to fill with files or webcam frames.
import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IncomingFile } from '../state/data-lab.ts';
import { MAX_CLASSES, MIN_CLASSES } from '../data/folder-rules.ts';
import { filesFromDrop, filesFromInput } from './files-from-drop.ts';

@customElement('tsl-data-intake')
export class TslDataIntake extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    .drop { border: 2px dashed #667; border-radius: 8px; padding: 14px; text-align: center; font-size: 0.9rem; }
    .drop.over { background: #e6f1f8; border-color: var(--tsl-accent, #0072b2); }
    .hint { font-size: 0.8rem; color: #444; margin: 4px 0 8px; }
    .pick { display: inline-block; font-size: 0.88rem; padding: 5px 12px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    .pick:focus-within, button:focus-visible, input[type='text']:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    input[type='file'] { position: absolute; width: 1px; height: 1px; opacity: 0; }
    form { display: flex; gap: 6px; }
    input[type='text'] { font: inherit; flex: 1; min-width: 0; padding: 3px 6px; }
    button { font: inherit; font-size: 0.88rem; padding: 5px 12px; border-radius: 6px; border: 1px solid #445; background: #fff; cursor: pointer; }
    button:disabled { opacity: 0.45; cursor: default; }
  `;

  /** True while images load or a dataset switch is not possible. */
  @property({ type: Boolean }) disabled = false;
  @state() private over = false;

  private emitFolder(files: IncomingFile[]): void {
    // An empty drop goes on too: the lab says that nothing arrived, rather than the page doing nothing.
    this.dispatchEvent(new CustomEvent('data-folder', { detail: files, bubbles: true, composed: true }));
  }

  private async onDrop(e: DragEvent): Promise<void> {
    e.preventDefault();
    this.over = false;
    if (!this.disabled && e.dataTransfer) this.emitFolder(await filesFromDrop(e.dataTransfer));
  }

  private onAddClass(e: SubmitEvent): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('className') as HTMLInputElement;
    this.dispatchEvent(new CustomEvent('data-add-class', { detail: input.value, bubbles: true, composed: true }));
    input.value = '';
  }

  override render() {
    return html`
      <div class=${this.over ? 'drop over' : 'drop'} @dragover=${(e: DragEvent) => { e.preventDefault(); this.over = true; }}
        @dragleave=${() => (this.over = false)} @drop=${this.onDrop}>
        <strong>Drop a folder here</strong>
        <p class="hint">One subfolder per class (${MIN_CLASSES} to ${MAX_CLASSES}); the subfolder's name is the label. JPEG, PNG, WebP, GIF (first frame) or BMP.</p>
        <label class="pick">Pick a folder…<input type="file" webkitdirectory multiple ?disabled=${this.disabled} data-action="pick-folder"
          @change=${(e: Event) => { const input = e.target as HTMLInputElement; this.emitFolder(filesFromInput(input)); input.value = ''; }}></label>
      </div>
      <form @submit=${this.onAddClass} aria-label="Add a class">
        <input type="text" name="className" placeholder="New class name" aria-label="New class name" ?disabled=${this.disabled} maxlength="40">
        <button type="submit" data-action="add-class" ?disabled=${this.disabled}>Add class</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-data-intake': TslDataIntake;
  }
  interface GlobalEventHandlersEventMap {
    'data-folder': CustomEvent<IncomingFile[]>;
    'data-add-class': CustomEvent<string>;
  }
}
