// <tsl-serve-open-loop>: the open-loop sweep (Poisson arrivals, latency from the intended send
// time): p99 and achieved rate against the offered rate, with the capacity knee stated.
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs, formatRate } from '../metrics/format.ts';
import type { OpenLoopSweep } from '../serve/bench-types.ts';
import { COLORS } from './tsl-chart.ts';
import './tsl-chart.ts';

@customElement('tsl-serve-open-loop')
export class TslServeOpenLoop extends LitElement {
  static override styles = css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; }
    tsl-chart { height: 240px; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); }
    tr.knee td { font-weight: 700; background: #e8f4ea; }
    tr.fail td { color: #b00020; }
    .knee-text { font-weight: 600; margin: 0; }
  `;

  /** The sweep to show; null shows nothing. */
  @property({ attribute: false }) sweep: OpenLoopSweep | null = null;

  override render() {
    const s = this.sweep;
    if (!s || s.points.length === 0) return nothing;
    const pts = s.points;
    const { knee, firstFailure, reason } = s.knee;
    const xs = pts.map((p) => p.targetQps);
    const why = reason === 'both' ? 'could not keep up and its p99 blew up' : reason === 'throughput' ? 'achieved under 90% of the offered rate' : `p99 over 3× the lowest (${formatMs(s.knee.p99LimitMs)})`;
    const kneeText = knee
      ? `Capacity knee ≈ ${formatRate(knee.targetQps, 'queries/s')} (p99 ${formatMs(knee.p99Ms)})${firstFailure ? `; at ${formatRate(firstFailure.targetQps, 'queries/s')} the server ${why}.` : '; no offered rate failed, so capacity is at least that.'}`
      : `Even the lowest offered rate failed (${why}).`;
    return html`
      <p class="knee-text" data-knee>${kneeText}${s.aborted ? ' (stopped early)' : ''}</p>
      <div class="grid">
        <tsl-chart data-chart="open-loop-p99" heading="Tail latency vs offered rate (from intended send time)" logY xTitle="offered rate (queries/s)" yTitle="ms"
          .series=${[
            { label: 'p99', xs, values: pts.map((p) => p.p99Ms), color: COLORS[1] },
            { label: 'p50', xs, values: pts.map((p) => p.p50Ms), color: COLORS[0], dashed: true },
            ...(knee ? [{ label: 'knee', xs: [knee.targetQps], values: [knee.p99Ms], color: COLORS[6] }] : []),
          ]}
          summary=${pts.map((p) => `${p.targetQps.toFixed(0)}/s: p99 ${formatMs(p.p99Ms)}`).join(', ')}></tsl-chart>
        <tsl-chart data-chart="open-loop-rate" heading="Achieved vs offered rate" xTitle="offered rate (queries/s)" yTitle="achieved (queries/s)"
          .series=${[
            { label: 'achieved', xs, values: pts.map((p) => p.achievedQps), color: COLORS[2] },
            { label: 'ideal (achieved = offered)', xs, values: xs, color: COLORS[6], dashed: true },
          ]}
          summary=${pts.map((p) => `${p.targetQps.toFixed(0)}/s offered: ${p.achievedQps.toFixed(0)}/s achieved`).join(', ')}></tsl-chart>
      </div>
      <table data-table="open-loop">
        <thead><tr><th>offered /s</th><th>achieved /s</th><th>queries</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>service p50</th><th>max send lag</th></tr></thead>
        <tbody>${pts.map((p) => html`<tr class=${p === knee ? 'knee' : p === firstFailure ? 'fail' : ''}>
          <td>${p.targetQps.toFixed(1)}</td><td>${p.achievedQps.toFixed(1)}</td><td>${p.count}</td><td>${formatMs(p.p50Ms)}</td><td>${formatMs(p.p90Ms)}</td>
          <td>${formatMs(p.p99Ms)}</td><td>${formatMs(p.maxMs)}</td><td>${formatMs(p.serviceP50Ms)}</td><td>${formatMs(p.maxSendLagMs)}</td></tr>`)}</tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-open-loop': TslServeOpenLoop;
  }
}
