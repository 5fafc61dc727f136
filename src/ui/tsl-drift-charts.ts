// <tsl-drift-charts>: the retraining sawtooth (monitored accuracy per day per policy, with 95% Wilson
// intervals), the label-free drift signal against day 0 with its threshold, and the cumulative
// measured cost per policy. Each chart's numbers are also in its summary and in the table.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatChance, formatPercent } from '../metrics/format.ts';
import { PSI_THRESHOLD } from '../drift/monitor.ts';
import type { LifecycleRun } from '../drift/records.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import './tsl-chart.ts';

/** Cumulative busy seconds after each day: initial training, then each day's deploy, serving and the retraining at its end. */
export function cumulativeSeconds(run: LifecycleRun): number[] {
  let total = run.totals.initialTrainMs;
  return run.days.map((d) => {
    total += run.deploys.filter((x) => x.day === d.day).reduce((a, x) => a + x.loadMs, 0);
    total += d.servingMs;
    total += run.retrains.filter((r) => r.day === d.day).reduce((a, r) => a + r.trainMs, 0);
    return total / 1000;
  });
}

@customElement('tsl-drift-charts')
export class TslDriftCharts extends LitElement {
  static override styles = css`
    /* Three across on a desktop; on a projector (lecture mode) each wide enough for its legend and heading. */
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, var(--tsl-chart-min-width, 320px)), 1fr)); gap: 16px; }
    tsl-chart { height: var(--tsl-chart-height, 260px); }
  `;

  @property({ attribute: false }) runs: LifecycleRun[] = [];
  /** Classes of the stream's base model: chance is one over this (NaN: no chance line). */
  @property({ type: Number }) classes = Number.NaN;

  override render() {
    const runs = this.runs.filter((r) => r.days.length > 0);
    if (runs.length === 0) return html``;
    const acc: ChartSeries[] = runs.map((r, i) => ({
      label: `${r.policyLabel} (${r.retrains.length} retraining${r.retrains.length === 1 ? '' : 's'})`,
      color: COLORS[i % COLORS.length]!,
      xs: r.days.map((d) => d.day),
      values: r.days.map((d) => d.monitoredAcc * 100),
      errorBars: { low: r.days.map((d) => d.monitoredLow * 100), high: r.days.map((d) => d.monitoredHigh * 100) },
      pointRadius: 4,
    }));
    const day0 = runs[0]!.days[0]!;
    const n = day0.labelled;
    const ref = runs.find((r) => r.policy.kind === 'never') ?? runs[0]!;
    const signal: ChartSeries[] = [
      { label: 'PSI of mean brightness (input)', color: COLORS[0], xs: ref.days.map((d) => d.day), values: ref.days.map((d) => d.inputPsi), pointRadius: 4 },
      { label: 'PSI of top-class confidence', color: COLORS[1], xs: ref.days.map((d) => d.day), values: ref.days.map((d) => d.confidencePsi), pointRadius: 4, dashed: true },
    ];
    const cost: ChartSeries[] = runs.map((r, i) => ({ label: r.policyLabel, color: COLORS[i % COLORS.length]!, xs: r.days.map((d) => d.day), values: cumulativeSeconds(r), pointRadius: 4 }));
    const accSummary = runs.map((r) => `${r.policyLabel}: ${r.days.map((d) => `day ${d.day} ${formatPercent(d.monitoredAcc)}`).join(', ')}`).join('; ');
    return html`
      <tsl-chart data-chart="sawtooth" heading=${`Monitored accuracy per day (labelled share, n = ${n.toLocaleString('en')} a day), with 95% Wilson intervals`} xTitle="simulated day" xWhole yTitle="monitored accuracy (%)"
        .yMin=${0} .yMax=${100} .referenceLines=${[...(this.classes >= 2 ? [{ y: 100 / this.classes, label: `chance (${formatChance(this.classes)})` }] : []), { y: day0.monitoredAcc * 100, label: `day 0 (${formatPercent(day0.monitoredAcc)})`, color: '#777' }]}
        .series=${acc} summary=${`${accSummary}.`}></tsl-chart>
      <tsl-chart data-chart="signal" heading=${`Drift signal against day 0 (${ref.policyLabel}'s stream), threshold ${PSI_THRESHOLD}`} xTitle="simulated day" xWhole yTitle="PSI" beginAtZero
        .referenceLines=${[{ y: PSI_THRESHOLD, label: `threshold ${PSI_THRESHOLD}` }]} .series=${signal}
        summary=${ref.days.map((d) => `day ${d.day}: input PSI ${d.inputPsi.toFixed(2)}, confidence PSI ${d.confidencePsi.toFixed(2)}`).join('; ')}></tsl-chart>
      <tsl-chart data-chart="cumulative-cost" heading="Cumulative measured busy time: initial training + retrainings + deploys + serving" xTitle="simulated day" xWhole yTitle="busy time (s)" beginAtZero
        .series=${cost} summary=${runs.map((r) => `${r.policyLabel}: ${cumulativeSeconds(r).map((s) => `${s.toFixed(1)} s`).join(', ')}`).join('; ')}></tsl-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-charts': TslDriftCharts;
  }
}
