// End to end: a folder with one subfolder per class, salted with a text file, a zero-byte JPEG,
// a truncated PNG and a real 12,000 x 12,000 PNG, loads through the Data view's folder input;
// the bad files are named in the summary, the good ones train, and the shipped set comes back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALT_FILES, writeOwnImages } from '../scripts/lib/own-images.ts';
import { setField, useAppPage } from './e2e-page.ts';

const PER_CLASS = 24;
const app = useAppPage();
let page: Page;
let dir: string;

beforeAll(async () => {
  page = app.page;
  dir = join(mkdtempSync(join(tmpdir(), 'tsl-data-')), 'pets');
  await writeOwnImages(dir, { perClass: PER_CLASS, minSide: 90, maxSide: 260, seed: 5, salt: true });
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const message = () => page.locator('tsl-data-view [data-message]').textContent();

describe('own images through the Data view', () => {
  it('loads a salted folder, keeps the good images and names every bad file', async () => {
    await page.locator('#tab-data').click();
    await page.locator('tsl-data-intake input[data-action="pick-folder"]').setInputFiles(dir);
    await expect.poll(message, { timeout: 120_000, interval: 500 }).toMatch(/Loaded 48 images from folder "pets"; 4 left out \(listed under "Left out"\)/);
    // The words point to a section of that name.
    expect(await page.locator('tsl-data-view section[aria-label="Left out"] h2').textContent()).toBe('Left out');
    expect(await page.locator('tsl-data-class [data-count]').allTextContents()).toEqual([`${PER_CLASS} images`, `${PER_CLASS} images`]);
    const root = basename(dir);
    const row = (file: string) => page.locator(`tsl-data-summary tr[data-skip="${root}/${file}"]`).textContent();
    expect(await row(SALT_FILES.text)).toMatch(/skipped.*a text file, not an image/);
    expect(await row(SALT_FILES.empty)).toMatch(/skipped.*the file is empty \(0 bytes\)/);
    expect(await row(SALT_FILES.truncated)).toMatch(/skipped.*PNG cut off after \d+ bytes.*\(truncated\)/);
    expect(await row(SALT_FILES.huge)).toMatch(/refused.*12000 x 12000 pixels \(144 MP\) is too large to decode safely/);
    const gap = await page.locator('[data-load-stats]').textContent();
    expect(gap).toMatch(/longest gap between page frames while decoding \d/);
    // Thumbnails were drawn (not blank canvases).
    const inked = await page.locator('tsl-data-class canvas').first().evaluate((c) => {
      const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 64, 64).data;
      return data.some((v, i) => i % 4 !== 3 && v > 0);
    });
    expect(inked).toBe(true);
    // Each remove button sits under its thumbnail: no corner of an image is covered.
    const thumb = page.locator('tsl-data-class li').first();
    const image = (await thumb.locator('canvas').boundingBox())!;
    const remove = (await thumb.locator('button').boundingBox())!;
    expect(remove.y).toBeGreaterThanOrEqual(image.y + image.height);
    await page.locator('tsl-data-class').first().screenshot({ path: 'screenshots/data-class.png' });
    await page.screenshot({ path: 'screenshots/data-loaded.png', fullPage: true });
  });

  it('refuses classes under the chosen minimum by name, and nothing is lost', async () => {
    await setField(page, 'tsl-data-settings', 'minPerClass', '30');
    await page.locator('button[data-action="use-own"]').click();
    await expect.poll(message).toMatch(/at least 2 classes with 30 or more images.*refused: "cat", "dog".*not changed/);
    await expect.poll(() => page.locator('tsl-data-view [data-in-use]').textContent(), { timeout: 60_000 }).toMatch(/shipped set "catsdogs"/);
    // Both classes and all their images stay; each count says it is under the minimum.
    expect(await page.locator('tsl-data-class [data-count]').allTextContents()).toEqual([`${PER_CLASS} images (minimum 30)`, `${PER_CLASS} images (minimum 30)`]);
    await setField(page, 'tsl-data-settings', 'minPerClass', '10');
  });

  it('splits the folder, trains on it and switches back to the shipped set', async () => {
    await page.locator('button[data-action="use-own"]').click();
    await expect.poll(message, { timeout: 60_000 }).toMatch(/Training now uses "pets": 2 classes, \d+ train · \d+ validation · \d+ test images/);
    // What the switch changed in the training settings, and why, is said (the batch of 32 still fits 32 images).
    expect(await message()).toContain('Training-set size 2,000 → 32: this set has only 32 training images.');
    expect(await message()).not.toContain('Batch size');
    const cells = await page.locator('tsl-data-view table[data-split] td').allTextContents();
    expect(cells.map(Number)).toEqual([16, 4, 4, 16, 4, 4, 32, 8, 8]);
    await page.screenshot({ path: 'screenshots/data-split.png', fullPage: true });

    await page.locator('#tab-train').click();
    await expect.poll(() => page.locator('tsl-train-view .status').first().textContent()).toMatch(/Dataset pets: 32 train · 8 validation · 8 test/);
    // The Train view says it too, where the setting is.
    expect(await page.locator('[data-dataset-switch]').textContent()).toMatch(/Dataset switched from "catsdogs" to "pets".*Training-set size 2,000 → 32/s);
    expect(await page.locator('tsl-train-settings [name="trainSize"]').inputValue()).toBe('32');
    await setField(page, 'tsl-train-settings', 'backend', 'wasm');
    await setField(page, 'tsl-train-settings', 'epochs', '2');
    // The start-up backend probe switches backends in the training worker: let it finish first.
    await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.backends !== null), { timeout: 120_000 }).toBe(true);
    await page.locator('button[data-action="start"]').click();
    await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
    expect(await page.locator('tsl-confusion-matrix th[scope="col"]').allTextContents()).toEqual(['actual \\ predicted', 'cat', 'dog']);
    await page.screenshot({ path: 'screenshots/data-trained.png', fullPage: false });

    await page.locator('#tab-data').click();
    await page.locator('button[data-action="use-shipped"]').click();
    await expect.poll(() => page.locator('tsl-data-view [data-in-use]').textContent(), { timeout: 60_000 }).toMatch(/shipped set "catsdogs"/);
    // The size lowered for the small set comes back, and the run trained on it is said to be set aside.
    expect(await message()).toContain('Training-set size 32 → 2,000: your setting from before the last switch');
    expect(await message()).toMatch(/last run \(2 epochs, on "pets"\) was set aside.*its model stays in the Models view/);
    expect(app.errors).toEqual([]);
  });
});
