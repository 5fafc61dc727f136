// <tsl-train-charts>: the live training charts (loss, accuracy, time, dispatches and FLOPs),
// drawn from epoch records and batch losses. Accuracy runs from 0 to 100% with the validation
// figures' 95% intervals and the chance level drawn; counts and losses start at zero.
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatAccuracyWithInterval, formatChance } from '../metrics/format.ts';
import { wilsonBars } from './wilson-bars.ts';
import type { EpochRecord } from '../metrics/report.ts';
import { COLORS } from './tsl-chart.ts';
import './tsl-chart.ts';

@customElement('tsl-train-charts')
export class TslTrainCharts extends LitElement {
  static override styles = css`
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
    tsl-chart { height: var(--tsl-chart-height, 220px); }
  `;

  @property({ attribute: false }) records: EpochRecord[] = [];
  @property({ attribute: false }) batchLosses: number[] = [];
  /** Images in the validation split behind every valAcc (NaN when not known: no intervals drawn). */
  @property({ type: Number }) valCount = Number.NaN;
  /** Number of classes: chance accuracy is 1 / classes (NaN: no chance line). */
  @property({ type: Number }) classes = Number.NaN;

  private epochCharts = html``;

  protected override willUpdate(changed: PropertyValues): void {
    // Epoch charts change once per epoch; rebuilding their series on every batch would make
    // Chart.js redraw five charts per batch for nothing.
    if (changed.has('records') || changed.has('valCount') || changed.has('classes')) this.epochCharts = this.renderEpochCharts();
  }

  override render() {
    const steps = this.batchLosses.map((_, i) => i + 1);
    return html`${this.epochCharts}
      <tsl-chart heading="Batch loss (live)" .series=${[{ label: 'batch loss', values: this.batchLosses, xs: steps, color: COLORS[2] }]}
        xTitle="batch" yTitle="loss" beginAtZero summary=${`${this.batchLosses.length} batches so far; latest loss ${this.batchLosses.at(-1)?.toFixed(3) ?? 'none'}.`}></tsl-chart>`;
  }

  private renderEpochCharts() {
    const r = this.records;
    const epochs = r.map((x) => x.epoch);
    const last = r.at(-1);
    const n = this.valCount;
    const chance = this.classes >= 2 ? 100 / this.classes : Number.NaN;
    const chanceLines = Number.isFinite(chance) ? [{ y: chance, label: `chance (${formatChance(this.classes)})` }] : [];
    const accSummary = last
      ? `After epoch ${last.epoch}: train ${(last.acc * 100).toFixed(1)}%, validation ${formatAccuracyWithInterval(last.valAcc, n)}${Number.isFinite(chance) ? `; chance is ${formatChance(this.classes)}` : ''}.`
      : 'No epochs yet.';
    return html`
      <tsl-chart heading="Loss per epoch: train vs validation" .labels=${epochs} xTitle="epoch" yTitle="cross-entropy" beginAtZero
        .series=${[
          { label: 'train', values: r.map((x) => x.loss), color: COLORS[0] },
          { label: 'validation', values: r.map((x) => x.valLoss), color: COLORS[1], dashed: true },
        ]}
        summary=${last ? `After epoch ${last.epoch}: train loss ${last.loss.toFixed(3)}, validation loss ${last.valLoss.toFixed(3)}.` : 'No epochs yet.'}></tsl-chart>
      <tsl-chart data-chart="accuracy" heading="Accuracy per epoch: train vs validation (with its 95% interval)" .labels=${epochs} xTitle="epoch" yTitle="accuracy (%)"
        .yMin=${0} .yMax=${100} .referenceLines=${chanceLines}
        .series=${[
          { label: 'train', values: r.map((x) => x.acc * 100), color: COLORS[0] },
          {
            label: Number.isFinite(n) ? `validation (n = ${n.toLocaleString('en')})` : 'validation',
            values: r.map((x) => x.valAcc * 100),
            color: COLORS[1],
            dashed: true,
            errorBars: wilsonBars(r.map((x) => x.valAcc), n),
          },
        ]}
        summary=${accSummary}></tsl-chart>
      <tsl-chart heading="Wall time per epoch (measured)" type="bar" .labels=${epochs} xTitle="epoch" yTitle="seconds" beginAtZero
        .series=${[{ label: 'wall s', values: r.map((x) => x.wallMs / 1000), color: COLORS[4] }]}
        summary=${r.map((x) => `epoch ${x.epoch}: ${(x.wallMs / 1000).toFixed(1)} s`).join(', ') || 'No epochs yet.'}></tsl-chart>
      <tsl-chart heading="Kernel dispatches (counted) and GFLOP/s (analytic FLOPs / time)" .labels=${epochs} xTitle="epoch"
        yTitle="dispatches" y2Title="GFLOP/s" beginAtZero
        .series=${[
          { label: 'dispatches', values: r.map((x) => x.kernelCount), color: COLORS[3] },
          { label: 'GFLOP/s', values: r.map((x) => x.gflops), color: COLORS[5], right: true, dashed: true },
        ]}
        summary=${r.map((x) => `epoch ${x.epoch}: ${x.kernelCount} dispatches, ${x.gflops.toFixed(2)} GFLOP/s`).join(', ') || 'No epochs yet.'}></tsl-chart>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-train-charts': TslTrainCharts;
  }
}
