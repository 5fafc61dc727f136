// End to end: the built app trains a short run through the UI, and the charts, figures,
// records and predictions appear.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './launch.ts';

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(inject('appUrl'), { waitUntil: 'commit' });
});

afterAll(async () => {
  await browser?.close();
});

async function setField(name: string, value: string): Promise<void> {
  const input = page.locator(`tsl-train-settings [name="${name}"]`);
  if (name === 'backend') await input.selectOption(value);
  else await input.fill(value);
  await input.dispatchEvent('change');
}

describe('training through the UI', () => {
  it('refuses a nonsense setting with a message naming the field', async () => {
    await setField('epochs', '-4');
    await expect.poll(() => page.locator('tsl-train-settings .error').first().textContent()).toContain('Epochs must be between 1 and 200');
    await setField('epochs', '2');
    await expect.poll(() => page.locator('tsl-train-settings .error').count()).toBe(0);
  });

  it('trains two short epochs on wasm and shows charts, figures and predictions', async () => {
    await setField('backend', 'wasm');
    await setField('trainSize', '256');
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
    const inked = await page.locator('tsl-train-charts tsl-chart').first().evaluate((el) => {
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    expect(await page.locator('tsl-confusion-matrix td').count()).toBe(4);
    expect(await page.locator('tsl-prediction-grid li').count()).toBeGreaterThan(10);
    const gap = Number.parseFloat((await page.locator('[data-figure="frame-gap"]').textContent()) ?? 'NaN');
    expect(gap).toBeGreaterThan(0);
    await page.screenshot({ path: 'screenshots/train-done.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
