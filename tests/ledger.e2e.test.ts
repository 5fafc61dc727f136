// End to end: the Ledger after a real train, serve and prune in the built app. Its break-even
// figures equal the ones computed by hand from the exported report's own numbers; the tables and
// the summary export; the report imports back as runs to compare; bad files get a clear message.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCount, formatExactCount } from '../src/metrics/format.ts';
import type { RunReport, ServingRecords } from '../src/metrics/report.ts';
import { WAKE_ROUNDS } from '../src/serve/idle-wake.ts';
import { csvRecords } from '../src/metrics/test-csv.ts';
import { howLegendMismatches, inked, setField, sidewaysPx, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const ledgerRows = () => page.locator('tsl-ledger-table tbody tr[data-row]');
const importMessage = () => page.locator('tsl-ledger-io [data-import-message]');

async function importFile(name: string, text: string): Promise<void> {
  await page.locator('tsl-ledger-io input[type="file"]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Clicks an export button and returns the downloaded file's name and text. */
async function exported(action: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`tsl-ledger-io [data-action="${action}"]`).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

/** The hand calculation: smallest whole number of queries with queries x per-query >= cost. */
const byHand = (cost: number, perQuery: number): string => (perQuery > 0 ? formatExactCount(Math.ceil(cost / perQuery)) : 'never');

describe('the Ledger view', () => {
  it('starts empty and refuses files that are not run reports', async () => {
    await page.locator('#tab-ledger').click();
    await expect.poll(() => page.locator('tsl-ledger-view .empty h2').textContent()).toContain('No runs yet');
    await importFile('notes.json', 'these are my notes');
    await expect.poll(() => importMessage().textContent()).toContain('"notes.json" is not JSON');
    await importFile('package.json', JSON.stringify({ name: 'x', version: '1.0.0' }));
    await expect.poll(() => importMessage().textContent()).toContain('not a Train & Serve Lab run report');
    expect(await ledgerRows().count()).toBe(0);
  });

  it('shows break-evens equal to the hand calculation from the exported report', async () => {
    await trainTinyModel(page);
    await page.locator('#tab-serve').click();
    await setField(page, 'tsl-serve-deploy', 'queries', '64');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.registry.measurements.filter((m) => m.kind === 'serve').length), { timeout: 300_000, interval: 500 }).toBe(1);
    // An open-loop sweep too: the report carries it.
    await expect.poll(() => page.locator('[data-action="open-loop"]').isDisabled(), { timeout: 120_000 }).toBe(false);
    await page.locator('[data-action="open-loop"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.serve.results.openLoop?.points.length ?? 0), { timeout: 300_000, interval: 500 }).toBe(8);
    await expect.poll(() => page.evaluate(() => window.trainServeLab.serve.busy), { timeout: 120_000 }).toBe(false);
    await page.locator('#tab-prune').click();
    await setField(page, 'tsl-prune-settings', 'queries', '32');
    await setField(page, 'tsl-prune-settings', 'epochs', '1');
    for (const key of ['unstructured:0.5', 'unstructured:0.75', 'unstructured:0.95', 'structured:0.25', 'structured:0.75']) await page.locator(`tsl-prune-settings input[value="${key}"]`).uncheck();
    await page.locator('tsl-prune-view [data-action="prune"]').click();
    await expect.poll(() => page.locator('[data-prune-status]').textContent(), { timeout: 300_000, interval: 500 }).toMatch(/finished|failed/);
    expect(await page.locator('[data-prune-status]').textContent()).toContain('Sweep finished');

    await page.locator('#tab-ledger').click();
    await setField(page, 'tsl-ledger-view', 'queriesPerDay', '2000');
    const { name, text } = await exported('export-json');
    expect(name).toMatch(/-report\.json$/);
    const report = JSON.parse(text) as RunReport;
    expect(report.schema).toBe(1);
    expect(report.runs).toHaveLength(1);
    const run = report.runs[0]!;
    expect(run.serve).toHaveLength(1);
    expect(run.prune.map((p) => `${p.method}:${p.sparsity}`)).toEqual(['unstructured:0.9', 'structured:0.5']);
    // The open-loop sweep of the served model, every rate of it, keyed by model id and backend; no comparison was run.
    const serving = report as RunReport & ServingRecords;
    expect(serving.openLoop.map((r) => [r.modelId, r.backend, r.points.length])).toEqual([[run.modelId, 'wasm', 8]]);
    expect(serving.openLoop[0]!.wake?.pairs).toBe(WAKE_ROUNDS);
    expect(serving.compare).toEqual([]);
    expect(await page.locator('tsl-ledger-serving [data-table="ledger-open-loop"] tbody tr').count()).toBe(1);
    // One row per model and serving backend: the dense model on wasm (its Serve run and the sweep's rounds), two levels.
    await expect.poll(() => ledgerRows().count()).toBe(3);
    const measured = (modelId: string | undefined) => (report as RunReport & { measurements: { modelId: string; modelP50Ms: number }[] }).measurements.filter((m) => m.modelId === modelId).map((m) => m.modelP50Ms);
    const denseMeasured = measured(run.modelId);
    expect(denseMeasured).toHaveLength(2);
    // The median of two measurements is their mean.
    const denseMedian = (denseMeasured[0]! + denseMeasured[1]!) / 2;
    expect(await ledgerRows().nth(0).locator('[data-col="measured"]').textContent()).toContain('n = 2');

    const trainMs = run.train.epochs.reduce((s, e) => s + e.wallMs, 0);
    const trainFlops = run.train.epochs.reduce((s, e) => s + e.trainFlops, 0);
    const trainDispatches = run.train.epochs.reduce((s, e) => s + e.kernelCount, 0);
    const cell = (row: number, col: string) => ledgerRows().nth(row).locator(`[data-col="${col}"]`).textContent();
    const serve = run.serve[0]!;
    expect(await cell(0, 'breakEvenTime')).toContain(byHand(trainMs, denseMedian));
    expect(await cell(0, 'breakEvenFlops')).toContain(byHand(trainFlops, serve.flopsPerQuery));
    const dense = run.pruneDense!;
    for (const [i, p] of run.prune.entries()) {
      const repayTime = await cell(1 + i, 'repayTime');
      const msSaved = denseMedian - p.modelP50Ms!;
      expect(repayTime).toContain(byHand(p.fineTuneMs, msSaved));
      expect(await cell(1 + i, 'repayFlops')).toContain(byHand(p.fineTuneFlops!, dense.flopsPerQuery - p.flopsPerQuery));
      expect(await cell(1 + i, 'breakEvenTime')).toContain(byHand(trainMs + p.fineTuneMs, p.modelP50Ms!));
      // Dispatches behind a pruned model: the training epochs' counts plus its fine-tuning's.
      expect(p.fineTuneDispatches).toBeGreaterThan(0);
      expect(await cell(1 + i, 'trainDispatches')).toBe(`${formatCount(trainDispatches + p.fineTuneDispatches!)}+${formatCount(p.fineTuneDispatches!)} fine-tune`);
    }
    expect(await cell(0, 'trainDispatches')).toBe(formatCount(trainDispatches));
    // Where a figure came from: the details row spells out the formula with these numbers.
    await ledgerRows().nth(2).locator('[data-action="how"]').click();
    const details = await page.locator('tsl-ledger-table tr.details').textContent();
    expect(details).toContain('Pruning repays its fine-tuning');
    const s1 = run.prune[1]!;
    expect(details).toContain(
      `${formatExactCount(trainDispatches + s1.fineTuneDispatches!)} kernel dispatches: ${formatExactCount(trainDispatches)} counted during the training batches + ${formatExactCount(s1.fineTuneDispatches!)} counted during the fine-tuning`,
    );

    expect(await page.locator('[data-story]').textContent()).toContain('Training took');
    for (const unit of ['time', 'flops']) expect(await inked(page, `tsl-ledger-chart tsl-chart[data-chart="cumulative-${unit}"]`), unit).toBeGreaterThan(1000);
    await page.screenshot({ path: 'screenshots/ledger.png', fullPage: true });
    // On a 1280 px laptop, beside the controls, every column shows without scrolling sideways (details closed).
    await ledgerRows().nth(2).locator('[data-action="how"]').click();
    await expect.poll(() => page.locator('tsl-ledger-table tr.details').count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await expect.poll(() => sidewaysPx(page, 'tsl-ledger-table')).toBeLessThanOrEqual(1);
    await page.locator('tsl-ledger-table').screenshot({ path: 'screenshots/ledger-table-1280.png' });
    await page.setViewportSize({ width: 1400, height: 1000 });

    // The Prune view's cost table uses the same maths.
    await page.locator('#tab-prune').click();
    const s = run.prune[1]!;
    expect(await page.locator('tsl-prune-cost tbody tr').nth(1).textContent()).toContain(byHand(s.fineTuneFlops!, dense.flopsPerQuery - s.flopsPerQuery));
    expect(await page.locator('tsl-prune-cost tbody tr').nth(1).locator('[data-col="fineTuneDispatches"]').textContent()).toBe(formatCount(s.fineTuneDispatches!));
    await page.locator('tsl-prune-cost').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'screenshots/prune-cost.png' });
    await page.locator('#tab-ledger').click();

    // The tables as CSV and the one-page summary with the charts as images.
    const epochs = await exported('export-epochs');
    expect(epochs.text.split('\r\n')[0]).toMatch(/^run,backend,epoch,wallMs/);
    expect((await exported('export-prune')).text.split('\r\n').filter(Boolean)).toHaveLength(4);
    const ledgerCsv = (await exported('export-ledger')).text;
    expect(ledgerCsv).toContain('breakEvenQueriesTime');
    // Every live pruned row was timed once, in the sweep that timed its parent too: that run judges it.
    const pruned = csvRecords(ledgerCsv).filter((r) => r.parentId !== '');
    expect(pruned.length).toBeGreaterThan(0);
    for (const r of pruned) expect(['one run', 'one run, contradicting the medians']).toContain(r.repayJudgedBy);
    const summary = await exported('export-html');
    expect(summary.text).toContain('<img src="data:image/png;base64,');
    expect(summary.text).toContain(byHand(trainMs, denseMedian));
    const summaryPage = await page.context().browser()!.newPage();
    await summaryPage.setContent(summary.text);
    expect(await summaryPage.locator('img').count()).toBe(2);
    await summaryPage.screenshot({ path: 'screenshots/ledger-summary.png', fullPage: true });
    await summaryPage.close();

    // The report carries the models' ids: importing this session's own export adds nothing.
    await importFile('mine.json', text);
    await expect.poll(() => importMessage().textContent()).toContain('Nothing new');
    expect(await ledgerRows().count()).toBe(3);
    // A report as older versions wrote it (no model ids, no fine-tuning dispatches): its rows are
    // grouped the same way, one per model and backend, marked imported beside the live ones.
    const older = JSON.parse(text) as RunReport & { models?: unknown; measurements?: unknown; openLoop?: unknown; compare?: unknown };
    delete older.models;
    delete older.measurements;
    delete older.openLoop;
    delete older.compare;
    for (const r of older.runs) delete (r as { modelId?: string }).modelId;
    for (const p of older.runs[0]!.prune) {
      delete p.fineTuneDispatches;
      delete (p as { modelId?: string }).modelId;
    }
    await importFile('earlier.json', JSON.stringify(older, null, 2));
    await expect.poll(() => importMessage().textContent()).toContain('Imported 1 run');
    await expect.poll(() => ledgerRows().count()).toBe(6);
    expect(await page.locator('tsl-ledger-table tr.imported').count()).toBe(3);
    // The same repay count; the older report kept no run ids or intervals, so its single sweep
    // measurement on the pruned side is not judged for want of a shared run, where the live row
    // is judged by its sweep (or not judged only when that run contradicts the medians).
    const repayCount = (row: number) => ledgerRows().nth(row).locator('[data-col="repayTime"]').evaluate((td) => {
      const copy = td.cloneNode(true) as HTMLElement;
      copy.querySelector('[data-verdict]')?.remove();
      return copy.textContent;
    });
    expect(await repayCount(4)).toBe(await repayCount(1));
    expect(await ledgerRows().nth(4).locator('[data-verdict="not judged"]').textContent()).toContain('one measurement on a side');
    expect(await ledgerRows().nth(1).locator('[data-col="repayTime"]').textContent()).not.toContain('one measurement on a side');
    // No number is invented for the missing fine-tuning dispatches: the training's, and a note.
    expect(await ledgerRows().nth(4).locator('[data-col="trainDispatches"]').textContent()).toBe(`${formatCount(trainDispatches)}fine-tune not recorded`);
    // A later schema is refused by name and nothing already there is lost.
    await importFile('future.json', text.replace('"schema": 1', '"schema": 2'));
    await expect.poll(() => importMessage().textContent()).toContain('schema version 2');
    expect(await ledgerRows().count()).toBe(6);
    await page.screenshot({ path: 'screenshots/ledger-compare.png' });
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
