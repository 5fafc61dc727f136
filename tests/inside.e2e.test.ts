// End to end: the Inside view of the built app. The layer table appears before any training;
// after a tiny run the feature maps, probabilities, filters and histograms show; a profiled batch
// adds time shares; during a longer run the feature maps change between epochs at a measured cost
// under 5% of the epoch; own files and webcam frames are looked at, and a bad file gets a message.
import { Canvas } from '@napi-rs/canvas';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFlops } from '../src/metrics/format.ts';
import { howLegendMismatches, setField, stackedLabelMismatches, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

/** A fingerprint of the conv1 feature-map canvas, to see it change. */
const conv1Pixels = () =>
  page.locator('tsl-inside-activations canvas[data-layer="conv1"]').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 7) h = (h * 31 + data[i]!) >>> 0;
    return h;
  });
const snapshotEpoch = () => page.evaluate(() => window.trainServeLab.inside.store.state.snapshot?.epoch ?? -1);

describe('the Inside view', () => {
  it('shows the layer table of the configured model before any training, FLOPs summing to the total', async () => {
    await page.locator('#tab-inside').click();
    await expect.poll(() => page.locator('tsl-inside-layer-table tbody tr').count(), { timeout: 60_000 }).toBeGreaterThan(5);
    const rows = await page.evaluate(() => window.trainServeLab.inside.store.state.rows!);
    const total = rows.reduce((s, r) => s + r.flops, 0);
    expect(await page.locator('tsl-inside-layer-table [data-col="total-flops"]').textContent()).toBe(formatFlops(total));
    expect(await page.locator('tsl-inside-layer-table tr[data-layer="conv2"] [data-col="flops"]').textContent()).toBe(formatFlops(rows.find((r) => r.name === 'conv2')!.flops));
    expect(await page.locator('tsl-inside-view section p.note').first().textContent()).toContain('No model trained yet');
  });

  it('after a tiny run: feature maps, probabilities, filter tiles, L1 bars, histograms and a profile', async () => {
    await trainTinyModel(page);
    await page.locator('#tab-inside').click();
    await expect.poll(() => page.locator('tsl-inside-activations canvas[data-layer]').count(), { timeout: 60_000 }).toBe(3);
    expect(await page.locator('tsl-inside-activations [data-table="probabilities"] tbody tr').count()).toBe(2);
    await expect.poll(() => page.locator('tsl-inside-filters canvas').count()).toBe(1);
    expect(await page.locator('tsl-filter-norms figure').count()).toBe(3);
    expect(await page.locator('tsl-filter-norms .bar.cut').count()).toBeGreaterThan(0);
    expect(await page.locator('tsl-weight-histogram').count()).toBe(5);

    await page.locator('tsl-inside-view [data-action="profile"]').click();
    await expect.poll(() => page.locator('tsl-inside-layer-table [data-col="time-share"] .track').count(), { timeout: 120_000 }).toBe(await page.locator('tsl-inside-layer-table tbody tr').count());
    expect(await page.locator('tsl-inside-layer-table tr.dominant').count()).toBe(1);
    const profile = await page.evaluate(() => window.trainServeLab.inside.store.state.profile!);
    expect(profile.layers.reduce((s, l) => s + l.share, 0)).toBeCloseTo(1, 6);
    console.log(`profile on ${profile.backend}, batch ${profile.batchSize}: ${profile.layers.map((l) => `${l.name} ${l.ms.toFixed(1)} ms (${(100 * l.share).toFixed(1)}%)`).join(', ')}; sum ${profile.sumMs.toFixed(1)} ms, whole ${profile.wholeMs.toFixed(1)} ms`);
    // On this CNN the convolutions do the work: the slowest layer is a conv layer.
    const slowest = profile.layers.reduce((a, b) => (b.ms > a.ms ? b : a));
    expect(await page.locator('tsl-inside-layer-table tr.dominant').getAttribute('data-layer')).toBe(slowest.name);
    // Its badge says whether the repeats' ranges tell it apart from every other layer.
    const apart = profile.layers.every((l) => l === slowest || l.maxMs < slowest.minMs);
    expect(await page.locator('tsl-inside-layer-table [data-slowest]').getAttribute('data-slowest')).toBe(apart ? 'clear' : 'overlapping');
    expect(await page.locator('tsl-inside-layer-table tr.dominant [data-col="ms-range"]').textContent()).toMatch(/^range \[.+\]$/);
    expect(await stackedLabelMismatches(page), 'stacked labels that do not name their columns').toEqual([]);
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
  });

  it('looks at your own image and a webcam frame; a file that is not an image gets a message and nothing changes', async () => {
    const canvas = new Canvas(90, 60);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#c08040';
    ctx.fillRect(0, 0, 90, 60);
    ctx.fillStyle = '#202020';
    ctx.fillRect(30, 10, 30, 30);
    await page.locator('tsl-inside-image-picker input[name="image-file"]').setInputFiles({ name: 'my-photo.png', mimeType: 'image/png', buffer: canvas.toBuffer('image/png') });
    await expect.poll(() => page.locator('[data-image-label]').textContent()).toContain('my-photo.png');
    await page.locator('tsl-inside-image-picker input[name="image-file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await expect.poll(() => page.locator('[data-inside-error]').textContent()).toContain('notes.txt');
    expect(await page.locator('[data-image-label]').textContent()).toContain('my-photo.png');
    await page.locator('tsl-inside-image-picker [data-action="camera"]').click();
    await expect.poll(() => page.locator('[data-image-label]').textContent(), { timeout: 30_000 }).toContain('webcam');
    await setField(page, 'tsl-inside-image-picker', 'val-index', '3');
    await expect.poll(() => page.locator('[data-image-label]').textContent()).toContain('validation image 3');
  });

  it('mid-training: feature maps change between epochs, cost under 5% of each epoch', async () => {
    await page.locator('#tab-train').click();
    await setField(page, 'tsl-train-settings', 'trainSize', '640');
    await setField(page, 'tsl-train-settings', 'epochs', '3');
    await page.locator('button[data-action="start"]').click();
    await page.locator('#tab-inside').click();
    // The budget field: a bad value is refused with a message, a good one is applied.
    await setField(page, 'tsl-inside-cost', 'max-share', '9');
    await expect.poll(() => page.locator('[data-inside-error]').textContent()).toContain('between 0 and 5%');
    await setField(page, 'tsl-inside-cost', 'max-share', '2.5');
    await expect.poll(() => page.evaluate(() => window.trainServeLab.inside.store.state.rate.maxShare)).toBe(0.025);
    await expect.poll(snapshotEpoch, { timeout: 180_000, interval: 200 }).toBe(1);
    await page.locator('tsl-inside-activations canvas[data-layer="conv1"]').waitFor();
    const epoch1 = await conv1Pixels();
    await expect.poll(snapshotEpoch, { timeout: 180_000, interval: 200 }).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: 'screenshots/inside-mid-training.png', fullPage: true });
    // Pause mid-run and profile the batch the table shows.
    await page.evaluate(() => window.trainServeLab.pause());
    await page.locator('tsl-inside-view [data-action="profile"]').click();
    await expect.poll(() => page.evaluate(() => window.trainServeLab.inside.store.state.profiling), { timeout: 120_000 }).toBe(false);
    expect(await conv1Pixels()).not.toBe(epoch1);
    await page.screenshot({ path: 'screenshots/inside-paused.png', fullPage: false });
    await page.evaluate(() => window.trainServeLab.resume());
    await expect.poll(() => page.evaluate(() => window.trainServeLab.store.state.training.phase), { timeout: 300_000, interval: 500 }).toBe('finished');
    const records = await page.evaluate(() => window.trainServeLab.store.state.training.records);
    expect(records).toHaveLength(3);
    for (const r of records) {
      expect(r.activationsMs).toBeGreaterThan(0);
      expect(r.activationsMs! / r.wallMs).toBeLessThan(0.05);
    }
    console.log(`live activations share per epoch: ${records.map((r) => ((100 * r.activationsMs!) / r.wallMs).toFixed(2) + '%').join(', ')}`);
    expect(await page.locator('[data-table="activations-cost"] tbody tr').count()).toBe(3);
    await page.screenshot({ path: 'screenshots/inside-after.png', fullPage: true });
    expect(app.errors).toEqual([]);
  });
});
