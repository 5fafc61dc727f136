// <tsl-serve-slo>: latency-bound searches. Per backend and batching choice: the capacity under the
// p99 bound next to the closed-loop capacity, and every tried rate with its verdict, p99 and count.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs, formatRate } from '../metrics/format.ts';
import { batchingLabel } from '../serve/batcher.ts';
import type { SloRun } from '../serve/bench-slo.ts';
import { fellBehind, sloEndText } from '../serve/slo-search.ts';

const qps = (x: number | null) => (x === null ? '—' : formatRate(x, 'queries/s'));

@customElement('tsl-serve-slo')
export class TslServeSlo extends LitElement {
  static override styles = css`
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
  `;

  /** The searches to show, in the order run (one per backend and batching choice). */
  @property({ attribute: false }) runs: readonly SloRun[] = [];

  override render() {
    const runs = this.runs;
    if (runs.length === 0) return nothing;
    return html`
      <div class="box"><table data-table="slo-summary">
        <thead><tr><th class="l">backend</th><th class="l">batching</th><th>p99 bound</th><th title="1000 / mean end-to-end ms of back-to-back queries on the same fresh server">closed-loop capacity</th>
          <th>capacity under the bound</th><th title="capacity under the bound / closed-loop capacity">share of closed loop</th><th>first failing rate</th><th>rates tried</th><th class="l">search ended</th></tr></thead>
        <tbody>${runs.map((r) => html`<tr data-slo-backend=${r.backend} data-slo-batching=${batchingLabel(r.batching)}>
          <td class="l">${r.backend}</td><td class="l">${batchingLabel(r.batching)}</td><td>${formatMs(r.search.p99TargetMs)}</td>
          <td>${qps(r.closedLoopQps)} <span class="note">(n = ${r.closedLoopCount})</span></td>
          <td data-capacity><strong>${qps(r.search.capacityQps)}</strong></td>
          <td>${r.search.capacityQps === null ? '—' : `${((r.search.capacityQps / r.closedLoopQps) * 100).toFixed(0)}%`}</td>
          <td>${qps(r.search.firstFailQps)}</td><td>${r.search.trials.length}</td><td class="l">${r.search.end === 'bracketed' ? `bracketed to ${(r.search.bracketRatio * 100).toFixed(1)}%` : sloEndText(r.search)}${r.aborted ? ' (stopped)' : ''}</td></tr>`)}</tbody>
      </table></div>
      ${runs.map((r) => this.renderTrials(r))}`;
  }

  private renderTrials(r: SloRun) {
    const s = r.search;
    const bracket = s.capacityQps !== null && s.firstFailQps !== null ? ` Bracket ${qps(s.capacityQps)} to ${qps(s.firstFailQps)} (${(s.bracketRatio * 100).toFixed(1)}% apart).` : '';
    return html`<details open data-slo-trials=${`${r.backend}|${batchingLabel(r.batching)}`}>
      <summary>${r.backend}, batching ${batchingLabel(r.batching)}: every tried rate (${s.trials.length})</summary>
      <p class="headline">${s.capacityQps === null ? `No rate kept p99 under ${formatMs(s.p99TargetMs)}.` : `Highest rate with p99 under ${formatMs(s.p99TargetMs)}: ${qps(s.capacityQps)}.`}${bracket}</p>
      <div class="box"><table data-table="slo-trials">
        <thead><tr><th>#</th><th class="l">step</th><th>offered</th><th>queries</th><th>run</th><th>achieved</th><th>p50</th><th>p99</th><th class="l">verdict</th></tr></thead>
        <tbody>${s.trials.map((t, i) => html`<tr class=${`${t.pass ? 'pass' : 'fail'}${t.qps === s.capacityQps && t.pass ? ' answer' : ''}`}>
          <td>${i + 1}</td><td class="l">${t.phase}</td><td>${qps(t.qps)}</td><td>${t.count}</td><td>${(t.durationMs / 1000).toFixed(1)} s</td><td>${qps(t.achievedQps)}</td>
          <td>${formatMs(t.p50Ms)}</td><td>${formatMs(t.p99Ms)}</td>
          <td class="l verdict">${t.pass ? 'pass' : 'fail'}${t.errorCount > 0 ? ` (${t.errorCount} errors)` : ''}${!t.pass && t.p99Ms <= s.p99TargetMs && fellBehind(t) ? ' (fell behind)' : ''}</td></tr>`)}</tbody>
      </table></div>
      <p class="note">Each rate: a fresh seeded Poisson schedule of at least ${r.minCount} queries and ${(r.minDurationMs / 1000).toFixed(1)} s; latency from each query's intended send time. A rate also fails when it completes under 90% of the rate its queries arrived at: a short run can end before the queue of a server falling behind pushes its p99 over the bound. Deploy on the fresh worker ${formatMs(r.deployMs)}, its first query ${formatMs(r.firstQueryMs)}.</p>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-slo': TslServeSlo;
  }
}
