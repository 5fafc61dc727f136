// <tsl-progress>: a labelled progress bar with the count beside it.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('tsl-progress')
export class TslProgress extends LitElement {
  static override styles = css`
    :host { display: block; }
    .row { display: flex; justify-content: space-between; font-size: 0.85rem; margin-bottom: 2px; }
    progress { width: 100%; height: 0.8rem; accent-color: var(--tsl-accent, #0072b2); }
  `;

  /** What is progressing, e.g. "Epoch 3 of 8". */
  @property() label = '';
  /** Units done. */
  @property({ type: Number }) value = 0;
  /** Units in all (0 = indeterminate). */
  @property({ type: Number }) max = 0;
  /** Extra text on the right, e.g. "loss 0.412". */
  @property() detail = '';

  override render() {
    return html`<div class="row"><span>${this.label}</span><span>${this.detail}</span></div>
      <progress aria-label=${this.label} value=${this.max > 0 ? this.value : undefined as unknown as number} max=${this.max || 1}></progress>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-progress': TslProgress;
  }
}
