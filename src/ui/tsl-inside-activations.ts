// <tsl-inside-activations>: the chosen image, every conv layer's feature maps as small tiles (one
// per channel, each scaled to its own maximum), and the final class probabilities as a table with bars.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, queryAll } from 'lit/decorators.js';
import { formatPercent } from '../metrics/format.ts';
import type { ActivationSnapshot } from '../inspect/types.ts';
import { drawFeatureAtlas } from './feature-atlas.ts';

@customElement('tsl-inside-activations')
export class TslInsideActivations extends LitElement {
  static override styles = css`
    :host { display: block; }
    .layers { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
    figure { margin: 0; }
    figcaption { font-size: 0.82rem; margin-bottom: 4px; max-width: 260px; }
    canvas { width: 240px; image-rendering: pixelated; border: 1px solid var(--tsl-border, #ccd); display: block; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; margin-top: 10px; }
    td, th { padding: 2px 8px; text-align: left; }
    td.n { text-align: right; }
    .track { width: 180px; height: 0.8rem; background: #e4e7ef; border-radius: 2px; position: relative; }
    .fill { position: absolute; inset: 0 auto 0 0; background: #009e73; border-radius: 2px; }
    tr.top td { font-weight: 700; }
    .note { font-size: 0.8rem; color: #444; margin: 6px 0 0; }
  `;

  /** Latest feature maps and probabilities (null before the first). */
  @property({ attribute: false }) snapshot: ActivationSnapshot | null = null;
  /** Class names in output order, from the dataset. */
  @property({ attribute: false }) classNames: string[] = [];

  @queryAll('canvas[data-layer]') private canvases!: NodeListOf<HTMLCanvasElement>;

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('snapshot') || !this.snapshot) return;
    const byName = new Map(this.snapshot.layers.map((l) => [l.layer, l]));
    for (const canvas of this.canvases) {
      const maps = byName.get(canvas.dataset['layer'] ?? '');
      if (maps) drawFeatureAtlas(canvas, maps);
    }
  }

  override render() {
    const s = this.snapshot;
    if (!s) return html`<p class="note">No feature maps yet: they appear once a model exists (start training, or train once).</p>`;
    const top = s.probabilities.indexOf(Math.max(...s.probabilities));
    return html`
      <div class="layers">${s.layers.map((l) => {
        const dark = l.channelMax.filter((m) => m <= 0).length;
        const strongest = l.channelMax.indexOf(Math.max(...l.channelMax));
        return html`<figure>
          <figcaption><strong>${l.layer}</strong>: ${l.channels} maps of ${l.width}×${l.height}${dark > 0 ? `, ${dark} dark (all zero after ReLU)` : ''}</figcaption>
          <canvas data-layer=${l.layer} role="img"
            aria-label=${`${l.layer}: ${l.channels} feature maps of ${l.width} by ${l.height}; ${dark} channels are all zero; strongest is channel ${strongest} with maximum ${l.channelMax[strongest]!.toFixed(3)}.`}></canvas>
        </figure>`;
      })}</div>
      <p class="note">Each tile is one channel, left to right then down, coloured from dark (0) to yellow (that channel's largest value for this image). ${s.epoch > 0 ? `Taken live at epoch ${s.epoch}, batch ${s.batch}` : 'Taken on demand'}; worker time ${s.computeMs.toFixed(1)} ms (forward pass, read-back and scaling).</p>
      <table data-table="probabilities">
        <caption class="note" style="text-align:left">Final output (softmax): class probabilities</caption>
        <thead><tr><th scope="col">class</th><th scope="col">probability</th><th></th></tr></thead>
        <tbody>${s.probabilities.map((p, i) => html`<tr class=${i === top ? 'top' : ''}>
          <td>${this.classNames[i] ?? `class ${i}`}</td><td class="n">${formatPercent(p)}</td>
          <td><div class="track" aria-hidden="true"><div class="fill" style=${`width:${100 * p}%`}></div></div></td></tr>`)}</tbody>
      </table>
      ${nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-inside-activations': TslInsideActivations;
  }
}
