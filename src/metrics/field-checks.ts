// Checking one field of a file read back (a report, its models, its records): each check names the
// field that does not match, by its path in the file, and what it held instead.

export type Json = Record<string, unknown>;

export const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

export const describe = (x: unknown): string => (x === undefined ? 'nothing' : Array.isArray(x) ? 'a list' : typeof x === 'string' ? `"${x.slice(0, 40)}"` : JSON.stringify(x)?.slice(0, 40) ?? typeof x);

/** A field that does not match the schema; the message names it. */
export class SchemaError extends Error {}

/**
 * A number field. JSON has no NaN: a figure that was not measured (NaN in the app) is written as
 * null, so null reads back as NaN.
 */
export function num(obj: Json, key: string, path: string, optional = false): void {
  const v = obj[key];
  if (v === null || (optional && v === undefined)) {
    if (v === null) obj[key] = Number.NaN;
    return;
  }
  if (typeof v !== 'number') throw new SchemaError(`${fieldPath(path, key)} must be a number, got ${describe(v)}.`);
}

/**
 * A field's path in a message: `path.key`, or `path["a.b"]` for a key that is not a plain name (a
 * file's own keys, such as a dataset's count names, can hold dots or spaces), so the path read back
 * leads to that field and no other.
 */
export function fieldPath(path: string, key: string): string {
  return /^[A-Za-z_]\w*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function list(obj: Json, key: string, path: string): Json[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw new SchemaError(`${fieldPath(path, key)} must be a list, got ${describe(v)}.`);
  v.forEach((item, i) => {
    if (!isObject(item)) throw new SchemaError(`${fieldPath(path, key)}[${i}] must be an object, got ${describe(item)}.`);
  });
  return v as Json[];
}

export function text(obj: Json, key: string, path: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw new SchemaError(`${fieldPath(path, key)} must be text, got ${describe(v)}.`);
  return v;
}

export function bool(obj: Json, key: string, path: string): void {
  if (typeof obj[key] !== 'boolean') throw new SchemaError(`${fieldPath(path, key)} must be true or false, got ${describe(obj[key])}.`);
}

export function object(obj: Json, key: string, path: string): Json {
  const v = obj[key];
  if (!isObject(v)) throw new SchemaError(`${fieldPath(path, key)} must be an object, got ${describe(v)}.`);
  return v;
}

export function oneOf(obj: Json, key: string, path: string, allowed: readonly string[]): void {
  if (!allowed.includes(obj[key] as string)) throw new SchemaError(`${fieldPath(path, key)} must be one of ${allowed.map((a) => `"${a}"`).join(', ')}, got ${describe(obj[key])}.`);
}

/** A number that may be null on purpose (never measured, none found). */
export function numOrNull(obj: Json, key: string, path: string): void {
  if (obj[key] !== null && typeof obj[key] !== 'number') throw new SchemaError(`${fieldPath(path, key)} must be a number or null, got ${describe(obj[key])}.`);
}
