// Unit tests for RFC 4180 CSV export.
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.ts';

describe('toCsv', () => {
  it('writes a header and one CRLF-terminated line per row', () => {
    const csv = toCsv([
      { epoch: 1, loss: 0.5, acc: 0.75 },
      { epoch: 2, loss: 0.25, acc: 0.875 },
    ]);
    expect(csv).toBe('epoch,loss,acc\r\n1,0.5,0.75\r\n2,0.25,0.875\r\n');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('plain text')).toBe('plain text');
    expect(toCsv([{ 'name, full': 'Ada "the" Count' }])).toBe('"name, full"\r\n"Ada ""the"" Count"\r\n');
  });

  it('uses the given columns, in that order, leaving missing values empty', () => {
    const rows = [{ a: 1, b: 2, c: 3 }, { a: 4 }];
    expect(toCsv(rows, ['c', 'a'])).toBe('c,a\r\n3,1\r\n,4\r\n');
    expect(toCsv(rows, ['a', 'zzz'])).toBe('a,zzz\r\n1,\r\n4,\r\n');
  });

  it('takes the union of keys in order of first appearance by default', () => {
    expect(toCsv([{ a: 1 }, { b: 2, a: 3 }])).toBe('a,b\r\n1,\r\n3,2\r\n');
  });

  it('renders null, undefined, booleans, dates and nested objects', () => {
    const csv = toCsv([
      { n: null, u: undefined, t: true, d: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), h: { Conv2D: 3, Relu: 2 }, x: Number.NaN },
    ]);
    expect(csv).toBe('n,u,t,d,h,x\r\n,,true,2024-01-02T03:04:05.000Z,"{""Conv2D"":3,""Relu"":2}",NaN\r\n');
  });

  it('round-trips through a minimal RFC 4180 parser', () => {
    const rows = [{ s: 'a,"b"\r\nc', n: -1.5 }, { s: '', n: 0 }];
    const parsed = parseCsv(toCsv(rows));
    expect(parsed).toEqual([['s', 'n'], ['a,"b"\r\nc', '-1.5'], ['', '0']]);
  });

  it('gives an empty string without columns, and only a header without rows', () => {
    expect(toCsv([])).toBe('');
    expect(toCsv([], ['a', 'b'])).toBe('a,b\r\n');
  });
});

/** A reference parser written from the RFC's grammar, independent of toCsv. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; }
        else if (text[i] === '"') { i++; break; }
        else field += text[i++];
      }
    } else if (text[i] === ',') { record.push(field); field = ''; i++; }
    else if (text.startsWith('\r\n', i)) { record.push(field); records.push(record); field = ''; record = []; i += 2; }
    else field += text[i++];
  }
  return records;
}
