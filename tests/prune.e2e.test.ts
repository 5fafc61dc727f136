// End to end: the built app trains a tiny model through the UI, then the Prune view runs a small
// sweep (one unstructured and one structured level) and shows numbers that match the state.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatFlops, formatMs, formatPercent } from '../src/metrics/format.ts';
import { inked, setField, sidewaysPx, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const setPruneField = (name: string, value: string) => setField(app.page, 'tsl-prune-settings', name, value);

describe('the Prune view', () => {
  it('asks for a trained model first and links to the Train view', async () => {
    await page.locator('#tab-prune').click();
    await expect.poll(() => page.locator('tsl-prune-view [data-no-model] h2').textContent()).toContain('No trained model yet');
    await page.locator('tsl-prune-view [data-action="go-train"]').click();
    await expect.poll(() => page.locator('tsl-train-view').count()).toBe(1);
  });

  it('runs a small sweep and shows the table, curves and what was cut', async () => {
    await trainTinyModel(page);

    await page.locator('#tab-prune').click();
    // Bad values are refused with a message naming the field.
    await setPruneField('queries', '3');
    await expect.poll(() => page.locator('tsl-prune-settings .error').first().textContent()).toContain('Latency queries per model must be');
    await setPruneField('queries', '32');
    await setPruneField('epochs', '1');
    for (const key of ['unstructured:0.5', 'unstructured:0.75', 'unstructured:0.95', 'structured:0.25', 'structured:0.75']) {
      await page.locator(`tsl-prune-settings input[value="${key}"]`).uncheck();
    }
    await expect.poll(() => page.locator('tsl-prune-settings .error').count()).toBe(0);
    await page.locator('tsl-prune-view [data-action="prune"]').click();
    await expect.poll(() => page.locator('[data-prune-status]').textContent(), { timeout: 180_000, interval: 500 }).toMatch(/finished|failed/);
    expect(await page.locator('[data-prune-status]').textContent()).toContain('Sweep finished');

    const records = await page.evaluate(() => window.trainServeLab.prune.records());
    expect(records.map((r) => `${r.method}:${r.sparsity}`)).toEqual(['unstructured:0.9', 'structured:0.5']);
    for (const r of records) {
      const row = page.locator(`tsl-prune-table tr[data-level="${r.method}:${r.sparsity}"]`);
      const cell = (col: string) => row.locator(`[data-col="${col}"]`).textContent();
      expect(await cell('testAcc')).toBe(formatPercent(r.testAcc));
      expect(await cell('p50Ms')).toContain(formatMs(r.p50Ms));
      expect(await cell('modelP50Ms')).toContain(formatMs(r.modelP50Ms!));
      expect(await cell('weightBytes')).toBe(formatBytes(r.weightBytes));
      expect(await cell('gzipBytes')).toContain(formatBytes(r.gzipBytes));
      expect(await cell('nonzeroParams')).toBe(formatCount(r.nonzeroParams));
      expect(await cell('flopsPerQuery')).toContain(formatFlops(r.flopsPerQuery));
      expect(await cell('fineTuneMs')).toBe(formatMs(r.fineTuneMs));
      expect(r.fineTuneDispatches, 'fine-tune dispatches counted').toBeGreaterThan(0);
      expect(await cell('fineTuneDispatches')).toBe(formatCount(r.fineTuneDispatches!));
      expect(Number.isFinite(r.p50Ms) && r.p50Ms > 0, 'p50 measured').toBe(true);
    }
    expect(await page.locator('tsl-prune-table tr[data-level="unstructured:0.9"] [data-col="flopsPerQuery"]').textContent()).toContain('theoretical');
    expect(await page.locator('[data-finding]').textContent()).toContain('dense kernels still multiply every zero');

    // Every curve drew something.
    for (const chart of ['accuracy', 'latency', 'gzip']) {
      expect(await inked(page, `tsl-prune-charts tsl-chart[data-chart="${chart}"]`), chart).toBeGreaterThan(500);
    }
    expect(await page.locator('tsl-prune-inside [data-table="layer-sparsity"] tbody tr').count()).toBeGreaterThan(2);
    expect(await page.locator('tsl-filter-norms figure').count()).toBeGreaterThan(0);
    mkdirSync('screenshots', { recursive: true });
    await page.screenshot({ path: 'screenshots/prune-sweep.png', fullPage: false });
    // The structured level marks its cut filters.
    await page.locator('tsl-prune-inside select').selectOption({ index: 1 });
    await expect.poll(() => page.locator('tsl-filter-norms .bar.cut').count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'screenshots/prune-full.png', fullPage: true });
    // Beside the controls at 1400 px the table stacks each level's figures under their names;
    // at 1920 px it is one table. Neither scrolls sideways.
    const sideways = () => sidewaysPx(page, 'tsl-prune-table');
    const stacked = () => page.locator('tsl-prune-table thead').evaluate((head) => getComputedStyle(head).position === 'absolute');
    expect(await sideways()).toBeLessThanOrEqual(1);
    expect(await stacked()).toBe(true);
    await page.locator('tsl-prune-table').screenshot({ path: 'screenshots/prune-table-stacked.png' });
    await page.setViewportSize({ width: 1920, height: 1000 });
    await expect.poll(stacked).toBe(false);
    await page.locator('tsl-prune-table').screenshot({ path: 'screenshots/prune-table-1920.png' });
    expect(await sideways()).toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(app.errors).toEqual([]);
  });

  it('shows no other model’s sweep once a new model is trained and selected', async () => {
    const { page } = app;
    expect(await page.locator('[data-prune-stale]').count()).toBe(0);
    await trainTinyModel(page);
    await page.waitForFunction(() => !window.trainServeLab.busy && window.trainServeLab.store.state.training.phase === 'finished', undefined, { timeout: 300_000 });
    await page.locator('#tab-prune').click();
    await expect.poll(() => page.locator('[data-prune-stale]').textContent()).toContain('The last sweep was of "model 1.1');
    expect(await page.locator('tsl-prune-view tsl-prune-table').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});
