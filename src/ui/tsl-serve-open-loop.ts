// <tsl-serve-open-loop>: the open-loop sweep (Poisson arrivals, latency from the intended send
// time): p99 and achieved rate against the offered rate, the capacity knee drawn where it is, and
// the idle worker's wake-up measured beside it (why the lowest rates can have the longest tail).
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatMs, formatMsInterval, formatPercent, formatQuantileWithInterval, formatRate, formatRatioWithVerdict } from '../metrics/format.ts';
import { DEFAULT_KNEE_RULE, p99Limits, stepFailures } from '../metrics/poisson.ts';
import type { OpenLoopPoint, OpenLoopSweep } from '../serve/bench-types.ts';
import { hasPairedExtra, hasServiceInterval, medianDifferenceMs, pairedExtraText, serviceBounds, wakeCall, wakeMattersMs, WAKE_MIN_MS, WAKE_MIN_SHARE, type ProbeEvidence, type WakeCall } from '../serve/wake-verdict.ts';
import { COLORS, type ChartSeries } from './tsl-chart.ts';
import { stackedTableStyles } from './stacked-table.ts';
import { cells, headings, howLegend, howLegendStyles, type TableColumn } from './table-columns.ts';
import { p99Interval } from './p99-interval.ts';
import './tsl-chart.ts';

/** The knee, when a failing rate bounds it; null otherwise (every rate passed, or the lowest failed). */
function kneeOf(s: OpenLoopSweep) {
  return s.knee.firstFailure ? s.knee.knee : null;
}

/** "4.10 ms [3.90–4.40 ms], n = 128"; the median alone for a record written before its interval was kept. */
function serviceP50Text(p: OpenLoopPoint): string {
  return hasServiceInterval(p) ? formatQuantileWithInterval({ value: p.serviceP50Ms, count: p.count, ...serviceBounds(p) }) : formatMs(p.serviceP50Ms);
}

@customElement('tsl-serve-open-loop')
export class TslServeOpenLoop extends LitElement {
  // Twelve columns outgrow a projector in lecture mode: there each rate's row stacks (stacked-table.ts).
  static override styles = [howLegendStyles, stackedTableStyles(60), css`
    :host { display: flex; flex-direction: column; gap: 10px; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(380px, 100%), 1fr)); gap: 16px; }
    /* Lecture mode (tsl-app) sets a taller chart height, for its larger type. */
    tsl-chart { height: var(--tsl-chart-height, 260px); min-width: 0; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    th, td { padding: 3px 9px; border-bottom: 1px solid var(--tsl-border, #ccd); text-align: right; white-space: nowrap; }
    th { background: var(--tsl-head-bg, #f3f4f8); white-space: normal; vertical-align: bottom; }
    td[data-label='verdict'] { white-space: normal; min-width: 4.5rem; }
    tr.knee td { font-weight: 700; background: #e8f4ea; }
    tr.fail td { color: #b00020; }
    .knee-text { font-weight: 600; margin: 0; }
    .wake { margin: 0; font-size: 0.88rem; border-left: 4px solid #e69f00; background: #fff8e8; padding: 6px 10px; }
    .table-box { overflow-x: auto; }
    .fit { --tsl-stack-cell: 4.6rem; --tsl-stack-gap: 0.6rem; }
    table.stack > tbody > tr.knee { background: #e8f4ea; font-weight: 700; }
  `];

  /** The sweep to show; null shows nothing. */
  @property({ attribute: false }) sweep: OpenLoopSweep | null = null;

