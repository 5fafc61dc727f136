// End to end: a person's own images as a later day of the drifting stream. A link carries the drift
// settings (a nonsense value is named and falls back); a folder whose classes the model does not know
// is refused by name with nothing lost; a folder of the person's cats and dogs is served as an extra
// day (its samples shown, monitored and priced like any other day), then webcam frames (Chromium's
// fake camera) from day 1 on, with no monitored accuracy, only the label-free signal. Kept short:
// a tiny model, 2 drawn days of 40 queries.
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LifecycleRecord } from '../src/drift/records.ts';
import { writeOwnImages } from '../scripts/lib/own-images.ts';
import { setField, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
let root: string;

beforeAll(async () => {
  page = app.page;
  root = mkdtempSync(join(tmpdir(), 'tsl-drift-own-'));
  await writeOwnImages(join(root, 'later'), { perClass: 10, minSide: 80, maxSide: 160, seed: 11, salt: false });
  await writeOwnImages(join(root, 'zoo'), { perClass: 3, minSide: 80, maxSide: 100, seed: 12, salt: false });
  renameSync(join(root, 'zoo', 'dog'), join(root, 'zoo', 'bird'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const drift = () => page.evaluate(() => {
  const s = window.trainServeLab.drift.state;
  return { days: s.scenario.days, queries: s.scenario.queriesPerDay, policies: s.policies.length, own: s.own ? { name: s.own.name, count: s.own.images.count } : null, message: s.ownMessage };
});

async function runStream(): Promise<LifecycleRecord> {
  await page.locator('[data-action="drift-run"]').click();
  await expect.poll(() => page.evaluate(() => window.trainServeLab.drift.task.state.status), { timeout: 200_000, interval: 500 }).not.toBe('running');
  expect(await page.evaluate(() => window.trainServeLab.drift.task.state.error)).toBeNull();
  return (await page.evaluate(() => window.trainServeLab.drift.state.result)) as LifecycleRecord;
}

describe('own images as a later day of the Drift view', () => {
  it('takes the drift settings from a link and names a nonsense value', async () => {
    await page.goto(`${inject('appUrl')}?view=drift&d.days=2&d.floorFromDay=1&d.queriesPerDay=40&d.policies=never,every:1:fine-tune&d.fineTuneEpochs=1&d.seed=soon`, { waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    await expect.poll(() => page.locator('[data-notice]').textContent()).toContain(`The link's d.seed: should be a whole number`);
    expect(await drift()).toMatchObject({ days: 2, queries: 40, policies: 2 });
    // The URL keeps the drift settings as the page goes on.
    expect(page.url()).toContain('d.days=2');
  });

  it("refuses a folder whose classes are not the model's by name, and loses nothing", async () => {
    await trainTinyModel(page);
    const models = await page.evaluate(() => window.trainServeLab.registry.models.length);
    await page.locator('#tab-drift').click();
    await page.locator('tsl-drift-own input[data-action="drift-pick-folder"]').setInputFiles(join(root, 'zoo'));
    await expect.poll(() => page.locator('tsl-drift-own [data-own-message="error"]').textContent(), { timeout: 30_000 }).toContain(`class "bird" is not among the model's classes ("cat", "dog")`);
    expect(await drift()).toMatchObject({ own: null, days: 2 });
    expect(await page.evaluate(() => window.trainServeLab.registry.models.length)).toBe(models);
    expect(await page.evaluate(() => window.trainServeLab.registry.selected?.hasWeights)).toBe(true);
  });

  it('serves a folder of the person\'s images as an extra day, monitored, retrained around and priced like any other', async () => {
    await page.locator('tsl-drift-own input[data-action="drift-pick-folder"]').setInputFiles(join(root, 'later'));
    await expect.poll(async () => (await drift()).own, { timeout: 60_000 }).toEqual({ name: 'your folder "later"', count: 20 });
    expect(await page.locator('tsl-drift-own [data-own-loaded]').textContent()).toContain('20 images (cat 10, dog 10)');
    const record = await runStream();
    for (const run of record.runs) {
      expect(run.days.map((d) => d.source ?? 'drawn')).toEqual(['drawn', 'drawn', 'your folder "later"']);
      const own = run.days[2]!;
      expect(own.queries).toBe(20);
      expect(own.labelled).toBe(12);
      expect(Number.isFinite(own.monitoredAcc)).toBe(true);
      expect(run.totals.servingMs).toBeCloseTo(run.days.reduce((a, d) => a + d.servingMs, 0), 6);
    }
    // "Every day" retrains at the end of day 1: the person's day is served by the retrained version.
    const every = record.runs[1]!;
    expect(every.retrains.map((r) => r.day)).toEqual([1]);
    expect(every.days[2]!.modelId).toBe(every.retrains[0]!.modelId);
    // The day's sample grid shows the person's own files.
    const titles = await page.locator('tsl-drift-samples [data-sample-day="2"] img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('title')));
    expect(titles.length).toBe(8);
    for (const t of titles) expect(t).toMatch(/^later\/(cat|dog)\//);
    // Spread over the day, so both of the folder's classes show.
    const alts = await page.locator('tsl-drift-samples [data-sample-day="2"] img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt')));
    expect(alts.some((a) => a?.endsWith('cat')) && alts.some((a) => a?.endsWith('dog'))).toBe(true);
    await page.locator('tsl-drift-samples').screenshot({ path: 'screenshots/drift-own-folder-samples.png' });
    await page.screenshot({ path: 'screenshots/drift-own-folder.png', fullPage: true });
    expect(app.errors).toEqual([]);
  });

  it('serves webcam frames from day 1 on with no monitored accuracy, only the label-free signal, and says so', async () => {
    await page.locator('[data-action="drift-webcam"]').click();
    await expect.poll(async () => (await drift()).own?.name, { timeout: 60_000 }).toBe('webcam');
    await setField(page, 'tsl-drift-own', 'own-mode', 'from');
    await expect.poll(() => page.locator('tsl-drift-own [data-own-message]').textContent()).toContain('from day 1 on');
    expect(await page.locator('tsl-drift-own [data-own-unlabelled]').textContent()).toContain('no monitored accuracy');
    const record = await runStream();
    const day = record.runs[0]!.days[1]!;
    expect(record.runs[0]!.days).toHaveLength(2);
    expect(day.source).toBe('webcam');
    expect(day.queries).toBe(40);
    expect(day.labelled).toBe(0);
    expect(day.monitoredAcc).toBeNaN();
    expect(Number.isFinite(day.inputPsi) && Number.isFinite(day.confidenceKs)).toBe(true);
    expect(await page.locator('tsl-drift-samples [data-sample-day="1"] img').first().getAttribute('alt')).toContain('no label (webcam)');
    await page.locator('tsl-drift-table details[data-days]').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
    expect(await page.locator('tsl-drift-table details[data-days]').first().textContent()).toContain('none: no true labels');
    expect(await page.locator('[data-choice]').textContent()).toContain('No day from day 1 on has labels');
    await page.locator('tsl-drift-view aside').screenshot({ path: 'screenshots/drift-own-webcam-settings.png' });
    await page.screenshot({ path: 'screenshots/drift-own-webcam.png', fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
