// End to end: the built app trains a tiny model through the UI, then the Serve view deploys it,
// runs the latency protocol, stops a run midway, sweeps open-loop rates, tries files and a webcam
// frame, and compares backends side by side; screenshots go to screenshots/serve-*.png.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { howLegendMismatches, inked, setField, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const setServeField = (name: string, value: string) => setField(app.page, 'tsl-serve-deploy', name, value);
const inkedChart = (selector: string) => inked(app.page, selector);

const idle = () => expect.poll(() => page.locator('tsl-serve-view [data-serve-progress]').count(), { timeout: 300_000, interval: 250 }).toBe(0);

describe('serving through the UI', () => {
  it('says when there is no model yet and leads to the Train view', async () => {
    await page.locator('#tab-serve').click();
    await expect.poll(() => page.locator('[data-no-model]').textContent()).toContain('No trained model yet');
    await page.locator('[data-action="go-train"]').click();
    await expect.poll(() => page.locator('#tab-train').getAttribute('aria-selected')).toBe('true');
  });

  it('trains a tiny model, deploys it on wasm and shows the table and charts', async () => {
    await trainTinyModel(page);

    await page.locator('#tab-serve').click();
    await setServeField('queries', '-3');
    await expect.poll(() => page.locator('tsl-serve-deploy .error').textContent()).toContain('Query count must be a whole number');
    await setServeField('queries', '200');
    await expect.poll(() => page.locator('tsl-serve-deploy .error').count()).toBe(0);
    await setServeField('backend', 'wasm');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
    await idle();
    expect(await page.locator('[data-serve-error]').count()).toBe(0);

    const rows = page.locator('tsl-serve-summary tbody tr');
    expect(await rows.count()).toBe(3);
    const e2e = await rows.first().locator('td').allTextContents();
    expect(e2e[0]).toBe('200');
    // Each percentile may carry its interval in brackets after it.
    for (const cell of e2e.slice(1)) expect(cell).toMatch(/\d.*(ms|µs|s)\]?$/);
    for (const key of ['cold', 'load', 'test-acc', 'flops', 'leaked']) expect(await page.locator(`tsl-serve-summary [data-figure="${key}"] .v`).textContent(), key).toMatch(/\d/);
    expect(await page.locator('tsl-serve-summary [data-figure="leaked"] .v').textContent()).toBe('0');
    expect(await page.locator('tsl-serve-throughput tbody tr').count()).toBe(4);
    expect(await inkedChart('tsl-serve-latency-charts tsl-chart[data-chart="histogram"]')).toBeGreaterThan(500);
    expect(await inkedChart('tsl-serve-latency-charts tsl-chart[data-chart="over-time"]')).toBeGreaterThan(500);
    expect(await inkedChart('tsl-serve-throughput tsl-chart')).toBeGreaterThan(500);
  });

  it('sweeps every open-loop rate it promises, draws the knee it states, and times the wake-up', async () => {
    // The derived round trip is never below zero (clock noise reads as 0).
    const roundTrip = await page.locator('tsl-serve-summary tbody tr').nth(2).locator('td').allTextContents();
    for (const cell of roundTrip.slice(1)) expect(cell).not.toMatch(/^-|e-/);
    await page.locator('[data-action="open-loop"]').click();
    // Its progress shows next to its button, in the open-loop section, not at the top of the left column.
    await expect.poll(() => page.locator('tsl-serve-view [data-progress-place="open-loop"] [data-serve-progress]').count(), { timeout: 60_000, interval: 100 }).toBe(1);
    expect(await page.locator('tsl-serve-view [data-progress-place="aside"]').count()).toBe(0);
    await expect.poll(() => page.locator('tsl-serve-view [data-progress-detail]').textContent(), { timeout: 60_000, interval: 100 }).toMatch(/rate \d of 8/);
    await page.locator('tsl-serve-view [data-progress-place="open-loop"]').screenshot({ path: 'screenshots/serve-open-loop-progress.png' });
    await idle();
    const knee = await page.locator('tsl-serve-open-loop [data-knee]').textContent();
    // A knee, or no knee with the reason (every rate passed, or even the lowest failed).
    expect(knee).toMatch(/^(Capacity knee|No knee: no offered rate failed|No knee: even the lowest offered rate failed)/);
    // 10% to 150% of capacity: all eight rates ran.
    expect(knee).toContain('8 offered rates');
    expect(await page.locator('tsl-serve-open-loop tbody tr').count()).toBe(8);
    // Each rate's p99 carries its 95% interval (128 queries bound only its lower end).
    for (const cell of await page.locator('tsl-serve-open-loop tbody td[data-label="p99"] .interval').allTextContents()) expect(cell).toMatch(/^95%: (≥ |\S+ ms to )/);
    expect(await page.locator('tsl-serve-open-loop tbody td[data-label="p99"] .interval').count()).toBe(8);
    // And each rate's service-time median carries its own (128 queries bound both ends of a median).
    const service = await page.locator('tsl-serve-open-loop tbody td[data-label="service p50"] .interval').allTextContents();
    expect(service).toHaveLength(8);
    for (const cell of service) expect(cell).toMatch(/^\[\S+–\S+ ms\]$/);
    // A knee entry in the legend only with a knee, drawn as a line at its rate.
    const series = await page.locator('tsl-serve-open-loop tsl-chart[data-chart="open-loop-p99"]').evaluate((el) => (el as HTMLElement & { series: { label: string; xs?: number[] }[] }).series.map((x) => ({ label: x.label, xs: x.xs ?? [] })));
    const kneeSeries = series.filter((x) => x.label.startsWith('knee'));
    if (knee!.startsWith('Capacity knee')) {
      expect(kneeSeries).toHaveLength(1);
      expect(new Set(kneeSeries[0]!.xs).size).toBe(1);
      expect(await page.locator('tsl-serve-open-loop tr.knee').count()).toBe(1);
    } else expect(kneeSeries).toHaveLength(0);
    // The idle worker's wake-up, measured and said in words.
    const wake = await page.locator('tsl-serve-open-loop [data-wake]').textContent();
    expect(wake).toMatch(/after \S+ ms idle a query took \S+ ms end to end \(median of 64/);
    // The rounds are paired: the median per-round extra carries its interval and what it says.
    expect(wake).toMatch(/per round, idle minus back to back: \S+ (?:µs|ms|s) \[.+\] \(median of 64 paired rounds\): (above zero, but |its )/);
    // The lowest rate's service time against the fastest's carries both medians' intervals and counts.
    expect(wake).toMatch(/service time \(p50 \S+ ms \[\S+–\S+ ms\], n = 128\) was \d+\.\d\d× that at .*, n = 128\)(, not distinguishable by their intervals)?\./);
    expect(await inkedChart('tsl-serve-open-loop tsl-chart[data-chart="open-loop-p99"]')).toBeGreaterThan(500);
    await page.locator('tsl-serve-open-loop').screenshot({ path: 'screenshots/serve-open-loop.png' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'screenshots/serve-after-run.png', fullPage: true });
    await page.screenshot({ path: 'screenshots/serve-top.png' });
  });

  it('tries a corrupt file, a real image and a webcam frame', async () => {
    const input = page.locator('tsl-serve-try input[type="file"]');
    await input.setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg') });
    await expect.poll(() => page.locator('[data-try-error]').textContent()).toContain('"broken.jpg"');
    // The bench results survive a bad file.
    expect(await page.locator('tsl-serve-summary tbody tr').count()).toBe(3);
    const png = await page.evaluate(async () => {
      const c = new OffscreenCanvas(80, 60);
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#c84';
      ctx.fillRect(0, 0, 80, 60);
      ctx.fillStyle = '#222';
      ctx.beginPath();
      ctx.arc(40, 30, 18, 0, 7);
      ctx.fill();
      return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    });
    await input.setInputFiles({ name: 'circle.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await expect.poll(() => page.locator('[data-try-result]').textContent(), { timeout: 60_000 }).toContain('"circle.png"');
    expect(await page.locator('[data-try-error]').count()).toBe(0);
    expect(await page.locator('[data-try-result]').textContent()).toMatch(/end to end\s*[\d.]+\s*(ms|µs)/);
    await page.locator('[data-action="try-webcam"]').click();
    await expect.poll(async () => `${await page.locator('[data-try-result]').textContent()} ${await page.locator('[data-try-error]').count()}`, { timeout: 60_000 }).toContain('webcam frame');
  });

  it('Stop mid-run keeps what was measured', async () => {
    await setServeField('queries', '20000');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.locator('[data-serve-progress]').getAttribute('label'), { timeout: 120_000, interval: 100 }).toContain('Measured queries');
    await expect.poll(async () => Number.parseInt((await page.locator('[data-serve-progress]').getAttribute('detail')) ?? '0', 10), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(48);
    await page.locator('[data-action="serve-stop"]').click();
    await idle();
    await expect.poll(() => page.locator('tsl-serve-view .results section p:not(.note)').first().textContent()).toContain('Stopped after');
    const count = Number((await page.locator('tsl-serve-summary tbody tr').first().locator('td').first().textContent())?.replace(/,/g, ''));
    expect(count).toBeGreaterThanOrEqual(48);
    expect(count).toBeLessThan(20000);
    expect(await inkedChart('tsl-serve-latency-charts tsl-chart[data-chart="over-time"]')).toBeGreaterThan(500);
  });

  it('compares every available backend side by side', async () => {
    await setServeField('compareQueries', '24');
    await page.locator('[data-action="compare"]').click();
    await idle();
    expect(await page.locator('[data-serve-error]').count()).toBe(0);
    const rows = page.locator('tsl-serve-compare tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.first().locator('td').first().textContent()).toBe('24');
    expect(await inkedChart('tsl-serve-compare tsl-chart')).toBeGreaterThan(500);
    await page.locator('tsl-serve-compare').scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'screenshots/serve-compare.png' });
    // The Ledger keeps the comparison: each backend's p50s with their intervals and its query count.
    const compared = await rows.count();
    await page.locator('#tab-ledger').click();
    const arms = page.locator('tsl-ledger-serving table[data-table="ledger-compare"] [data-arm]');
    await expect.poll(() => arms.count()).toBe(compared);
    for (const arm of await arms.allTextContents()) expect(arm).toMatch(/^\w+: \S+ m?s \[.+\] · model only \S+ m?s \[.+\] · n = 24( ·|$)/);
    // And the open-loop sweep: the knee's p99 with its interval and count, the wake-up with its rounds.
    const loop = page.locator('tsl-ledger-serving table[data-table="ledger-open-loop"] tbody tr td');
    expect(await loop.nth(6).textContent()).toMatch(/ms \/ .+ msmedians of 64 roundspaired extra \S+ (?:µs|ms|s) \[.+\]$/);
    const kneeP99 = (await loop.nth(4).textContent())!;
    expect(kneeP99 === '—' || /ms95%: .+, n = 128$/.test(kneeP99), kneeP99).toBe(true);
    // What each heading says on hover, the legend under its table says to touch and keyboard too.
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    await page.locator('tsl-ledger-serving').scrollIntoViewIfNeeded();
    await page.locator('tsl-ledger-serving').screenshot({ path: 'screenshots/ledger-serving.png' });
    await page.locator('#tab-serve').click();
    expect(app.errors).toEqual([]);
  });

  it('after a reload, serves the saved model at once, and points to the saved models when none is selected', async () => {
    await page.evaluate(() => window.trainServeLab.registry.flushed());
    await page.reload({ waitUntil: 'commit' });
    await page.waitForFunction(() => Boolean(window.trainServeLab?.registry.state.restored), undefined, { timeout: 60_000 });
    await page.locator('#tab-serve').click();
    const name = await page.evaluate(() => window.trainServeLab.registry.selected?.name);
    expect(name).toBeTruthy();
    await expect.poll(() => page.locator('tsl-serve-view [data-serve-model]').textContent(), { timeout: 60_000 }).toContain(name!);
    expect(await page.locator('tsl-serve-view [data-no-model]').count()).toBe(0);
    expect(await page.locator('tsl-serve-view [data-action="deploy"]').isDisabled()).toBe(false);
    // With nothing selected it says how many models are kept and leads to them, never "No trained model yet".
    await page.evaluate(() => window.trainServeLab.registry.select(null));
    await expect.poll(() => page.locator('tsl-serve-view [data-no-model]').textContent()).toMatch(/No model selected.*1 model is kept in this browser/s);
    await page.locator('tsl-serve-view [data-action="go-models"]').click();
    await expect.poll(() => page.locator('#tab-models').getAttribute('aria-selected')).toBe('true');
    expect(app.errors).toEqual([]);
  });
});
