// <tsl-drift-table>: the price of staying accurate, one row per policy (mean and worst daily
// monitored accuracy, retrainings, measured training, deploy and serving time, analytic FLOPs, the
// inference share), and per policy every day's figures. Totals are sums of the parts shown.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { countOf, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import { meanDayCell, worstDayCell } from './drift-worst-day.ts';
import type { DayRecord, DeployRecord, LifecycleRun } from '../drift/records.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

/** About what the policies' eleven columns and the days' eight need, in rem (the type size). */
const POLICIES_REM = 72;
const DAYS_REM = 56;

const POLICY_COLUMNS: TableColumn<LifecycleRun>[] = [
  { name: 'mean daily acc.', how: "Mean of the labelled days' monitored accuracies; under it how many days, and the pooled accuracy of all their labelled answers with its 95% Wilson interval and count", cell: (r) => meanDayCell(r.summary.meanAcc, r.days) },
  { name: 'worst day', how: "Lowest daily monitored accuracy; under it its 95% Wilson interval over that day's labelled queries, their count and the day", cell: (r) => worstDayCell(r.days) },
  { name: 'retrainings', cell: (r) => r.summary.retrainings },
  { name: 'training time', how: "Initial training (the base model's epochs, measured) + every retraining (measured)", cell: (r) => formatMs(r.totals.initialTrainMs + r.totals.retrainMs) },
  { name: 'of it retraining', how: "Sum of the retrainings' measured epoch wall times", cell: (r) => formatMs(r.totals.retrainMs) },
  { name: 'deploy time', how: 'Model loads in the serving worker, initial and every redeploy', cell: (r) => formatMs(r.totals.deployMs) },
  { name: 'serving time', how: "Sum of every query's end-to-end time through the serving worker", cell: (r) => formatMs(r.totals.servingMs) },
  { name: 'total busy time', how: 'training + deploy + serving', cell: (r) => html`<strong>${formatMs(r.totals.busyMs)}</strong>` },
  { name: 'total FLOPs', how: 'Analytic: training FLOPs of every epoch + queries × FLOPs per query', cell: (r) => formatFlops(r.totals.totalFlops) },
  { name: 'inference share (time · FLOPs)', how: '(serving + deploy) / total busy time, and serving FLOPs / total FLOPs', cell: (r) => `${formatPercent(r.totals.inferenceShareTime)} · ${formatPercent(r.totals.inferenceShareFlops)}` },
];

/** A day's row: its figures, and the deploy that ended it, if any. */
interface DayRow { readonly day: DayRecord; readonly deploy: DeployRecord | undefined }

const DAY_COLUMNS: TableColumn<DayRow>[] = [
  { name: 'monitored acc. [95% interval] (n)', cell: ({ day: d }) => (d.labelled === 0 ? 'none: no true labels (label-free signal only)' : html`${formatPercent(d.monitoredAcc)} [${formatPercent(d.monitoredLow)}, ${formatPercent(d.monitoredHigh)}] (${d.labelled})`) },
  { name: 'all queries', how: 'All queries: known only because the world is simulated', cell: ({ day: d }) => (Number.isFinite(d.correct) ? html`${formatPercent(d.correct / d.queries)} (${d.queries})` : html`no labels (${d.queries})`) },
  { name: 'input PSI · KS', cell: ({ day: d }) => `${d.inputPsi.toFixed(2)} · ${d.inputKs.toFixed(2)}` },
  { name: 'confidence PSI · KS', cell: ({ day: d }) => `${d.confidencePsi.toFixed(2)} · ${d.confidenceKs.toFixed(2)}` },
  { name: "policy's signal", how: "The larger PSI against the deployed model's own reference day", cell: ({ day: d }) => d.signal.toFixed(2) },
  { name: 'serving', cell: ({ day: d }) => formatMs(d.servingMs) },
  { name: 'deploy (load · cold query)', cell: ({ deploy }) => (deploy ? `${formatMs(deploy.loadMs)} · ${formatMs(deploy.coldQueryMs)}` : '') },
];

@customElement('tsl-drift-table')
export class TslDriftTable extends LitElement {
  // Below the width each table needs (beside the controls, on a projector) its rows stack their
  // figures under the column names instead of scrolling sideways.
  static override styles = [howLegendStyles, stackedTableStyles(POLICIES_REM, 'table.stack.policies'), stackedTableStyles(DAYS_REM, 'table.stack.days'), css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid #dde; padding: 3px 8px; text-align: right; white-space: nowrap; }
    th:first-child, td:first-child { text-align: left; white-space: normal; min-width: 10rem; }
    th { font-weight: 600; background: #f4f5f8; white-space: normal; vertical-align: bottom; }
    /* The retraining gets a row of its own under its day, so the day columns keep the width. */
    tr.retrain-row td.reason { text-align: left; white-space: normal; font-size: 0.78rem; padding-left: 2rem; border-top: none; }
    .ci { display: block; font-size: 0.75rem; color: #555; white-space: normal; }
    details { margin-top: 8px; }
    summary { cursor: pointer; font-weight: 600; }
  `];

  @property({ attribute: false }) runs: LifecycleRun[] = [];

  override render() {
    return html`
      <div class="fit"><table data-table="policies" class="stack policies">
        <thead><tr><th scope="col">policy</th>${headings(POLICY_COLUMNS)}</tr></thead>
        <tbody>${this.runs.map((r) => html`<tr data-policy=${r.policyLabel}>
            <td class="whole name">${r.policyLabel}${r.stoppedRetraining ? ` (stopped during day ${r.stoppedRetraining.day}'s retraining)` : r.stopped ? ' (stopped)' : ''}</td>
            ${cells(POLICY_COLUMNS, r)}
          </tr>`)}</tbody>
      </table></div>${howLegend(POLICY_COLUMNS)}
      ${this.runs.map((r) => this.renderDays(r))}`;
  }

  private renderDays(r: LifecycleRun) {
    return html`<details data-days=${r.policyLabel}>
      <summary>Every day under "${r.policyLabel}"</summary>
      <div class="fit"><table class="stack days">
        <thead><tr><th scope="col">day</th>${headings(DAY_COLUMNS)}</tr></thead>
        <tbody>${r.days.map((d) => {
          const re = r.retrains.find((x) => x.day === d.day);
          const cut = r.stoppedRetraining?.day === d.day ? r.stoppedRetraining : null;
          return html`<tr>
            <td class="whole name">day ${d.day}${d.source ? html`<br><small>${d.source}</small>` : ''}</td>
            ${cells(DAY_COLUMNS, { day: d, deploy: r.deploys.find((x) => x.day === d.day) })}
          </tr>${re || cut ? html`<tr class="retrain-row"><td colspan=${DAY_COLUMNS.length + 1} class="reason whole">Retraining at the end of day ${d.day}: ${re ? `${re.from}, ${re.images.toLocaleString('en')} images × ${countOf(re.epochs, 'epoch')}, ${formatMs(re.trainMs)}, ${formatFlops(re.trainFlops)}${re.keptEpoch !== undefined ? `; serves epoch ${re.keptEpoch} (lowest validation loss), validation ${formatPercent(re.valAcc)}` : ''}: ${re.reason}` : ''}${cut ? html`<span data-stopped-retraining>stopped after ${cut.epochsDone} of ${cut.epochs} epochs: no version, not counted</span>` : ''}</td></tr>` : ''}`;
        })}</tbody>
      </table></div>${howLegend(DAY_COLUMNS)}
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-table': TslDriftTable;
  }
}
