// <tsl-prune-charts>: accuracy, p50 latency and gzip bytes against sparsity, one line per method,
// each starting from the dense model at 0 %. Accuracy runs from 0 to 100% with its 95% intervals
// and chance drawn; latency and size start at zero, so a ratio reads as the drawn heights' ratio.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatBytes, formatChance, formatMs, formatPercent } from '../metrics/format.ts';
import type { P50Intervals } from '../metrics/intervals.ts';
import { wilsonBars } from './wilson-bars.ts';
import type { DenseState, PruneLevelState, PruneRow } from '../state/prune-state.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import './tsl-chart.ts';

type Method = PruneRow['method'];
const METHOD_COLOR: Record<Method, string> = { unstructured: COLORS[0], structured: COLORS[1] };

@customElement('tsl-prune-charts')
export class TslPruneCharts extends LitElement {
  static override styles = css`
    /* In rem and the shared chart height, so lecture mode draws fewer, taller charts rather than three crushed ones. */
    :host { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 19rem), 1fr)); gap: 16px; }
    tsl-chart { height: var(--tsl-chart-height, 240px); }
  `;

  @property({ attribute: false }) dense: DenseState | null = null;
  @property({ attribute: false }) levels: PruneLevelState[] = [];
  /** Unseen test images behind every accuracy (NaN: no intervals drawn). */
  @property({ type: Number }) testCount = Number.NaN;
  /** Classes of the model: chance is 1 / classes (NaN: no chance line). */
  @property({ type: Number }) classes = Number.NaN;

  /** One method's levels, least pruned first: the order every series draws them in. */
  private rowsOf(method: Method): PruneRow[] {
    return this.levels.map((l) => l.row).filter((r) => r.method === method).sort((a, b) => a.sparsity - b.sparsity);
  }

  /** Points of one method (x: % pruned), the dense model first at 0 %. */
  private points(method: Method, y: (r: Pick<PruneRow, 'testAcc' | 'p50Ms' | 'modelP50Ms' | 'gzipBytes'>) => number | undefined) {
    const d = this.dense!;
    const all = [{ x: 0, y: y(d) ?? NaN }, ...this.rowsOf(method).map((r) => ({ x: r.sparsity * 100, y: y(r) ?? NaN }))].filter((p) => Number.isFinite(p.y));
    return { xs: all.map((p) => p.x), values: all.map((p) => p.y) };
  }

  private series(y: Parameters<TslPruneCharts['points']>[1], label = '', dashed = false): ChartSeries[] {
    return (['unstructured', 'structured'] as const)
      .filter((m) => this.levels.some((l) => l.row.method === m))
      .map((m) => ({ label: `${m}${label}`, color: METHOD_COLOR[m], dashed, ...this.points(m, y) }));
  }

  /**
   * p50 latency of each method against % pruned, the dense model first, with each point's 95%
   * order-statistic interval from its own interleaved queries (NaN ends: no whisker).
   */
  private latencySeries(which: 'model' | 'e2e'): ChartSeries[] {
    const d = this.dense!;
    type Point = { x: number; y: number; low: number; high: number };
    const point = (x: number, r: Pick<PruneRow, 'p50Ms' | 'modelP50Ms'> & { latency?: P50Intervals }): Point => {
      const e = r.latency?.[which] ?? null;
      return { x, y: (which === 'model' ? r.modelP50Ms : r.p50Ms) ?? Number.NaN, low: e?.low ?? Number.NaN, high: e?.high ?? Number.NaN };
    };
    return (['unstructured', 'structured'] as const)
      .filter((m) => this.levels.some((l) => l.row.method === m))
      .map((m) => {
        const all = [point(0, d), ...this.rowsOf(m).map((r) => point(r.sparsity * 100, r))].filter((p) => Number.isFinite(p.y));
        return {
          label: `${m}${which === 'model' ? ' model-only' : ' end-to-end'}`, color: METHOD_COLOR[m], dashed: which === 'e2e',
          xs: all.map((p) => p.x), values: all.map((p) => p.y), errorBars: { low: all.map((p) => p.low), high: all.map((p) => p.high) },
        };
      });
  }

  private describe(name: string, fmt: (v: number) => string, y: Parameters<TslPruneCharts['points']>[1]): string {
    return this.levels.map(({ row }) => `${row.method} ${Math.round(row.sparsity * 100)}%: ${name} ${fmt(y(row) ?? NaN)}`).join('; ');
  }

  override render() {
    if (!this.dense || this.levels.length === 0) return html``;
    const acc = (r: Pick<PruneRow, 'testAcc'>) => r.testAcc * 100;
    const gzip = (r: Pick<PruneRow, 'gzipBytes'>) => r.gzipBytes / 1000;
    const n = this.testCount;
    // Each accuracy point with its Wilson interval, in % like the points.
    const accSeries = this.series(acc).map((s) => ({
      ...s,
      errorBars: wilsonBars(s.values.map((v) => v / 100), n),
    }));
    const chance = this.classes >= 2 ? [{ y: 100 / this.classes, label: `chance (${formatChance(this.classes)})` }] : [];
    return html`
      <tsl-chart data-chart="accuracy" heading=${`Test accuracy vs % pruned${n > 0 ? `, with 95% intervals (n = ${n.toLocaleString('en')})` : ''}`} xTitle="% pruned (weights or filters)" yTitle="test accuracy (%)"
        .yMin=${0} .yMax=${100} .referenceLines=${chance}
        .series=${accSeries} summary=${`${this.describe('accuracy', (v) => formatPercent(v / 100), acc)}${chance.length ? `; chance is ${formatChance(this.classes)}` : ''}.`}></tsl-chart>
      <tsl-chart data-chart="latency" heading="p50 latency on wasm vs % pruned: model-only and end-to-end, with 95% intervals" xTitle="% pruned (weights or filters)" yTitle="p50 (ms)" beginAtZero
        .series=${[...this.latencySeries('model'), ...this.latencySeries('e2e')]}
        summary=${this.describe('model-only p50', formatMs, (r) => r.modelP50Ms)}></tsl-chart>
      <tsl-chart data-chart="gzip" heading="gzip size of the weights vs % pruned" xTitle="% pruned (weights or filters)" yTitle="gzip (kB)" beginAtZero
        .series=${this.series(gzip)} summary=${this.describe('gzip', (v) => formatBytes(v * 1000), gzip)}></tsl-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-prune-charts': TslPruneCharts;
  }
}
