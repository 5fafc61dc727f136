// End to end: lecture mode at 1280x720 from a prepared link. The link restores every setting in a
// fresh browser, nonsense in a link gives a message, the keyboard shortcuts drive training and the
// views, and the Ledger in lecture mode is readable from the back of a room (screenshot).
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../src/train/settings.ts';
import { DEFAULT_DRIFT_URL_SETTINGS } from '../src/state/drift-url.ts';
import { DEFAULT_PRUNE_SETTINGS } from '../src/state/prune-state.ts';
import { DEFAULT_SERVE_SETTINGS } from '../src/state/serve-state.ts';
import { serializeUrlState, type UrlSnapshot } from '../src/state/url-state.ts';
import { howLegendMismatches, inked } from './e2e-page.ts';
import { launchChromium } from './launch.ts';

const setup: UrlSnapshot = {
  view: 'ledger',
  lecture: true,
  train: { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 1, trainSize: 64, batchSize: 16, learningRate: 0.002, seed: 7, dropout: 0.1 },
  serve: { ...DEFAULT_SERVE_SETTINGS, backend: 'wasm', queries: 64, compareQueries: 32, warmShaders: false },
  prune: { ...DEFAULT_PRUNE_SETTINGS, levels: [{ method: 'structured', sparsity: 0.5 }], epochs: 1, schedule: 'one-shot', scope: 'per-layer', queries: 32 },
  ledger: { queriesPerDay: 5000, unit: 'flops' },
  drift: { ...DEFAULT_DRIFT_URL_SETTINGS, days: 4, queriesPerDay: 200, seed: 11, fineTuneEpochs: 3, trafficPerDay: 25000 },
};

let browser: Browser;
let page: Page;
const errors: string[] = [];
/** Requests answered with an error status (a missing favicon was one on every load). */
const failedRequests: string[] = [];

