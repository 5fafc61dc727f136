// A table's columns said once: each column's name heads it and, when the rows stack
// (stacked-table.ts), labels each of its cells, so the two cannot drift apart; how its figure is
// obtained is the heading's tooltip, beside the name rather than somewhere in the markup, and is
// listed again under the table (howLegend), where a touch screen, a keyboard and stacked rows reach it.
import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

export interface TableColumn<R> {
  /** The heading, and each cell's data-label. */
  readonly name: string;
  /** How the figure is obtained: the heading's tooltip. */
  readonly how?: string;
  /** A note after the name (the count behind a figure, say): in the heading as `span.note`, in the stacked label after a comma. */
  readonly note?: string;
  /** Class of the heading and of every cell (e.g. `num` for right-aligned figures); `cellClass` for the cells alone. */
  readonly cls?: string;
  /** A class the cells take, from their row (e.g. `unmeasured`), besides `cls`; the heading does not. */
  readonly cellClass?: (row: R) => string;
  /** The cell's data-col, where tests and exports find a figure. */
  readonly col?: string;
  /** What a row shows in this column. */
  readonly cell: (row: R) => unknown;
}

type Named = Pick<TableColumn<unknown>, 'name' | 'note'>;
type Told = Named & Pick<TableColumn<unknown>, 'how'>;

function noteOf(c: Named) {
  return c.note ? html` <span class="note">${c.note}</span>` : nothing;
}

/** What a stacked cell shows above its value: the column's name, and its note after a comma (for a hand-written cell, a total say, under a listed column). */
export function labelOf(c: Named): string {
  return c.note ? `${c.name}, ${c.note}` : c.name;
}

/**
 * The header cells of `columns`, in order. A column's `how` is the heading's tooltip, on the whole
 * cell or (`howOn: 'abbr'`) on its name, dotted-underlined as the tables beside it mark theirs.
 */
export function headings<R>(columns: readonly TableColumn<R>[], howOn: 'cell' | 'abbr' = 'cell'): TemplateResult[] {
  return columns.map((c) => howOn === 'abbr' && c.how
    ? html`<th scope="col" class=${ifDefined(c.cls)}><abbr title=${c.how}>${c.name}</abbr>${noteOf(c)}</th>`
    : html`<th scope="col" class=${ifDefined(c.cls)} title=${ifDefined(c.how)}>${c.name}${noteOf(c)}</th>`);
}

function classOf<R>(c: TableColumn<R>, row: R): string | undefined {
  const both = [c.cls, c.cellClass?.(row)].filter(Boolean).join(' ');
  return both === '' ? undefined : both;
}

/**
 * One row's cells of `columns`, in order, each labelled with its column's name. With `howOnCells`
 * each cell carries its column's `how` as well, for a table whose every figure says how it was
 * obtained even when its rows stack and the headings are hidden; elsewhere a screen reader would
 * hear the same long text on every cell.
 */
export function cells<R>(columns: readonly TableColumn<R>[], row: R, howOnCells = false): TemplateResult[] {
  return columns.map((c) => html`<td class=${ifDefined(classOf(c, row))} data-col=${ifDefined(c.col)} data-label=${labelOf(c)} title=${ifDefined(howOnCells ? c.how : undefined)}>${c.cell(row)}</td>`);
}

/**
 * A closed "How these figures are obtained" under a table: each column (or row) that says how its
 * figure is obtained, by its label, with that text. The headings' tooltips need a mouse, and when
 * the rows stack the headings are hidden; this reaches every reader. Nothing when none says how.
 */
export function howLegend(told: readonly Told[]): TemplateResult | typeof nothing {
  const listed = told.filter((c) => c.how);
  if (listed.length === 0) return nothing;
  return html`<details class="how-legend">
    <summary>How these figures are obtained</summary>
    <dl>${listed.map((c) => html`<div><dt>${labelOf(c)}</dt><dd>${c.how}</dd></div>`)}</dl>
  </details>`;
}

/** Styles for howLegend: small and quiet under the table, one line per figure when opened. */
export const howLegendStyles = css`
  details.how-legend { margin: 0.3rem 0 0.5rem; font-size: 0.85rem; color: #333; }
  details.how-legend > summary { cursor: pointer; font-weight: 600; color: #444; }
  details.how-legend > summary:focus-visible { outline: 3px solid var(--tsl-focus, #ffbf47); outline-offset: 2px; }
  details.how-legend dl { margin: 0.3rem 0 0; }
  details.how-legend dl > div { margin: 0 0 0.25rem; }
  details.how-legend dt { display: inline; font-weight: 600; }
  details.how-legend dt::after { content: ': '; }
  details.how-legend dd { display: inline; margin: 0; }
`;
