// <tsl-models-compare>: registry models side by side: their measured figures in one table, and the
// validation accuracy of each training run per epoch as a chart with the same numbers in a table.
// Accuracies carry their 95% interval and count, the per-epoch validation curves too (from the size of
// the split each model was validated on). The chart runs from 0 to 100% with chance drawn.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { accuracyParts, chanceLabel, formatBytes, formatChance, formatCount, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { EpochRecord } from '../metrics/report.ts';
import type { Measurement, ModelEntry } from '../registry/records.ts';
import { modelLatency } from './model-events.ts';
import { originKind } from './tsl-models-list.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, type TableColumn } from './table-columns.ts';
import './tsl-chart.ts';
import { wilsonBars } from './wilson-bars.ts';

const epochsOf = (m: ModelEntry): EpochRecord[] => (m.origin.kind === 'trained' ? m.origin.epochs : []);

/** What making the model cost in measured time: its training epochs, or its pruning's fine-tuning. */
function makingCost(m: ModelEntry): string {
  if (m.origin.kind === 'pruned') return `${formatMs(m.origin.record.fineTuneMs)} fine-tuning`;
  const epochs = epochsOf(m);
  if (epochs.length === 0) return '—';
  return `${formatMs(epochs.reduce((sum, r) => sum + r.wallMs, 0))}, ${epochs.length} epoch${epochs.length === 1 ? '' : 's'}`;
}

/** One model's validation accuracy per epoch, with Wilson intervals where its validation split's size is known. */
function valSeries(m: ModelEntry, color: string): ChartSeries {
  const n = m.dataset.counts.val;
  const accs = epochsOf(m).map((r) => r.valAcc);
  const errorBars = wilsonBars(accs, n);
  return { label: errorBars ? `${m.name} (n = ${n.toLocaleString('en')})` : m.name, values: accs.map((a) => a * 100), color, ...(errorBars ? { errorBars } : {}) };
}

