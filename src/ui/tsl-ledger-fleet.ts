// <tsl-ledger-fleet>: the Ledger's serving-at-scale part: each model's latency-bound searches,
// batching curves and fleet plans (this tab's and imported), with their CSV files.
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { formatDays, formatMs, formatRate } from '../metrics/format.ts';
import { batchingCsv, fleetCsv, sloCsv } from '../metrics/scale-csv.ts';
import type { BatchingPointRecord, BatchingRecord, FleetPlanRecord, FleetRowRecord, ScaleRecords, SloRecord } from '../metrics/scale-records.ts';
import type { ServingRecords } from '../metrics/report.ts';
import { SHORT_RUNS_ONLY, shortRunsOnly } from '../serve/slo-search.ts';
import { downloadBlob } from '../state/download.ts';
import type { Lab } from '../state/lab.ts';
import type { ServeState } from '../state/serve-state.ts';
import { StoreController } from '../state/store.ts';
import { labContext } from './lab-context.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

type Marked<T> = T & { imported: boolean };

const qps = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : formatRate(x, 'queries/s'));
const tag = (imported: boolean) => (imported ? ' (imported)' : '');

// The model's name heads each row; stacked, it takes a whole line.
const SLO_COLUMNS: TableColumn<Marked<SloRecord>>[] = [
  { name: 'model', cls: 'l whole', cell: (x) => `${x.model}${tag(x.imported)}` },
  { name: 'backend', cls: 'l', cell: (x) => x.backend },
  { name: 'batching', cls: 'l', cell: (x) => x.batching },
  { name: 'p99 bound', cell: (x) => formatMs(x.p99TargetMs) },
  { name: 'closed-loop capacity', cell: (x) => qps(x.closedLoopQps) },
  { name: 'capacity under the bound', cell: (x) => html`<strong>${qps(x.capacityQps)}</strong>${shortRunsOnly(x) ? html`<br /><small>${SHORT_RUNS_ONLY}</small>` : nothing}` },
  { name: 'rates tried', cell: (x) => x.trials.length },
  { name: 'queries', cell: (x) => x.trials.reduce((n, t) => n + t.count, 0).toLocaleString('en') },
];

/** A batching curve with the runs its row reports: batching off and the most throughput at the heavy load, and that one's run at the light load. */
interface CurveRow {
  readonly x: Marked<BatchingRecord>;
  readonly off: BatchingPointRecord | undefined;
  readonly best: BatchingPointRecord | undefined;
  readonly bestLight: BatchingPointRecord | undefined;
}

function curveRow(x: CurveRow['x']): CurveRow {
  const heavy = Math.max(...x.points.map((p) => p.load));
  const light = Math.min(...x.points.map((p) => p.load));
  const off = x.points.find((p) => p.off && p.load === heavy);
  const best = x.points.filter((p) => !p.off && p.load === heavy).sort((a, b) => b.achievedQps - a.achievedQps)[0];
  const bestLight = best ? x.points.find((p) => !p.off && p.load === light && p.maxBatch === best.maxBatch && p.maxDelayMs === best.maxDelayMs) : undefined;
  return { x, off, best, bestLight };
}

const BATCHING_COLUMNS: TableColumn<CurveRow>[] = [
  { name: 'model', cls: 'l whole', cell: ({ x }) => `${x.model}${tag(x.imported)}` },
  { name: 'backend', cls: 'l', cell: ({ x }) => x.backend },
  { name: 'batching off', cell: ({ off }) => qps(off?.achievedQps ?? null) },
  { name: 'most throughput (T, B)', cls: 'l', how: 'Of the batching-on runs at the heavy load, the one that achieved the most queries/s; the Serve view chooses under a p99 bound, which this table does not apply', cell: ({ best }) => (best ? `T ${best.maxDelayMs} ms, B ${best.maxBatch}` : '—') },
  { name: 'its throughput', cell: ({ best }) => qps(best?.achievedQps ?? null) },
  { name: 'its p99 at the light load', cell: ({ bestLight }) => (bestLight ? formatMs(bestLight.p99Ms) : '—') },
  { name: 'runs', cell: ({ x }) => x.points.length },
];

/** One serving choice of a model's fleet plan. */
interface PlanRow { readonly f: Marked<FleetPlanRecord>; readonly row: FleetRowRecord }

const FLEET_COLUMNS: TableColumn<PlanRow>[] = [
  { name: 'model', cls: 'l whole', cell: ({ f }) => `${f.model}${tag(f.imported)}` },
  { name: 'queries/day (peak ×)', cell: ({ f }) => `${f.queriesPerDay.toLocaleString('en')} (${f.peakFactor}×)` },
  { name: 'serving choice', cls: 'l wrap', cell: ({ row }) => row.label },
  { name: 'instances', cell: ({ row }) => row.instances },
  { name: 'compute-s/day', cell: ({ row }) => Math.round(row.computeSecondsPerDay).toLocaleString('en') },
  { name: 'days until inference passes training', cell: ({ row }) => formatDays(row.daysToPassTraining) },
  { name: 'on devices: device-s/day', cell: ({ row }) => Math.round(row.deviceSecondsPerDay).toLocaleString('en') },
];

