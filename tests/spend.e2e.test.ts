// End to end: the Ledger's "where to spend" section in the built app with real numbers: two small
// trained models served on wasm, test-time augmentation measured from the section's button, the
// options table, the answer with its hand computation, both charts drawn, and "repeat with 3 seeds".
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { howLegendMismatches, inked, setField, stackedLabelMismatches, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const section = 'tsl-ledger-spend';

describe('where to spend', () => {
  it('prices trained models and test-time augmentation side by side, and repeats a recipe with 3 seeds', async () => {
    await page.waitForFunction(() => Boolean(window.trainServeLab), undefined, { timeout: 60_000 });
    const ids = await page.evaluate(async () => {
      const lab = window.trainServeLab;
      await lab.loadDataset();
      await lab.probeBackends();
      const made: string[] = [];
      for (const width of [16, 4]) {
        lab.updateSettings({ backend: 'wasm', trainSize: 384, epochs: 2, batchSize: 32, width });
        const t = await lab.train();
        if (t.phase !== 'finished') throw new Error(`training ended ${t.phase}: ${t.error ?? ''}`);
        const id = lab.registry.state.selectedId!;
        made.push(id);
        lab.serve.updateSettings({ backend: 'wasm', queries: 96, warmShaders: true });
        if (!(await lab.serve.run({ batchSizes: [] }))) throw new Error(lab.serve.task.state.error ?? 'serve failed');
      }
      lab.updateSettings({ width: 16 });
      lab.registry.select(made[0]!);
      return made;
    });
    await page.locator('#tab-ledger').click();
    const spend = page.locator(section);
    await spend.scrollIntoViewIfNeeded();
    await spend.locator('[data-action="measure-tta"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.spend.store.state.tta.length), { timeout: 300_000, interval: 500 }).toBe(4);
    await expect.poll(() => spend.locator('tsl-ledger-spend-tta tbody tr').count()).toBe(4);
    // The table leads with the serving protocol's ratio (end to end), the model-only one beside it.
    const ratios = await page.evaluate(() => {
      const tta = window.trainServeLab.spend.store.state.tta;
      const [one, four] = [1, 4].map((k) => tta.find((r) => r.views === k)!);
      // Model-only: "not distinguishable" when the two p50 intervals overlap.
      const overlap = four!.modelP50LowMs <= one!.modelP50HighMs && one!.modelP50LowMs <= four!.modelP50HighMs;
      return { endToEnd: `${(four!.p50Ms / one!.p50Ms).toFixed(2)}×`, modelOnly: `${(four!.modelP50Ms / one!.modelP50Ms).toFixed(2)}×${overlap ? ', not distinguishable' : ''}` };
    });
    const fourViews = spend.locator('tsl-ledger-spend-tta tr[data-views="4"]');
    expect(await fourViews.locator('[data-col="end-to-end"]').textContent()).toBe(ratios.endToEnd);
    expect(await fourViews.locator('[data-col="model-only"]').textContent()).toBe(ratios.modelOnly);
    // Options: the two models and TTA at 2, 4 and 8 views of the first.
    await expect.poll(() => spend.locator('table[data-table="spend"] tbody tr').count()).toBe(5);
    const dense = await page.evaluate((id) => window.trainServeLab.registry.get(id)!.testAcc!, ids[0]!);
    await setField(page, section, 'targetPct', (Math.floor(dense * 1000) / 10).toFixed(1));
    const answer = await spend.locator('[data-spend-answer]').textContent();
    expect(answer).toMatch(/the cheapest option reaching/);
    expect(answer).toMatch(/rest on one seed: a single sample/);
    expect(await inked(page, `${section} tsl-chart[data-chart="spend-axes"]`)).toBeGreaterThan(0);
    await spend.screenshot({ path: 'screenshots/ledger-spend.png' });

    // Repeat the small model's recipe: two more seeds, then medians and ranges.
    const small = spend.locator(`table[data-table="spend"] tbody tr[data-key^="${ids[1]!}"] [data-action="repeat-seeds"]`);
    await small.click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.spend.task.state.status), { timeout: 300_000, interval: 500 }).toBe('done');
    await expect.poll(() => spend.locator('table[data-table="spend"] tbody tr', { hasText: 'medians of 3 seeds' }).count()).toBe(1);
    await spend.screenshot({ path: 'screenshots/ledger-spend-seeds.png' });
    expect(await stackedLabelMismatches(page), 'stacked labels that do not name their columns').toEqual([]);
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