  override render() {
    const s = this.sweep;
    if (!s || s.points.length === 0) return nothing;
    const pts = s.points;
    const { firstFailure } = s.knee;
    const knee = kneeOf(s);
    const xs = pts.map((p) => p.targetQps);
    const columns = this.columns(s);
    const range = `${pts.length} offered rate${pts.length === 1 ? '' : 's'} from ${formatRate(xs[0]!, 'queries/s')} to ${formatRate(xs.at(-1)!, 'queries/s')} ran${s.aborted ? ' before Stop' : ''}.`;
    return html`
      <p class="knee-text" data-knee>${this.kneeText(s)} ${range}</p>
      ${this.renderWake(s)}
      <div class="grid">
        <tsl-chart data-chart="open-loop-p99" heading="Tail latency vs offered rate (from intended send time)" logY xTitle="offered rate (queries/s)" yTitle="ms"
          .series=${this.latencySeries(s)}
          summary=${`${pts.map((p) => `${p.targetQps.toFixed(0)}/s: p99 ${formatMs(p.p99Ms)}`).join(', ')}${knee ? `; knee at ${knee.targetQps.toFixed(0)}/s` : '; no knee'}`}></tsl-chart>
        <tsl-chart data-chart="open-loop-rate" heading="Achieved vs offered rate" xTitle="offered rate (queries/s)" yTitle="achieved (queries/s)"
          .series=${this.rateSeries(s)}
          summary=${pts.map((p) => `${p.targetQps.toFixed(0)}/s offered: ${p.achievedQps.toFixed(0)}/s achieved`).join(', ')}></tsl-chart>
      </div>
      <div class="table-box fit"><table data-table="open-loop" class="stack">
        <thead><tr>${headings(columns)}</tr></thead>
        <tbody>${pts.map((p) => html`<tr class=${p === knee ? 'knee' : p === firstFailure ? 'fail' : ''} data-rate=${p.targetQps.toFixed(1)}>${cells(columns, p)}</tr>`)}</tbody>
      </table></div>${howLegend(columns)}`;
  }

  /** One row per offered rate; the arrived rate's tooltip quotes this sweep's count, the verdict reads its knee. */
  private columns(s: OpenLoopSweep): TableColumn<OpenLoopPoint>[] {
    // Queries per rate, as the first rate ran them.
    const n = s.points[0]?.count ?? 0;
    return [
      { name: 'offered /s', cell: (p) => p.targetQps.toFixed(1) },
      { name: 'arrived /s', how: `The rate this step's seeded Poisson schedule actually sent at: n arrivals run about 1/√n off the nominal rate (${formatPercent(1 / Math.sqrt(Math.max(1, n)), 0)} for ${n})`, cell: (p) => (p.offeredQps === undefined ? '—' : p.offeredQps.toFixed(1)) },
      { name: 'achieved /s', cell: (p) => p.achievedQps.toFixed(1) },
      { name: 'queries', cell: (p) => p.count },
      { name: 'p50', cell: (p) => formatMs(p.p50Ms) },
      { name: 'p90', cell: (p) => formatMs(p.p90Ms) },
      { name: 'p99', how: "Under it, the p99's 95% order-statistic interval: at 128 queries a rate the sample gives only a lower end (≥), so a verdict near the limit is uncertain", cell: (p) => html`${formatMs(p.p99Ms)}<br /><small class="interval">95%: ${p99Interval(p)}</small>` },
      { name: 'max', cell: (p) => formatMs(p.maxMs) },
      { name: 'service p50', how: "Median time from the server taking the query to its answer (no queueing in front of it); under it, that median's 95% order-statistic interval", cell: (p) => html`${formatMs(p.serviceP50Ms)}${hasServiceInterval(p) ? html`<br /><small class="interval">${formatMsInterval(serviceBounds(p))}</small>` : nothing}` },
      { name: 'max send lag', cell: (p) => formatMs(p.maxSendLagMs) },
      { name: 'found the worker asleep', how: 'Queries that arrived after the worker had stopped polling for work and gone to sleep', cell: (p) => formatPercent(p.idleShare ?? Number.NaN, 0) },
      { name: 'verdict', cell: (p) => this.verdict(s, p) },
    ];
  }

