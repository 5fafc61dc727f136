// End to end: the Train view's augmentation toggles and sample grid, then the Levers panel:
// a small teacher is trained, distilled into a half-width student (beside the same student
// trained alone), and a three-size sweep runs; every run lands in the registry (screenshots).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setField, useAppPage } from './e2e-page.ts';

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
    await expect.poll(() => page.evaluate(() => window.trainServeLab.levers.task.state.status), { timeout: 600_000, interval: 500 }).not.toBe('running');
    expect(await page.evaluate(() => window.trainServeLab.levers.task.state.error)).toBeNull();
    expect(await page.locator(`${panel} [data-distill-result] tr[data-role="same student alone"] th`).textContent()).toMatch(/model/);
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
    await page.locator('section[data-section="levers"]').scrollIntoViewIfNeeded();
    await page.locator('section[data-section="levers"]').screenshot({ path: 'screenshots/levers-panel.png' });
    expect(await page.evaluate(() => window.trainServeLab.registry.models.length)).toBe(6);
    expect(app.errors).toEqual([]);
  });
});
