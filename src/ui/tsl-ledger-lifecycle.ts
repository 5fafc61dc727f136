// <tsl-ledger-lifecycle>: the Ledger's lifecycle section. Every drifting-stream comparison this tab
// ran (the Drift view's newest) or read from a report: per policy, its accuracy, its retrainings,
// and what staying accurate cost, measured, with the inference share.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import type { LifecycleRun } from '../drift/records.ts';
import { formatFlops, formatMs, formatPercent } from '../metrics/format.ts';
import type { DriftState } from '../state/drift-state.ts';
import type { Lab } from '../state/lab.ts';
import { StoreController } from '../state/store.ts';
import { meanDayCell, worstDayCell } from './drift-worst-day.ts';
import { labContext } from './lab-context.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

const LIFECYCLE_COLUMNS: TableColumn<LifecycleRun>[] = [
  { name: 'mean daily acc.', how: "Mean of the labelled days' monitored accuracies; under it how many days, and the pooled accuracy of all their labelled answers with its 95% Wilson interval and count", cell: (r) => meanDayCell(r.summary.meanAcc, r.days) },
  { name: 'worst day', how: "Lowest daily monitored accuracy; under it its 95% Wilson interval over that day's labelled queries, their count and the day", cell: (r) => worstDayCell(r.days) },
  { name: 'retrainings', cell: (r) => r.summary.retrainings },
  { name: 'training (initial + retraining)', cell: (r) => formatMs(r.totals.initialTrainMs + r.totals.retrainMs) },
  { name: 'serving + deploys', cell: (r) => formatMs(r.totals.servingMs + r.totals.deployMs) },
  { name: 'total busy time', cell: (r) => formatMs(r.totals.busyMs) },
  { name: 'total FLOPs', cell: (r) => formatFlops(r.totals.totalFlops) },
  { name: 'inference share (time · FLOPs)', cell: (r) => `${formatPercent(r.totals.inferenceShareTime)} · ${formatPercent(r.totals.inferenceShareFlops)}` },
];

@customElement('tsl-ledger-lifecycle')
export class TslLedgerLifecycle extends LitElement {
  static override styles = [howLegendStyles, css`
    :host { display: block; }
    h2 { font-size: 1.05rem; margin: 0 0 6px; }
    h3 { font-size: 0.92rem; margin: 10px 0 4px; }
    table { border-collapse: collapse; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    th, td { border-bottom: 1px solid #dde; padding: 3px 8px; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    th { background: #f4f5f8; }
    .note { font-size: 0.8rem; color: #444; margin: 4px 0 0; }
    .ci { display: block; font-size: 0.75rem; color: #555; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private driftStore!: StoreController<DriftState>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.driftStore ??= new StoreController(this, this.lab.drift.store, (s) => [s.result, s.importedCount]);
  }

  override render() {
    void this.driftStore.state;
    const own = this.lab.drift.state.result;
    const records = [...(own ? [{ record: own, imported: false }] : []), ...this.lab.drift.importedRecords.map((record) => ({ record, imported: true }))];
    if (records.length === 0) return nothing;
    return html`<section aria-label="Lifecycle" data-ledger-lifecycle>
      <h2>A model's life: retraining policies on a drifting stream</h2>
      ${records.map(({ record, imported }) => html`
        <h3>${record.scenarioName}: ${record.scenario.days} days × ${record.scenario.queriesPerDay.toLocaleString('en')} queries, ${Math.round(record.scenario.feedbackFraction * 100)}% labelled, seed ${record.scenario.seed}${imported ? ' (imported)' : ' (this tab)'}, ${record.date.slice(0, 16).replace('T', ' ')}</h3>
        <table>
          <thead><tr><th scope="col">policy</th>${headings(LIFECYCLE_COLUMNS)}</tr></thead>
          <tbody>${record.runs.map((r) => html`<tr data-lifecycle-policy=${r.policyLabel}><td>${r.policyLabel}</td>${cells(LIFECYCLE_COLUMNS, r)}</tr>`)}</tbody>
        </table>${howLegend(LIFECYCLE_COLUMNS)}`)}
      <p class="note">Accuracies are each day's monitored accuracy on its labelled share; times are measured (training epochs, serving-worker loads, every query end to end), FLOPs analytic. The Drift view has the sawtooth, the daily figures and the retrained versions (also in the Models lineage).</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-lifecycle': TslLedgerLifecycle;
  }
}
