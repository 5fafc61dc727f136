// Shared plumbing for the end-to-end tests: one Chromium page on the built app, page errors
// collected, form fields set the way a person would, a check that a chart drew something, and
// checks that a table fits its box and that its stacked labels name its columns.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium } from './launch.ts';

export interface AppPage {
  readonly page: Page;
  /** Uncaught errors the page threw so far. */
  readonly errors: string[];
}

/** Opens the app in a fresh browser before the file's tests and closes it after them. */
export function useAppPage(): AppPage {
  let browser: Browser | undefined;
  const handle = { page: undefined as unknown as Page, errors: [] as string[] };
  beforeAll(async () => {
    browser = await launchChromium();
    handle.page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    handle.page.on('pageerror', (err) => handle.errors.push(err.message));
    await handle.page.goto(inject('appUrl'), { waitUntil: 'commit' });
    mkdirSync('screenshots', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return handle;
}

/** Types into (or picks from) the named field of a form element and commits it with `change`. */
export async function setField(page: Page, form: string, name: string, value: string): Promise<void> {
  const input = page.locator(`${form} [name="${name}"]`);
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
  else await input.fill(value);
  await input.dispatchEvent('change');
}

/** Non-transparent pixels on a chart element's canvas: > 0 once Chart.js drew something. */
export function inked(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate(async (el) => {
    // A chart redraws on a later animation frame; its updateComplete waits for that.
    await (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
}

/** How many px a component's box scrolls sideways (its content's width past its own); at most 1 fits. */
export function sidewaysPx(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((host) => host.scrollWidth - host.clientWidth);
}

/**
 * Every cell of a stacking table (table.stack, through shadow roots; body and footer rows) whose
 * data-label does not name its column (colspans counted): the label must be the column's heading,
 * note and all (commas and line breaks aside). A row's name (a row header, or a whole-line cell
 * without a label) and an empty cell (one CSS's :empty hides) need none; a cell across several
 * columns (a figure every choice shares, a retraining's row) has no one column to name.
 */
export function stackedLabelMismatches(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const norm = (t: string) => t.replace(/,/g, '').replace(/\s+/g, ' ').trim();
    const text = (el: Element) => {
      const copy = el.cloneNode(true) as Element;
      for (const br of copy.querySelectorAll('br')) br.replaceWith(' ');
      return norm(copy.textContent ?? '');
    };
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
      for (const table of root.querySelectorAll('table.stack')) {
        const host = (table.getRootNode() as ShadowRoot).host?.localName ?? 'document';
        const which = `${host} ${table.getAttribute('data-table') ?? table.className}`;
        const heads: string[] = [];
        for (const th of table.querySelectorAll(':scope > thead > tr:last-child > th')) for (let i = 0; i < (th as HTMLTableCellElement).colSpan; i++) heads.push(text(th));
        for (const row of table.querySelectorAll(':scope > tbody > tr, :scope > tfoot > tr')) {
          let col = 0;
          for (const cell of row.children) {
            const span = (cell as HTMLTableCellElement).colSpan;
            const label = cell.getAttribute('data-label');
            const exempt = span > 1 || cell.matches(':empty') || (label === null && cell.matches('td.whole, th[scope="row"]'));
            if (!exempt && (label === null || norm(label) !== heads[col])) out.push(`${which}: column ${col} is "${heads[col] ?? '(none)'}", its cell says ${label === null ? 'nothing' : `"${label}"`}`);
            col += span;
          }
        }
      }
    };
    visit(document);
    return [...new Set(out)];
  });
}

/**
 * Every table (through shadow roots) whose shown headings say how their figure is obtained (a
 * tooltip on a column heading or on a row name) while the "How these figures are obtained" legend
 * under the table does not list it with the same text, and every legend entry no shown heading
 * says. A legend's name may carry more than the heading (its group, its note): it must contain it.
 */
export function howLegendMismatches(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const norm = (t: string | null) => (t ?? '').replace(/,/g, '').replace(/\s+/g, ' ').trim();
    const legendOf = (table: Element) => {
      let n: Element | null = table;
      for (let i = 0; i < 3 && n; i++, n = n.parentElement) if (n.nextElementSibling?.matches('details.how-legend')) return n.nextElementSibling;
      return null;
    };
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
      for (const table of root.querySelectorAll('table')) {
        const host = (table.getRootNode() as ShadowRoot).host?.localName ?? 'document';
        const which = `${host} ${table.getAttribute('data-table') ?? table.className}`;
        const told = [...table.querySelectorAll(':scope > thead th[title], :scope > thead th abbr[title], :scope > tbody > tr > th[scope="row"] > abbr[title]')]
          // A heading not rendered (a column lecture mode hides, a table in a closed details) says nothing.
          .filter((el) => el.closest('th')!.getClientRects().length > 0)
          .map((el) => ({ name: norm(el.textContent), how: el.getAttribute('title') ?? '' }));
        if (told.length === 0) continue;
        const legend = legendOf(table);
        if (!legend) { out.push(`${which}: headings say how, no legend under the table`); continue; }
        const listed = [...legend.querySelectorAll('dl > div')].map((d) => ({ name: norm(d.querySelector('dt')!.textContent), how: d.querySelector('dd')!.textContent ?? '' }));
        for (const t of told) if (!listed.some((l) => l.how === t.how && l.name.includes(t.name))) out.push(`${which}: "${t.name}" says how, the legend does not list it so`);
        for (const l of listed) if (!told.some((t) => t.how === l.how && l.name.includes(t.name))) out.push(`${which}: the legend lists "${l.name}", no heading shown says it`);
      }
    };
    visit(document);
    return [...new Set(out)];
  });
}

/** Trains a tiny wasm model through the Train view (64 images, one epoch), for views that need one. */
export async function trainTinyModel(page: Page): Promise<void> {
  const { expect } = await import('vitest');
  await page.locator('#tab-train').click();
  await setField(page, 'tsl-train-settings', 'backend', 'wasm');
  await setField(page, 'tsl-train-settings', 'trainSize', '64');
  await setField(page, 'tsl-train-settings', 'epochs', '1');
  await expect.poll(() => page.locator('tsl-train-view .status').first().textContent(), { timeout: 60_000 }).toContain('Dataset');
  await page.locator('button[data-action="start"]').click();
  await expect.poll(() => page.locator('tsl-train-view [role="status"]').textContent(), { timeout: 300_000, interval: 500 }).toContain('completed');
}
