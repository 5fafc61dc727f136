// <tsl-class-view>: the Class view. The instructor drops a folder (or many files) of the students'
// run reports and sees one row per device and backend, the spread of a chosen figure per backend as
// a strip plot with this device marked, and a ranking by that figure; files it could not use are
// listed by name with the reason.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { countOf, formatExactCount, formatMs, formatPercent, formatRate, formatAccuracyWithInterval } from '../metrics/format.ts';
import type { BreakEven } from '../metrics/ledger.ts';
import { CLASS_FIGURES, ClassLab, FIGURE_INFO, shortUserAgent, type ClassFigure, type ClassRow, type ClassState } from '../state/class-lab.ts';
import type { Lab } from '../state/lab.ts';
import { StoreController } from '../state/store.ts';
import { filesFromDrop, filesFromInput } from './files-from-drop.ts';
import { labContext } from './lab-context.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { howLegend, howLegendStyles } from './table-columns.ts';
import './tsl-class-chart.ts';
import { viewLayoutStyles } from './view-styles.ts';

// One class per app: what the instructor loaded stays while they look at other views.
const classes = new WeakMap<Lab, ClassLab>();
function classOf(lab: Lab): ClassLab {
  let c = classes.get(lab);
  if (!c) {
    c = new ClassLab({ thisDevice: () => ({ userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency, crossOriginIsolated: globalThis.crossOriginIsolated }) });
    classes.set(lab, c);
  }
  return c;
}

function breakEvenText(b: BreakEven): string {
  return b.kind === 'at' ? `${formatExactCount(b.queries)} queries` : b.kind === 'never' ? `never (${b.reason})` : '—';
}

const FORMAT: Record<ClassFigure, (r: ClassRow) => string> = {
  epochWallMs: (r) => formatMs(r.epochWallMs),
  gflops: (r) => formatRate(r.gflops, 'GFLOP/s'),
  // With its interval where the report says how many test images were behind it.
  testAcc: (r) => (Number.isFinite(r.testCount) && r.testCount > 0 ? formatAccuracyWithInterval(r.testAcc, r.testCount) : formatPercent(r.testAcc)),
  p50Ms: (r) => formatMs(r.p50Ms),
  p99Ms: (r) => formatMs(r.p99Ms),
  breakEvenQueries: (r) => breakEvenText(r.breakEven),
};

/** What a row's timing is the median of, counting the values it took; null where the figure carries its own count (accuracy) or is not a median of samples. */
function basisText(f: ClassFigure, r: ClassRow): string | null {
  const c = r.counts;
  const of = (n: number, what: string) => (n === 1 ? `from 1 ${what}` : `median of ${countOf(n, what)}`);
  switch (f) {
    case 'epochWallMs': return of(c.wallEpochs, 'epoch');
    case 'gflops': return of(c.gflopsEpochs, 'epoch');
    case 'p99Ms': return of(c.serveRuns, 'serve run');
    // One dense model: the median of its measurements; several: the median of their medians.
    case 'p50Ms': return c.models === 1 ? of(c.measurements, 'measurement') : `median of ${c.models} models' medians (${countOf(c.measurements, 'measurement')})`;
    default: return null;
  }
}

/** How each figure of a row came from the student's report: the heading's tooltip and the legend under the table. */
const FIGURE_HOW: Record<ClassFigure, string> = {
  epochWallMs: "From each report: the median, over the epochs trained on this backend, of each epoch's wall time (performance.now() around the epoch in the student's training worker, validation included)",
  gflops: "From each report: the median, over the epochs trained on this backend, of analytic training FLOPs / measured training seconds",
  testAcc: "From each report: measured on the student's unseen test images, the median over its serve runs on this backend (else over the models it trained there); its 95% Wilson interval counts the images of the report's first serve run (at most the test set it was scored on), where the report says",
  p50Ms: "From each report's Ledger: the p50 end to end (image handed to the worker to probabilities back on the page) of each dense model served on this backend, itself the median of its measurements; with several models, the median of those",
  p99Ms: "From each report: the median, over its serve runs on this backend, of each run's p99 end to end (image handed to the worker to probabilities back on the page), measured on the student's device",
  breakEvenQueries: "From each report's Ledger: training wall time / model-only p50 (predict + data() in the worker, not the p50 end to end beside it), rounded up, for each dense model served on this backend; with several, the median",
};
const FIGURE_TOLD = CLASS_FIGURES.map((f) => ({ name: FIGURE_INFO[f].label, how: FIGURE_HOW[f] }));