  private kneeText(s: OpenLoopSweep): string {
    const { knee, firstFailure, reason } = s.knee;
    const why = reason === 'both' ? 'could not keep up and its p99 blew up' : reason === 'throughput' ? `completed under ${formatPercent(DEFAULT_KNEE_RULE.minAchievedRatio, 0)} of the rate its queries arrived at` : `had a p99 over ${DEFAULT_KNEE_RULE.p99Factor}× the lowest at that rate or below (${formatMs(s.knee.p99LimitMs)})`;
    if (!knee) return firstFailure ? `No knee: even the lowest offered rate failed (it ${why}).` : 'No rate completed.';
    // Without a failure there is no knee, only a lower bound: nothing here overloaded the server.
    if (!firstFailure) return `No knee: no offered rate failed, so capacity is at least ${formatRate(knee.targetQps, 'queries/s')} (p99 ${formatMs(knee.p99Ms)}), above the closed-loop estimate the rates were set from.`;
    return `Capacity knee ≈ ${formatRate(knee.targetQps, 'queries/s')} (p99 ${formatMs(knee.p99Ms)}), the last rate before the first that failed: at ${formatRate(firstFailure.targetQps, 'queries/s')} the server ${why}.`;
  }

  private verdict(s: OpenLoopSweep, p: OpenLoopSweep['points'][number]): string {
    const { firstFailure } = s.knee;
    const knee = kneeOf(s);
    if (p === knee) return 'knee';
    const limit = p99Limits(s.points)[s.points.indexOf(p)]!;
    const { slow, tail } = stepFailures(p, limit);
    const failed = slow || tail;
    if (firstFailure && p.targetQps >= firstFailure.targetQps) return failed ? 'fails' : 'passes (above the knee)';
    return failed ? 'fails' : 'passes';
  }

  private latencySeries(s: OpenLoopSweep): ChartSeries[] {
    const pts = s.points;
    const xs = pts.map((p) => p.targetQps);
    const knee = kneeOf(s);
    const all = pts.flatMap((p) => [p.p50Ms, p.p99Ms]).filter((v) => v > 0);
    const out: ChartSeries[] = [
      { label: 'p99', xs, values: pts.map((p) => p.p99Ms), color: COLORS[1] },
      { label: 'p50', xs, values: pts.map((p) => p.p50Ms), color: COLORS[0], dashed: true },
    ];
    const limits = p99Limits(pts);
    if (xs.length > 1) out.push({ label: `p99 limit (${DEFAULT_KNEE_RULE.p99Factor}× the lowest p99 so far)`, xs, values: limits, color: COLORS[4], dashed: true });
    // The knee as a vertical line across the chart: a lone point would hide under the p99 line's own marker.
    if (knee && all.length > 0) out.push({ label: `knee: ${formatRate(knee.targetQps, 'queries/s')}`, xs: [knee.targetQps, knee.targetQps], values: [Math.min(...all), Math.max(...all, ...limits)], color: COLORS[6] });
    return out;
  }

  private rateSeries(s: OpenLoopSweep): ChartSeries[] {
    const pts = s.points;
    const xs = pts.map((p) => p.targetQps);
    const knee = kneeOf(s);
    const out: ChartSeries[] = [
      { label: 'achieved', xs, values: pts.map((p) => p.achievedQps), color: COLORS[2] },
      { label: 'ideal (achieved = offered)', xs, values: xs, color: COLORS[6], dashed: true },
    ];
    // What each seeded schedule really sent: a server keeping up is judged against this.
    if (pts.every((p) => p.offeredQps !== undefined)) out.push({ label: 'arrived (this schedule)', xs, values: pts.map((p) => p.offeredQps!), color: COLORS[5], dashed: true });
    if (knee) out.push({ label: `knee: ${formatRate(knee.targetQps, 'queries/s')}`, xs: [knee.targetQps, knee.targetQps], values: [0, Math.max(...xs, ...pts.map((p) => p.achievedQps))], color: COLORS[6] });
    return out;
  }

