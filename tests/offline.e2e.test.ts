// End to end: the built app, served with its Content-Security-Policy, trains on wasm, serves on
// wasm and WebGL and tries an image, while every request is recorded: none may go to another
// origin, and the policy must not be violated (no eval, nothing from elsewhere).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './launch.ts';
import { setField, trainTinyModel } from './e2e-page.ts';

let browser: Browser;
let page: Page;
const requests: string[] = [];
const violations: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // Context-wide: the page's requests and its workers' (wasm, model, dataset packs) alike.
  context.on('request', (r) => requests.push(r.url()));
  page = await context.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(inject('appUrl'), { waitUntil: 'commit' });
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' blob: 'wasm-unsafe-eval'");
});

afterAll(async () => {
  await browser?.close();
});

const idle = () => expect.poll(() => page.locator('tsl-serve-view [data-serve-progress]').count(), { timeout: 300_000, interval: 250 }).toBe(0);

describe('offline and private', () => {
  it('trains and serves under a CSP without unsafe-eval', async () => {
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await trainTinyModel(page);
    await page.locator('#tab-serve').click();
    for (const [backend, queries] of [['wasm', '200'], ['webgl', '30']] as const) {
      await setField(page, 'tsl-serve-deploy', 'backend', backend);
      await setField(page, 'tsl-serve-deploy', 'queries', queries);
      // WebGL's shaders compile under the policy in its deploy and queries; its offline throughput
      // pass (256 images per batch size on the software GPU, ~20 s) adds nothing to that check.
      let direct: Promise<unknown> = Promise.resolve();
      if (backend === 'wasm') await page.locator('[data-action="deploy"]').click();
      else direct = page.evaluate(() => window.trainServeLab.serve.run({ batchSizes: [1, 4], throughputImages: 8 }).then(() => null));
      await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
      await idle();
      await direct;
      expect(await page.locator('[data-serve-error]').count(), backend).toBe(0);
      expect(await page.evaluate(() => window.trainServeLab.serve.results.result?.record.backend)).toBe(backend);
    }
    const png = await page.evaluate(async () => {
      const c = new OffscreenCanvas(64, 64);
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#a63';
      ctx.fillRect(0, 0, 64, 64);
      return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    });
    await page.locator('tsl-serve-try input[type="file"]').setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await expect.poll(() => page.locator('[data-try-result]').textContent(), { timeout: 60_000 }).toContain('"mine.png"');
    // The wasm backend ran threaded (its pthreads are blob: workers the policy allows).
    expect(await page.evaluate(() => window.trainServeLab.store.state.training.capabilities?.threads)).toBe(true);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('sent no request to any other origin', () => {
    const origin = new URL(inject('appUrl')).origin;
    expect(requests.length).toBeGreaterThan(5);
    const elsewhere = requests.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
  });

  it('refuses inline script and eval-like code on the page', async () => {
    // Devtools' own evaluate is exempt from CSP, so the probes go in as a page would run them.
    await page.addScriptTag({ content: 'window.inlineRan = true; setTimeout("window.evalRan = true", 0);' }).catch(() => undefined);
    await page.addScriptTag({ url: 'data:text/javascript,window.dataRan=true' }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(await page.evaluate(() => [Boolean((window as unknown as Record<string, unknown>)['inlineRan']), Boolean((window as unknown as Record<string, unknown>)['dataRan'])])).toEqual([false, false]);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
  });
});
