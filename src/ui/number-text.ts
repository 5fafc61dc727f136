// A form field's text read as a number. A blank or text that is no number is refused by name and
// quoted, before it could reach a lab as 0 (Number('') is 0) or NaN.
export type NumberRead = { ok: true; value: number } | { ok: false; message: string };

export function readNumber(label: string, raw: string): NumberRead {
  const text = raw.trim();
  const value = text === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? { ok: false, message: `${label}: "${text}" is not a number; the last value stays.` } : { ok: true, value };
}

/**
 * Reads a form field the same way; a refused text is replaced by `inUse`, so the field shows the
 * value still in use, as the message says.
 */
export function readNumberField(label: string, input: HTMLInputElement, inUse: number): NumberRead {
  const read = readNumber(label, input.value);
  if (!read.ok) input.value = String(inUse);
  return read;
}
