// <tsl-prediction-grid>: validation images with the predicted class and its confidence;
// wrong predictions are outlined. Also used for the misclassified-images list.
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ImageSet } from '../data/image-set.ts';
import { drawImage } from './thumbnail.ts';

const THUMBNAILS_PER_FRAME = 12;

@customElement('tsl-prediction-grid')
export class TslPredictionGrid extends LitElement {
  static override styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(76px, 1fr)); gap: 6px; }
    li { text-align: center; font-size: 0.75rem; }
    canvas { width: 64px; height: 64px; image-rendering: pixelated; border: 3px solid #009e73; border-radius: 4px; }
    li.wrong canvas { border-color: #d55e00; border-style: dashed; }
    .empty { color: #555; font-style: italic; }
  `;

  @property({ attribute: false }) images: ImageSet | null = null;
  /** Indices into `images` to show, in order. */
  @property({ attribute: false }) indices: number[] = [];
  @property({ attribute: false }) predicted: Uint8Array | null = null;
  @property({ attribute: false }) confidence: Float32Array | null = null;
  @property({ attribute: false }) classNames: string[] = [];
  /** Text shown when there is nothing to show. */
  @property() emptyText = 'No predictions yet.';

  override render() {
    if (!this.images || !this.predicted || this.indices.length === 0) return html`<p class="empty">${this.emptyText}</p>`;
    return html`<ul>
      ${this.indices.map((i) => {
        const pred = this.predicted![i]!;
        const actual = this.images!.labels[i]!;
        const wrong = pred !== actual;
        const name = this.classNames[pred] ?? String(pred);
        const conf = ((this.confidence?.[i] ?? 0) * 100).toFixed(0);
        return html`<li class=${wrong ? 'wrong' : ''}>
          <canvas data-index=${i} role="img" aria-label=${`Image ${this.images!.ids[i] ?? i}: predicted ${name} at ${conf}%, actually ${this.classNames[actual]}`}></canvas>
          <div>${wrong ? '✗' : '✓'} ${name} ${conf}%</div>
        </li>`;
      })}
    </ul>`;
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('images') && !changed.has('indices')) return;
    const images = this.images;
    if (!images) return;
    const pending = [...this.renderRoot.querySelectorAll('canvas')].filter(
      // Lit reuses canvases across renders; redraw only those now showing another image.
      (canvas) => changed.has('images') || canvas.dataset.drawn !== canvas.dataset.index,
    );
    // A few thumbnails per frame, so a grid appearing mid-training never costs one long frame.
    const drawSome = () => {
      for (const canvas of pending.splice(0, THUMBNAILS_PER_FRAME)) {
        drawImage(canvas, images, Number(canvas.dataset.index));
        canvas.dataset.drawn = canvas.dataset.index;
      }
      if (pending.length > 0) requestAnimationFrame(drawSome);
    };
    drawSome();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prediction-grid': TslPredictionGrid;
  }
}
