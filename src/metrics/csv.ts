// CSV export of plain records (RFC 4180): one header line, CRLF line ends, fields quoted only
// when they contain a comma, a double quote, CR or LF, and quotes inside doubled.

/** Field text for one value: empty for null/undefined, ISO 8601 for dates, JSON for objects. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  // Nested records (e.g. kernelHistogram) stay machine-readable as JSON in one cell.
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return String(value);
}

/** RFC 4180 escaping of one field. */
export function csvField(value: unknown): string {
  const text = cellText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as RFC 4180 CSV. `columns` picks and orders the columns; by default they are the keys of
 * all rows in order of first appearance, so a key that only some rows have still gets a column
 * (empty where missing). Every record, the header included, ends with CRLF. No rows and no
 * columns gives an empty string.
 */
export function toCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  let cols: readonly string[];
  if (columns) {
    cols = columns;
  } else {
    const seen = new Set<string>();
    for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
    cols = [...seen];
  }
  if (cols.length === 0) return '';
  const lines = [cols.map(csvField).join(',')];
  for (const row of rows) lines.push(cols.map((c) => csvField(Object.hasOwn(row, c) ? row[c] : undefined)).join(','));
  return lines.map((l) => `${l}\r\n`).join('');
}
