// <tsl-prediction-grid>: validation images with the predicted class and its confidence;
// wrong predictions are outlined. Also used for the misclassified-images list.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ImageSet } from '../data/image-set.ts';
import { thumbnailUrl } from './thumbnail.ts';

@customElement('tsl-prediction-grid')
export class TslPredictionGrid extends LitElement {
  static override styles = css`
    :host { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(76px, 1fr)); gap: 6px; }
    li { text-align: center; font-size: 0.75rem; }
    img { display: block; margin: 0 auto; width: 64px; height: 64px; image-rendering: pixelated; border: 3px solid #009e73; border-radius: 4px; background: #eee; }
    li.wrong img { border-color: #d55e00; border-style: dashed; }
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
    // Keyed by image, so an epoch's new predictions re-label the same <img> instead of pointing
    // it at another image's URL: every new src is a resource fetch and decode on the page's
    // main thread, and at an epoch's end dozens of them were the longest frame gap of a run.
    // Grids below the fold get no src at all until scrolled near (see connectedCallback).
    return html`<ul>
      ${repeat(this.indices, (i) => i, (i) => {
        const pred = this.predicted![i]!;
        const actual = this.images!.labels[i]!;
        const wrong = pred !== actual;
        const name = this.classNames[pred] ?? String(pred);
        const conf = ((this.confidence?.[i] ?? 0) * 100).toFixed(0);
        return html`<li class=${wrong ? 'wrong' : ''}>
          <img loading="lazy" decoding="async" src=${this.urls.get(i) ?? nothing} alt=${`Image ${this.images!.ids[i] ?? i}: predicted ${name} at ${conf}%, actually ${this.classNames[actual]}`}>
          <div>${wrong ? '✗' : '✓'} ${name} ${conf}%</div>
        </li>`;
      })}
    </ul>`;
  }

  /** Thumbnail URLs of the current image set, filled in as they are encoded. */
  private urls = new Map<number, string>();
  /** Near the viewport: thumbnails are encoded and given a src only then. */
  @state() private nearView = false;
  private observer: IntersectionObserver | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // A grid below the fold costs nothing: no encoding, no src, so no fetch per <img> at each
    // epoch's end (setting a lazy <img>'s src still registers a resource request).
    this.observer = new IntersectionObserver((entries) => (this.nearView = entries.some((e) => e.isIntersecting)), { rootMargin: '200px' });
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('images')) this.urls = new Map();
    const images = this.images;
    if (!images || !this.nearView || !(changed.has('images') || changed.has('indices') || changed.has('nearView'))) return;
    const missing = this.indices.filter((i) => !this.urls.has(i));
    if (missing.length === 0) return;
    // Encoded off the render path; one re-render once the batch of thumbnails is ready.
    void Promise.all(missing.map(async (i) => [i, await thumbnailUrl(images, i)] as const)).then((pairs) => {
      if (this.images !== images) return;
      for (const [i, url] of pairs) this.urls.set(i, url);
      this.requestUpdate();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prediction-grid': TslPredictionGrid;
  }
}
