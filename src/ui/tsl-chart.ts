// <tsl-chart>: a Chart.js line or bar chart that updates in place when its series change, with
// the marks that keep a chart honest: fixed or zero-based axes, error bars, and labelled reference lines.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { placeReferenceLabels } from './reference-labels.ts';

Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip);

export interface ChartSeries {
  label: string;
  /** y values; with `xs`, paired with them. */
  values: number[];
  xs?: number[];
  color: string;
  dashed?: boolean;
  /** Draw on the right-hand axis. */
  right?: boolean;
  /** A 95% interval per point, drawn as a vertical bar with caps through it (same units as values). */
  errorBars?: { low: number[]; high: number[] };
  /** Point size in px (default 2, none past 60 points): a scatter of a few options wants larger ones. */
  pointRadius?: number;
}

/** A horizontal line across the whole plot, labelled on the chart (e.g. chance accuracy). */
export interface ReferenceLine {
  y: number;
  /** Written at the line's right end, above it (below it, or at the left end, when another label is there: reference-labels.ts). */
  label: string;
  color?: string;
}

/** The palette, chosen to stay distinguishable for common colour-vision deficiencies. */
export const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000'] as const;

// Charts redraw one per animation frame: an epoch's end changes five charts at once, and
// redrawing them in one task made one long frame on these 2-core machines.
const pendingCharts = new Map<TslChart, () => void>();
let flushScheduled = false;

function scheduleRedraw(chart: TslChart): Promise<void> {
  return new Promise((resolve) => {
    pendingCharts.set(chart, resolve);
    if (!flushScheduled) {
      flushScheduled = true;
      requestAnimationFrame(flushOne);
    }
  });
}

function flushOne(): void {
  flushScheduled = false;
  const next = pendingCharts.entries().next();
  if (next.done) return;
  const [chart, resolve] = next.value;
  pendingCharts.delete(chart);
  chart.redraw();
  resolve();
  if (pendingCharts.size > 0) {
    flushScheduled = true;
    requestAnimationFrame(flushOne);
  }
}

@customElement('tsl-chart')
export class TslChart extends LitElement {
  static override styles = css`
    :host { display: block; position: relative; min-height: 180px; contain: layout paint; }
    figure { margin: 0; height: 100%; display: flex; flex-direction: column; }
    figcaption { font: var(--tsl-caption-font, 600 0.9rem system-ui); margin-bottom: 4px; }
    .canvas-box { position: relative; flex: 1; min-height: 160px; }
  `;

  /** Chart title, shown above the chart and used as the canvas's accessible name. */
  @property() heading = '';
  @property() type: 'line' | 'bar' = 'line';
  /** Category labels for the x axis (line/bar charts without numeric xs). */
  @property({ attribute: false }) labels: (string | number)[] = [];
  @property({ attribute: false }) series: ChartSeries[] = [];
  @property() xTitle = '';
  @property() yTitle = '';
  @property() y2Title = '';
  @property({ type: Boolean }) logY = false;
  /** Fixed ends of the left y axis (e.g. 0 and 100 for an accuracy in %); undefined lets Chart.js choose. */
  @property({ attribute: false }) yMin: number | undefined = undefined;
  @property({ attribute: false }) yMax: number | undefined = undefined;
  /** Start both y axes at zero, so a small change does not fill the plot like a cliff. */
  @property({ type: Boolean }) beginAtZero = false;
  /** A numeric x axis of whole things (days): ticks at whole numbers only, never "day 0.2". */
  @property({ type: Boolean }) xWhole = false;
  /** Horizontal reference lines on the left y axis. */
  @property({ attribute: false }) referenceLines: ReferenceLine[] = [];
  /** Text alternative: a sentence that states the numbers the chart shows. */
  @property() summary = '';

  @query('canvas') private canvas!: HTMLCanvasElement;
  private chart: Chart | null = null;

  override render() {
    return html`<figure>
      <figcaption>${this.heading}</figcaption>
      <div class="canvas-box"><canvas role="img" aria-label=${`${this.heading}. ${this.summary}`}></canvas></div>
    </figure>`;
  }

  protected override firstUpdated(): void {
    this.createChart();
  }

  private createChart(): void {
    // Claim a CPU-backed context before Chart.js asks: small charts redraw cheaply in software,
    // while GPU-backed canvases on software GL (no GPU here) stalled the page when composited.
    this.canvas.getContext('2d', { willReadFrequently: true });
    this.chart = new Chart(this.canvas, { ...this.config(), plugins: [this.marks] });
  }

