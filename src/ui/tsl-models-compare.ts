// <tsl-models-compare>: saved models side by side: their measured figures in one table, and the
// validation accuracy of each training run per epoch as a chart with the same numbers in a table.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatBytes, formatCount, formatMs, formatPercent } from '../metrics/format.ts';
import type { SavedModelMeta } from '../state/model-library.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import './tsl-chart.ts';

@customElement('tsl-models-compare')
export class TslModelsCompare extends LitElement {
  static override styles = css`
    table { border-collapse: collapse; font-size: 0.86rem; margin-top: 8px; }
    th, td { padding: 4px 8px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; font-variant-numeric: tabular-nums; }
    th:first-child, td:first-child { text-align: left; }
    tsl-chart { height: 240px; margin-top: 10px; }
    details { margin-top: 6px; }
    summary:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); }
  `;

  /** The models ticked for comparison, in tick order. */
  @property({ attribute: false }) models: SavedModelMeta[] = [];

  override render() {
    const ms = this.models;
    if (ms.length === 0) return html`<p>Tick "Compare" on two or more saved models to set them side by side.</p>`;
    const trainMs = (m: SavedModelMeta) => m.records.reduce((sum, r) => sum + r.wallMs, 0);
    return html`
      <table data-compare>
        <caption style="text-align: left">Side by side (test accuracy measured on the unseen test split; training time is the sum of measured epoch wall times)</caption>
        <thead><tr><th scope="col">Model</th><th scope="col">Test acc.</th><th scope="col">Val. acc.</th><th scope="col">Epochs</th><th scope="col">Training time</th><th scope="col">Parameters</th><th scope="col">Weights</th></tr></thead>
        <tbody>${ms.map((m) => html`<tr>
          <th scope="row">${m.name}</th>
          <td>${m.testAcc === null ? '—' : formatPercent(m.testAcc, 2)}</td>
          <td>${m.valAcc === null ? '—' : formatPercent(m.valAcc, 2)}</td>
          <td>${m.records.length || '—'}</td>
          <td>${m.records.length ? formatMs(trainMs(m)) : '—'}</td>
          <td>${formatCount(m.params)}</td>
          <td>${formatBytes(m.weightBytes)}</td>
        </tr>`)}</tbody>
      </table>
      ${this.renderCurves()}`;
  }

  private renderCurves() {
    const withRecords = this.models.filter((m) => m.records.length > 0);
    if (withRecords.length === 0) return nothing;
    const epochs = Math.max(...withRecords.map((m) => m.records.length));
    const labels = Array.from({ length: epochs }, (_, i) => i + 1);
    const series: ChartSeries[] = withRecords.map((m, i) => ({ label: m.name, values: m.records.map((r) => r.valAcc * 100), color: COLORS[i % COLORS.length]! }));
    const summary = withRecords.map((m) => `${m.name}: ${m.records.map((r) => formatPercent(r.valAcc)).join(', ')}`).join('; ');
    return html`
      <tsl-chart heading="Validation accuracy per epoch" xTitle="epoch" yTitle="validation accuracy (%)" .labels=${labels} .series=${series}
        summary=${`Validation accuracy per epoch. ${summary}`}></tsl-chart>
      <details>
        <summary>The chart's numbers as a table</summary>
        <table>
          <thead><tr><th scope="col">Epoch</th>${withRecords.map((m) => html`<th scope="col">${m.name}</th>`)}</tr></thead>
          <tbody>${labels.map((e) => html`<tr><th scope="row">${e}</th>${withRecords.map((m) => html`<td>${m.records[e - 1] ? formatPercent(m.records[e - 1]!.valAcc) : '—'}</td>`)}</tr>`)}</tbody>
        </table>
      </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-models-compare': TslModelsCompare;
  }
}
