// End to end: a reload during epoch 3 of 5 loses nothing. The page offers the cut-off run, resumes
// it from its checkpoint after epoch 2, and its five epochs' losses and accuracies equal those of
// the same run never interrupted (a fresh browser, same settings) to 1e-5.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../src/metrics/report.ts';
import { setField, useAppPage } from './e2e-page.ts';

const first = useAppPage();
const second = useAppPage();

async function startRun(page: Page): Promise<void> {
  await page.locator('#tab-train').click();
  await setField(page, 'tsl-train-settings', 'backend', 'wasm');
  await setField(page, 'tsl-train-settings', 'trainSize', '128');
  await setField(page, 'tsl-train-settings', 'epochs', '5');
  await expect.poll(() => page.locator('tsl-train-view .status').first().textContent(), { timeout: 60_000 }).toContain('Dataset');
  await page.locator('button[data-action="start"]').click();
}

const finished = (page: Page) => expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
const records = (page: Page) => page.evaluate(() => window.trainServeLab.store.state.training.records);
const figures = (r: EpochRecord) => [r.loss, r.acc, r.valLoss, r.valAcc];

describe('a reload mid-training', () => {
  let resumed: EpochRecord[] = [];

  it('offers the run cut off in epoch 3 and resumes it from epoch 3', async () => {
    const { page } = first;
    await startRun(page);
    await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.training.epoch), { timeout: 300_000, interval: 100 }).toBe(3);
    await page.reload({ waitUntil: 'commit' });
    const box = page.locator('tsl-resume-run [data-interrupted]');
    await expect.poll(() => box.textContent(), { timeout: 60_000 }).toContain('cut off after epoch 2 of 5');
    await page.screenshot({ path: 'screenshots/resume-offer.png' });
    await page.locator('[data-action="resume-interrupted"]').click();
    await finished(page);
    resumed = await records(page);
    expect(resumed.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(await box.count()).toBe(0);
    // Once the run has ended, a reload offers nothing.
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab?.registry.state.restored), undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => window.trainServeLab.store.state.interrupted)).toBeNull();
    expect(first.errors).toEqual([]);
  });

  it('ends with the records of the same run never interrupted, to 1e-5', async () => {
    const { page } = second;
    await startRun(page);
    await finished(page);
    const straight = await records(page);
    expect(straight).toHaveLength(5);
    for (const [i, r] of straight.entries()) {
      const got = figures(resumed[i]!);
      figures(r).forEach((v, k) => expect(Math.abs(got[k]! - v), `epoch ${i + 1}, figure ${k}`).toBeLessThan(1e-5));
    }
  });
});
