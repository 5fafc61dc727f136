// <tsl-kernel-histogram>: which kernels TF.js dispatched in the last epoch, most frequent first.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('tsl-kernel-histogram')
export class TslKernelHistogram extends LitElement {
  static override styles = css`
    :host { display: block; }
    ol { list-style: none; padding: 0; margin: 0; columns: 2 16rem; font-size: 0.8rem; }
    li { display: grid; grid-template-columns: 11rem 1fr 4rem; gap: 6px; align-items: center; break-inside: avoid; margin: 2px 0; }
    .bar { height: 0.7rem; background: var(--tsl-accent, #0072b2); border-radius: 2px; }
    .n { text-align: right; font-variant-numeric: tabular-nums; }
  `;

  /** Dispatches per kernel name. */
  @property({ attribute: false }) histogram: Record<string, number> = {};

  override render() {
    const entries = Object.entries(this.histogram).sort((a, b) => b[1] - a[1]);
    const top = entries[0]?.[1] ?? 1;
    if (entries.length === 0) return html`<p>No epoch finished yet.</p>`;
    return html`<ol aria-label="Kernel dispatches by kernel name">
      ${entries.map(([name, n]) => html`<li><span>${name}</span><span class="bar" style=${`width:${(100 * n) / top}%`}></span><span class="n">${n}</span></li>`)}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-kernel-histogram': TslKernelHistogram;
  }
}
