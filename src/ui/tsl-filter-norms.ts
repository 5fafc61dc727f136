// <tsl-filter-norms>: per-filter L1 norms of each conv layer as bars, the ones a structured
// level cuts (lowest norms) marked, so the learner sees what the ranking removes.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { planFilterPruning, type FilterNorms } from '../prune/plan.ts';

@customElement('tsl-filter-norms')
export class TslFilterNorms extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; }
    figure { margin: 0; }
    figcaption { font-size: 0.85rem; font-weight: 600; margin-bottom: 4px; }
    .bars { display: flex; align-items: flex-end; gap: 1px; height: 90px; border-bottom: 1px solid #889; }
    .bar { flex: 1; background: var(--tsl-accent, #0072b2); min-width: 1px; }
    .bar.cut { background: repeating-linear-gradient(45deg, #d55e00 0 3px, #f3b58f 3px 6px); }
    .legend { font-size: 0.78rem; color: #444; margin-top: 2px; }
    .swatch { display: inline-block; width: 0.8em; height: 0.8em; vertical-align: middle; margin: 0 3px 0 8px; }
  `;

  /** L1 norm of each filter, per conv layer of the dense model. */
  @property({ attribute: false }) norms: FilterNorms[] = [];
  /** Fraction of each layer's filters a structured level removes (0 marks none). */
  @property({ type: Number }) fraction = 0.5;

  override render() {
    const plan = this.fraction > 0 ? planFilterPruning(this.norms, this.fraction) : [];
    return this.norms.map(({ layer, norms }) => {
      const kept = new Set(plan.find((p) => p.layer === layer)?.kept ?? norms.map((_, i) => i));
      const top = Math.max(...norms, 1e-12);
      const cut = norms.length - kept.size;
      return html`<figure data-layer=${layer}>
        <figcaption>${layer}: ${norms.length} filters, ${cut} cut at ${Math.round(this.fraction * 100)}%</figcaption>
        <div class="bars" role="img" aria-label=${`${layer} filter L1 norms from ${Math.min(...norms).toFixed(2)} to ${top.toFixed(2)}; ${cut} lowest would be cut`}>
          ${norms.map((n, i) => html`<div class=${kept.has(i) ? 'bar' : 'bar cut'} style=${`height:${(100 * n) / top}%`} title=${`filter ${i}: L1 ${n.toFixed(3)}${kept.has(i) ? '' : ' (cut)'}`}></div>`)}
        </div>
        <div class="legend">filter index →<span class="swatch" style="background:#0072b2"></span>kept<span class="swatch" style="background:#d55e00"></span>cut (lowest L1)</div>
      </figure>`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-filter-norms': TslFilterNorms;
  }
}