@customElement('tsl-models-compare')
export class TslModelsCompare extends LitElement {
  // Nine columns outgrow a projector in lecture mode: there each model's row stacks (stacked-table.ts).
  static override styles = [stackedTableStyles(72), css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.86rem; margin-top: 0.5rem; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; font-variant-numeric: tabular-nums; }
    td { white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; }
    tsl-chart { height: var(--tsl-chart-height, 240px); margin-top: 0.6rem; }
    details { margin-top: 0.4rem; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
    summary:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
    .mark { display: block; color: #8a3b00; font-weight: 700; font-size: 0.78rem; }
    .ci { display: block; color: #444; font-size: 0.78rem; }
    th[scope='row'] { min-width: 12em; }
    /* The epoch table's columns are model names: they wrap rather than widen it. */
    details th[scope='col'] { white-space: normal; max-width: 14em; text-align: right; }
    table.stack > tbody > tr > th[scope='row'] { min-width: 0; }
    /* Four figures to a line at 1280 px in lecture mode, wide enough for "indistinguishable". */
    .fit { --tsl-stack-cell: 7.6rem; }
  `];

  /** The models ticked for comparison, in tick order. */
  @property({ attribute: false }) models: ModelEntry[] = [];
  /** Every latency measurement in the registry. */
  @property({ attribute: false }) measurements: Measurement[] = [];
  /** Serving backend whose model-only p50 is compared. */
  @property() backend = 'wasm';

  override render() {
    const ms = this.models;
    if (ms.length === 0) return html`<p>Tick "Compare" on two or more models to set them side by side.</p>`;
    const columns = this.columns();
    return html`
      <p class="note" id="how">Test accuracy on the unseen test split; making it: the sum of measured epoch wall times, or the pruning's measured fine-tuning; p50: the median of the model's measurements on ${this.backend}.</p>
      <div class="fit"><table data-compare aria-describedby="how" class="stack">
        <caption style="text-align: left">Side by side</caption>
        <thead><tr><th scope="col">Model</th>${headings(columns)}</tr></thead>
        <tbody>${ms.map((m) => html`<tr data-model=${m.id}><th scope="row">${m.name}</th>${cells(columns, m)}</tr>`)}</tbody>
      </table></div>
      ${this.renderCurves()}`;
  }

  private columns(): TableColumn<ModelEntry>[] {
    return [
      { name: 'Origin', cell: (m) => originKind(m) },
      { name: 'Test acc.', col: 'testAcc', cell: (m) => html`${m.testAcc === null ? '—' : this.accuracy(m.testAcc, m.testCount)}${this.chance(m)}` },
      { name: 'Val. acc.', col: 'valAcc', cell: (m) => (m.valAcc === null ? '—' : this.accuracy(m.valAcc, m.dataset.counts.val)) },
      { name: 'Making it', cell: (m) => makingCost(m) },
      { name: 'Parameters', cell: (m) => formatCount(m.params) },
      { name: 'Weights', cell: (m) => formatBytes(m.weightBytes) },
      { name: 'FLOPs / query', cell: (m) => formatFlops(m.flopsPerQuery) },
      {
        name: `Model-only p50, ${this.backend} (measurements)`,
        cell: (m) => {
          const p50 = modelLatency(this.measurements, m.id, this.backend);
          return p50.medianMs === null ? 'not served' : `${formatMs(p50.medianMs)} (${p50.count})`;
        },
      },
    ];
  }

  private accuracy(acc: number, n: number) {
    const p = accuracyParts(acc, n);
    return html`${p.value}${p.interval ? html`<span class="ci">${p.interval}, ${p.count}</span>` : nothing}${p.caveatShort ? html`<span class="mark" title=${p.caveat ?? ''}>${p.caveatShort}</span>` : nothing}`;
  }

  private chance(m: ModelEntry) {
    const label = m.testAcc === null ? null : chanceLabel(m.testAcc, m.testCount, m.numClasses);
    return label ? html`<span class="mark" data-chance-mark>${label}</span>` : nothing;
  }

  private renderCurves() {
    const trained = this.models.filter((m) => epochsOf(m).length > 0);
    if (trained.length === 0) return nothing;
    const epochs = Math.max(...trained.map((m) => epochsOf(m).length));
    const labels = Array.from({ length: epochs }, (_, i) => i + 1);
    const series: ChartSeries[] = trained.map((m, i) => valSeries(m, COLORS[i % COLORS.length]!));
    const summary = trained.map((m) => `${m.name}: ${epochsOf(m).map((r) => formatPercent(r.valAcc)).join(', ')}`).join('; ');
    // One chance line when every compared model has the same number of classes.
    const classes = [...new Set(trained.map((m) => m.numClasses))];
    const chance = classes.length === 1 && classes[0]! >= 2 ? [{ y: 100 / classes[0]!, label: `chance (${formatChance(classes[0]!)})` }] : [];
    return html`
      <tsl-chart data-chart="val-acc" heading="Validation accuracy per epoch" xTitle="epoch" yTitle="validation accuracy (%)" .labels=${labels} .series=${series}
        .yMin=${0} .yMax=${100} .referenceLines=${chance}
        summary=${`Validation accuracy per epoch. ${summary}${chance.length ? `. Chance is ${formatChance(classes[0]!)}` : ''}.`}></tsl-chart>
      <p class="note" data-val-note>Each point is measured on the model's own validation split after the epoch, drawn with its 95% Wilson interval from that split's size (n in the legend). A model whose record does not give the size (read from a report, or saved by an early version of the app) has no interval.</p>
      <details>
        <summary>The chart's numbers as a table</summary>
        <table>
          <thead><tr><th scope="col">Epoch</th>${trained.map((m) => html`<th scope="col">${m.name}</th>`)}</tr></thead>
          <tbody>${labels.map((e) => html`<tr><th scope="row">${e}</th>${trained.map((m) => html`<td>${epochsOf(m)[e - 1] ? formatPercent(epochsOf(m)[e - 1]!.valAcc) : '—'}</td>`)}</tr>`)}</tbody>
        </table>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-models-compare': TslModelsCompare;
  }
}
