// fast-check edits to a JSON document, for the property tests of the file readers (run reports,
// model.json): delete, replace, empty, duplicate, rename, negate or stringify any value in it; and
// a check that a field a refusal names is there in the document.
import fc from 'fast-check';
import { expect } from 'vitest';

export type Key = string | number;

/** Every path in a JSON document, the root ([]) first. */
export function pathsOf(value: unknown, at: Key[] = [], out: Key[][] = []): Key[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

/** One edit a person (or a broken tool) might make to a report file. */
export interface Edit {
  pick: number;
  kind: 'delete' | 'replace' | 'empty' | 'duplicate' | 'rename' | 'negate' | 'stringify';
  value: unknown;
}

export const edit: fc.Arbitrary<Edit> = fc.record({
  pick: fc.nat(),
  kind: fc.constantFrom('delete', 'replace', 'replace', 'empty', 'duplicate', 'rename', 'negate', 'stringify'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, 0, -1, '', 'lots', [], {}, true, 'NaN')),
});

/** Applies edits in order to a copy of the document; an edit picks one of the document's paths. */
export function applyEdits(doc: unknown, edits: readonly Edit[]): unknown {
  let root: unknown = structuredClone(doc);
  for (const e of edits) {
    const paths = pathsOf(root);
    const path = paths[e.pick % paths.length]!;
    const value = structuredClone(e.value);
    if (path.length === 0) {
      root = e.kind === 'replace' ? value : e.kind === 'empty' ? {} : root;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<Key, unknown>)[k], root) as Record<Key, unknown> | unknown[];
    const key = path.at(-1)!;
    const current = (parent as Record<Key, unknown>)[key];
    if (Array.isArray(parent) && typeof key === 'number') {
      if (e.kind === 'delete') parent.splice(key, 1);
      else if (e.kind === 'duplicate') parent.splice(key, 0, structuredClone(current));
      else parent[key] = mutated(e, current, value);
    } else {
      const obj = parent as Record<string, unknown>;
      if (e.kind === 'delete') delete obj[key];
      else if (e.kind === 'rename') {
        obj[`${key}_`] = current;
        delete obj[key];
      } else obj[key] = mutated(e, current, value);
    }
  }
  return root;
}

function mutated(e: Edit, current: unknown, value: unknown): unknown {
  if (e.kind === 'empty') return Array.isArray(current) ? [] : typeof current === 'object' && current !== null ? {} : typeof current === 'string' ? '' : 0;
  if (e.kind === 'negate') return typeof current === 'number' ? -current : typeof current === 'boolean' ? !current : null;
  if (e.kind === 'stringify') return JSON.stringify(current) ?? 'undefined';
  if (e.kind === 'duplicate' || e.kind === 'rename') return current;
  return value;
}

/** One step of a field path: `.name`, `[3]`, or `["any key"]` (JSON-quoted). */
const STEP = String.raw`\.[A-Za-z_]\w*|\[\d+\]|\["(?:[^"\\]|\\.)*"\]`;
const FIELD = new RegExp(String.raw`^[A-Za-z_]\w*(?:${STEP})*`);

/** The document a field path in a message points into: 'runs[0].serve[1].counts["a.b"]' -> ['runs', 0, 'serve', 1, 'counts', 'a.b']. */
export function parsePath(text: string): Key[] {
  const path = text.replace(/^report\./, '');
  const head = /^[A-Za-z_]\w*/.exec(path)![0];
  const steps = [...path.slice(head.length).matchAll(new RegExp(STEP, 'g'))].map(([step]) =>
    step.startsWith('.') ? step.slice(1) : step.startsWith('["') ? (JSON.parse(step.slice(1, -1)) as string) : Number(step.slice(1, -1)));
  return [head, ...steps];
}

/** Whether the object or list holding the field a message names exists in the document. */
export function parentExists(doc: unknown, path: readonly Key[]): boolean {
  let at: unknown = doc;
  for (const k of path.slice(0, -1)) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<Key, unknown>)[k];
  }
  return at !== null && typeof at === 'object';
}

const REFUSALS = [' is not JSON (', ' is JSON but not a Train & Serve Lab run report', ' is a run report of schema version ', ' does not match the run report schema: ', ' nests its JSON '];
const SCHEMA = ' does not match the run report schema: ';

/** A report refusal names the file (`name`) and the kind of problem; a schema problem names a field whose parent is in the file. */
export function expectNamedRefusal(message: string, text: string, name: string): void {
  expect(message.startsWith(`${name} `)).toBe(true);
  expect(REFUSALS.some((r) => message.includes(r))).toBe(true);
  if (!message.includes(SCHEMA)) return;
  const field = FIELD.exec(message.slice(message.indexOf(SCHEMA) + SCHEMA.length))?.[0];
  expect(field, message).toBeDefined();
  expect(parentExists(JSON.parse(text), parsePath(field!)), message).toBe(true);
}
