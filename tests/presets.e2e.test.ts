// End to end: a prepared set-up saved as a preset. Its QR code, read back from a screenshot by a
// QR-reading library, gives the preset's link; the link opened in a fresh browser applies the
// set-up; presets survive a reload and can be renamed and deleted; a bad value in a preset link
// gives the parsers' named message.
import { createCanvas, loadImage } from '@napi-rs/canvas';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './launch.ts';

let browser: Browser;
const errors: string[] = [];

async function open(search = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const p = await context.newPage();
  p.on('pageerror', (err) => errors.push(err.message));
  await p.goto(`${inject('appUrl')}${search ? `?${search}` : ''}`, { waitUntil: 'commit' });
  await p.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
  return p;
}

/** Decodes the QR code in a PNG screenshot (the pixels as shown on screen). */
async function readQr(png: Buffer): Promise<string | null> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const { data, width, height } = ctx.getImageData(0, 0, image.width, image.height);
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), width, height)?.data ?? null;
}

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('prepared set-ups', () => {
  let link = '';

  it('saves a preset whose QR code reads back as its link', async () => {
    const page = await open();
    await page.evaluate(() => {
      const lab = window.trainServeLab;
      lab.updateSettings({ epochs: '2', trainSize: '256', learningRate: '0.002' });
      lab.serve.updateSettings({ queries: '50' });
      lab.prune.updateSettings({ levels: ['structured:0.5'] });
      lab.store.set({ view: 'prune', lecture: true });
    });
    await page.locator('[data-action="presets"]').click();
    await page.locator('tsl-presets #preset-name').fill('Lecture 3: pruning');
    await page.locator('[data-action="save-preset"]').click();
    await expect.poll(() => page.locator('tsl-presets [data-preset-name]').allTextContents()).toEqual(['Lecture 3: pruning']);
    link = (await page.locator('tsl-presets [data-preset-link]').getAttribute('href'))!;
    expect(link).toContain('t.epochs=2');
    expect(link).toContain('p.levels=structured:0.5');

    const qr = page.locator('tsl-presets canvas[data-qr]');
    await expect.poll(() => qr.getAttribute('data-drawn')).toBe(link);
    const small = await qr.screenshot({ path: 'screenshots/presets-dialog-qr.png' });
    expect(await readQr(small)).toBe(link);
    await page.screenshot({ path: 'screenshots/presets-dialog.png' });

    // Full screen: the code fills most of the shorter side of the screen.
    await page.locator('[data-action="full-screen"]').click();
    const big = page.locator('tsl-presets canvas[data-qr-big]');
    await expect.poll(async () => (await big.boundingBox())?.height ?? 0).toBeGreaterThan(500);
    await page.waitForTimeout(200); // the code is drawn after the overlay renders
    expect(await readQr(await page.screenshot({ path: 'screenshots/presets-full-screen.png' }))).toBe(link);
    await page.locator('[data-action="close-full"]').click();

    // Kept across a reload; renamed; the QR code follows the same link.
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    await page.locator('[data-action="presets"]').click();
    await expect.poll(() => page.locator('tsl-presets [data-preset-name]').allTextContents()).toEqual(['Lecture 3: pruning']);
    await page.locator('[data-action="rename-preset"]').click();
    await page.locator('tsl-presets [name="rename"]').fill('Lecture 3: pruning, structured');
    await page.locator('[data-action="rename-confirm"]').click();
    await expect.poll(() => page.locator('tsl-presets [data-preset-name]').allTextContents()).toEqual(['Lecture 3: pruning, structured']);
    await page.context().close();
  });

  it('opens the link from the QR code in a fresh browser with the settings applied', async () => {
    const page = await open(new URL(link).search.slice(1));
    const s = await page.evaluate(() => {
      const lab = window.trainServeLab;
      return { view: lab.store.state.view, lecture: lab.store.state.lecture, train: lab.store.state.settings, queries: lab.serve.store.state.settings.queries, levels: lab.prune.store.state.settings.levels };
    });
    expect(s.view).toBe('prune');
    expect(s.lecture).toBe(true);
    expect([s.train.epochs, s.train.trainSize, s.train.learningRate]).toEqual([2, 256, 0.002]);
    expect(s.queries).toBe(50);
    expect(s.levels).toEqual([{ method: 'structured', sparsity: 0.5 }]);
    expect(await page.locator('tsl-prune-view').count()).toBe(1);
    expect(await page.locator('[data-notice]').count()).toBe(0);
    await page.context().close();
  });

  it('opens a saved preset in place, names a bad value, and deletes it', async () => {
    const page = await open('view=train');
    await page.evaluate(() =>
      localStorage.setItem('tsl-presets-v1', JSON.stringify([{ id: 'bad', name: 'Typo', search: 'view=serve&t.epochs=lots', createdAt: '2026-01-01T00:00:00.000Z' }])),
    );
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    await page.locator('[data-action="presets"]').click();
    await page.locator('[data-action="open-preset"]').click();
    await expect.poll(() => page.locator('tsl-presets [data-preset-messages]').textContent()).toContain('Epochs must be a number');
    expect(await page.evaluate(() => window.trainServeLab.store.state.view)).toBe('serve');
    await page.locator('[data-action="delete-preset"]').click();
    await expect.poll(() => page.locator('tsl-presets [data-preset]').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('tsl-presets-v1'))).toBe('[]');
    await page.context().close();
    expect(errors).toEqual([]);
  });
});
