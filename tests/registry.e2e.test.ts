// End to end, as a new user would: train, serve twice, prune to structured 50%, reload. Every model
// is one registry entry with its lineage; the Ledger has one row per model and serving backend (the
// dense wasm row holding all three of its measurements: two Serve runs and the sweep's rounds);
// after the reload the selected model is selected again and Serve deploys it without training.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setField, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const serveIdle = () => expect.poll(() => page.locator('tsl-serve-view [data-serve-progress]').count(), { timeout: 300_000, interval: 250 }).toBe(0);
const ledgerRows = () => page.locator('tsl-ledger-table tbody tr[data-row]');

async function deployOnWasm(queries: string): Promise<void> {
  await page.locator('#tab-serve').click();
  await setField(page, 'tsl-serve-deploy', 'backend', 'wasm');
  await setField(page, 'tsl-serve-deploy', 'queries', queries);
  await page.locator('[data-action="deploy"]').click();
  await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
  await serveIdle();
  expect(await page.locator('[data-serve-error]').count()).toBe(0);
}

/** The Ledger's rows as (model id, serving backend, measurements behind its figure). */
function ledgerShape() {
  return page.evaluate(() =>
    window.trainServeLab.ledger.rows().map((r) => ({ modelId: r.modelId, backend: r.serveBackend, kind: r.kind, count: r.measured.count })),
  );
}

describe('one model, one answer', () => {
  let denseId = '';

  it('train, serve twice and a structured-50% sweep leave one dense wasm row with three measurements', async () => {
    await trainTinyModel(page);
    denseId = await page.evaluate(() => window.trainServeLab.registry.state.selectedId!);
    expect(denseId).not.toBe('');
    await deployOnWasm('64');
    await deployOnWasm('64');
    await page.locator('#tab-prune').click();
    await setField(page, 'tsl-prune-settings', 'queries', '32');
    await setField(page, 'tsl-prune-settings', 'epochs', '1');
    for (const key of ['unstructured:0.5', 'unstructured:0.75', 'unstructured:0.9', 'unstructured:0.95', 'structured:0.25', 'structured:0.75']) await page.locator(`tsl-prune-settings input[value="${key}"]`).uncheck();
    await page.locator('tsl-prune-view [data-action="prune"]').click();
    await expect.poll(() => page.locator('[data-prune-status]').textContent(), { timeout: 300_000, interval: 500 }).toMatch(/finished|failed/);
    expect(await page.locator('[data-prune-status]').textContent()).toContain('Sweep finished');

    const rows = await ledgerShape();
    const dense = rows.filter((r) => r.modelId === denseId);
    expect(dense).toEqual([{ modelId: denseId, backend: 'wasm', kind: 'dense', count: 3 }]);
    const pruned = rows.filter((r) => r.modelId !== denseId);
    expect(pruned).toHaveLength(1);
    expect(pruned[0]).toMatchObject({ backend: 'wasm', kind: 'pruned', count: 1 });
    const child = await page.evaluate((id) => window.trainServeLab.registry.children(id).map((m) => ({ name: m.name, version: m.version, hasWeights: m.hasWeights })), denseId);
    expect(child).toEqual([{ name: expect.stringMatching(/^model 1\.2 · structured 50% of filters/), version: 2, hasWeights: true }]);
  });

  it('after a reload: the same rows with their counts, the model still selected, and Serve deploys it without training', async () => {
    await page.evaluate(() => window.trainServeLab.registry.flushed());
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab?.registry.state.restored), undefined, { timeout: 60_000 });
    expect(await page.evaluate(() => window.trainServeLab.registry.state.selectedId)).toBe(denseId);

    await page.locator('#tab-ledger').click();
    await expect.poll(() => ledgerRows().count(), { timeout: 60_000 }).toBe(2);
    const dense = page.locator(`tsl-ledger-table tbody tr[data-model-id="${denseId}"]`);
    expect(await dense.count()).toBe(1);
    expect(await dense.locator('[data-col="measured"]').textContent()).toMatch(/3/);
    await page.screenshot({ path: 'screenshots/registry-ledger.png', fullPage: true });

    await page.locator('#tab-models').click();
    await expect.poll(() => page.locator('tsl-model-lineage button').count(), { timeout: 60_000 }).toBe(2);
    await page.screenshot({ path: 'screenshots/registry-models-lineage.png', fullPage: true });

    await deployOnWasm('64');
    expect(await page.evaluate(() => window.trainServeLab.store.state.training.phase)).toBe('idle');
    expect(await page.evaluate(() => window.trainServeLab.serve.results.result?.record.count)).toBe(64);
    await page.screenshot({ path: 'screenshots/registry-serve-restored.png', fullPage: true });
    const after = await ledgerShape();
    expect(after.find((r) => r.modelId === denseId)?.count).toBe(4);
    expect(app.errors).toEqual([]);
  });
});
