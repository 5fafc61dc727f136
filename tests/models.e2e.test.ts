// End to end: a trained model is kept in the registry (IndexedDB), survives a reload selected as it
// was, is served again with the same test accuracy without training, downloads as files that load
// back, bad files are refused, rename and delete work, and a browser without storage gets a message.
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { formatPercent } from '../src/metrics/format.ts';
import { launchChromium } from './launch.ts';
import { setField, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const rows = () => page.locator('tsl-models-list tbody tr');
const idle = () => expect.poll(() => page.locator('tsl-serve-view [data-serve-progress]').count(), { timeout: 300_000, interval: 250 }).toBe(0);

/** Deploys the current model on wasm with 300 queries and returns the measured test accuracy. */
async function serveTestAcc(): Promise<number> {
  await page.locator('#tab-serve').click();
  await setField(page, 'tsl-serve-deploy', 'queries', '300');
  await setField(page, 'tsl-serve-deploy', 'backend', 'wasm');
  await page.locator('[data-action="deploy"]').click();
  await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
  await idle();
  expect(await page.locator('[data-serve-error]').count()).toBe(0);
  return page.evaluate(() => window.trainServeLab.serve.results.result!.record.testAcc);
}

describe('saved models', () => {
  let servedBefore = 0;
  let savedTestAcc = 0;

  it('saves every trained model with its metadata', async () => {
    await trainTinyModel(page);
    await page.locator('#tab-models').click();
    await expect.poll(() => rows().count(), { timeout: 120_000 }).toBe(1);
    const text = await rows().first().textContent();
    expect(text).toContain('seed 42');
    expect(text).toContain('64 images');
    savedTestAcc = await page.evaluate(() => window.trainServeLab.registry.models[0]!.testAcc!);
    expect(await rows().first().locator('[data-col="testAcc"]').textContent()).toBe(formatPercent(savedTestAcc));
    servedBefore = await serveTestAcc();
  });

  it('restores the list after a reload and serves the restored model with the same test accuracy', async () => {
    await page.reload({ waitUntil: 'commit' });
    await page.locator('#tab-models').click();
    await expect.poll(() => rows().count(), { timeout: 60_000 }).toBe(1);
    // The model selected before the reload is selected again; no training ran in this page.
    await expect.poll(() => page.evaluate(() => window.trainServeLab.registry.selected?.source), { timeout: 60_000 }).toBe('saved');
    expect(await page.evaluate(() => window.trainServeLab.store.state.training.phase)).toBe('idle');
    await rows().first().locator('[data-action="serve"]').click();
    await expect.poll(() => page.locator('#tab-serve').getAttribute('aria-selected'), { timeout: 120_000 }).toBe('true');
    const restored = await page.evaluate(() => window.trainServeLab.models.store.state.message);
    expect(restored).toContain('is the model in use');
    const servedAfter = await serveTestAcc();
    expect(servedAfter.toFixed(4)).toBe(servedBefore.toFixed(4));
  });

  it('downloads a model as files that load back, and refuses files that are not a model', async () => {
    await page.locator('#tab-models').click();
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await rows().first().locator('[data-action="download"]').click();
    await expect.poll(() => downloads.length).toBe(2);
    const files = await Promise.all(downloads.map(async (download) => {
      return { name: download.suggestedFilename(), mimeType: 'application/octet-stream', buffer: readFileSync((await download.path())!) };
    }));
    expect(files.map((f) => f.name).sort()).toEqual([expect.stringMatching(/\.json$/), expect.stringMatching(/\.weights\.bin$/)]);
    const input = page.locator('tsl-models-view input[name="model-files"]');

    await input.setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }]);
    await expect.poll(() => page.locator('[data-models-error]').textContent()).toContain('Not a model');
    const json = files.find((f) => f.name.endsWith('.json'))!;
    const bin = files.find((f) => f.name.endsWith('.bin'))!;
    await input.setInputFiles([json, { ...bin, buffer: bin.buffer.subarray(0, 1000) }]);
    await expect.poll(() => page.locator('[data-models-error]').textContent()).toContain('Weights truncated');
    // A model for 32x32 images: valid artifacts, wrong input size for this dataset.
    const small = JSON.parse(json.buffer.toString()) as { modelTopology: unknown };
    const smallText = JSON.stringify(small).replace(/"batch_input_shape":\[null,64,64,3\]/, '"batch_input_shape":[null,32,32,3]');
    expect(smallText).not.toBe(JSON.stringify(small));
    await input.setInputFiles([{ ...json, buffer: Buffer.from(smallText) }, bin]);
    await expect.poll(() => page.locator('[data-models-error]').textContent(), { timeout: 60_000 }).toMatch(/Wrong input size|Model failed to load/);
    expect(await rows().count()).toBe(1);

    await input.setInputFiles([json, bin]);
    await expect.poll(() => rows().count(), { timeout: 60_000 }).toBe(2);
    expect(await page.locator('[data-models-message]').textContent()).toContain(`test accuracy ${(savedTestAcc * 100).toFixed(2)}%`);
    expect(await rows().first().locator('[data-col="testAcc"]').textContent()).toBe(formatPercent(savedTestAcc));
  });

  it('renames and deletes, and the changes survive a reload', async () => {
    await rows().first().locator('[data-action="rename"]').click();
    await rows().first().locator('input[name="name"]').fill('kept from files');
    await rows().first().locator('button[type="submit"]').click();
    await expect.poll(() => rows().first().locator('[data-name]').textContent()).toBe('kept from files');
    for (const cb of await page.locator('tsl-models-list input[type="checkbox"]').all()) await cb.check();
    await expect.poll(() => page.locator('tsl-models-compare [data-compare] tbody tr').count()).toBe(2);
    await page.screenshot({ path: 'screenshots/models-view.png', fullPage: true });
    page.once('dialog', (d) => void d.accept());
    await rows().nth(1).locator('[data-action="delete"]').click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.reload({ waitUntil: 'commit' });
    await page.locator('#tab-models').click();
    await expect.poll(() => page.locator('tsl-models-list [data-name]').allTextContents(), { timeout: 60_000 }).toEqual(['kept from files']);
    expect(app.errors).toEqual([]);
  });
});

describe('a browser that refuses storage', () => {
  it('says so in the Models view instead of failing', async () => {
    const browser = await launchChromium();
    try {
      const p = await browser.newPage();
      // As in some private modes: indexedDB.open throws.
      await p.addInitScript(() => {
        IDBFactory.prototype.open = () => {
          throw new DOMException('The user denied permission to access the database.', 'SecurityError');
        };
      });
      const errors: string[] = [];
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(inject('appUrl'), { waitUntil: 'commit' });
      await p.locator('#tab-models').click();
      await expect.poll(() => p.locator('[data-storage-error]').textContent(), { timeout: 60_000 }).toContain('private browsing or storage disabled');
      await p.screenshot({ path: 'screenshots/models-no-storage.png' });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
