// <tsl-serve-slo>: latency-bound searches. Per backend and batching choice: the capacity under the
// p99 bound next to the closed-loop capacity, and every tried rate with its verdict, p99 and count.
import { css, html, LitElement, nothing } from 'lit';
import { warmupRuleText } from '../serve/warmup-rule.ts';
import { customElement, property } from 'lit/decorators.js';
import { countOf, formatMs, formatPercent, formatRate } from '../metrics/format.ts';
import { batchingLabel } from '../serve/batcher.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import { fellBehind, KEEP_UP_RATIO, SHORT_RUNS_ONLY, shortRunsOnly, sloEndText, type SloSearchResult, type SloTrial } from '../serve/slo-search.ts';
import { closedLoopGap, type ClosedLoopFigure } from '../serve/closed-loop-gap.ts';
import { p99Interval } from './p99-interval.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';

const qps = (x: number | null) => (x === null ? '—' : formatRate(x, 'queries/s'));

/**
 * Capacity under the bound as a share of the closed loop, rounded down, and under it the first
 * failing rate's share rounded up (the share lies below it); "≥" when no rate failed above it.
 */
function shareCell(r: SloRun) {
  const { capacityQps, firstFailQps } = r.search;
  if (capacityQps === null) return '—';
  const pass = `${Math.floor((capacityQps / r.closedLoopQps) * 100)}%`;
  if (firstFailQps === null) return `≥ ${pass}`;
  return html`${pass}<br /><small class="interval" data-share-bracket title="The first failing rate ÷ the closed-loop capacity: the share lies below it">&lt; ${Math.ceil((firstFailQps / r.closedLoopQps) * 100)}%</small>`;
}

/**
 * The headline of a search that reports no capacity: short runs that passed are named as such, and
 * an end other than the lowest rate or the service time (a Stop, the trial limit) is given.
 */
function noCapacityHeadline(s: SloRun['search']): string {
  const bound = formatMs(s.p99TargetMs);
  if (s.trials.some((t) => t.pass)) return `No confirmed capacity under ${bound} (${sloEndText(s)}).`;
  return s.end === 'min-rate' || s.end === 'below-service-time' ? `No rate tried passed under ${bound}.` : `No rate tried passed under ${bound} (${sloEndText(s)}).`;
}

/** One row per search. */
const SEARCH_COLUMNS: TableColumn<SloRun>[] = [
  { name: 'backend', cls: 'l', cell: (r) => r.backend },
  { name: 'batching', cls: 'l', cell: (r) => batchingLabel(r.batching) },
  { name: 'p99 bound', cell: (r) => formatMs(r.search.p99TargetMs) },
  { name: 'closed-loop capacity', how: '1000 / mean end-to-end ms of back-to-back queries on the same fresh server', cell: (r) => html`${qps(r.closedLoopQps)} <span class="note">(n = ${r.closedLoopCount})</span>` },
  // The search's answer is marked on the figure, the cell's only content: a column sets no other attribute of its cells.
  { name: 'capacity under the bound', cell: (r) => html`<strong data-capacity>${qps(r.search.capacityQps)}</strong>` },
  { name: 'share of closed loop', how: "capacity under the bound / closed-loop capacity; under it, the first failing rate / closed-loop capacity, the share's bracket", cell: shareCell },
  { name: 'first failing rate', cell: (r) => qps(r.search.firstFailQps) },
  { name: 'rates tried', cell: (r) => r.search.trials.length },
  { name: 'search ended', cls: 'l ended', cell: (r) => `${r.search.end === 'bracketed' ? `bracketed to ${(r.search.bracketRatio * 100).toFixed(1)}%` : sloEndText(r.search)}${r.aborted ? ' (stopped)' : ''}` },
];

/** A tried rate, its place in the search (from 1) and the search it belongs to. */
interface TrialRow { readonly trial: SloTrial; readonly n: number; readonly search: SloSearchResult }

const TRIAL_COLUMNS: TableColumn<TrialRow>[] = [
  { name: '#', cell: ({ n }) => n },
  { name: 'step', cls: 'l', cell: ({ trial: t }) => t.phase },
  { name: 'offered', cell: ({ trial: t }) => qps(t.qps) },
  { name: 'queries', cell: ({ trial: t }) => t.count },
  { name: 'run', cell: ({ trial: t }) => `${(t.durationMs / 1000).toFixed(1)} s` },
  { name: 'arrived', how: "The rate this run's seeded Poisson schedule actually sent at (queries / last intended send time): a short run is several % off the offered rate, and keeping up is judged against it", cell: ({ trial: t }) => (t.offeredQps === undefined ? '—' : qps(t.offeredQps)) },
  { name: 'achieved', cell: ({ trial: t }) => qps(t.achievedQps) },
  { name: 'p50', cell: ({ trial: t }) => formatMs(t.p50Ms) },
  { name: 'p99', cell: ({ trial: t }) => formatMs(t.p99Ms) },
  { name: 'p99, 95% interval', how: "95% distribution-free interval of the p99 (order statistics of this run's latencies): a p99 of a few hundred queries has no upper end", cls: 'ci', cell: ({ trial: t }) => p99Interval(t) },
  { name: 'verdict', cls: 'l verdict', cell: ({ trial: t, search: s }) => `${t.pass ? 'pass' : 'fail'}${t.errorCount > 0 ? ` (${countOf(t.errorCount, 'error')})` : ''}${!t.pass && t.p99Ms <= s.p99TargetMs && fellBehind(t) ? ' (fell behind)' : ''}` },
];

