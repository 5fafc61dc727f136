// End to end: two tabs of the app in one browser share its IndexedDB. A model trained in one shows
// in the other; a rename in the second shows in the first; a measurement in either reaches both;
// every write survives a reload; and a tab whose database is upgraded by another tab lets go with a
// message instead of crashing or blocking it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setField, trainTinyModel } from './e2e-page.ts';
import { launchChromium } from './launch.ts';

let browser: Browser;
let a: Page;
let b: Page;
const errorsA: string[] = [];
const errorsB: string[] = [];

// Two pages of one browser context: the same origin's IndexedDB and BroadcastChannel, as two tabs.
beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  a = await context.newPage();
  b = await context.newPage();
  a.on('pageerror', (err) => errorsA.push(err.message));
  b.on('pageerror', (err) => errorsB.push(err.message));
  await a.goto(inject('appUrl'), { waitUntil: 'commit' });
  await b.goto(inject('appUrl'), { waitUntil: 'commit' });
});
afterAll(async () => {
  await browser?.close();
});

const modelNames = (p: Page) => p.evaluate(() => window.trainServeLab.registry.models.map((m) => m.name));
const measurements = (p: Page) => p.evaluate(() => window.trainServeLab.registry.measurements.length);

describe('two tabs', () => {
  it('share models, renames and measurements, and keep every write', async () => {
    await b.waitForFunction(() => Boolean(window.trainServeLab?.registry.state.restored), undefined, { timeout: 60_000 });
    await trainTinyModel(a);
    const [name] = await modelNames(a);
    await expect.poll(() => modelNames(b), { timeout: 30_000 }).toEqual([name]);
    const id = await a.evaluate(() => window.trainServeLab.registry.models[0]!.id);

    await b.locator('#tab-models').click();
    const row = b.locator(`tsl-models-list tr[data-model="${id}"]`);
    await row.locator('[data-action="rename"]').click();
    await row.locator('input[name="name"]').fill('renamed in tab B');
    await row.locator('button[type="submit"]').click();
    await expect.poll(() => modelNames(a), { timeout: 30_000 }).toEqual(['renamed in tab B']);

    await a.locator('#tab-serve').click();
    await setField(a, 'tsl-serve-deploy', 'queries', '32');
    await a.locator('[data-action="deploy"]').click();
    await expect.poll(() => measurements(b), { timeout: 300_000, interval: 500 }).toBe(1);
    await b.locator('#tab-ledger').click();
    await expect.poll(() => b.locator(`tsl-ledger-table tr[data-model-id="${id}"] [data-col="measured"]`).textContent(), { timeout: 30_000 }).toContain('n = 1');
    await b.screenshot({ path: 'screenshots/two-tabs-ledger.png' });

    await Promise.all([a.reload({ waitUntil: 'commit' }), b.reload({ waitUntil: 'commit' })]);
    for (const p of [a, b]) {
      await p.waitForFunction(() => Boolean(window.trainServeLab?.registry.state.restored), undefined, { timeout: 60_000 });
      expect(await modelNames(p)).toEqual(['renamed in tab B']);
      expect(await measurements(p)).toBe(1);
    }
  });

  it('lets go of the database, with a message, when another tab upgrades it', async () => {
    // A newer version of the app opening the database in tab B: tab A must not block it.
    const upgraded = await b.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('train-serve-lab', 99);
          open.onupgradeneeded = () => undefined;
          open.onsuccess = () => {
            const v = open.result.version;
            open.result.close();
            resolve(v);
          };
          open.onerror = () => reject(open.error);
          open.onblocked = () => reject(new Error('blocked by the other tab'));
        }),
    );
    expect(upgraded).toBe(99);
    // Tab A goes on in memory and says what happened when it next writes.
    await a.locator('#tab-models').click();
    const id = await a.evaluate(() => window.trainServeLab.registry.models[0]!.id);
    const row = a.locator(`tsl-models-list tr[data-model="${id}"]`);
    await row.locator('[data-action="rename"]').click();
    await row.locator('input[name="name"]').fill('after the upgrade');
    await row.locator('button[type="submit"]').click();
    await expect.poll(() => a.locator('[data-storage-error]').textContent(), { timeout: 30_000 }).toMatch(/newer version|Reload/);
    expect(await modelNames(a)).toEqual(['after the upgrade']);
    expect(errorsA).toEqual([]);
    expect(errorsB).toEqual([]);
  });
});
