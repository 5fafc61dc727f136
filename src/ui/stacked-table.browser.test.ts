// A stacked table in real Chromium: each row becomes a grid of labelled cells, and a cell that comes
// out empty keeps its track when others follow it, so the same column lines up from row to row; a
// row's last empty cell takes no room.
import { html, render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { stackedTableStyles } from './stacked-table.ts';

/** A table always stacked (its threshold far wider than any box), in a shadow root with the styles. */
function stacked(rows: readonly (readonly string[])[]): ShadowRoot {
  const host = document.createElement('div');
  host.style.width = '40rem';
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  root.adoptedStyleSheets = [stackedTableStyles(100_000).styleSheet!];
  const names = ['a', 'b', 'c', 'd'];
  render(html`<div class="fit"><table class="stack" style="--tsl-stack-cell: 8rem">
    <thead><tr>${names.map((n) => html`<th>${n}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr>${r.map((text, i) => html`<td data-label=${names[i]!}>${text}</td>`)}</tr>`)}</tbody>
  </table></div>`, root);
  return root;
}

afterEach(() => document.body.replaceChildren());

describe('a stacked table', () => {
  it('keeps an empty cell in the middle of a row in its track, so the cells after it stay under their columns', () => {
    const root = stacked([['1', '2', '3', '4'], ['1', '', '3', '4']]);
    const [full, gap] = [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getBoundingClientRect()));
    expect(full!.map((r) => Math.round(r.left))).toEqual(gap!.map((r) => Math.round(r.left)));
    const empty = root.querySelectorAll('tbody tr')[1]!.querySelectorAll('td')[1]!;
    // Its label is not shown over nothing.
    expect(getComputedStyle(empty).visibility).toBe('hidden');
  });

  it("gives a row's empty last cell no room", () => {
    const root = stacked([['1', '2', '3', '']]);
    const last = root.querySelector('tbody tr td:last-child')!;
    expect(last.getClientRects()).toHaveLength(0);
    expect(root.querySelectorAll('tbody td')[2]!.getClientRects()).toHaveLength(1);
  });
});
