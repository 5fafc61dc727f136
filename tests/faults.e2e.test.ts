// End to end: faults. The WebGL context is lost mid-training (forced with WEBGL_lose_context in the
// training worker): the run stops at the last finished epoch, says so, keeps a model that serves, and
// resumes on wasm. Then the Try it server's worker is killed: the next query restarts it.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setField, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const setTrainField = (name: string, value: string) => setField(page, 'tsl-train-settings', name, value);
const epochRows = () => page.locator('tsl-epoch-table tbody tr').count();

describe('faults', () => {
  it('a lost WebGL context keeps the finished epochs and a usable model, and training resumes on wasm', async () => {
    await setTrainField('backend', 'webgl');
    await setTrainField('trainSize', '64');
    await setTrainField('epochs', '3');
    await setTrainField('width', '4');
    await expect.poll(() => page.locator('tsl-train-view .status').first().textContent(), { timeout: 60_000 }).toContain('Dataset');
    await page.locator('button[data-action="start"]').click();
    // Into epoch 2, with epoch 1 recorded.
    await expect
      .poll(() => page.evaluate(() => window.trainServeLab.store.state.training.epoch), { timeout: 400_000, interval: 200 })
      .toBe(2);
    expect(await page.evaluate(() => window.trainServeLab.loseTrainingContext())).toBe(true);
    await expect.poll(() => page.locator('[data-backend-lost]').textContent(), { timeout: 120_000 }).toContain('The WebGL context was lost');
    expect(await page.locator('[data-backend-lost]').textContent()).toContain('The 1 finished epoch and their weights are kept');
    expect(await epochRows()).toBe(1);
    expect(await page.locator('tsl-train-view [role="status"]').textContent()).toContain('the backend was lost');
    // The kept epochs are a model of their own, selected for Serve, Prune and Inside.
    expect(await page.evaluate(() => window.trainServeLab.registry.selected?.name)).toMatch(/kept after a lost backend/);
    await page.screenshot({ path: 'screenshots/faults-context-lost.png' });

    // The kept model serves.
    await page.locator('#tab-serve').click();
    await setField(page, 'tsl-serve-deploy', 'backend', 'wasm');
    await setField(page, 'tsl-serve-deploy', 'queries', '50');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-serve-progress]').count(), { timeout: 300_000 }).toBe(0);
    expect(await page.locator('[data-serve-error]').count()).toBe(0);
    expect(await page.evaluate(() => window.trainServeLab.serve.results.result?.record.count)).toBe(50);

    // Resume the remaining epochs on wasm.
    await page.locator('#tab-train').click();
    await page.locator('tsl-train-recover select[name="resume-backend"]').selectOption('wasm');
    await page.locator('[data-action="resume-lost"]').click();
    await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
    expect(await epochRows()).toBe(3);
    const epochs = await page.evaluate(() => window.trainServeLab.store.state.training.records.map((r) => r.epoch));
    expect(epochs).toEqual([1, 2, 3]);
    expect(await page.locator('[data-backend-lost]').count()).toBe(0);
    // The resumed run is a new version whose parent is the kept model.
    const lineage = await page.evaluate(() => {
      const r = window.trainServeLab.registry;
      return r.ancestry(r.state.selectedId!).map((m) => m.version);
    });
    expect(lineage).toEqual([1, 2]);
  });

  it('a killed inference worker restarts on the next query', async () => {
    await page.locator('#tab-serve').click();
    const png = await page.evaluate(async () => {
      const c = new OffscreenCanvas(64, 64);
      c.getContext('2d')!.fillRect(0, 0, 30, 30);
      return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    });
    const input = page.locator('tsl-serve-try input[type="file"]');
    await input.setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await expect.poll(() => page.locator('[data-try-result]').textContent(), { timeout: 60_000 }).toContain('"one.png"');
    expect(await page.evaluate(() => window.trainServeLab.serve.killLiveServer())).toBe(true);
    await input.setInputFiles({ name: 'two.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    const tryState = () => page.evaluate(() => {
      const serve = window.trainServeLab.serve;
      return `${serve.results.tryResult?.source ?? 'no result'} | ${serve.store.state.tryError ?? 'no error'} | ${serve.busy}`;
    });
    await expect.poll(tryState, { timeout: 60_000 }).toContain('"two.png" | no error');
    // Restarted in place (1), or replaced by a fresh server if the model changed meanwhile (0).
    expect(await page.evaluate(() => window.trainServeLab.serve.liveRestarts)).toBeLessThanOrEqual(1);
    expect(app.errors).toEqual([]);
  });
});
