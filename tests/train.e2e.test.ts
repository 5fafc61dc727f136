// End to end: the built app trains a short run through the UI, and the charts, figures,
// records and predictions appear.
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { inked, setField, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const setTrainField = (name: string, value: string) => setField(app.page, 'tsl-train-settings', name, value);

describe('training through the UI', () => {
  it('refuses a nonsense setting with a message naming the field', async () => {
    await setTrainField('epochs', '-4');
    await expect.poll(() => page.locator('tsl-train-settings .error').first().textContent()).toContain('Epochs must be between 1 and 200');
    await setTrainField('epochs', '2');
    await expect.poll(() => page.locator('tsl-train-settings .error').count()).toBe(0);
  });

  it('trains two short epochs on wasm and shows charts, figures and predictions', async () => {
    await setTrainField('backend', 'wasm');
    await setTrainField('trainSize', '256');
    await expect.poll(() => page.locator('tsl-train-view .status').first().textContent(), { timeout: 60_000 }).toContain('Dataset');
    await page.locator('button[data-action="start"]').click();
    await expect.poll(() => page.locator('tsl-epoch-table tbody tr').count(), { timeout: 300_000, interval: 500 }).toBeGreaterThanOrEqual(1);
    mkdirSync('screenshots', { recursive: true });
    await page.screenshot({ path: 'screenshots/train-mid-run.png', fullPage: false });
    await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
    expect(await page.locator('tsl-epoch-table tbody tr').count()).toBe(2);
    for (const key of ['val-acc', 'epoch-time', 'gflops', 'flops', 'dispatches', 'tensors']) {
      const text = await page.locator(`[data-figure="${key}"] .v`).textContent();
      expect(text, key).toMatch(/\d/);
    }
    // Charts drew something: the loss chart's canvas is not blank.
    expect(await inked(page, 'tsl-train-charts tsl-chart')).toBeGreaterThan(500);
    expect(await page.locator('tsl-confusion-matrix td').count()).toBe(4);
    expect(await page.locator('tsl-prediction-grid li').count()).toBeGreaterThan(10);
    // Thumbnails are images (not one canvas each), loaded only near the viewport: each grid's
    // decode once it is scrolled to.
    for (const thumbnail of [page.locator('tsl-prediction-grid img').first(), page.locator('tsl-prediction-grid').last().locator('img').first()]) {
      await thumbnail.scrollIntoViewIfNeeded();
      await expect.poll(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    }
    const gap = Number.parseFloat((await page.locator('[data-figure="frame-gap"]').textContent()) ?? 'NaN');
    expect(gap).toBeGreaterThan(0);
    await page.evaluate(() => window.scrollTo(0, 0)); // the settings column is sticky: show it at the top
    await page.screenshot({ path: 'screenshots/train-done.png', fullPage: true });
    expect(app.errors).toEqual([]);
  });

  it('keeps the epoch with the lowest validation loss when asked, and says which', async () => {
    await page.locator('tsl-train-settings [name="keepBest"]').check();
    await setTrainField('epochs', '3');
    await page.locator('button[data-action="start"]').click();
    await expect.poll(() => page.locator('tsl-epoch-table tbody tr').count(), { timeout: 300_000, interval: 500 }).toBe(3);
    await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
    const model = await page.evaluate(() => {
      const lab = window.trainServeLab;
      const entry = lab.registry.get(lab.store.state.training.modelId)!;
      return { origin: entry.origin, valAcc: entry.valAcc };
    });
    if (model.origin.kind !== 'trained') throw new Error('the run made a trained model');
    const losses = model.origin.epochs.map((r) => r.valLoss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(model.origin.settings.keepBest).toBe(true);
    expect(model.origin.keptEpoch).toBe(best);
    expect(model.valAcc).toBe(model.origin.epochs[best - 1]!.valAcc);
    await expect.poll(() => page.locator('[data-kept-epoch]').textContent()).toBe(`epoch ${best}`);
    await page.evaluate(() => window.scrollTo(0, 0)); // the settings column is sticky: show it at the top
    await page.locator('tsl-train-view aside').screenshot({ path: 'screenshots/train-kept-epoch.png' });
    expect(app.errors).toEqual([]);
  });
});
