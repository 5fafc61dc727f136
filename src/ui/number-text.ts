// A form field's text read as a number. A blank or text that is no number is refused by name and
// quoted, before it could reach a lab as 0 (Number('') is 0) or NaN.
export type NumberRead = { ok: true; value: number } | { ok: false; message: string };

export function readNumber(label: string, raw: string): NumberRead {
  const text = raw.trim();
  const value = text === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? { ok: false, message: `${label}: "${text}" is not a number; the last value stays.` } : { ok: true, value };
}