/** A fresh browser context (no storage from earlier pages) at projector size. */
async function open(search: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  context.on('response', (r) => {
    if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.url()}`);
  });
  const p = await context.newPage();
  p.on('pageerror', (err) => errors.push(err.message));
  await p.goto(`${inject('appUrl')}?${search}`, { waitUntil: 'commit' });
  await p.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
  return p;
}

const snapshot = (p: Page) =>
  p.evaluate(() => {
    const lab = window.trainServeLab;
    const d = lab.drift.state;
    return {
      view: lab.store.state.view, lecture: lab.store.state.lecture, train: lab.store.state.settings, serve: lab.serve.store.state.settings, prune: lab.prune.store.state.settings, ledger: lab.ledger.store.state.settings,
      // The drift settings the link carries that this set-up changes (the rest keep their defaults).
      drift: { days: d.scenario.days, queriesPerDay: d.scenario.queriesPerDay, seed: d.scenario.seed, fineTuneEpochs: d.fineTuneEpochs, trafficPerDay: d.trafficPerDay },
    };
  });
const { days, queriesPerDay, seed, fineTuneEpochs, trafficPerDay } = setup.drift;
const expected = { ...setup, drift: { days, queriesPerDay, seed, fineTuneEpochs, trafficPerDay } };

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync('screenshots', { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe('lecture mode and the URL', () => {
  it('restores every setting of a prepared link in a fresh browser', async () => {
    const search = serializeUrlState(setup);
    page = await open(search);
    expect(await snapshot(page)).toEqual(expected);
    expect(await page.locator('tsl-app').getAttribute('lecture')).toBe('');
    expect(await page.locator('#tab-ledger').getAttribute('aria-selected')).toBe('true');
    // The URL still says the same after the app started (nothing was lost on the way in).
    expect(new URL(page.url()).search).toBe(`?${search}`);
    // The page names its own icon, and the icon is there.
    const icon = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="icon"]')?.getAttribute('href') ?? '';
      const r = await fetch(href);
      return { href, status: r.status, type: r.headers.get('content-type') ?? '' };
    });
    expect(icon).toMatchObject({ href: '/favicon.svg', status: 200, type: expect.stringContaining('svg') });
    // The settings forms show the link's values.
    await page.keyboard.press('2');
    await page.keyboard.press('c');
    expect(await page.locator('tsl-train-settings [name="trainSize"]').inputValue()).toBe('64');
    expect(await page.locator('tsl-train-settings [name="learningRate"]').inputValue()).toBe('0.002');
    await page.keyboard.press('c');
  });

  it('turns nonsense in a link into a message, not a crash', async () => {
    const bad = await open('view=nowhere&t.epochs=lots&l.queriesPerDay=-3&t.batchSize=8');
    const notice = bad.locator('[data-notice]');
    await expect.poll(() => notice.textContent()).toContain('"nowhere"');
    expect(await notice.textContent()).toContain('Epochs must be a number');
    expect(await notice.textContent()).toContain('Traffic must be');
    const s = await snapshot(bad);
    expect(s.train.epochs).toBe(DEFAULT_SETTINGS.epochs);
    expect(s.train.batchSize).toBe(8);
    expect(await bad.locator('tsl-train-view').count()).toBe(1);
    await bad.context().close();
  });

  it('lists the shortcuts on ? and moves between views with n and b', async () => {
    await page.keyboard.press('?');
    const dialog = page.locator('tsl-shortcuts-overlay dialog');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(await dialog.textContent()).toContain('Next view');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect((await snapshot(page)).view).toBe('train');
    await page.keyboard.press('n');
    expect((await snapshot(page)).view).toBe('inside');
    await page.keyboard.press('b');
    expect((await snapshot(page)).view).toBe('train');
    expect(new URL(page.url()).searchParams.get('view')).toBe('train');
    await page.keyboard.press('l');
    expect((await snapshot(page)).lecture).toBe(false);
    expect(new URL(page.url()).searchParams.get('lecture')).toBeNull();
    await page.keyboard.press('l');
    expect((await snapshot(page)).lecture).toBe(true);
  });

  it('trains with s, serves, and shows the ledger readable from the back of the room', async () => {
    await page.keyboard.press('s');
    await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.training.phase), { timeout: 300_000, interval: 500 }).toBe('finished');
    await page.screenshot({ path: 'screenshots/lecture-train.png' });
    await page.keyboard.press('4');
    await page.keyboard.press('c');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.registry.measurements.filter((m) => m.kind === 'serve').length), { timeout: 300_000, interval: 500 }).toBe(1);
    await page.keyboard.press('c');
    await page.keyboard.press('7');
    const chart = page.locator('tsl-ledger-chart tsl-chart').first();
    await expect.poll(() => chart.count()).toBe(1);
    await expect.poll(() => inked(page, 'tsl-ledger-chart tsl-chart'), { timeout: 10_000 }).toBeGreaterThan(2000);
    await page.screenshot({ path: 'screenshots/lecture-ledger.png' });
    // Lecture mode's ledger shows one unit's columns, and its legend only theirs.
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    const box = (await chart.boundingBox())!;
    const share = (box.width * box.height) / (1280 * 720);
    expect(share, `chart covers ${(share * 100).toFixed(0)}% of the screen`).toBeGreaterThan(0.5);
    const sizes = await page.evaluate(() => {
      const view = document.querySelector('tsl-app')!.shadowRoot!.querySelector('tsl-ledger-view')!.shadowRoot!;
      const px = (el: Element | null | undefined) => (el ? Number.parseFloat(getComputedStyle(el).fontSize) : 0);
      const table = view.querySelector('tsl-ledger-table')!.shadowRoot!;
      return { story: px(view.querySelector('[data-story] span:last-child')), cell: px(table.querySelector('td')), tab: px(document.querySelector('tsl-app')!.shadowRoot!.querySelector('nav button')) };
    });
    for (const [what, px] of Object.entries(sizes)) expect(px, what).toBeGreaterThanOrEqual(24);

    // Controls shown: the chart narrows to fit beside them, nothing is cut off at the right.
    const wide = box.width;
    const fits = async () => {
      const b = (await chart.boundingBox())!;
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      return b.x + b.width <= 1280 && pageWidth <= 1280;
    };
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('tsl-ledger-view aside').isVisible()).toBe(true);
    await expect.poll(fits, { timeout: 10_000 }).toBe(true);
    const narrow = (await chart.boundingBox())!.width;
    expect(narrow).toBeLessThan(wide * 0.8);
    // Chart.js redrew at the new size: its canvas is as wide as its box.
    await expect.poll(() => chart.evaluate((el) => Math.abs(el.shadowRoot!.querySelector('canvas')!.getBoundingClientRect().width - el.getBoundingClientRect().width)), { timeout: 10_000 }).toBeLessThan(2);
    await page.screenshot({ path: 'screenshots/lecture-ledger-controls.png' });
    await page.keyboard.press('c');
    await expect.poll(async () => (await chart.boundingBox())!.width, { timeout: 10_000 }).toBeGreaterThan(wide * 0.95);
    expect(errors).toEqual([]);
    // Nothing the app asked for was missing (no /favicon.ico 404 on every load).
    expect(failedRequests).toEqual([]);
  });
});
