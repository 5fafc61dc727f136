// <tsl-serve-latency-charts>: the latency histogram (log bins) and latency over time (each query
// in order, warm-up included and marked), drawn from one serving bench's samples.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs } from '../metrics/format.ts';
import type { ServeBenchResult } from '../serve/bench-types.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import './tsl-chart.ts';

@customElement('tsl-serve-latency-charts')
export class TslServeLatencyCharts extends LitElement {
  static override styles = css`
    /* In rem: lecture mode's large type gives each chart the whole width at 1280 px, two side by side at 1920. */
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); gap: 16px; }
    tsl-chart { height: var(--tsl-chart-height, 250px); }
    .note { grid-column: 1 / -1; font-size: 0.8rem; color: #444; margin: 0; }
  `;

  /** The bench whose samples are drawn. */
  @property({ attribute: false }) result: ServeBenchResult | null = null;

  private charts: unknown = nothing;

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('result')) this.charts = this.renderCharts();
  }

  override render() {
    return this.charts;
  }

  private renderCharts() {
    const r = this.result;
    if (!r || r.samples.length === 0) return nothing;
    const bins = r.histogram;
    const peak = bins.reduce((best, b) => (b.count > best.count ? b : best), bins[0] ?? { lo: 0, hi: 0, count: 0 });
    const ok = r.samples.filter((s) => s.error === undefined);
    const warm = r.warmupMs;
    const over: ChartSeries[] = [
      { label: 'warm-up (discarded)', xs: warm.map((_, i) => i - warm.length), values: warm, color: COLORS[4] },
      { label: 'end to end', xs: ok.map((s) => s.seq), values: ok.map((s) => s.e2eMs), color: COLORS[0] },
      { label: 'model only', xs: ok.map((s) => s.seq), values: ok.map((s) => s.modelMs), color: COLORS[1] },
    ];
    const slowest = ok.reduce((a, b) => (b.e2eMs > a.e2eMs ? b : a), ok[0]!);
    return html`
      <tsl-chart data-chart="histogram" heading="End-to-end latency histogram (log-spaced bins)" type="bar" xTitle="latency bin, lower edge" yTitle="queries"
        .labels=${bins.map((b) => formatMs(b.lo))} .series=${[{ label: 'queries', values: bins.map((b) => b.count), color: COLORS[0] }]}
        summary=${`${r.e2e.count} queries in ${bins.length} bins from ${formatMs(bins[0]?.lo ?? NaN)} to ${formatMs(bins.at(-1)?.hi ?? NaN)}; the fullest bin, ${formatMs(peak.lo)} to ${formatMs(peak.hi)}, holds ${peak.count}.`}></tsl-chart>
      <tsl-chart data-chart="over-time" heading="Latency of each query in order (log scale)" logY xTitle="query (negative: cold query and warm-up)" yTitle="ms"
        .series=${over}
        summary=${`Cold query ${formatMs(warm[0] ?? NaN)}, then ${warm.length - 1} warm-up queries, then ${ok.length} measured; slowest measured query #${slowest.seq} took ${formatMs(slowest.e2eMs)}.`}></tsl-chart>
      <p class="note">Both measured on the page with performance.now(); the model-only line is timed in the worker (predict + data()). Warm-up queries are drawn but not counted.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-latency-charts': TslServeLatencyCharts;
  }
}
