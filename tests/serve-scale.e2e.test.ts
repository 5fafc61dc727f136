// End to end: serving at scale on the built app. A tiny model trained through the UI; the Serve
// view's latency-bound search (one backend, then every backend), the batching curve and the
// off/on capacity, the fleet plan checked against its own shown figures, and the Ledger's copy;
// screenshots go to screenshots/serve-scale-*.png. Small budgets: behaviour, not speed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { inked, setField, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const setScale = (name: string, value: string) => setField(page, 'tsl-serve-scale', name, value);
const idle = () => expect.poll(() => page.evaluate(() => window.trainServeLab.serve.task.state.status), { timeout: 600_000, interval: 250 }).not.toBe('running');

describe('serving at scale through the UI', () => {
  it('refuses nonsense settings with messages naming them', async () => {
    await trainTinyModel(page);
    await page.locator('#tab-serve').click();
    await setField(page, 'tsl-serve-deploy', 'backend', 'wasm');
    await setScale('sloTargetMs', '-2');
    await expect.poll(() => page.locator('tsl-serve-scale [data-scale-error="sloTargetMs"]').textContent()).toContain('p99 target (ms) must be a number');
    await setScale('batchMax', '1000');
    await expect.poll(() => page.locator('tsl-serve-scale [data-scale-error="batchMax"]').textContent()).toContain('Largest batch B must be a whole number from 1 to 128');
    await setScale('queriesPerDay', 'lots');
    await expect.poll(() => page.locator('tsl-serve-scale [data-scale-error="queriesPerDay"]').textContent()).toContain('got "lots"');
    // A loose bound: on this shared 2-core machine a tight one can fail at every rate (the search then says so).
    await setScale('sloTargetMs', '100');
    await setScale('batchMax', '16');
    await setScale('queriesPerDay', '2000000');
    await expect.poll(() => page.locator('tsl-serve-scale .error').count()).toBe(0);
  });

  it('searches the bound on wasm and on every backend, each tried rate with its verdict, p99 and count', async () => {
    await setScale('sloMinCount', '60');
    await setScale('sloMinDurationMs', '400');
    await page.locator('tsl-serve-scale [data-action="slo"]').click();
    await expect.poll(() => page.locator('tsl-serve-scale [data-progress-place="slo"]').count(), { timeout: 60_000, interval: 100 }).toBe(1);
    await idle();
    expect(await page.locator('tsl-serve-view [data-serve-error]').count()).toBe(0);
    const row = page.locator('tsl-serve-slo [data-slo-backend="wasm"]');
    expect(await row.count()).toBe(1);
    expect(await row.locator('[data-capacity]').textContent()).toMatch(/\d.*queries\/s|—/);
    const trials = page.locator('tsl-serve-slo table[data-table="slo-trials"] tbody tr');
    // What the search did, in the log: its rows are the evidence when the machine is loaded.
    console.log((await page.locator('tsl-serve-slo').evaluate((el) => el.shadowRoot?.textContent ?? '')).replace(/\s+/g, ' ').slice(0, 1500));
    expect(await trials.count()).toBeGreaterThanOrEqual(2);
    for (const cells of await trials.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')))) {
      expect(Number(cells[3])).toBeGreaterThanOrEqual(60);
      expect(cells[8]).toMatch(/^(pass|fail)/);
    }
    // Every available backend at once (webgl under SwiftShader is slow: a loose bound keeps it short).
    await setScale('sloTargetMs', '400');
    await setScale('sloMinCount', '40');
    await page.locator('tsl-serve-scale [data-action="slo-all"]').click();
    await idle();
    const backends = await page.locator('tsl-serve-slo table[data-table="slo-summary"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slo-backend')));
    expect(new Set(backends).size).toBeGreaterThanOrEqual(2);
    await page.locator('tsl-serve-scale section').first().screenshot({ path: 'screenshots/serve-scale-slo.png' });
  });

  it('runs the batching curve and the capacity under the bound with batching off and on', async () => {
    await setScale('sloTargetMs', '50');
    await setScale('batchDelayMs', '2');
    await setScale('batchMax', '16');
    await page.evaluate(() => window.trainServeLab.serve.runBatching({ count: 64 }));
    await idle();
    expect(await page.locator('tsl-serve-batching table[data-table="batching"] tbody tr').count()).toBe(20);
    expect(await inked(page, 'tsl-serve-batching tsl-chart[data-chart="batching-throughput"]')).toBeGreaterThan(500);
    expect(await inked(page, 'tsl-serve-batching tsl-chart[data-chart="batching-p99"]')).toBeGreaterThan(500);
    await page.locator('tsl-serve-scale [data-action="slo-off-on"]').click();
    await idle();
    await expect.poll(() => page.locator('tsl-serve-batching [data-batching-gain]').count()).toBe(1);
    await page.locator('tsl-serve-scale section').nth(1).screenshot({ path: 'screenshots/serve-scale-batching.png' });
  });

  it('plans a fleet from the measured capacity, each figure with its formula, equal to a hand computation', async () => {
    const fleet = page.locator('tsl-serve-fleet table[data-table="fleet"]');
    expect(await fleet.locator('thead th[data-fleet-col]').count()).toBeGreaterThanOrEqual(1);
    const plan = await page.evaluate(() => window.trainServeLab.serve.fleet());
    const p = plan!.plans[0]!;
    // By hand from the figures on screen: 2,000,000 / 86,400 x 3, then the ceiling over the measured capacity.
    const peak = (2_000_000 / 86_400) * 3;
    expect(p.peakQps.value).toBeCloseTo(peak, 9);
    expect(p.instances.value).toBe(Math.max(1, Math.ceil(peak / p.choice.capacityQps)));
    expect(p.computeSecondsPerDay.value).toBe(p.instances.value * 86_400);
    expect(p.daysToPassTraining.value).toBeCloseTo(plan!.trainingSeconds / (p.instances.value * 86_400), 12);
    expect(await fleet.textContent()).toContain('× 86,400 s');
    expect(await fleet.locator('tr[data-fleet="instances"] td strong').first().textContent()).toBe(String(p.instances.value));
    await page.locator('tsl-serve-scale section').nth(2).screenshot({ path: 'screenshots/serve-scale-fleet.png' });
  });

  it('keeps them in the Ledger and the report', async () => {
    await page.locator('#tab-ledger').click();
    await expect.poll(() => page.locator('tsl-ledger-fleet table').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const report = await page.evaluate(() => window.trainServeLab.ledger.report() as unknown as { slo?: unknown[]; batching?: unknown[]; fleet?: unknown[] });
    expect(report.slo!.length).toBeGreaterThanOrEqual(3);
    expect(report.batching).toHaveLength(1);
    expect(report.fleet).toHaveLength(1);
    await page.locator('tsl-ledger-fleet').screenshot({ path: 'screenshots/serve-scale-ledger.png' });
    expect(app.errors).toEqual([]);
  });
});