function figureCell(f: ClassFigure, r: ClassRow) {
  const value = FORMAT[f](r);
  const basis = Number.isFinite(r[f]) ? basisText(f, r) : null;
  return basis ? html`${value}<small class="basis" data-basis>${basis}</small>` : value;
}

@customElement('tsl-class-view')
export class TslClassView extends LitElement {
  // The class table needs about 72 rem (paddings in rem, so that holds at any type size): a narrower
  // box (lecture mode at 1280 and 1920 px) stacks each row, its rank and device across the box and
  // its backend, figures and file beneath under their column names (stacked-table.ts).
  static override styles = [viewLayoutStyles, stackedTableStyles(72), howLegendStyles, css`
    .drop { border: 2px dashed #667; border-radius: 8px; padding: 14px; text-align: center; font-size: 0.9rem; }
    .drop.over { background: #eef5fb; border-color: var(--tsl-accent, #0072b2); }
    label.file { display: block; margin-top: 6px; }
    input[type='file'] { font: inherit; max-width: 100%; }
    select { font: inherit; }
    input:focus-visible, select:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
    .table-box { overflow-x: auto; --tsl-stack-cell: 8rem; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
    th, td { padding: 0.25rem 0.5rem; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: left; vertical-align: top; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    /* A break-even that never comes says why; the reason wraps rather than widen the table. */
    td.why { white-space: normal; min-width: 8rem; }
    th[aria-sort] { text-decoration: underline; }
    tr.mine td, tr.mine th { font-weight: 700; background: #fff8e1; }
    /* The device is the row's header (what a screen reader names each figure by), set as a cell. */
    th.device { font-weight: 400; overflow-wrap: anywhere; min-width: 10em; }
    td.file { white-space: nowrap; }
    /* Stacked: "#1" and the device across the top (the ranked figure's column is underlined); this device's rows keep their tint. */
    table.stack > tbody > tr > td.rank { grid-column: 1; font-weight: 700; }
    table.stack > tbody > tr > td.rank::before { content: '#' / ''; display: inline; font: inherit; color: inherit; }
    table.stack > tbody > tr > th.device { grid-column: 2 / -1; }
    table.stack > tbody > tr > td.ranked::before { text-decoration: underline; }
    table.stack > tbody > tr.mine { background: #fff8e1; }
    .basis { display: block; font-size: 0.72rem; font-weight: 400; color: #555; }
    .rejected li { font-size: 0.85rem; margin-bottom: 4px; overflow-wrap: anywhere; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private store!: StoreController<ClassState>;
  private classLab!: ClassLab;
  @state() private over = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.classLab ??= classOf(this.lab);
    this.store ??= new StoreController(this, this.classLab.store);
  }

  private onDrop = async (e: DragEvent): Promise<void> => {
    e.preventDefault();
    this.over = false;
    if (!e.dataTransfer) return;
    const files = await filesFromDrop(e.dataTransfer);
    await this.classLab.addFiles(files.map((f) => ({ name: f.path, text: () => f.blob.text() })));
  };

  private onPick = async (e: Event): Promise<void> => {
    const input = e.currentTarget as HTMLInputElement;
    const files = filesFromInput(input);
    input.value = '';
    await this.classLab.addFiles(files.map((f) => ({ name: f.path, text: () => f.blob.text() })));
  };

  override render() {
    const s = this.store.state;
    const ranked = this.classLab.ranked();
    return html`
      <aside>
        <section>
          <h2>Students' reports</h2>
          <div class="drop ${this.over ? 'over' : ''}" data-class-drop @dragover=${(e: DragEvent) => { e.preventDefault(); this.over = true; }}
            @dragleave=${() => (this.over = false)} @drop=${this.onDrop}>
            Drop a folder or report files here
            <label class="file">or pick files <input type="file" multiple accept=".json,application/json" data-class-files @change=${this.onPick} /></label>
            <label class="file">or a folder <input type="file" webkitdirectory data-class-folder @change=${this.onPick} /></label>
          </div>
          <p class="note">Each student exports the run report from the Ledger (Export report, a .json file).</p>
        </section>
        <section>
          <label>Rank by <select name="rankBy" data-class-rank @change=${(e: Event) => this.classLab.rankBy((e.currentTarget as HTMLSelectElement).value as ClassFigure)}>
            ${CLASS_FIGURES.map((f) => html`<option value=${f} ?selected=${f === s.rankBy}>${FIGURE_INFO[f].label} (${FIGURE_INFO[f].higherIsBetter ? 'highest' : 'lowest'} first)</option>`)}
          </select></label>
        </section>
        ${s.rows.length > 0 || s.rejected.length > 0 ? html`<div class="controls"><button data-action="class-clear" @click=${() => this.classLab.clear()}>Clear the class</button></div>` : nothing}
      </aside>
      <div class="results">
        <p role="status" data-class-status>${this.statusText(s)}</p>
        ${s.rejected.length > 0 ? html`<section class="rejected" data-class-rejected>
          <h2>Not added (${s.rejected.length})</h2>
          <ul>${s.rejected.map((r) => html`<li data-rejected=${r.name}><strong>${r.name}</strong>: ${r.reason}</li>`)}</ul>
        </section>` : nothing}
        ${s.rows.length > 0 ? html`<tsl-class-chart .rows=${s.rows} figure=${s.rankBy}></tsl-class-chart>${this.renderTable(ranked, s.rankBy)}` : nothing}
      </div>`;
  }

  private statusText(s: ClassState): string {
    if (s.loading) return 'Reading the reports…';
    if (s.rows.length === 0) return 'No reports yet.';
    const devices = new Set(s.rows.map((r) => JSON.stringify(r.device))).size;
    const last = s.lastLoad ? ` Last drop: ${s.lastLoad.added} of ${countOf(s.lastLoad.files, 'file')} added in ${formatMs(s.lastLoad.wallMs)}.` : '';
    return `${countOf(s.loaded.length, 'report')}, ${countOf(s.rows.length, 'row')}, ${countOf(devices, 'device')}.${last}`;
  }

  private renderTable(rows: ClassRow[], rankBy: ClassFigure) {
    // The box scrolls sideways only should the stacked rows still not fit.
    return html`<div class="table-box fit"><table class="stack" data-class-table>
      <caption class="note">Ranked by ${FIGURE_INFO[rankBy].label.toLowerCase()}, ${FIGURE_INFO[rankBy].higherIsBetter ? 'highest' : 'lowest'} first; this device's rows in bold. Under each timing, what it is the median of: a ranking between two close figures from few samples can go either way.</caption>
      <thead><tr><th class="num">#</th><th>Device</th><th>Backend</th>
        ${CLASS_FIGURES.map((f) => html`<th class="num" title=${FIGURE_HOW[f]} aria-sort=${f === rankBy ? (FIGURE_INFO[f].higherIsBetter ? 'descending' : 'ascending') : 'none'}>${FIGURE_INFO[f].label}</th>`)}
        <th>File</th></tr></thead>
      <tbody>${rows.map((r, i) => html`<tr data-class-row=${r.key} class=${r.thisDevice ? 'mine' : ''}>
        <td class="num rank" data-label="#">${i + 1}</td>
        <th scope="row" class="device" title=${r.device.userAgent}>${shortUserAgent(r.device.userAgent)}${r.thisDevice ? ' (this device)' : ''}<br />${r.device.cores} cores · ${r.device.renderer || 'no WebGL renderer'} · ${r.device.crossOriginIsolated ? 'isolated' : 'not isolated'}</th>
        <td data-label="Backend">${r.backend}</td>
        ${CLASS_FIGURES.map((f) => html`<td class=${`num${f === 'breakEvenQueries' ? ' why' : ''}${f === rankBy ? ' ranked' : ''}`} data-label=${FIGURE_INFO[f].label}>${figureCell(f, r)}</td>`)}
        <td class="file" data-label="File">${r.fileName}</td>
      </tr>`)}</tbody>
    </table></div>
    ${howLegend(FIGURE_TOLD)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-class-view': TslClassView;
  }
}
