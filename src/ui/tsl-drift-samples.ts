// <tsl-drift-samples>: the first images of every simulated day, drawn by the drawing worker, with
// what changed that day, so a shift is seen before it is measured.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DaySamples } from '../state/drift-state.ts';
import { formatMs } from '../metrics/format.ts';
import { thumbnailUrl } from './thumbnail.ts';

const CLASS = ['cat', 'dog'];

@customElement('tsl-drift-samples')
export class TslDriftSamples extends LitElement {
  static override styles = css`
    :host { display: block; }
    .day { display: grid; grid-template-columns: 9rem 1fr; gap: 8px; align-items: center; margin: 4px 0; }
    .label { font-size: 0.8rem; }
    .images { display: flex; flex-wrap: wrap; gap: 4px; }
    .drawn { color: #555; }
    img { width: 56px; height: 56px; image-rendering: pixelated; border: 1px solid #ccd; }
  `;

  @property({ attribute: false }) samples: DaySamples[] = [];
  private urls = new Map<DaySamples, string[]>();

  override render() {
    return html`${this.samples.map((s) => html`<div class="day" data-sample-day=${s.day}>
      <div class="label"><strong>day ${s.day}</strong><br>${s.description}<br><span class="drawn">${s.own ? `${s.count.toLocaleString('en')} of your ${s.own.classNames ? 'images' : 'frames'} served${s.own.classNames && s.count > s.images.count ? ' (a spread of them here)' : ''}` : `${s.count.toLocaleString('en')} drawn in ${formatMs(s.drawMs)}`}</span></div>
      <div class="images">${Array.from({ length: s.images.count }, (_, i) => html`<img alt=${`day ${s.day}, ${this.labelOf(s, i)}`} title=${s.own ? s.images.ids[i] ?? '' : ''} src=${this.url(s, i)}>`)}</div>
    </div>`)}`;
  }

  private labelOf(s: DaySamples, i: number): string {
    if (s.own && s.own.classNames === null) return 'no label (webcam)';
    const names = s.own?.classNames ?? CLASS;
    return names[s.images.labels[i]!] ?? `class ${s.images.labels[i]}`;
  }

  /** The thumbnail's URL once encoded (a re-render follows), a blank until then. */
  private url(s: DaySamples, i: number): string {
    let urls = this.urls.get(s);
    if (!urls) {
      urls = [];
      this.urls.set(s, urls);
      for (let j = 0; j < s.images.count; j++) {
        void thumbnailUrl(s.images, j).then((u) => {
          urls![j] = u;
          this.requestUpdate();
        });
      }
    }
    return urls[i] ?? 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-samples': TslDriftSamples;
  }
}
