// <tsl-class-chart>: the class's spread of one figure as a strip plot, one column of points per
// backend (jittered sideways so equal values stay visible), this device's points drawn again in black.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { FIGURE_INFO, type ClassFigure, type ClassRow } from '../state/class-lab.ts';
import { classAxisScale } from './class-axis.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import './tsl-chart.ts';

/** Where a row's point sits inside its backend's column: a fixed spread from its key, so a redraw does not move it. */
export function jitterOf(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) / 2 ** 32 - 0.5) * 0.5;
}

const POINTS_PER_SERIES = 30;

export interface StripPlot {
  backends: string[];
  series: ChartSeries[];
  /** Points drawn (finite values), this device's rings not counted twice. */
  points: number;
}

/**
 * One scatter-like series per backend, each value times `factor` (the axis's unit). tsl-chart draws lines between consecutive points, so each
 * point is followed by a gap (NaN), which Chart.js leaves unjoined: a strip plot through the line chart.
 */
export function stripPlot(rows: readonly ClassRow[], figure: ClassFigure, factor = 1): StripPlot {
  const backends = [...new Set(rows.map((r) => r.backend))].sort();
  const column = (rs: readonly ClassRow[]) => {
    const xs: number[] = [];
    const values: number[] = [];
    for (const r of rs) {
      if (!Number.isFinite(r[figure])) continue;
      xs.push(backends.indexOf(r.backend) + 1 + jitterOf(r.key), backends.indexOf(r.backend) + 1);
      values.push(r[figure] * factor, Number.NaN);
    }
    return { xs, values };
  };
  // tsl-chart hides the points of a series past 60 values (30 points with their gaps): a bigger column is drawn in parts.
  const parts = (rs: readonly ClassRow[]) => Array.from({ length: Math.max(1, Math.ceil(rs.length / POINTS_PER_SERIES)) }, (_, k) => rs.slice(k * POINTS_PER_SERIES, (k + 1) * POINTS_PER_SERIES));
  const series: ChartSeries[] = backends.flatMap((b, i) =>
    parts(rows.filter((r) => r.backend === b)).map((part, k) => ({ label: k === 0 ? b : `${b} (${k + 1})`, color: COLORS[i % (COLORS.length - 1)]!, ...column(part) })),
  );
  const points = series.reduce((n, s) => n + s.values.filter(Number.isFinite).length, 0);
  const mine = column(rows.filter((r) => r.thisDevice).slice(0, POINTS_PER_SERIES));
  if (mine.values.length > 0) series.push({ label: 'this device', color: '#000000', dashed: true, ...mine });
  return { backends, series, points };
}

@customElement('tsl-class-chart')
export class TslClassChart extends LitElement {
  static override styles = css`
    :host { display: block; }
    tsl-chart { height: var(--tsl-chart-height, 320px); }
  `;

  /** The class's rows. */
  @property({ attribute: false }) rows: ClassRow[] = [];
  /** The figure plotted (the one the table is ranked by). */
  @property() figure: ClassFigure = 'epochWallMs';

  override render() {
    const info = FIGURE_INFO[this.figure];
    const finite = this.rows.map((r) => r[this.figure]).filter(Number.isFinite);
    const scale = classAxisScale(this.figure, finite);
    const plot = stripPlot(this.rows, this.figure, scale.factor);
    // Backends differ by 10x and more in time: a log axis keeps the fast ones readable.
    const logY = finite.length > 1 && Math.min(...finite) > 0 && Math.max(...finite) / Math.min(...finite) > 20;
    const unit = scale.unit ? ` (${scale.unit})` : '';
    return html`<tsl-chart data-class-chart data-points=${plot.points} heading=${`${info.label} across the class, per backend`} type="line" .series=${plot.series}
      xTitle=${`backend: ${plot.backends.map((b, i) => `${i + 1} = ${b}`).join(', ')} (points spread sideways)`} yTitle=${`${info.label}${unit}`} ?logY=${logY} ?beginAtZero=${!logY}
      summary=${`${plot.points} results over ${plot.backends.length} backend${plot.backends.length === 1 ? '' : 's'}${this.rows.some((r) => r.thisDevice) ? '; this device in black' : ''}.`}></tsl-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-class-chart': TslClassChart;
  }
}
