// A wide table that turns into stacked rows when its box is narrower than the table needs (a
// projector in lecture mode, where every rem is 31 px): each row becomes a block whose cells wrap
// onto lines, each cell under its column's name (its data-label), so nothing scrolls sideways.
// The DOM stays one <table> with its header row (visually hidden), for screen readers and tests.
import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Styles for `<div class="fit"><table class="stack">…</table></div>`: stacked below `belowRem`
 * (in rem, so the switch follows the type size: in lecture mode it comes at a wider box).
 * Cells name their column with `data-label`; a row header (`th[scope=row]`) or a `td.whole` takes
 * a whole line; `--tsl-stack-cell` sets the narrowest cell (7rem by default).
 */
export function stackedTableStyles(belowRem: number): CSSResult {
  const width = unsafeCSS(`${belowRem}rem`);
  return css`
    .fit { container-type: inline-size; min-width: 0; }
    @container (max-width: ${width}) {
      table.stack, table.stack > tbody, table.stack > tbody > tr { display: block; width: 100%; }
      table.stack > caption { display: block; }
      table.stack > thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
      /* One grid per row with the same tracks, so the same column lines up from row to row. */
      table.stack > tbody > tr { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--tsl-stack-cell, 7rem), 1fr)); gap: 0.25rem var(--tsl-stack-gap, 0.9rem); padding: 0.45rem 0.3rem; border-bottom: 1px solid var(--tsl-border, #ccd); box-sizing: border-box; }
      table.stack > tbody > tr > th, table.stack > tbody > tr > td { display: block; border: none; padding: 0; text-align: left; background: none; white-space: normal; min-width: 0; max-width: none; width: auto; overflow-wrap: break-word; }
      table.stack > tbody > tr > th[scope='row'], table.stack > tbody > tr > td.whole { grid-column: 1 / -1; }
      /* The column's name above each value; "/ ''" keeps it out of what a screen reader reads (the header row says it). */
      table.stack > tbody > tr > td[data-label]::before { content: attr(data-label) / ''; display: block; font-size: 0.72rem; font-weight: 600; color: #444; overflow-wrap: normal; }
    }
  `;
}