  private renderWake(s: OpenLoopSweep) {
    const w = s.wake;
    if (!w) return nothing;
    const lowest = s.points[0]!;
    // The sweep's own evidence: the service time (done - actual send) at the lowest rate against the fastest rate's.
    const call = wakeCall(w, s.points);
    const { fastest } = call;
    const asleep = Number.isFinite(lowest.idleShare ?? Number.NaN) ? ` ${formatPercent(lowest.idleShare!, 0)} of the lowest rate's queries found it asleep;` : '';
    const service = ` its service time (p50 ${serviceP50Text(lowest)}) was ${formatRatioWithVerdict(call.serviceRatio, null)} that at ${formatRate(fastest.targetQps, 'queries/s')} (${serviceP50Text(fastest)})${call.sameService ? ', not distinguishable by their intervals' : ''}.`;
    const probe = `after ${formatMs(w.gapMs)} idle a query took ${formatMs(w.idleP50Ms)} end to end (median of ${w.pairs}; p90 ${formatMs(w.idleP90Ms)}), back to back ${formatMs(w.busyP50Ms)} (p90 ${formatMs(w.busyP90Ms)})${extraText(w, call.probe)}`;
    if (call.kind === 'slow') {
      return html`<p class="wake" data-wake="slow"><strong>Why the lowest rates are slow:</strong> between queries the worker polls for ${formatMs(w.workerSpinMs)}, then sleeps in Atomics.wait, and a query that finds it asleep waits for it (and the core under it) to wake. Measured: ${probe}.${call.probe === 'costly' ? '' : " Not the probe's rounds but the sweep's own service times show it:"}${asleep}${service} A closed-loop bench never lets the worker sleep, so it does not show this.</p>`;
    }
    // Evidence that does not settle it (a wide probe interval, a large ratio the intervals cannot tell apart, the two disagreeing): say neither, and why.
    if (call.kind === 'unclear') {
      return html`<p class="wake" data-wake="unclear"><strong>No clear sign of a slow wake-up:</strong> ${probe};${asleep}${service}${UNCLEAR_WHY[call.unclearWhy!]}</p>`;
    }
    return html`<p class="wake" data-wake="quick"><strong>An idle worker wakes quickly here:</strong> ${probe};${asleep}${service}</p>`;
  }
}

/** What an unclear call adds, after the evidence it rests on. */
const UNCLEAR_WHY: Record<NonNullable<WakeCall['unclearWhy']>, string> = {
  'probe unsettled': '',
  'evidence disagrees': " The service times point at the wake-up, but the probe's rounds find no cost that matters: the two disagree, so neither is taken.",
  'service intervals overlap': '',
  'no service intervals': ' This record kept no interval for the service medians, so the ratio cannot be told from chance.',
};

/**
 * "; per round, idle minus back to back: 0.40 ms [0.12–0.90 ms] (median of 64 paired rounds): …",
 * with what its interval says against the extra that would matter. A record without the paired
 * extra is judged on the two medians, and the text gives their difference.
 */
function extraText(w: NonNullable<OpenLoopSweep['wake']>, evidence: ProbeEvidence): string {
  const mattersMs = wakeMattersMs(w);
  if (!Number.isFinite(mattersMs)) return ' (no back-to-back median to judge the wake-up against)';
  const matters = `the ${formatMs(mattersMs)} that would matter (${formatPercent(WAKE_MIN_SHARE, 0)} of a back-to-back query, at least ${formatMs(WAKE_MIN_MS)})`;
  if (!hasPairedExtra(w)) {
    const extra = medianDifferenceMs(w);
    return Number.isFinite(extra) ? ` (this record kept no paired interval: judged on the two medians, idle − back to back = ${formatMs(extra)} against ${matters})` : ' (this record has no idle median to judge the wake-up by)';
  }
  const low = w.extraP50LowMs ?? null;
  const reading = evidence === 'costly' ? `its whole interval over ${matters}` : evidence === 'cheap' ? `its whole interval within ${matters}` : `${low !== null && low > 0 ? 'above zero, but ' : ''}its interval does not settle whether it passes ${matters}`;
  return `; per round, idle minus back to back: ${pairedExtraText(w)} (median of ${w.pairs} paired rounds): ${reading}`;
}

declare global {
  interface HTMLElementTagNameMap {
    'tsl-serve-open-loop': TslServeOpenLoop;
  }
}
