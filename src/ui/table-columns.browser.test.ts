// A column list in real Chromium: the headings carry each column's how as a tooltip, the cells
// name their column, and the legend under the table lists every column that says how, by the
// label a stacked cell shows, closed until opened, and is left out when no column says how.
import { html, render } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { cells, headings, howLegend, type TableColumn } from './table-columns.ts';

interface Row { readonly ms: number; readonly n: number }

const COLUMNS: TableColumn<Row>[] = [
  { name: 'p50', note: 'n = 24', how: 'Measured: the median of the queries', cell: (r) => `${r.ms} ms` },
  { name: 'queries', cell: (r) => r.n },
  { name: 'per query', how: 'Derived: p50 ÷ 1 view', col: 'ratio', cell: (r) => `${r.ms / 2}×` },
];

function table(columns: TableColumn<Row>[]): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  render(html`<table><thead><tr>${headings(columns)}</tr></thead><tbody><tr>${cells(columns, { ms: 4, n: 24 })}</tr></tbody></table>${howLegend(columns)}`, host);
  return host;
}

afterEach(() => document.body.replaceChildren());

describe('a column list', () => {
  it('heads each column with its name and note, its how as the tooltip, and labels each cell the same', () => {
    const host = table(COLUMNS);
    const ths = [...host.querySelectorAll('th')];
    expect(ths.map((th) => th.textContent!.replace(/\s+/g, ' ').trim())).toEqual(['p50 n = 24', 'queries', 'per query']);
    expect(ths.map((th) => th.getAttribute('title'))).toEqual(['Measured: the median of the queries', null, 'Derived: p50 ÷ 1 view']);
    const tds = [...host.querySelectorAll('td')];
    expect(tds.map((td) => td.dataset.label)).toEqual(['p50, n = 24', 'queries', 'per query']);
    expect(tds.map((td) => td.textContent)).toEqual(['4 ms', '24', '2×']);
    expect(tds[2]!.dataset.col).toBe('ratio');
  });

  it('lists under the table, closed, every column that says how, by its stacked label', () => {
    const legend = table(COLUMNS).querySelector('details.how-legend') as HTMLDetailsElement;
    expect(legend.open).toBe(false);
    expect(legend.querySelector('summary')!.textContent).toBe('How these figures are obtained');
    const entries = [...legend.querySelectorAll('dl > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]);
    expect(entries).toEqual([
      ['p50, n = 24', 'Measured: the median of the queries'],
      ['per query', 'Derived: p50 ÷ 1 view'],
    ]);
  });

  it('adds no legend when no column says how', () => {
    const host = table(COLUMNS.filter((c) => !c.how));
    expect(host.querySelectorAll('th')).toHaveLength(1);
    expect(host.querySelector('details')).toBeNull();
  });
});
