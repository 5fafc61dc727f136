// End to end: the built app trains a base model through the Train view, then the Drift view runs a
// 6-day stream (night falls on day 1) under "never" and "when accuracy drops", through the real
// drawing, serving and training workers; the checks of the lifecycle are asserted on what it measured,
// and the sawtooth and the cost comparison are photographed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LifecycleRecord } from '../src/drift/records.ts';
import { formatMs } from '../src/metrics/format.ts';
import { howLegendMismatches, inked, setField, sidewaysPx, stackedLabelMismatches, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

/**
 * The base model: the Train view's defaults on wasm (the whole training split) but 3 epochs instead
 * of 8, which is past 90% on day 0 already and takes a third of the time.
 */
async function trainBaseModel(): Promise<void> {
  await page.locator('#tab-train').click();
  await setField(page, 'tsl-train-settings', 'backend', 'wasm');
  await setField(page, 'tsl-train-settings', 'epochs', '3');
  await expect.poll(() => page.locator('tsl-train-view .status').first().textContent(), { timeout: 60_000 }).toContain('Dataset');
  await page.locator('button[data-action="start"]').click();
  await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 400_000, interval: 1000 }).toContain('completed');
}

describe('the Drift view', () => {
  it('asks for a trained model first', async () => {
    await page.locator('#tab-drift').click();
    await expect.poll(() => page.locator('tsl-drift-view [data-drift-no-model]').count()).toBe(1);
    // A bad setting is refused by name and changes nothing.
    await setField(page, 'tsl-drift-settings', 'days', '1');
    await expect.poll(() => page.locator('[data-drift-config-error]').textContent()).toContain('Days must be');
    // Text that is no number (a blank included) is refused by name and quoted, and the field shows the value in use.
    await setField(page, 'tsl-drift-settings', 'days', '');
    await expect.poll(() => page.locator('[data-drift-config-error]').textContent()).toBe('Days: "" is not a number; the last value stays.');
    expect(await page.locator('tsl-drift-settings [name="days"]').inputValue()).toBe('6');
    await setField(page, 'tsl-drift-settings', 'seed', 'seven');
    await expect.poll(() => page.locator('[data-drift-config-error]').textContent()).toBe('Seed: "seven" is not a number; the last value stays.');
    await setField(page, 'tsl-drift-settings', 'days', '6');
    await expect.poll(() => page.locator('[data-drift-config-error]').count()).toBe(0);
  });

  it('runs a 6-day stream under "never" and "when accuracy drops", retrains for real and prices it', async () => {
    await trainBaseModel();
    await page.locator('#tab-drift').click();
    await page.locator('tsl-drift-settings input[name="policy-every"]').uncheck();
    const started = Date.now();
    await page.locator('[data-action="drift-run"]').click();
    await expect.poll(() => page.locator('[data-drift-status], [data-drift-error]').count(), { timeout: 500_000, interval: 1000 }).toBeGreaterThan(0);
    const streamMs = Date.now() - started;
    expect(await page.locator('[data-drift-error]').count(), (await page.locator('[data-drift-error]').first().textContent().catch(() => '')) ?? '').toBe(0);

    const record = (await page.evaluate(() => window.trainServeLab.drift.state.result)) as LifecycleRecord;
    const [never, triggered] = record.runs;
    expect(never!.policyLabel).toBe('never');
    expect(triggered!.policyLabel).toContain('accuracy < day 0 − 5 points');
    console.log(`drift stream: ${(streamMs / 1000).toFixed(0)} s; never ${never!.days.map((d) => (d.monitoredAcc * 100).toFixed(1)).join(' ')}; triggered ${triggered!.days.map((d) => (d.monitoredAcc * 100).toFixed(1)).join(' ')} retrains ${JSON.stringify(triggered!.retrains.map((r) => ({ day: r.day, images: r.images, valAcc: r.valAcc, trainMs: r.trainMs })))}; all-query acc ${triggered!.days.map((d) => ((d.correct / d.queries) * 100).toFixed(1)).join(' ')}`);
    const day0 = never!.days[0]!.monitoredAcc;
    // Strong covariate shift, never retrained: the last day is at least 15 points below day 0.
    expect(never!.days.at(-1)!.monitoredAcc).toBeLessThanOrEqual(day0 - 0.15);
    // Retraining when accuracy drops: every day after the first retraining is within ~8 points of day 0.
    const first = triggered!.retrains[0]!;
    expect(first, 'a retraining happened').toBeDefined();
    for (const d of triggered!.days.filter((x) => x.day > first.day)) expect(d.monitoredAcc, `day ${d.day}`).toBeGreaterThanOrEqual(triggered!.days[0]!.monitoredAcc - 0.09);
    // Fewer retrainings than "every day" would make (one at the end of every day from 1 to 4).
    expect(triggered!.retrains.length).toBeLessThan(4);
    // Totals are the sums of their measured parts.
    for (const run of record.runs) {
      const t = run.totals;
      expect(t.busyMs).toBeCloseTo(t.initialTrainMs + t.retrainMs + t.deployMs + t.servingMs, 6);
      expect(t.servingMs).toBeCloseTo(run.days.reduce((a, d) => a + d.servingMs, 0), 6);
      expect(t.retrainMs).toBeCloseTo(run.retrains.reduce((a, r) => a + r.trainMs, 0), 6);
    }
    // Each retraining is a new registry version whose parent is the model it replaced.
    const models = await page.evaluate(() => window.trainServeLab.registry.models.map((m) => ({ id: m.id, parentId: m.parentId, retrain: m.origin.kind === 'trained' ? (m.origin.retrain ?? null) : null })));
    for (const r of triggered!.retrains) {
      const m = models.find((x) => x.id === r.modelId)!;
      expect(m.parentId).toBe(r.parentId);
      expect(m.retrain?.day).toBe(r.day);
    }
    // Redeploys measured.
    expect(triggered!.deploys.length).toBe(triggered!.retrains.length + 1);
    for (const d of triggered!.deploys) expect(d.loadMs > 0 && d.coldQueryMs > 0).toBe(true);

    // What the table shows is what was measured.
    const row = page.locator(`tsl-drift-table tr[data-policy="${never!.policyLabel}"]`);
    expect(await row.textContent()).toContain(formatMs(never!.totals.busyMs));
    // The mean daily accuracy says what it is the mean of, and gives the pooled accuracy's interval.
    expect(await row.locator('[data-mean-basis]').textContent()).toMatch(/^mean of 6 days; pooled \d+\.\d% \[.+\], n = [\d,]+$/);
    // The sawtooth's chance line is the base model's: one over its classes.
    const lines = await page.locator('tsl-drift-charts tsl-chart[data-chart="sawtooth"]').evaluate((el) => (el as unknown as { referenceLines: { label: string }[] }).referenceLines.map((l) => l.label));
    expect(lines[0]).toBe('chance (50%)');
    for (const chart of ['sawtooth', 'signal', 'cumulative-cost']) expect(await inked(page, `tsl-drift-charts tsl-chart[data-chart="${chart}"]`), chart).toBeGreaterThan(500);
    // The sawtooth's legend counts each policy's retrainings, in the singular for one.
    const legend = await page.locator('tsl-drift-charts tsl-chart[data-chart="sawtooth"]').evaluate((el) => (el as unknown as { series: { label: string }[] }).series.map((x) => x.label));
    expect(legend).toEqual(record.runs.map((r) => `${r.policyLabel} (${r.retrains.length === 1 ? '1 retraining' : `${r.retrains.length} retrainings`})`));
    expect(await page.locator('[data-choice]').textContent()).toMatch(/keeps every day|no policy/);
    expect(await page.locator('[data-energy-formula]').textContent()).toContain('energy estimate');
    expect(await page.locator('tsl-drift-samples [data-sample-day]').count()).toBe(6);

    await page.locator('tsl-drift-charts').scrollIntoViewIfNeeded();
    await page.locator('tsl-drift-charts').screenshot({ path: 'screenshots/drift-sawtooth.png' });
    await page.locator('tsl-drift-table').screenshot({ path: 'screenshots/drift-cost-table.png' });
    // The retrained policy's day table names the epoch each retraining serves.
    const retrainedDays = page.locator('tsl-drift-table details[data-days]').nth(1);
    await retrainedDays.evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await expect.poll(() => retrainedDays.textContent()).toMatch(/serves epoch \d+ \(lowest validation loss\)/);
    await retrainedDays.screenshot({ path: 'screenshots/drift-days-retrained.png' });
    await page.locator('tsl-drift-choice').screenshot({ path: 'screenshots/drift-choice-energy.png' });
    await page.screenshot({ path: 'screenshots/drift-full.png', fullPage: true });
    // Beside the controls, and on a projector in lecture mode, the cost table and the day tables
    // stack their rows rather than scroll sideways.
    const sideways = () => sidewaysPx(page, 'tsl-drift-table');
    expect(await sideways()).toBeLessThanOrEqual(1);
    expect(await stackedLabelMismatches(page), 'stacked labels that do not name their columns').toEqual([]);
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    // In the narrow aside a closed select cuts long names off: the chosen model and scenario are
    // written out in full under theirs.
    for (const [select, whole] of [['tsl-model-picker select', 'tsl-model-picker [data-picker-whole]'], ['tsl-drift-settings select[name="scenario"]', 'tsl-drift-settings [data-scenario-whole]']] as const) {
      const chosen = await page.locator(select).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
      await expect.poll(() => page.locator(whole).isVisible()).toBe(true);
      expect(await page.locator(whole).textContent()).toBe(chosen);
    }
    await page.locator('tsl-drift-view aside').screenshot({ path: 'screenshots/drift-aside.png' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.evaluate(() => window.trainServeLab.store.set({ lecture: true }));
    await expect.poll(() => page.locator('tsl-app').getAttribute('lecture')).toBe('');
    // The view is built anew in lecture mode: open a day table again, then wait for both to stack.
    await page.locator('tsl-drift-table details[data-days]').nth(1).evaluate((d) => ((d as HTMLDetailsElement).open = true));
    const stacked = () => page.locator('tsl-drift-table').evaluate((host) => [...host.shadowRoot!.querySelectorAll('table.stack')].filter((t) => !t.closest('details:not([open])')).map((t) => getComputedStyle(t.querySelector('thead')!).position));
    await expect.poll(stacked).toEqual(['absolute', 'absolute']);
    await expect.poll(sideways).toBeLessThanOrEqual(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await page.locator('tsl-drift-table').screenshot({ path: 'screenshots/lecture-drift-table.png' });
    await page.evaluate(() => window.trainServeLab.store.set({ lecture: false }));
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(app.errors).toEqual([]);
  });

  it('shows the chain of retrained versions in the Models lineage', async () => {
    await page.locator('#tab-models').click();
    await page.waitForTimeout(500);
    await page.screenshot({ path: 'screenshots/drift-models-lineage.png', fullPage: true });
    await expect.poll(() => page.getByText(/retrained after day/).count()).toBeGreaterThan(0);
  });

  it('puts the comparison in the Ledger', async () => {
    await page.locator('#tab-ledger').click();
    await expect.poll(() => page.locator('tsl-ledger-lifecycle [data-lifecycle-policy="never"]').count()).toBe(1);
    await page.locator('tsl-ledger-lifecycle').scrollIntoViewIfNeeded();
    await page.locator('tsl-ledger-lifecycle').screenshot({ path: 'screenshots/drift-ledger-lifecycle.png' });
    expect(app.errors).toEqual([]);
  });

  it('deletes the trained model with every version retrained from it, with one button', async () => {
    const record = (await page.evaluate(() => window.trainServeLab.drift.state.result)) as LifecycleRecord;
    const retrained = record.runs.flatMap((r) => r.retrains.map((x) => x.modelId));
    const base = record.runs[1]!.retrains[0]!.parentId;
    await page.locator('#tab-models').click();
    const button = page.locator(`tsl-models-list tr[data-model="${base}"] [data-action="delete-family"]`);
    await expect.poll(() => button.textContent()).toBe(`Delete with the ${retrained.length} made from it`);
    await button.scrollIntoViewIfNeeded();
    await page.locator(`tsl-models-list tr[data-model="${base}"]`).screenshot({ path: 'screenshots/models-delete-family.png' });
    page.once('dialog', (d) => void d.accept());
    await button.click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.registry.models.map((m) => m.id))).toEqual([]);
    expect(await page.locator('[data-models-message]').textContent()).toContain(`and the ${retrained.length} model${retrained.length === 1 ? '' : 's'} made from it.`);
    expect(await page.locator('tsl-models-list [data-empty]').count()).toBe(1);
    expect(app.errors).toEqual([]);
  });
});
