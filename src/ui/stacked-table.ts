// A wide table that turns into stacked rows when its box is narrower than the table needs (a
// projector in lecture mode, where every rem is 31 px): each row becomes a block whose cells wrap
// onto lines, each cell under its column's name (its data-label), so nothing scrolls sideways.
// The DOM stays one <table> with its header row (visually hidden), for screen readers and tests.
import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Styles for `<div class="fit"><table class="stack">…</table></div>`: stacked below `belowRem`
 * (in rem, so the switch follows the type size: in lecture mode it comes at a wider box).
 * Cells name their column with `data-label`; a row header (`th[scope=row]`) or a `td.whole` takes
 * a whole line (with class `name`, in bold: the row's name heading its block); `--tsl-stack-cell` sets the narrowest cell (7rem by default). `table` narrows the
 * rule to some tables (e.g. `table.stack.cols-5`), for a table whose width grows with its columns:
 * one call per column count, each with the width that many columns need.
 */
export function stackedTableStyles(belowRem: number, table = 'table.stack'): CSSResult {
  const width = unsafeCSS(`${belowRem}rem`);
  const t = unsafeCSS(table);
  return css`
    .fit { container-type: inline-size; min-width: 0; }
    @container (max-width: ${width}) {
      ${t}, ${t} > tbody, ${t} > tbody > tr { display: block; width: 100%; }
      ${t} > caption { display: block; }
      ${t} > thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      /* One grid per row with the same tracks, so the same column lines up from row to row. */
      ${t} > tbody > tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--tsl-stack-cell, 7rem), 1fr)); gap: 0.25rem var(--tsl-stack-gap, 0.9rem); padding: 0.45rem 0.3rem; border-bottom: 1px solid var(--tsl-border, #ccd); box-sizing: border-box; }
      ${t} > tbody > tr > th, ${t} > tbody > tr > td { display: block; border: none; padding: 0; text-align: left; background: none; white-space: normal; min-width: 0; max-width: none; width: auto; overflow-wrap: break-word; }
      ${t} > tbody > tr > th[scope='row'], ${t} > tbody > tr > td.whole { grid-column: 1 / -1; }
      /* A cell with nothing in it (no button to offer, say) shows no label over nothing, but keeps its
         track, so the cells after it stay under their columns from row to row; a row's last cell, or
         a whole-line one, has none after it and takes no room at all. */
      ${t} > tbody > tr > td:empty { visibility: hidden; }
      ${t} > tbody > tr > td:empty:last-child, ${t} > tbody > tr > td.whole:empty { display: none; }
      /* A row's name heading its stacked block; in table mode it stays as the component styles it. */
      ${t} > tbody > tr > td.whole.name { font-weight: 600; }
      /* The column's name above each value; "/ ''" keeps it out of what a screen reader reads (the header row says it). */
      ${t} > tbody > tr > td[data-label]::before { content: attr(data-label) / ''; display: block; font-size: 0.72rem; font-weight: 600; color: #444; overflow-wrap: normal; }
    }
  `;
}
