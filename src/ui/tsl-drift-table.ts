// <tsl-drift-table>: the price of staying accurate, one row per policy (mean and worst daily
// monitored accuracy, retrainings, measured training, deploy and serving time, analytic FLOPs, the
// inference share), and per policy every day's figures. Totals are sums of the parts shown.
import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { countOf, formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { LifecycleRun } from '../drift/records.ts';
import { meanDayCell, worstDayCell } from './drift-worst-day.ts';
import { stackedTableStyles } from './stacked-table.ts';

/** About what the policies' eleven columns and the days' eight need, in rem (the type size). */
const POLICIES_REM = 72;
const DAYS_REM = 56;

@customElement('tsl-drift-table')
export class TslDriftTable extends LitElement {
  // Below the width each table needs (beside the controls, on a projector) its rows stack their
  // figures under the column names instead of scrolling sideways.
  static override styles = [stackedTableStyles(POLICIES_REM, 'table.stack.policies'), stackedTableStyles(DAYS_REM, 'table.stack.days'), css`
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
        <thead><tr>
          <th scope="col">policy</th>
          <th scope="col" title="Mean of the labelled days' monitored accuracies; under it how many days, and the pooled accuracy of all their labelled answers with its 95% Wilson interval and count">mean daily acc.</th>
          <th scope="col" title="Lowest daily monitored accuracy; under it its 95% Wilson interval over that day's labelled queries, their count and the day">worst day</th>
          <th scope="col">retrainings</th>
          <th scope="col" title="Initial training (the base model's epochs, measured) + every retraining (measured)">training time</th>
          <th scope="col" title="Sum of the retrainings' measured epoch wall times">of it retraining</th>
          <th scope="col" title="Model loads in the serving worker, initial and every redeploy">deploy time</th>
          <th scope="col" title="Sum of every query's end-to-end time through the serving worker">serving time</th>
          <th scope="col" title="training + deploy + serving">total busy time</th>
          <th scope="col" title="Analytic: training FLOPs of every epoch + queries × FLOPs per query">total FLOPs</th>
          <th scope="col" title="(serving + deploy) / total busy time, and serving FLOPs / total FLOPs">inference share (time · FLOPs)</th>
        </tr></thead>
        <tbody>${this.runs.map((r) => {
          const t = r.totals;
          return html`<tr data-policy=${r.policyLabel}>
            <td class="whole name">${r.policyLabel}${r.stoppedRetraining ? ` (stopped during day ${r.stoppedRetraining.day}'s retraining)` : r.stopped ? ' (stopped)' : ''}</td>
            <td data-label="mean daily acc.">${meanDayCell(r.summary.meanAcc, r.days)}</td>
            <td data-label="worst day">${worstDayCell(r.days)}</td>
            <td data-label="retrainings">${r.summary.retrainings}</td>
            <td data-label="training time">${formatMs(t.initialTrainMs + t.retrainMs)}</td>
            <td data-label="of it retraining">${formatMs(t.retrainMs)}</td>
            <td data-label="deploy time">${formatMs(t.deployMs)}</td>
            <td data-label="serving time">${formatMs(t.servingMs)}</td>
            <td data-label="total busy time"><strong>${formatMs(t.busyMs)}</strong></td>
            <td data-label="total FLOPs">${formatFlops(t.totalFlops)}</td>
            <td data-label="inference share (time · FLOPs)">${formatPercent(t.inferenceShareTime)} · ${formatPercent(t.inferenceShareFlops)}</td>
          </tr>`;
        })}</tbody>
      </table></div>
      ${this.runs.map((r) => this.renderDays(r))}`;
  }

  private renderDays(r: LifecycleRun) {
    return html`<details data-days=${r.policyLabel}>
      <summary>Every day under "${r.policyLabel}"</summary>
      <div class="fit"><table class="stack days">
        <thead><tr><th scope="col">day</th><th scope="col">monitored acc. [95% interval] (n)</th><th scope="col" title="All queries: known only because the world is simulated">all queries</th>
          <th scope="col">input PSI · KS</th><th scope="col">confidence PSI · KS</th><th scope="col" title="The larger PSI against the deployed model's own reference day">policy's signal</th>
          <th scope="col">serving</th><th scope="col">deploy (load · cold query)</th></tr></thead>
        <tbody>${r.days.map((d) => {
          const dep = r.deploys.find((x) => x.day === d.day);
          const re = r.retrains.find((x) => x.day === d.day);
          const cut = r.stoppedRetraining?.day === d.day ? r.stoppedRetraining : null;
          return html`<tr>
            <td class="whole name">day ${d.day}${d.source ? html`<br><small>${d.source}</small>` : ''}</td>
            <td data-label="monitored acc. [95% interval] (n)">${d.labelled === 0 ? 'none: no true labels (label-free signal only)' : html`${formatPercent(d.monitoredAcc)} [${formatPercent(d.monitoredLow)}, ${formatPercent(d.monitoredHigh)}] (${d.labelled})`}</td>
            <td data-label="all queries">${Number.isFinite(d.correct) ? html`${formatPercent(d.correct / d.queries)} (${d.queries})` : html`no labels (${d.queries})`}</td>
            <td data-label="input PSI · KS">${d.inputPsi.toFixed(2)} · ${d.inputKs.toFixed(2)}</td>
            <td data-label="confidence PSI · KS">${d.confidencePsi.toFixed(2)} · ${d.confidenceKs.toFixed(2)}</td>
            <td data-label="policy's signal">${d.signal.toFixed(2)}</td>
            <td data-label="serving">${formatMs(d.servingMs)}</td>
            <td data-label="deploy (load · cold query)">${dep ? `${formatMs(dep.loadMs)} · ${formatMs(dep.coldQueryMs)}` : ''}</td>
          </tr>${re || cut ? html`<tr class="retrain-row"><td colspan="8" class="reason whole">Retraining at the end of day ${d.day}: ${re ? `${re.from}, ${re.images.toLocaleString('en')} images × ${countOf(re.epochs, 'epoch')}, ${formatMs(re.trainMs)}, ${formatFlops(re.trainFlops)}${re.keptEpoch !== undefined ? `; serves epoch ${re.keptEpoch} (lowest validation loss), validation ${formatPercent(re.valAcc)}` : ''}: ${re.reason}` : ''}${cut ? html`<span data-stopped-retraining>stopped after ${cut.epochsDone} of ${cut.epochs} epochs: no version, not counted</span>` : ''}</td></tr>` : ''}`;
        })}</tbody>
      </table></div>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-drift-table': TslDriftTable;
  }
}
