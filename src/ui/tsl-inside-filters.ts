// <tsl-inside-filters>: the first conv layer's kernels as RGB tiles, and every conv layer's
// per-filter L1 norms as bars with the ones structured pruning would cut at a chosen fraction marked.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { WeightSnapshot } from '../inspect/types.ts';
import { drawRgbFilters } from './feature-atlas.ts';
import './tsl-filter-norms.ts';

export type CutFractionEvent = CustomEvent<{ fraction: number }>;

const FRACTIONS = [0.25, 0.5, 0.75] as const;

@customElement('tsl-inside-filters')
export class TslInsideFilters extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    .first { display: flex; gap: 14px; align-items: flex-start; }
    canvas { width: 200px; image-rendering: pixelated; border: 1px solid var(--tsl-border, #ccd); }
    .note { font-size: 0.8rem; color: #444; margin: 0; max-width: 60ch; }
    label { font-size: 0.88rem; }
    select { font: inherit; }
    select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `;

  /** Latest weight snapshot (null before there is a model). */
  @property({ attribute: false }) weights: WeightSnapshot | null = null;
  /** Fraction of each layer's filters marked as cut. */
  @property({ type: Number }) fraction = 0.5;

  @query('canvas') private canvas?: HTMLCanvasElement;

  protected override updated(changed: PropertyValues): void {
    const f = this.weights?.firstConv;
    if (changed.has('weights') && f && this.canvas) drawRgbFilters(this.canvas, f.values, f.kh, f.kw, f.filters);
  }

  override render() {
    const w = this.weights;
    if (!w) return html`<p class="note">No weights yet: they appear once a model exists.</p>`;
    const f = w.firstConv;
    return html`
      ${f ? html`<div class="first">
        <canvas role="img" aria-label=${`${f.layer}: ${f.filters} filters of ${f.kh} by ${f.kw} over RGB, drawn as colour tiles`}></canvas>
        <p class="note"><strong>${f.layer}</strong>: its ${f.filters} kernels (${f.kh}×${f.kw}×3) drawn as RGB tiles, all on one scale: grey is 0, a bright red pixel is a large positive red weight (the filter looks for red there), a dark one a negative weight. Each filter is one tile, left to right then down${w.epoch > 0 ? `; weights at the end of epoch ${w.epoch}` : ''}.</p>
      </div>` : nothing}
      <label>Mark the filters structured pruning would cut at
        <select name="cut-fraction" @change=${(e: Event) => this.dispatchEvent(new CustomEvent('cut-fraction', { detail: { fraction: Number((e.target as HTMLSelectElement).value) }, bubbles: true, composed: true }))}>
          ${FRACTIONS.map((x) => html`<option value=${x} ?selected=${x === this.fraction}>${x * 100}% of each conv layer's filters</option>`)}
        </select>
      </label>
      <tsl-filter-norms .norms=${w.filterNorms} fraction=${this.fraction}></tsl-filter-norms>
      <p class="note">Bar height = the filter's L1 norm (sum of |w| over its kernel), exactly what the Prune view's structured levels rank: the lowest-norm filters are removed and the next layer's matching input channels with them.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-filters': TslInsideFilters;
  }
  interface GlobalEventHandlersEventMap {
    'cut-fraction': CutFractionEvent;
  }
}
