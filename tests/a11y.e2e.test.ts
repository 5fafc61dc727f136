// End to end: accessibility of every view of the built app. axe-core (from node_modules) runs on
// each tab once a model is trained, in normal and lecture mode, and must find no moderate, serious or critical violation; the keyboard
// reaches the controls with a visible focus ring; every chart has a text alternative.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { VIEW_IDS } from '../src/state/lab-state.ts';
import { setField, trainTinyModel, useAppPage } from './e2e-page.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const app = useAppPage();
let page: Page;
beforeAll(() => {
  page = app.page;
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Violations of impact moderate and above (e.g. "region": content outside every landmark). */
async function violations(): Promise<Violation[]> {
  // Evaluated rather than added as a <script>: the app's CSP refuses inline scripts, devtools' evaluate is exempt.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(readFileSync(axePath, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
}

/** The element that has focus, looking inside shadow roots, with its outline. */
function focused() {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return { tag: el.tagName.toLowerCase(), text: (el.textContent ?? '').trim().slice(0, 40), outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow };
  });
}

describe('accessibility', () => {
  it('every view has no moderate, serious or critical axe violation (with a trained model)', async () => {
    await trainTinyModel(page);
    // The Serve view with results in it (tables, charts, figures), not only its empty state.
    await page.locator('#tab-serve').click();
    await setField(page, 'tsl-serve-deploy', 'queries', '100');
    await page.locator('[data-action="deploy"]').click();
    await expect.poll(() => page.locator('[data-serve-progress]').count()).toBe(1);
    await expect.poll(() => page.locator('[data-serve-progress]').count(), { timeout: 300_000 }).toBe(0);
    const found: Record<string, Violation[]> = {};
    for (const view of VIEW_IDS) {
      await page.locator(`#tab-${view}`).click();
      await expect.poll(() => page.locator(`#tab-${view}`).getAttribute('aria-selected')).toBe('true');
      await page.waitForTimeout(500);
      const v = await violations();
      if (v.length > 0) found[view] = v;
    }
    // Lecture mode re-lays every view out in large type: checked the same way.
    await page.locator('#tab-train').click();
    await page.evaluate(() => window.trainServeLab.store.set({ lecture: true }));
    for (const view of VIEW_IDS) {
      await page.locator(`#tab-${view}`).click();
      await expect.poll(() => page.locator(`#tab-${view}`).getAttribute('aria-selected')).toBe('true');
      await page.waitForTimeout(500);
      const v = await violations();
      if (v.length > 0) found[`lecture ${view}`] = v;
    }
    await page.evaluate(() => window.trainServeLab.store.set({ lecture: false }));
    expect(found).toEqual({});
  });

  it('the keyboard reaches the tabs and the Train controls, each with a visible focus ring', async () => {
    await page.locator('#tab-train').click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('#tab-data').focus();
    const seen: string[] = [];
    const unringed: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (!f) continue;
      seen.push(`${f.tag}:${f.text}`);
      const visible = (!f.outline.startsWith('none') && !f.outline.endsWith(' 0px')) || (f.shadow !== 'none' && f.shadow !== '');
      if (!visible) unringed.push(`${f.tag} "${f.text}" (${f.outline})`);
    }
    expect(seen.some((s) => s.startsWith('button:Models'))).toBe(true);
    expect(seen.some((s) => s.startsWith('select') || s.startsWith('input'))).toBe(true);
    expect(seen.some((s) => s.startsWith('button:Start training'))).toBe(true);
    expect(unringed).toEqual([]);
  });

  it('the tabs switch views from the keyboard', async () => {
    await page.locator('#tab-models').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#tab-models').getAttribute('aria-selected')).toBe('true');
    await page.locator('#tab-train').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#tab-train').getAttribute('aria-selected')).toBe('true');
  });

  it('every chart has a text alternative', async () => {
    for (const view of ['train', 'models'] as const) {
      await page.locator(`#tab-${view}`).click();
      const labels = await page.locator('tsl-chart').evaluateAll((charts) => charts.map((c) => c.shadowRoot?.querySelector('canvas')?.getAttribute('aria-label') ?? ''));
      for (const label of labels) expect(label.length, view).toBeGreaterThan(10);
    }
  });
});
