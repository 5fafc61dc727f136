// A table's columns said once: each column's name heads it and, when the rows stack
// (stacked-table.ts), labels each of its cells, so the two cannot drift apart; how its figure is
// obtained is the heading's tooltip, beside the name rather than somewhere in the markup.
import { html, nothing, type TemplateResult } from 'lit';
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
