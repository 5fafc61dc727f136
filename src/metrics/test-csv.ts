// Reading the app's CSV exports back in tests: RFC 4180 records, quoted fields holding commas
// or doubled quotes. A test-side reader; the app only writes CSV (csv.ts).

/** The records of a CSV text, header first, blank lines dropped. */
export function parseCsv(text: string): string[][] {
  return text.split('\r\n').filter(Boolean).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
}

/** The CSV's records as objects keyed by its header. */
export function csvRecords(text: string): Record<string, string>[] {
  const [head = [], ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(head.map((h, i) => [h, row[i] ?? ''])));
}