@customElement('tsl-ledger-fleet')
export class TslLedgerFleet extends LitElement {
  // Headers and long names wrap, so the tables fit the Ledger's column of a 1,400 px window; in a
  // narrower one (a 1,030 px window leaves it about 660 px) each row stacks.
  static override styles = [howLegendStyles, stackedTableStyles(58), css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    h2 { margin: 0; }
    h3 { margin: 6px 0 2px; font-size: 0.95rem; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); vertical-align: bottom; white-space: normal; }
    td.wrap { white-space: normal; min-width: 9rem; max-width: 14rem; }
    td.l, th.l { text-align: left; }
    /* Model names are long: they wrap, so the figures stay in view. */
    td.l:first-child { white-space: normal; min-width: 10rem; max-width: 14rem; }
    .box { overflow-x: auto; }
    .buttons { display: flex; gap: 8px; flex-wrap: wrap; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
    table.stack { --tsl-stack-cell: 8.5rem; }
  `];

  @consume({ context: labContext }) private lab!: Lab;
  private serveStore!: StoreController<ServeState>;
  private importedStore!: StoreController<ServingRecords>;

  override connectedCallback(): void {
    super.connectedCallback();
    this.serveStore ??= new StoreController(this, this.lab.serve.store, (s) => [s.scaleResults, s.scale]);
    this.importedStore ??= new StoreController(this, this.lab.ledger.imported);
  }

  /** This tab's records, then imported ones of models still present whose key this tab has not measured. */
  private records(): { slo: Marked<ScaleRecords['slo'][number]>[]; batching: Marked<ScaleRecords['batching'][number]>[]; fleet: Marked<ScaleRecords['fleet'][number]>[] } {
    const own = this.lab.ledger.ownServing();
    const imp = this.lab.ledger.imported.state;
    const present = new Set(this.lab.registry.models.map((m) => m.id));
    const mark = <T extends { modelId: string }>(mine: readonly T[] = [], theirs: readonly T[] = [], key: (r: T) => string): Marked<T>[] => {
      const have = new Set(mine.map(key));
      return [...mine.map((r) => ({ ...r, imported: false })), ...theirs.filter((r) => present.has(r.modelId) && !have.has(key(r))).map((r) => ({ ...r, imported: true }))];
    };
    return {
      slo: mark(own.slo, imp.slo, (r) => `${r.modelId}|${r.backend}|${r.batching}|${r.p99TargetMs}`),
      batching: mark(own.batching, imp.batching, (r) => `${r.modelId}|${r.backend}`),
      fleet: mark(own.fleet, imp.fleet, (r) => r.modelId),
    };
  }

  private download(name: string, text: string): void {
    downloadBlob(`train-serve-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}-${name}.csv`, new Blob([text], { type: 'text/csv;charset=utf-8' }));
  }

  override render() {
    const r = this.records();
    if (r.slo.length + r.batching.length + r.fleet.length === 0) return nothing;
    return html`<h2>Serving at scale</h2>
      <p class="note">The latest latency-bound searches, batching curves and fleet plans of each model, from the Serve view or an imported report; the exported report carries them.</p>
      ${r.slo.length > 0 ? html`<h3>Capacity under a latency bound</h3>
        <div class="box fit"><table class="stack" data-table="ledger-slo">
          <thead><tr>${headings(SLO_COLUMNS)}</tr></thead>
          <tbody>${r.slo.map((x) => html`<tr>${cells(SLO_COLUMNS, x)}</tr>`)}</tbody>
        </table></div>${howLegend(SLO_COLUMNS)}` : nothing}
      ${r.batching.length > 0 ? html`<h3>Batching curves (most throughput at the heavy load)</h3>
        <div class="box fit"><table class="stack" data-table="ledger-batching">
          <thead><tr>${headings(BATCHING_COLUMNS)}</tr></thead>
          <tbody>${r.batching.map((x) => html`<tr>${cells(BATCHING_COLUMNS, curveRow(x))}</tr>`)}</tbody>
        </table></div>${howLegend(BATCHING_COLUMNS)}` : nothing}
      ${r.fleet.length > 0 ? html`<h3>Fleet plans (estimates)</h3>
        <div class="box fit"><table class="stack" data-table="ledger-fleet">
          <thead><tr>${headings(FLEET_COLUMNS)}</tr></thead>
          <tbody>${r.fleet.flatMap((f) => f.rows.map((row) => html`<tr>${cells(FLEET_COLUMNS, { f, row })}</tr>`))}</tbody>
        </table></div>${howLegend(FLEET_COLUMNS)}
        <p class="note">Estimates from one machine's measured capacity: instances = ⌈peak rate / capacity under the bound⌉; compute-s/day = instances × 86,400; days = training s / compute-s per day (the Serve view shows each formula with its numbers).</p>` : nothing}
      <div class="buttons" role="group" aria-label="Serving at scale as CSV">
        <button data-action="export-slo" ?disabled=${r.slo.length === 0} @click=${() => this.download('slo', sloCsv(r.slo))}>SLO searches CSV</button>
        <button data-action="export-batching" ?disabled=${r.batching.length === 0} @click=${() => this.download('batching', batchingCsv(r.batching))}>Batching CSV</button>
        <button data-action="export-fleet" ?disabled=${r.fleet.length === 0} @click=${() => this.download('fleet', fleetCsv(r.fleet))}>Fleet CSV</button>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-ledger-fleet': TslLedgerFleet;
  }
}
