// End to end: the Train view's augmentation toggles and sample grid, then the Levers panel:
// a small teacher is trained, distilled into a half-width student (beside the same student
// trained alone; Start waits meanwhile), and a three-size sweep runs; every run lands in the
// registry. Then the Ledger: the augmented model's zero serving cost on screen, and the student
// repeated with 3 seeds for real (screenshots).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { howLegendMismatches, setField, stackedLabelMismatches, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

describe('training-side levers through the UI', () => {
  it('switches augmentation on and shows stored and augmented training images', async () => {
    await expect.poll(() => page.locator('tsl-train-view .status').first().textContent(), { timeout: 120_000 }).toContain('Dataset');
    for (const [name, value] of [['backend', 'wasm'], ['trainSize', '128'], ['epochs', '2'], ['width', '8'], ['depth', '2']]) await setField(page, 'tsl-train-settings', name!, value!);
    await page.locator('tsl-train-settings [name="augFlip"]').check();
    for (const name of ['augCrop-on', 'augBrightness-on', 'augContrast-on', 'augSaturation-on']) await page.locator(`tsl-train-settings [name="${name}"]`).check();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.settings.augSaturation)).toBe(0.3);
    await expect.poll(() => page.locator('tsl-augment-preview [data-augment-grid] canvas').count(), { timeout: 60_000 }).toBe(16);
    expect(await page.locator('[data-augmentation-summary]').textContent()).toContain('flip, crop up to 20%');
    await page.locator('tsl-augment-preview').scrollIntoViewIfNeeded();
    await page.locator('section[data-section="augmentation"]').screenshot({ path: 'screenshots/augment-grid.png' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('tsl-train-settings').screenshot({ path: 'screenshots/augment-settings.png' });
  });

  it('trains an augmented teacher, distils it and sweeps three sizes, each a registry model', async () => {
    await page.locator('button[data-action="start"]').click();
    await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
    await expect.poll(() => page.locator('tsl-augment-preview [data-augment-cost] tbody tr').count()).toBe(2);
    const panel = 'tsl-levers-panel';
    await setField(page, panel, 'distill-epochs', '2');
    await page.locator(`${panel} button[data-action="run-distill"]`).click();
    // While the job holds the training worker, the Train view's Start waits and says why.
    const start = page.locator('button[data-action="start"]');
    await expect.poll(() => page.locator('[data-start-held]').textContent(), { timeout: 30_000, interval: 100 }).toMatch(/^Start waits: the Levers distillation .*is using the training worker/);
    expect(await start.isDisabled()).toBe(true);
    expect(await start.getAttribute('aria-describedby')).toBe('start-held');
    await page.locator('tsl-train-view aside').screenshot({ path: 'screenshots/levers-start-held.png' });
    await expect.poll(() => page.evaluate(() => window.trainServeLab.levers.task.state.status), { timeout: 600_000, interval: 500 }).not.toBe('running');
    expect(await page.evaluate(() => window.trainServeLab.levers.task.state.error)).toBeNull();
    expect(await start.isDisabled()).toBe(false);
    expect(await page.locator('[data-start-held]').count()).toBe(0);
    expect(await page.locator(`${panel} [data-distill-result] tr[data-role="same student alone"] th`).textContent()).toMatch(/model/);
    // What distillation bought, with the difference's interval.
    expect(await page.locator(`${panel} [data-distill-gain]`).textContent()).toMatch(/^Distilled − alone: [+−]?\d+\.\d pt \[.+ pt\] test accuracy/);
    const lineage = await page.evaluate(() => {
      const lab = window.trainServeLab;
      const r = lab.levers.store.state.distillResult!;
      const student = lab.registry.get(r.studentId)!;
      return { parent: student.parentId, teacher: r.teacherId, distill: student.origin.kind === 'trained' ? student.origin.distill ?? null : null };
    });
    expect(lineage.parent).toBe(lineage.teacher);
    expect(lineage.distill?.teacherMs).toBeGreaterThan(0);
    await setField(page, panel, 'sweep-sizes', '4x2, 8x2, 8x3');
    await setField(page, panel, 'sweep-epochs', '1');
    await page.locator(`${panel} button[data-action="run-sweep"]`).click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.levers.task.state.status), { timeout: 600_000, interval: 500 }).not.toBe('running');
    expect(await page.evaluate(() => window.trainServeLab.levers.task.state.error)).toBeNull();
    expect(await page.locator(`${panel} [data-size-sweep] tbody tr`).count()).toBe(3);
    expect(await stackedLabelMismatches(page), 'stacked labels that do not name their columns').toEqual([]);
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    await page.locator('section[data-section="levers"]').scrollIntoViewIfNeeded();
    await page.locator('section[data-section="levers"]').screenshot({ path: 'screenshots/levers-panel.png' });
    expect(await page.evaluate(() => window.trainServeLab.registry.models.length)).toBe(6);
    expect(app.errors).toEqual([]);
  });

  it('says on the Ledger that augmentation costs nothing to serve, and repeats the student with 3 real seeds', async () => {
    await page.locator('#tab-ledger').click();
    const spend = page.locator('tsl-ledger-spend');
    const teacherId = await page.evaluate(() => window.trainServeLab.levers.store.state.distillResult!.teacherId);
    const teacherRow = spend.locator(`table[data-table="spend"] tbody tr[data-key^="${teacherId}:"]`);
    await expect.poll(() => teacherRow.getAttribute('data-kind')).toBe('augmented');
    expect(await teacherRow.locator('td').first().textContent()).toContain('serving cost zero (same model, same FLOPs per query)');
    await spend.locator('table[data-table="spend"]').scrollIntoViewIfNeeded();
    await spend.screenshot({ path: 'screenshots/levers-ledger-spend.png' });

    // Three seeds of the student: two more teachers trained, each distilled, every student served (few queries: CI time).
    await page.evaluate(() => window.trainServeLab.serve.updateSettings({ queries: 24 }));
    const student = spend.locator('table[data-table="spend"] tbody tr[data-kind="distilled"]');
    const selectedBefore = await page.evaluate(() => window.trainServeLab.registry.state.selectedId);
    await student.locator('[data-action="repeat-seeds"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.spend.task.state.status), { timeout: 600_000, interval: 500 }).not.toBe('running');
    expect(await page.evaluate(() => window.trainServeLab.spend.task.state.error)).toBeNull();
    await expect.poll(() => student.locator('td[data-label="seeds"]').textContent()).toBe('3medians of 3 seeds');
    for (const label of ['test accuracy', 'all training', 'per query']) expect(await student.locator(`td[data-label="${label}"]`).textContent()).toMatch(/range /);
    // Three real trainings: three students of three different teachers (seeds), each with its own measured time and p50.
    const seeds = await page.evaluate(() => {
      const lab = window.trainServeLab;
      return lab.registry.models.filter((m) => m.origin.kind === 'trained' && m.origin.distill).map((m) => {
        const o = m.origin.kind === 'trained' ? m.origin : null;
        const teacher = lab.registry.get(m.parentId);
        return {
          id: m.id,
          teacher: m.parentId,
          teacherSeed: teacher?.origin.kind === 'trained' ? teacher.origin.settings.seed : null,
          trainMs: o!.epochs.reduce((t, e) => t + e.wallMs, 0),
          p50s: lab.registry.measurementsOf(m.id, 'wasm').filter((x) => x.kind === 'serve').length,
        };
      });
    });
    expect(seeds).toHaveLength(3);
    expect(new Set(seeds.map((x) => x.teacher)).size).toBe(3);
    expect(new Set(seeds.map((x) => x.teacherSeed)).size).toBe(3);
    expect(new Set(seeds.map((x) => x.trainMs)).size).toBe(3);
    expect(seeds.every((x) => x.trainMs > 0 && x.p50s >= 1)).toBe(true);
    await student.scrollIntoViewIfNeeded();
    await spend.screenshot({ path: 'screenshots/levers-ledger-spend-seeds.png' });
    // The repeat gave the person's selection back (it selected each new model as it trained it).
    expect(await page.evaluate(() => window.trainServeLab.registry.state.selectedId)).toBe(selectedBefore);
    expect(app.errors).toEqual([]);
  });
});
