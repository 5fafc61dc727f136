// End to end: offline after one visit. The built app is loaded once (its service worker caches
// every file), the network is switched off, and the page reloads from the cache: it stays
// cross-origin isolated under its CSP, says "offline · cached", trains one epoch on wasm and
// serves 100 queries, and no request fails.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setField, trainTinyModel } from './e2e-page.ts';
import { launchChromium } from './launch.ts';

let browser: Browser;
let context: BrowserContext;
let page: Page;
const failed: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.on('requestfailed', (r) => failed.push(`${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
afterAll(async () => {
  await browser?.close();
});

describe('offline after one visit', () => {
  it('caches the app on the first visit', async () => {
    await page.goto(inject('appUrl'), { waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    // The worker controls the page once it has precached everything and activated.
    await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller), undefined, { timeout: 120_000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls = (await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)))).flat();
      return urls.map((u) => new URL(u).pathname);
    });
    for (const kind of [/\.wasm$/, /train-.*\.bin$/, /val-.*\.bin$/, /test-.*\.bin$/, /worker.*\.js$/, /index\.html$/]) {
      expect(cached.some((p) => kind.test(p)), String(kind)).toBe(true);
    }
    expect(await page.locator('[data-offline]').count()).toBe(0);
  });

  it('reloads offline, stays isolated, trains 1 epoch on wasm and serves 100 queries with no failed request', async () => {
    await context.setOffline(true);
    const response = await page.reload({ waitUntil: 'commit' });
    // The page itself came from the cache, with the headers it was stored with.
    expect(response?.fromServiceWorker()).toBe(true);
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' blob: 'wasm-unsafe-eval'");
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    // Seen with Chromium 150 and Playwright 1.65: the reloaded page starts with navigator.onLine true
    // although its requests still fail offline (the emulation is not passed on to the new document).
    // Setting it again tells the page, as the browser's own "offline" event would.
    if (await page.evaluate(() => navigator.onLine)) {
      await context.setOffline(false);
      await context.setOffline(true);
    }
    await expect.poll(() => page.locator('[data-offline]').textContent()).toBe('offline · cached');
    await page.screenshot({ path: 'screenshots/offline-cached.png' });

    await trainTinyModel(page);
    await page.locator('#tab-serve').click();
    await setField(page, 'tsl-serve-deploy', 'backend', 'wasm');
    await setField(page, 'tsl-serve-deploy', 'queries', '100');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
    await expect.poll(() => page.locator('tsl-serve-view [data-serve-progress]').count(), { timeout: 300_000, interval: 250 }).toBe(0);
    expect(await page.locator('[data-serve-error]').count()).toBe(0);
    const record = await page.evaluate(() => window.trainServeLab.serve.results.result?.record);
    expect(record?.backend).toBe('wasm');
    expect(record?.count).toBeGreaterThanOrEqual(100);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    await context.setOffline(false);
  });
});
