// End to end: Stop in the Drift view during a retraining stops it in the training worker (after its
// batch in progress), not at the day's end: the stream ends saying so, the stopped retraining makes no
// version and is not counted, and nothing run before (the policy that ran whole, the base model, the
// Ledger's runs) is lost; the worker's tensors are back where they were. Kept short: a tiny model,
// 3 days of 40 queries.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { LifecycleRecord } from '../src/drift/records.ts';
import { trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const counts = () => page.evaluate(async () => {
  const lab = window.trainServeLab;
  return { models: lab.registry.models.length, ledgerRuns: lab.ledger.ownRuns().length, workerTensors: (await lab.port.memory()).numTensors };
});

describe('Stop during a drift retraining', () => {
  it('stops the retraining in the worker, makes no version, and says so', async () => {
    // 30 fine-tune epochs: only the Stop can end the retraining within this test's time.
    await page.goto(`${inject('appUrl')}?view=drift&d.days=3&d.floorFromDay=1&d.queriesPerDay=40&d.policies=every:1:fine-tune,never&d.fineTuneEpochs=30`, { waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    await trainTinyModel(page);
    await page.locator('#tab-drift').click();
    const before = await counts();
    expect(before.models).toBe(1);

    await page.locator('[data-action="drift-run"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.drift.state.progress?.what ?? ''), { timeout: 120_000, interval: 100 }).toMatch(/after day 1: epoch 1\/30, batch/);
    const stopAt = Date.now();
    await page.locator('[data-action="drift-stop"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.drift.task.state.status), { timeout: 60_000, interval: 100 }).toBe('done');
    const stopMs = Date.now() - stopAt;
    console.log(`drift stop: the retraining ended ${stopMs} ms after Stop`);

    const record = (await page.evaluate(() => window.trainServeLab.drift.state.result)) as LifecycleRecord;
    // The policies run in the settings' order: "never" first, whole; then "every day", stopped.
    expect(record.runs.map((r) => [r.policyLabel, r.stopped, r.days.length])).toEqual([['never', false, 3], ['every day (fine-tune)', true, 2]]);
    const run = record.runs[1]!;
    expect(run.stoppedRetraining).toMatchObject({ day: 1, from: 'fine-tune', epochs: 30 });
    expect(run.stoppedRetraining!.epochsDone).toBeLessThan(30);
    expect(run.retrains).toEqual([]);
    expect(run.totals.retrainMs).toBe(0);
    expect(run.days.map((d) => d.day)).toEqual([0, 1]);
    const status = page.locator('[data-drift-status="stopped"]');
    expect(await status.textContent()).toMatch(/Stopped during day 1's retraining under "every day \(fine-tune\)" \(.*\): it made no version and is not counted in the table\. Kept: days 0 to 1 as served\.$/);
    await page.locator('tsl-drift-table details[data-days="every day (fine-tune)"]').evaluate((d) => ((d as HTMLDetailsElement).open = true));
    expect(await page.locator('tsl-drift-table [data-stopped-retraining]').textContent()).toContain('no version, not counted');
    expect(await page.locator('tsl-drift-table tr[data-policy="every day (fine-tune)"]').textContent()).toContain("(stopped during day 1's retraining)");
    // The cut-short policy is not compared with the one that ran the whole stream.
    expect(await page.locator('[data-choice-stopped]').textContent()).toContain('"every day (fine-tune)" (2 days served)');
    expect(await page.locator('tsl-drift-choice table[data-table="choice"] tbody tr').count()).toBe(1);

    // Nothing run before is lost, and the stopped run's tensors are freed in the worker.
    expect(await counts()).toEqual(before);
    expect(await page.evaluate(() => window.trainServeLab.registry.selected?.hasWeights)).toBe(true);
    // The stream can run again: the worker is free.
    expect(await page.locator('[data-action="drift-run"]').isEnabled()).toBe(true);

    await page.locator('tsl-drift-view aside').screenshot({ path: 'screenshots/drift-stopped-status.png' });
    await page.locator('tsl-drift-table').screenshot({ path: 'screenshots/drift-stopped-table.png' });
    await page.screenshot({ path: 'screenshots/drift-stopped.png', fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
