// The rules for a person's own dataset: a folder holding one subfolder per class (the subfolder
// name is the label), 2 to 10 classes, and at least a chosen number of images per class.
// Pure functions on paths and counts, so the page, the bench and the tests share them.

export const MIN_CLASSES = 2;
export const MAX_CLASSES = 10;
/** Default smallest class: with 70/15/15 splits, 10 images leave at least one per split. */
export const DEFAULT_MIN_PER_CLASS = 10;
export const MAX_CLASS_NAME_LENGTH = 40;

/** What happened to a file or class that did not make it in, for the summary. */
export interface SkipNote {
  /** The file's path or the class name. */
  subject: string;
  /** Why, as a sentence fragment: "a text file, not an image". */
  reason: string;
  action: 'skipped' | 'refused' | 'downsized' | 'kept';
}

export interface PlacedFile {
  /** Index into the input list. */
  index: number;
  className: string;
}

/** Splits a path on / or \ and drops empty parts (leading ./, doubled slashes). */
export function pathParts(path: string): string[] {
  return path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
}

/** Hidden files and folders (".DS_Store", ".git/") and macOS zip leftovers ("__MACOSX"). */
function isSystemPart(part: string): boolean {
  return part.startsWith('.') || part === '__MACOSX' || part.toLowerCase() === 'thumbs.db' || part.toLowerCase() === 'desktop.ini';
}

const spaced = (name: string): string => name.trim().replace(/\s+/g, ' ');

/**
 * Assigns each file to a class by its folder. When every path starts with the same folder and
 * goes deeper than that (a dropped "pets/cat/1.jpg"), that shared root is the dataset, not a
 * class. The first folder below the root is the label; deeper folders belong to it. Files at
 * the root, in a folder named only by spaces, and system files are skipped with a note.
 * `merged` has a note (action "kept", subject the class) for each class that two differently
 * named folders fell into, because their names are the same once shortened.
 */
export function placeByFolder(paths: readonly string[]): { placed: PlacedFile[]; skipped: SkipNote[]; merged: SkipNote[]; root: string | null } {
  const parts = paths.map(pathParts);
  const firsts = new Set(parts.map((p) => p[0]));
  const root = parts.length > 0 && firsts.size === 1 && parts.every((p) => p.length >= 2) && parts.some((p) => p.length >= 3) ? parts[0]![0]! : null;
  const placed: PlacedFile[] = [];
  const skipped: SkipNote[] = [];
  const folders = new Map<string, Set<string>>();
  parts.forEach((p, index) => {
    const rel = root ? p.slice(1) : p;
    const path = paths[index]!;
    const className = rel.length >= 2 ? cleanClassName(rel[0]!) : '';
    if (rel.some(isSystemPart)) {
      skipped.push({ subject: path, reason: 'a hidden or system file', action: 'skipped' });
    } else if (rel.length < 2) {
      skipped.push({ subject: path, reason: 'not inside a class folder (put each class in its own subfolder)', action: 'skipped' });
    } else if (className === '') {
      skipped.push({ subject: path, reason: 'in a folder whose name is only spaces (a class needs a name)', action: 'skipped' });
    } else {
      placed.push({ index, className });
      folders.set(className, (folders.get(className) ?? new Set()).add(spaced(rel[0]!)));
    }
  });
  const merged: SkipNote[] = [...folders]
    .filter(([, names]) => names.size > 1)
    .map(([className, names]) => ({
      subject: className,
      reason: `the folders ${[...names].map((n) => `"${n}"`).join(' and ')} have the same name once shortened to ${MAX_CLASS_NAME_LENGTH} characters, so their images are one class (rename a folder to keep them apart)`,
      action: 'kept',
    }));
  return { placed, skipped, merged, root };
}

/** Trims and shortens a folder name for use as a label. */
export function cleanClassName(name: string): string {
  const trimmed = spaced(name);
  if (trimmed.length <= MAX_CLASS_NAME_LENGTH) return trimmed;
  // Cut between characters, never inside one: an emoji is two UTF-16 units.
  const cut = trimmed.slice(0, MAX_CLASS_NAME_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut.trimEnd()}…`;
}

/** Why a new class name cannot be added, or null when it can. */
export function classNameProblem(name: string, existing: readonly string[]): string | null {
  const clean = cleanClassName(name);
  if (clean === '') return 'A class needs a name.';
  if (existing.includes(clean)) return `There is already a class named "${clean}".`;
  if (existing.length >= MAX_CLASSES) return `A dataset holds at most ${MAX_CLASSES} classes; remove one before adding "${clean}".`;
  return null;
}

export interface ClassCheck {
  /** Classes that will be used, in the given order. */
  accepted: string[];
  /** Classes left out, with why. */
  refused: SkipNote[];
  /** Set when the dataset cannot be used at all. */
  error: string | null;
}

/**
 * Checks per-class counts against the rules: a class under `minPerClass` is refused (named, with
 * its count); what remains must be 2 to 10 classes.
 */
export function checkClasses(counts: ReadonlyMap<string, number>, minPerClass: number): ClassCheck {
  const accepted: string[] = [];
  const refused: SkipNote[] = [];
  for (const [name, count] of counts) {
    if (count < minPerClass) refused.push({ subject: name, reason: `only ${count} image${count === 1 ? '' : 's'}, fewer than the minimum of ${minPerClass}`, action: 'refused' });
    else accepted.push(name);
  }
  let error: string | null = null;
  if (accepted.length < MIN_CLASSES) {
    const which = accepted.length === 1 ? `only one class ("${accepted[0]}") has that many` : 'no class has that many';
    error = `A dataset needs at least ${MIN_CLASSES} classes with ${minPerClass} or more images each; ${which}${refused.length > 0 ? ` (refused: ${refused.map((r) => `"${r.subject}"`).join(', ')})` : ''}.`;
  } else if (accepted.length > MAX_CLASSES) {
    error = `A dataset holds at most ${MAX_CLASSES} classes; there are ${accepted.length}. Remove some classes.`;
  }
  return { accepted, refused, error };
}