@customElement('tsl-serve-slo')
export class TslServeSlo extends LitElement {
  // Nine and eleven columns fit the Serve view's column of a 1,400 px window; in a narrower one
  // (a 1,030 px window leaves it about 660 px) each row stacks, its cells under their names.
  static override styles = [howLegendStyles, stackedTableStyles(58), css`
    :host { display: flex; flex-direction: column; gap: 12px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    td.l, th.l { text-align: left; }
    tr.pass td.verdict { color: #0a6b2f; font-weight: 700; }
    tr.fail td.verdict { color: #b00020; font-weight: 700; }
    tr.answer td { background: #e8f4ea; }
    .box { overflow-x: auto; }
    .headline { margin: 0; font-weight: 600; }
    details > summary { cursor: pointer; font-size: 0.9rem; margin: 4px 0; }
    .note { font-size: 0.8rem; color: #444; margin: 0; }
    p[data-closed-loop-note] span { display: block; margin-top: 2px; }
    td.ci { color: #444; }
    td.ended { white-space: normal; min-width: 10rem; max-width: 16rem; }
    table.stack { --tsl-stack-cell: 7.5rem; }
  `];

  /** The searches to show, in the order run (one per backend and batching choice). */
  @property({ attribute: false }) runs: readonly SloRun[] = [];
  /** Deploy & run's closed loop of the same model, to set the searches' own beside; null: not run. */
  @property({ attribute: false }) deploy: (ClosedLoopFigure & { backend: string }) | null = null;

  /** How the search's closed-loop figure is measured and, when Deploy & run measured the same backend, how the two compare. */
  private renderClosedLoopNote(runs: readonly SloRun[]) {
    const d = this.deploy;
    const same = d ? runs.filter((r) => r.backend === d.backend).at(-1) : undefined;
    const gap = d && same ? closedLoopGap({ qps: same.closedLoopQps, count: same.closedLoopCount, stdMs: same.closedLoopStdMs ?? null, modelMeanMs: same.closedLoopModelMeanMs ?? null }, d) : null;
    const split = runs.filter((r) => r.closedLoopModelMeanMs !== undefined).map((r) => `${r.backend}, batching ${batchingLabel(r.batching)}: ${formatMs(1000 / r.closedLoopQps)} (${formatMs(r.closedLoopModelMeanMs!)} in the model)`);
    return html`<p class="note" data-closed-loop-note>Closed-loop capacity: 1000 / mean end-to-end ms of ${runs[0]!.closedLoopCount} back-to-back queries (batching off) on the search's own fresh server, after its first query and the discarded warm-up ones (${warmupRuleText()}): Deploy & run's protocol, with fewer queries, at another moment. On a shared machine it moves with the load.
      ${split.length > 0 ? html`<span data-closed-loop-split>Mean per query: ${split.join('; ')}.</span>` : nothing}
      ${gap ? html`<span data-closed-loop-gap=${gap.ratio.toFixed(2)}>${same!.backend}: ${gap.text}</span>` : nothing}</p>`;
  }

  override render() {
    const runs = this.runs;
    if (runs.length === 0) return nothing;
    return html`
      <div class="box fit"><table class="stack" data-table="slo-summary">
        <thead><tr>${headings(SEARCH_COLUMNS)}</tr></thead>
        <tbody>${runs.map((r) => html`<tr data-slo-backend=${r.backend} data-slo-batching=${batchingLabel(r.batching)}>${cells(SEARCH_COLUMNS, r)}</tr>`)}</tbody>
      </table></div>${howLegend(SEARCH_COLUMNS)}
      ${this.renderClosedLoopNote(runs)}
      ${runs.map((r) => this.renderTrials(r))}`;
  }

  private renderTrials(r: SloRun) {
    const s = r.search;
    const bracket = s.capacityQps !== null && s.firstFailQps !== null ? ` Bracket ${qps(s.capacityQps)} to ${qps(s.firstFailQps)} (${(s.bracketRatio * 100).toFixed(1)}% apart).` : '';
    return html`<details open data-slo-trials=${`${r.backend}|${batchingLabel(r.batching)}`}>
      <summary>${r.backend}, batching ${batchingLabel(r.batching)}: every tried rate (${s.trials.length})</summary>
      <p class="headline">${s.capacityQps === null ? noCapacityHeadline(s) : `Highest rate with p99 under ${formatMs(s.p99TargetMs)}: ${qps(s.capacityQps)}${shortRunsOnly(s) ? ` (${SHORT_RUNS_ONLY})` : ''}.`}${bracket}</p>
      <div class="box fit"><table class="stack" data-table="slo-trials">
        <thead><tr>${headings(TRIAL_COLUMNS)}</tr></thead>
        <tbody>${s.trials.map((t, i) => html`<tr class=${`${t.pass ? 'pass' : 'fail'}${t.qps === s.capacityQps && t.pass ? ' answer' : ''}`}>${cells(TRIAL_COLUMNS, { trial: t, n: i + 1, search: s })}</tr>`)}</tbody>
      </table></div>${howLegend(TRIAL_COLUMNS)}
      <p class="note">Each rate: a fresh seeded Poisson schedule of at least ${r.minCount} queries and ${(r.minDurationMs / 1000).toFixed(1)} s; latency from each query's intended send time. A rate also fails ("fell behind") when it achieves under ${formatPercent(KEEP_UP_RATIO, 0)} of the rate its queries arrived at: a short run can end before the queue of a server falling behind pushes its p99 over the bound. Deploy on the fresh worker ${formatMs(r.deployMs)}, its first query ${formatMs(r.firstQueryMs)}.</p>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-slo': TslServeSlo;
  }
}
