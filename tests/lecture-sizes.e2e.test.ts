// End to end: lecture mode at projector sizes, 1280x720 and 1920x1080. With a trained and served
// model and a class of reports loaded, every view is shown: the page never scrolls sideways
// (scrollWidth <= innerWidth), and a screenshot of each is kept in screenshots/ to be looked at.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VIEW_IDS } from '../src/state/lab-state.ts';
import { studentReport } from '../src/state/test-class-reports.ts';
import { launchChromium } from './launch.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

describe('lecture mode at projector sizes', () => {
  for (const size of SIZES) {
    it(`shows every view at ${size.width}x${size.height} without sideways scrolling`, async () => {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${inject('appUrl')}?view=train&lecture=1&t.backend=wasm&t.trainSize=64&t.epochs=1&s.backend=wasm&s.queries=64`, { waitUntil: 'commit' });
      await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
      // "s" starts a run once the dataset is in.
      await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.dataset.kind), { timeout: 60_000 }).toBe('ready');
      await page.keyboard.press('s');
      await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.training.phase)).not.toBe('idle');
      await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.training.phase), { timeout: 300_000, interval: 500 }).toBe('finished');
      await page.keyboard.press('4');
      await page.keyboard.press('c');
      await page.locator('[data-action="deploy"]').click();
      await expect.poll(() => page.evaluate(() => window.trainServeLab.registry.measurements.filter((m) => m.kind === 'serve').length), { timeout: 300_000, interval: 500 }).toBe(1);
      await page.keyboard.press('c');
      await page.evaluate(() => window.trainServeLab.store.set({ view: 'class' }));
      const reports = Array.from({ length: 12 }, (_, i) => ({ name: `student-${i + 1}.json`, mimeType: 'application/json', buffer: Buffer.from(studentReport(i)) }));
      // The file picker sits in the controls column, shown with "c".
      await page.keyboard.press('c');
      await page.locator('tsl-class-view [data-class-files]').setInputFiles([...reports, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a report') }]);
      await expect.poll(() => page.locator('tsl-class-view [data-class-row]').count()).toBe(12);
      await page.keyboard.press('c');

      const widths: Record<string, { scrollWidth: number; innerWidth: number }> = {};
      for (const view of VIEW_IDS) {
        await page.evaluate((v) => window.trainServeLab.store.set({ view: v }), view);
        await expect.poll(() => page.locator(`#tab-${view}`).getAttribute('aria-selected')).toBe('true');
        // Charts redraw on the next animation frames.
        await page.waitForTimeout(400);
        await page.screenshot({ path: `screenshots/lecture-${size.width}x${size.height}-${view}.png` });
        widths[view] = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      }
      console.log(`lecture ${size.width}x${size.height}: ${Object.entries(widths).map(([v, w]) => `${v} ${w.scrollWidth}/${w.innerWidth}`).join(', ')}`);
      for (const [view, w] of Object.entries(widths)) {
        expect(w.scrollWidth, `${view} scrolls sideways`).toBeLessThanOrEqual(w.innerWidth);
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
