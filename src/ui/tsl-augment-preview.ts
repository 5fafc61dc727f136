// <tsl-augment-preview>: the sample grid of training-time augmentation. A handful of training
// images of the run's first batch, each as stored and as the trainer's seeded augmentation turns
// it (the same draws training uses), and the augmentation's measured wall time per epoch of the
// latest run against the epoch's wall time. Serving pays nothing for augmentation.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatMs, formatPercent } from '../metrics/format.ts';
import type { Lab } from '../state/lab.ts';
import type { LabState } from '../state/lab-state.ts';
import type { LeversState } from '../state/levers-state.ts';
import { StoreController } from '../state/store.ts';
import { augmentationOn, describeAugmentation } from '../train/augment-params.ts';
import type { AugmentSamples } from '../workbench/protocol.ts';
import { labContext } from './lab-context.ts';

const SAMPLES = 8;

/** What the preview depends on: the augmentation, the seed and which images the first batch holds. */
const previewKey = (s: LabState): string => {
  const t = s.settings;
  return JSON.stringify([s.dataset.kind === 'ready' ? s.dataset.dataset.name : null, t.seed, t.batchSize, t.trainSize, t.augFlip, t.augCrop, t.augBrightness, t.augContrast, t.augSaturation]);
};

@customElement('tsl-augment-preview')
export class TslAugmentPreview extends LitElement {
  static override styles = css`
    :host { display: block; }
    .grid { display: grid; grid-template-columns: auto repeat(${SAMPLES}, 64px); gap: 4px; align-items: center; justify-content: start; }
    .grid span { font-size: 0.8rem; color: #333; }
    canvas { width: 64px; height: 64px; image-rendering: pixelated; border: 1px solid var(--tsl-border, #ccd); }
    .note { font-size: 0.85rem; color: #333; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 2px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; }
    .error { color: #b00020; }
  `;

  @consume({ context: labContext }) private lab!: Lab;
  private labStore!: StoreController<LabState>;
  private levers!: StoreController<LeversState>;
  private lastKey = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.labStore ??= new StoreController(this, this.lab.store, (s) => [previewKey(s), s.training.records]);
    this.levers ??= new StoreController(this, this.lab.levers.store, (s) => [s.samples, s.samplesError]);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const s = this.labStore.state;
    const key = previewKey(s);
    // Asks for a new preview whenever the augmentation, the seed or the first batch's images change.
    if (s.dataset.kind === 'ready' && key !== this.lastKey) {
      this.lastKey = key;
      void this.lab.levers.previewAugmentation(SAMPLES);
    }
    const samples = this.levers.state.samples;
    if (samples) this.draw(samples);
  }

  private draw(samples: AugmentSamples): void {
    const canvases = this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-sample]');
    for (const canvas of canvases) {
      const [row, i] = (canvas.dataset['sample'] ?? '').split(':');
      const bytes = row === 'augmented' ? samples.augmented : samples.original;
      const index = Number(i);
      const { size } = samples;
      canvas.width = size;
      canvas.height = size;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) continue;
      const image = ctx.createImageData(size, size);
      const offset = index * size * size * 3;
      for (let p = 0; p < size * size; p++) {
        image.data[p * 4] = bytes[offset + p * 3]!;
        image.data[p * 4 + 1] = bytes[offset + p * 3 + 1]!;
        image.data[p * 4 + 2] = bytes[offset + p * 3 + 2]!;
        image.data[p * 4 + 3] = 255;
      }
      ctx.putImageData(image, 0, 0);
    }
  }

  override render() {
    const settings = this.labStore.state.settings;
    const { samples, samplesError } = this.levers.state;
    const on = augmentationOn(settings);
    return html`
      <p class="note">Augmentation: <strong data-augmentation-summary>${describeAugmentation(settings)}</strong>. ${on
        ? 'Below, the first images of the first training batch as stored and as epoch 1 trains on them (the same seeded draws; every epoch and batch draws anew).'
        : 'Switch a lever on in the settings to see what it does to the training images.'}</p>
      ${samplesError ? html`<p class="error" role="alert">${samplesError}</p>` : nothing}
      ${samples
        ? html`<div class="grid" data-augment-grid role="img" aria-label=${`${samples.count} training images, each as stored and augmented (${describeAugmentation(settings)})`}>
            <span>stored</span>${Array.from({ length: samples.count }, (_, i) => html`<canvas data-sample=${`original:${i}`}></canvas>`)}
            <span>augmented</span>${Array.from({ length: samples.count }, (_, i) => html`<canvas data-sample=${`augmented:${i}`}></canvas>`)}
          </div>
          <p class="note">Augmenting these ${samples.count} images took ${formatMs(samples.augmentMs)} in the training worker (measured, read-back included).</p>`
        : nothing}
      ${this.renderCost()}`;
  }

  /** Measured per epoch of the latest run: the augmentation's wall time and its share of the epoch. */
  private renderCost() {
    const records = this.labStore.state.training.records.filter((r) => r.augmentMs !== undefined);
    if (records.length === 0) return html`<p class="note">Its extra training time is measured per epoch once a run trains with it. Serving cost: zero (a served model never augments).</p>`;
    const total = records.reduce((s, r) => s + r.augmentMs!, 0);
    const wall = records.reduce((s, r) => s + r.wallMs, 0);
    return html`<table data-augment-cost>
        <caption>Augmentation's wall time per epoch of the latest run (measured in the worker)</caption>
        <thead><tr><th>epoch</th><th>augment</th><th>epoch wall</th><th>share</th></tr></thead>
        <tbody>${records.map((r) => html`<tr><td>${r.epoch}</td><td>${formatMs(r.augmentMs!)}</td><td>${formatMs(r.wallMs)}</td><td>${formatPercent(r.augmentMs! / r.wallMs)}</td></tr>`)}</tbody>
      </table>
      <p class="note">Extra training time: ${formatMs(total)} over ${records.length} epoch${records.length === 1 ? '' : 's'} (${formatPercent(total / wall)} of their wall time). Serving cost: zero.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-augment-preview': TslAugmentPreview;
  }
}
