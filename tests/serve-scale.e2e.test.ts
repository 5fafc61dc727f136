// End to end: serving at scale on the built app. A tiny model trained through the UI; the Serve
// view's latency-bound search (one backend, then several at once: wasm and cpu, the slow
// SwiftShader backends unticked), the batching curve and the off/on capacity, the fleet plan
// checked against its own shown figures and fitting 1,030 to 1,920 px windows, and the Ledger's
// copy; screenshots go to screenshots/serve-scale-*.png. Small budgets: behaviour, not speed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBatching } from '../src/serve/batching-choice.ts';
import { howLegendMismatches, inked, setField, stackedLabelMismatches, trainTinyModel, useAppPage } from './e2e-page.ts';

const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

const setScale = (name: string, value: string) => setField(page, 'tsl-serve-scale', name, value);
// A closed loop's mean interval: both ends (each side kept its spread from at least 30 queries),
// or the one refusal such a sample can still meet.
const meanBounds = String.raw`\[(?:[\d.]+(?: [µm]?s)?–[\d.]+ [µm]?s|too spread for the normal approximation)\]`;
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

  it('searches the bound on wasm, then on the ticked backends at once, each tried rate with its verdict, p99, interval and count', async () => {
    // A short Deploy & run first: its closed loop is set beside the search's, and its offline throughput feeds the batching choice.
    await page.evaluate(async () => {
      const serve = window.trainServeLab.serve;
      serve.updateSettings({ backend: 'wasm', queries: 128 });
      await serve.run({ throughputImages: 64 });
    });
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
    // The share of the closed loop says where its bracket ends when a rate failed above it.
    const share = await row.locator('[data-label="share of closed loop"]').textContent();
    const failedAt = await row.locator('[data-label="first failing rate"]').textContent();
    if ((await row.locator('[data-capacity]').textContent())!.includes('queries/s')) expect(share).toMatch(failedAt!.includes('queries/s') ? /^\d+%< \d+%$/ : /^≥ \d+%$/);
    // How its closed-loop capacity is measured, its split into model time and the rest, and Deploy & run's beside it.
    expect(await page.locator('tsl-serve-slo [data-closed-loop-split]').textContent()).toMatch(/^Mean per query: wasm, batching off: \S+ m?s \(\S+ m?s in the model\)\.$/);
    expect(await page.locator('tsl-serve-slo [data-closed-loop-note]').textContent()).toContain('1000 / mean end-to-end ms of 100 back-to-back queries');
    expect(await page.locator('tsl-serve-slo [data-closed-loop-gap]').textContent()).toMatch(new RegExp(`^wasm: Deploy & run measured .+ \\(n = 128, [\\d.]+ ms each ${meanBounds}, .+ in the model\\); this search .+ \\(n = 100, [\\d.]+ ms each ${meanBounds}, .+: (within|\\d)`));
    for (const cells of await trials.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')))) {
      expect(Number(cells[3])).toBeGreaterThanOrEqual(60);
      // The p99's 95% interval: a few dozen queries give a lower end only.
      expect(cells[9]).toMatch(/ms|not bounded/);
      expect(cells[10]).toMatch(/^(pass|fail)/);
    }
    // Several backends at once, each on its own fresh server. WebGL and WebGPU run on SwiftShader
    // here (a few queries a second): they are unticked, as a person short of time would, and the
    // comparison runs on the ticked ones only.
    await setScale('sloTargetMs', '400');
    await setScale('sloMinCount', '40');
    const compare = page.locator('tsl-serve-scale [data-slo-backends]');
    const offered = await compare.locator('input[type="checkbox"]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).name.replace('slo-backend-', '')));
    expect(offered).toEqual(expect.arrayContaining(['wasm', 'cpu']));
    await expect.poll(() => compare.locator('[data-action="slo-all"]').textContent()).toBe('On every available backend');
    for (const b of offered.filter((x) => x !== 'wasm' && x !== 'cpu')) await compare.locator(`input[name="slo-backend-${b}"]`).uncheck();
    if (offered.length > 2) await expect.poll(() => compare.locator('[data-action="slo-all"]').textContent()).toBe('On the 2 ticked backends');
    await compare.locator('[data-action="slo-all"]').click();
    await idle();
    const at400 = await page.evaluate(() => window.trainServeLab.serve.scaleResults.slo.filter((r) => r.search.p99TargetMs === 400).map((r) => r.backend));
    expect(at400).toEqual(['wasm', 'cpu']);
    const backends = await page.locator('tsl-serve-slo table[data-table="slo-summary"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-slo-backend')));
    expect(backends).toEqual(['wasm', 'wasm', 'cpu']);
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
    // The bench's choice of (T, B) for the 50 ms target, by the same function, with Deploy & run's offline throughput.
    const choice = page.locator('tsl-serve-batching [data-batching-choice]');
    expect(await choice.textContent()).toContain('For p99 ≤ 50.0 ms');
    expect(await choice.textContent()).not.toContain('not checked');
    // The bench's call on the same measurements gives the same answer.
    const measured = await page.evaluate(() => {
      const serve = window.trainServeLab.serve;
      return { points: serve.scaleResults.batchingCurve!.points, throughput: serve.results.result!.record.throughput };
    });
    const bench = chooseBatching(measured.points, 50, measured.throughput).chosen!;
    const chosen = await choice.getAttribute('data-batching-choice');
    expect(chosen).toBe(`T ${bench.maxDelayMs} ms, B ${bench.maxBatch}`);
    await choice.locator('[data-action="use-batching-choice"]').click();
    const [, t, b] = /^T (\d+) ms, B (\d+)$/.exec(chosen!)!;
    await expect.poll(() => page.evaluate(() => { const sc = window.trainServeLab.serve.store.state.scale; return `${sc.batchDelayMs}|${sc.batchMax}`; })).toBe(`${t}|${b}`);
    await page.locator('tsl-serve-scale [data-action="slo-off-on"]').click();
    await idle();
    await expect.poll(() => page.locator('tsl-serve-batching [data-batching-gain]').count()).toBe(1);
    // The ratio comes with the range the two searches' brackets allow, and that range holds it.
    const gainText = await page.locator('tsl-serve-batching [data-batching-gain]').getAttribute('data-batching-gain');
    const rangeCell = page.locator('tsl-serve-batching [data-batching-range]');
    // No range only when neither search found a failing rate to bound it.
    if (gainText && (await rangeCell.count()) === 0) expect(await page.locator('tsl-serve-batching [data-batching-gain]').textContent()).not.toContain('failed at');
    else if (gainText) {
      const gain = Number(gainText);
      const range = (await rangeCell.textContent())!;
      const ends = /allow (?:(?:at least|at most) )?([\d.]+)(?:–([\d.]+))?×/.exec(range);
      expect(ends).not.toBeNull();
      if (range.includes('at most')) expect(gain).toBeLessThanOrEqual(Number(ends![1]) + 0.005);
      else expect(gain).toBeGreaterThanOrEqual(Number(ends![1]) - 0.005);
      if (ends![2]) expect(gain).toBeLessThanOrEqual(Number(ends![2]) + 0.005);
    }
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

  it('fits the fleet plan of the five searched choices, and the search and batching tables, without sideways scrolling: side by side where they fit, stacked where not', async () => {
    // Five searches ran; each one that found a capacity is a column, and any that found none is
    // named under the table (on a slow machine a tight bound can fail at every rate).
    const plan = (await page.evaluate(() => window.trainServeLab.serve.fleet()))!;
    expect(plan.plans.length + plan.noCapacity.length).toBe(5);
    expect(await page.locator('tsl-serve-fleet thead th[data-fleet-col]').count()).toBe(plan.plans.length);
    if (plan.noCapacity.length > 0) {
      const note = await page.locator('tsl-serve-fleet [data-fleet-unplanned]').textContent();
      for (const label of plan.noCapacity) expect(note).toContain(label);
    } else expect(await page.locator('tsl-serve-fleet [data-fleet-unplanned]').count()).toBe(0);
    for (const width of [1030, 1400, 1920]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.waitForTimeout(200);
      const fit = await page.locator('tsl-serve-fleet').evaluate((el) => {
        const box = el.shadowRoot!.querySelector('.box') as HTMLElement;
        const table = box.querySelector('table')!;
        return { scrollWidth: box.scrollWidth, clientWidth: box.clientWidth, right: table.getBoundingClientRect().right, innerWidth: window.innerWidth, page: document.documentElement.scrollWidth, stacked: getComputedStyle(table).display === 'block' };
      });
      console.log(`fleet table at ${width} px: ${fit.stacked ? 'stacked' : 'side by side'}, ${fit.scrollWidth} in ${fit.clientWidth} px`);
      expect(fit.scrollWidth, `the fleet table scrolls sideways at ${width} px`).toBeLessThanOrEqual(fit.clientWidth + 1);
      expect(fit.right).toBeLessThanOrEqual(fit.innerWidth + 1);
      expect(fit.page).toBeLessThanOrEqual(fit.innerWidth);
      // The search and batching tables above it fit too.
      const others: string[] = [];
      for (const host of ['tsl-serve-slo', 'tsl-serve-batching']) {
        others.push(...(await page.locator(host).evaluate((el) => [...el.shadowRoot!.querySelectorAll('.box')].filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => `${b.querySelector('table')?.getAttribute('data-table')}: ${b.scrollWidth} in ${b.clientWidth} px`))));
      }
      expect(others, `tables scrolling sideways at ${width} px`).toEqual([]);
      await page.locator('tsl-serve-scale section').nth(2).screenshot({ path: `screenshots/serve-scale-fleet-${width}.png` });
      if (width === 1030) {
        await page.locator('tsl-serve-scale section').first().screenshot({ path: 'screenshots/serve-scale-slo-1030.png' });
        await page.locator('tsl-serve-scale section').nth(1).screenshot({ path: 'screenshots/serve-scale-batching-1030.png' });
      }
    }
    expect(await stackedLabelMismatches(page), 'stacked labels that do not name their columns').toEqual([]);
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    await page.setViewportSize({ width: 1400, height: 1000 });
  });

  it('keeps them in the Ledger and the report', async () => {
    await page.locator('#tab-ledger').click();
    await expect.poll(() => page.locator('tsl-ledger-fleet table').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    // Only the shown view is in the page: the Ledger's copies of the tables are checked here.
    expect(await stackedLabelMismatches(page), 'stacked labels that do not name their columns').toEqual([]);
    expect(await howLegendMismatches(page), 'headings whose how the legend does not list').toEqual([]);
    const report = await page.evaluate(() => window.trainServeLab.ledger.report() as unknown as { slo?: unknown[]; batching?: unknown[]; fleet?: unknown[] });
    expect(report.slo!.length).toBeGreaterThanOrEqual(3);
    expect(report.batching).toHaveLength(1);
    expect(report.fleet).toHaveLength(1);
    // Its tables fit the Ledger's column, stacking their rows where they must.
    for (const width of [1030, 1400]) {
      await page.setViewportSize({ width, height: 1000 });
      await page.waitForTimeout(200);
      const wide = await page.locator('tsl-ledger-fleet').evaluate((el) => [...el.shadowRoot!.querySelectorAll('.box')].filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => `${b.querySelector('table')?.getAttribute('data-table')}: ${b.scrollWidth} in ${b.clientWidth} px`));
      expect(wide, `Ledger tables scrolling sideways at ${width} px`).toEqual([]);
      await page.locator('tsl-ledger-fleet').screenshot({ path: `screenshots/serve-scale-ledger-${width}.png` });
    }
    await page.locator('tsl-ledger-fleet').screenshot({ path: 'screenshots/serve-scale-ledger.png' });
    expect(app.errors).toEqual([]);
  });
});