  /**
   * Draws the error bars and reference lines after the datasets. It reads the element's current
   * properties at draw time, so it stays right across in-place updates.
   */
  private marks = {
    id: 'tsl-marks',
    afterDatasetsDraw: (chart: Chart) => {
      const { ctx, chartArea: area } = chart;
      const y = chart.scales['y'];
      if (!y || !area) return;
      ctx.save();
      this.series.forEach((s, i) => {
        if (!s.errorBars) return;
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        const scale = chart.scales[s.right ? 'y2' : 'y'] ?? y;
        // On a filled bar a whisker in the bar's own colour would vanish: bars get a dark one.
        ctx.strokeStyle = this.type === 'bar' ? '#222' : s.color;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([]);
        meta.data.forEach((point, j) => {
          const lo = s.errorBars!.low[j];
          const hi = s.errorBars!.high[j];
          if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi)) return;
          const x = point.x;
          const top = scale.getPixelForValue(hi);
          const bottom = scale.getPixelForValue(lo);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, bottom);
          ctx.moveTo(x - 4, top);
          ctx.lineTo(x + 4, top);
          ctx.moveTo(x - 4, bottom);
          ctx.lineTo(x + 4, bottom);
          ctx.stroke();
        });
      });
      const fontSize = Number.parseFloat(getComputedStyle(this).getPropertyValue('--tsl-chart-font-size')) || 12;
      const font = `${Math.round(fontSize * 0.95)}px system-ui, sans-serif`;
      ctx.font = font;
      const shown = this.referenceLines.map((line) => ({ line, py: y.getPixelForValue(line.y) })).filter(({ py }) => Number.isFinite(py) && py >= area.top - 1 && py <= area.bottom + 1);
      const places = placeReferenceLabels(shown.map(({ line, py }) => ({ y: py, width: ctx.measureText(line.label).width, height: Math.round(fontSize * 0.95) + 2 })), area);
      shown.forEach(({ line, py }, i) => {
        ctx.strokeStyle = line.color ?? '#555';
        ctx.fillStyle = line.color ?? '#333';
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
        ctx.font = font;
        ctx.textAlign = 'left';
        ctx.textBaseline = 'top';
        ctx.fillText(line.label, places[i]!.x, places[i]!.top);
      });
      ctx.restore();
    },
  };

  protected override updated(changed: PropertyValues): void {
    if (!this.chart || changed.size === 0) return;
    this.redrawn ??= scheduleRedraw(this);
  }

  /** Resolves after the pending redraw: tests await `updateComplete` before reading pixels. */
  private redrawn: Promise<void> | null = null;

  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await this.redrawn;
    return result;
  }

  /** Called by the redraw queue: hands Chart.js the latest series. */
  redraw(): void {
    this.redrawn = null;
    if (!this.chart) return;
    const config = this.config();
    this.chart.data = config.data;
    this.chart.options = config.options ?? {};
    this.chart.update('none');
  }

  /** The chart as a PNG data URL, for the exported summary; null before it is drawn. */
  toImage(): string | null {
    return this.chart?.toBase64Image('image/png', 1) ?? null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.canvas && !this.chart) this.createChart();
  }

  /**
   * A log axis starts at the power of ten at or below the smallest value: Chart.js would start it
   * at the smallest value itself, and a bar of that value then has no height at all.
   */
  private logFloor(): number | undefined {
    const positive = this.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v) && v > 0);
    return positive.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : undefined;
  }

  private config(): ChartConfiguration {
    const numericX = this.series.some((s) => s.xs);
    const fontSize = Number.parseFloat(getComputedStyle(this).getPropertyValue('--tsl-chart-font-size')) || 12;
    // Lecture mode darkens the text for contrast; Chart.js's default grey otherwise.
    const color = getComputedStyle(this).getPropertyValue('--tsl-chart-color').trim() || undefined;
    const datasets = this.series.map((s) => ({
      label: s.label,
      data: s.xs ? s.values.map((y, i) => ({ x: s.xs![i]!, y })) : s.values,
      borderColor: s.color,
      backgroundColor: this.type === 'bar' ? s.color : `${s.color}33`,
      borderDash: s.dashed ? [6, 4] : [],
      pointRadius: s.pointRadius ?? (s.values.length > 60 ? 0 : 2),
      borderWidth: 2,
      yAxisID: s.right ? 'y2' : 'y',
      tension: 0,
    }));
    const anyRight = this.series.some((s) => s.right);
    return {
      type: this.type,
      data: { labels: numericX ? undefined : this.labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: numericX ? false : undefined,
        font: { size: fontSize },
        color,
        plugins: { legend: { display: this.series.length > 1, labels: { font: { size: fontSize }, color } } },
        scales: {
          x: { type: numericX ? 'linear' : 'category', title: { display: !!this.xTitle, text: this.xTitle, font: { size: fontSize }, color }, ticks: { font: { size: fontSize }, color, ...(this.xWhole ? { precision: 0 } : {}) } },
          y: {
            type: this.logY ? 'logarithmic' : 'linear',
            min: this.yMin ?? (this.logY ? this.logFloor() : undefined),
            max: this.yMax,
            // Bars always start at zero (Chart.js's own default for them, kept when a line chart opts in).
            beginAtZero: this.beginAtZero || this.type === 'bar',
            title: { display: !!this.yTitle, text: this.yTitle, font: { size: fontSize }, color },
            ticks: { font: { size: fontSize }, color },
          },
          ...(anyRight ? { y2: { position: 'right' as const, beginAtZero: this.beginAtZero, grid: { drawOnChartArea: false }, title: { display: !!this.y2Title, text: this.y2Title, font: { size: fontSize } }, ticks: { font: { size: fontSize } } } } : {}),
        },
      },
    } as ChartConfiguration;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-chart': TslChart;
  }
}
