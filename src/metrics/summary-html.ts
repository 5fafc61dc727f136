// A one-page HTML summary of a run report: what ran, the cost ledger with its break-evens, test-time
// augmentation (when measured), and the charts as images, in a single self-contained file (inline
// CSS, images as data URLs).
import { accuracyParts, formatCount, formatExactCount, formatFlops, formatMs, formatMsInterval, formatPercent, MISSING } from './format.ts';
import type { BreakEven, LedgerRow } from './ledger.ts';
import { fineTuneDispatchesMissing, measuredLabel, trainingCost } from './ledger.ts';
import type { RunReport, SpendRecords } from './report.ts';
import { repayVerdictCells } from './repay-verdict.ts';
import { ttaTableRows } from './tta-table.ts';

export interface SummaryImage {
  title: string;
  /** A data: URL (PNG). */
  src: string;
  /** Text alternative: the numbers the chart shows. */
  alt: string;
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const be = (b: BreakEven | undefined): string => (!b ? '' : b.kind === 'at' ? formatExactCount(b.queries) : b.kind === 'never' ? `never (${b.reason})` : MISSING);

const days = (b: BreakEven | undefined, perDay: number): string => (b?.kind === 'at' ? `${(b.queries / perDay).toPrecision(3)} days` : '');

/** Counted dispatches behind a model; a pruned row from an older report says its fine-tuning's are missing. */
const dispatches = (r: LedgerRow): string =>
  fineTuneDispatchesMissing(r) ? `${formatCount(r.trainDispatches)} (fine-tune not recorded)` : formatCount(r.trainDispatches);

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Test-time augmentation, when the report carries it: one row per model, backend, measurement and k. */
function ttaSection(report: Partial<SpendRecords>): string {
  const rows = ttaTableRows(report.tta ?? []);
  if (rows.length === 0) return '';
  const body = rows.map((r) => [
    r.model, r.backend, String(r.k), r.views,
    `${accuracyParts(r.testAcc, r.testImages).value} ${accuracyParts(r.testAcc, r.testImages).interval}`.trim(), formatExactCount(r.testImages),
    Number.isFinite(r.accVsOneView) && r.k > 1 ? `${r.accVsOneView >= 0 ? '+' : '−'}${Math.abs(r.accVsOneView * 100).toFixed(2)} pt` : MISSING,
    `${formatMs(r.modelP50Ms)} ${formatMsInterval({ low: orNull(r.modelP50LowMs), high: orNull(r.modelP50HighMs) })}`, formatExactCount(r.queries),
    Number.isFinite(r.p50VsOneView) ? `${r.p50VsOneView.toFixed(2)}×` : MISSING, formatMs(r.p50Ms), r.date,
  ]);
  return `<h2>Test-time augmentation</h2>
<p class="note">Each query answered with the mean of k views of the image, built and predicted as one batch in the serving worker; the view counts of one measurement were served side by side in interleaved blocks on the same unseen test images. Accuracy: the averaged answers, 95% Wilson interval, n test images. p50: model-only (views built, predicted, read back), 95% order-statistic interval, n queries. No extra training.</p>
${table(['model', 'backend', 'k', 'views', 'test accuracy [95%]', 'n images', 'accuracy vs 1 view', 'p50 model-only [95%]', 'n queries', '× 1 view', 'p50 end to end', 'measured at'], body)}`;
}

/** "distinguishable (one run)", "not judged (one measurement on a side)"; empty for a dense or unmeasured row. */
function verdictCell(rows: readonly LedgerRow[], r: LedgerRow): string {
  const c = repayVerdictCells(rows, r);
  return c.repayVerdictTime === '' ? '' : `${c.repayVerdictTime} (${c.repayJudgedBy})`;
}

export function summaryHtml(report: RunReport & Partial<SpendRecords>, rows: readonly LedgerRow[], queriesPerDay: number, images: readonly SummaryImage[]): string {
  const runs = report.runs.map((run) => {
    const t = trainingCost(run.train.epochs);
    const last = run.train.epochs.at(-1);
    const label = run.label ?? run.backend;
    return [label, String(t.epochs), formatMs(t.wallMs), formatFlops(t.flops), formatCount(t.dispatches), last ? formatPercent(last.valAcc) : MISSING, run.serve.map((s) => `${s.backend ?? ''} ${formatMs(s.p50Ms)}`).join(', ') || MISSING, String(run.prune.length)];
  });
  const ledger = rows.map((r) => [
    r.modelName, r.model, `${r.trainBackend} → ${r.serveBackend}`, formatMs(r.trainMs), formatFlops(r.trainFlops), dispatches(r), formatMs(r.modelP50Ms), measuredLabel(r.measured), formatFlops(r.flopsPerQuery),
    be(r.breakEvenTime), be(r.breakEvenFlops), be(r.repay?.time), verdictCell(rows, r), days(r.repay?.time, queriesPerDay), be(r.repay?.flops),
  ]);
  const env = report.environment;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Train &amp; Serve Lab: run summary ${escapeHtml(report.createdAt)}</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; color: #1a1a2e; max-width: 1100px; margin: 24px auto; padding: 0 16px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid #ccd; padding: 3px 7px; text-align: right; } th { background: #f3f4f8; }
td:first-child, th:first-child, td:nth-child(2) { text-align: left; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; }
figure { margin: 0; } img { width: 100%; border: 1px solid #ccd; } figcaption { font-weight: 600; }
.note { color: #444; font-size: 13px; }
</style></head><body>
<h1>Train &amp; Serve Lab: run summary</h1>
<p class="note">Report written ${escapeHtml(report.createdAt)} · dataset ${escapeHtml(report.config.dataset)} · ${escapeHtml(String(env.hardwareConcurrency))} logical cores · ${env.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'} · ${escapeHtml(env.userAgent)}</p>
<h2>Runs</h2>
${table(['run', 'epochs', 'training wall time', 'training FLOPs', 'kernel dispatches (training batches)', 'last val acc', 'serve p50 (end to end)', 'prune levels'], runs)}
<h2>Cost ledger</h2>
<p class="note">Training: measured wall time, analytic FLOPs and counted kernel dispatches, fine-tuning included for pruned models. One row per model and serving backend. Per query: the median of that row's measured model-only p50s (n measurements, their range beside it) and analytic FLOPs. Break-even = training cost / cost per query; repay = the model's own fine-tuning / saving per query against its parent's row on the same backend (no saving, or a negative one, never repays). Its verdict says whether the time saving shows in the measurements: the two rows' ranges of p50s, or with one measurement on a side the intervals of an interleaved run that timed both; without such a run it is not judged. Days at ${escapeHtml(formatExactCount(queriesPerDay))} queries per day.</p>
${table(['model', 'kind', 'backends', 'train time', 'train FLOPs', 'train dispatches', 'p50 / query (median)', 'measurements', 'FLOPs / query', 'break-even (time)', 'break-even (FLOPs)', 'repay (time)', 'repay verdict (time)', 'repay days', 'repay (FLOPs)'], ledger)}
${ttaSection(report)}
<div class="charts">${images.map((i) => `<figure><figcaption>${escapeHtml(i.title)}</figcaption><img src="${escapeHtml(i.src)}" alt="${escapeHtml(i.alt)}"></figure>`).join('\n')}</div>
<p class="note">Every figure above was measured in the browser or derived by the stated formula; the JSON report holds the raw records.</p>
</body></html>
`;
}
