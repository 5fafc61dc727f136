// The folder rules against the space of inputs: any list of paths puts each file in a named class
// or skips it with a reason; class names are clean, short and well-formed text; the class checks
// name every class they refuse and every reason a dataset cannot be used.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClasses, classNameProblem, cleanClassName, MAX_CLASS_NAME_LENGTH, MAX_CLASSES, MIN_CLASSES, pathParts, placeByFolder } from './folder-rules.ts';

const RUNS = 1000;

/** Folder and file names as people and operating systems make them: plain, spaced, hidden, system, long, any Unicode. */
const part = fc.oneof(
  { arbitrary: fc.constantFrom('cat', 'dog', 'Cat', 'pets', 'img 1.jpg', '1.jpg', '.DS_Store', '._1.jpg', '__MACOSX', 'Thumbs.db', 'desktop.ini', '.', '..', ' ', '  cats  ', 'tabby\tcats', '🐱', 'a'.repeat(45)), weight: 3 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 12 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 50 }), weight: 1 },
  // Long names around the length limit that differ only at their end, some in an emoji.
  { arbitrary: fc.tuple(fc.oneof(fc.integer({ min: 34, max: 42 }), fc.constant(MAX_CLASS_NAME_LENGTH - 2)), fc.constantFrom('🐱', '🐶 2', 'é', ' 1', ' 2', 'x')).map(([n, end]) => `${'pictures of the cats and dogs of the house'.slice(0, n)}${end}`), weight: 1 },
);
const path = fc.tuple(fc.constantFrom('', './', '/'), fc.array(part, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom('/', '\\', '//'), { minLength: 3, maxLength: 3 })).map(([lead, parts, seps]) => lead + parts.map((p, i) => (i === 0 ? p : `${seps[i % 3]}${p}`)).join(''));
/** A dropped folder: often one shared root, sometimes not. */
const paths = fc.oneof(fc.array(path, { maxLength: 12 }), fc.tuple(part, fc.array(path, { maxLength: 12 })).map(([root, ps]) => ps.map((p) => `${root}/${p}`)));

const WHITESPACE = /^\s|\s$|\s\s/;
/** No half of a surrogate pair on its own (String.prototype.isWellFormed, before ES2024). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('placeByFolder (properties)', () => {
  it('puts every file in a named class or skips it with a reason, once', () => {
    fc.assert(
      fc.property(paths, (ps) => {
        const { placed, skipped, root } = placeByFolder(ps);
        expect(placed.length + skipped.length).toBe(ps.length);
        for (const s of skipped) expect(s.action).toBe('skipped');
        const placedIndex = new Set(placed.map((p) => p.index));
        expect(placedIndex.size).toBe(placed.length);
        const skippedPaths = skipped.map((s) => s.subject);
        ps.forEach((p, i) => {
          if (!placedIndex.has(i)) expect(skippedPaths).toContain(p);
        });
        for (const s of skipped) expect(s.reason.length).toBeGreaterThan(0);
        for (const { index, className } of placed) {
          const parts = pathParts(ps[index]!);
          const rel = root ? parts.slice(1) : parts;
          // The label is the cleaned first folder below the root: a real name, never empty.
          expect(className).toBe(cleanClassName(rel[0]!));
          expect(className.length).toBeGreaterThan(0);
          expect(rel.length).toBeGreaterThanOrEqual(2);
        }
        if (root !== null) expect(ps.every((p) => pathParts(p)[0] === root)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('two different class folders never become one class without a note naming both', () => {
    fc.assert(
      fc.property(paths, (ps) => {
        const { placed, merged, root } = placeByFolder(ps);
        const folders = new Map<string, Set<string>>();
        for (const { index, className } of placed) {
          const parts = pathParts(ps[index]!);
          const folder = (root ? parts.slice(1) : parts)[0]!;
          folders.set(className, (folders.get(className) ?? new Set()).add(folder));
        }
        for (const [className, set] of folders) {
          // Only spacing differs ("cats" and "cats "): the same class on purpose.
          const distinct = new Set([...set].map((f) => f.trim().replace(/\s+/g, ' ')));
          if (distinct.size < 2) continue;
          const note = merged.find((s) => s.action === 'kept' && s.subject === className);
          expect(note, `folders ${[...set].join(' | ')} became "${className}"`).toBeDefined();
          for (const f of distinct) expect(note!.reason).toContain(f);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('cleanClassName (properties)', () => {
  it('gives short, trimmed, single-spaced, well-formed text, and is stable', () => {
    fc.assert(
      fc.property(fc.oneof(part, fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 })), (name) => {
        const clean = cleanClassName(name);
        expect(clean.length).toBeLessThanOrEqual(MAX_CLASS_NAME_LENGTH);
        expect(WHITESPACE.test(clean), JSON.stringify(clean)).toBe(false);
        // Shortening never cuts a character in half (an emoji is two UTF-16 units).
        if (wellFormed(name)) expect(wellFormed(clean), JSON.stringify(clean)).toBe(true);
        expect(cleanClassName(clean)).toBe(clean);
        if (name.trim().replace(/\s+/g, ' ').length <= MAX_CLASS_NAME_LENGTH) expect(clean).toBe(name.trim().replace(/\s+/g, ' '));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('classNameProblem (properties)', () => {
  it('allows a name only when it is new, not empty and there is room; else says why, naming it', () => {
    const existing = fc.uniqueArray(fc.oneof(part, fc.string({ maxLength: 8 })).map(cleanClassName).filter((n) => n !== ''), { maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(part, fc.string({ maxLength: 12 })), existing, fc.boolean(), (name, names, reuse) => {
        const asked = reuse && names.length > 0 ? ` ${names[0]} ` : name;
        const clean = cleanClassName(asked);
        const problem = classNameProblem(asked, names);
        const fine = clean !== '' && !names.includes(clean) && names.length < MAX_CLASSES;
        if (fine) expect(problem).toBeNull();
        else {
          expect(typeof problem).toBe('string');
          if (clean === '') expect(problem).toBe('A class needs a name.');
          else expect(problem).toContain(`"${clean}"`);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('checkClasses (properties)', () => {
  it('accepts the classes with enough images, in order, names each one refused, and says when the set cannot be used', () => {
    const counts = fc.uniqueArray(fc.tuple(fc.oneof(part, fc.string({ maxLength: 8 })).map(cleanClassName), fc.nat(40)), { selector: ([n]) => n, maxLength: 14 });
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 30 }), (entries, minPerClass) => {
        const { accepted, refused, error } = checkClasses(new Map(entries), minPerClass);
        expect(accepted).toEqual(entries.filter(([, n]) => n >= minPerClass).map(([name]) => name));
        expect(refused.map((r) => r.subject)).toEqual(entries.filter(([, n]) => n < minPerClass).map(([name]) => name));
        for (const r of refused) {
          expect(r.action).toBe('refused');
          expect(r.reason).toContain(`only ${entries.find(([n]) => n === r.subject)![1]} image`);
          expect(r.reason).toContain(String(minPerClass));
        }
        if (accepted.length < MIN_CLASSES) {
          expect(error).toContain(`at least ${MIN_CLASSES} classes`);
          for (const r of refused) expect(error).toContain(`"${r.subject}"`);
        } else if (accepted.length > MAX_CLASSES) expect(error).toContain(`there are ${accepted.length}`);
        else expect(error).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });
});

// Found by the properties: a folder named by spaces gave the class "" (seed -753070995, path
// "27:2:0:1:5:4:4:4:4:4"); shortening cut an emoji in half (seed -578332217, path "47"); two long
// folder names that differ after 39 characters became one class without a word (seed 1164209441,
// path "24:1:2:6:4:4:4:4:4:4:4:5:5:8:6:8:8:8:8").
describe('folder rules (regressions found by the properties)', () => {
  it('skips a file in a folder named only by spaces instead of making a class ""', () => {
    expect(placeByFolder([' /cat', 'cat/1.jpg', 'dog/2.jpg'])).toEqual({
      placed: [{ index: 1, className: 'cat' }, { index: 2, className: 'dog' }],
      skipped: [{ subject: ' /cat', reason: 'in a folder whose name is only spaces (a class needs a name)', action: 'skipped' }],
      merged: [],
      root: null,
    });
  });

  it('shortens between characters, never inside an emoji', () => {
    expect(cleanClassName('pictures of the cats and dogs of the h🐶 2')).toBe('pictures of the cats and dogs of the h…');
    expect(cleanClassName(`${'a'.repeat(37)}🐱🐱`)).toBe(`${'a'.repeat(37)}🐱…`);
  });

  it('says when two folders fall into one class because their shortened names are the same', () => {
    const long = 'pictures of the cats and dogs of the house';
    const { placed, merged } = placeByFolder([`${long} 1/a.jpg`, `${long} 2/b.jpg`, 'birds/c.jpg', 'birds /d.jpg']);
    expect(new Set(placed.map((p) => p.className))).toEqual(new Set(['pictures of the cats and dogs of the ho…', 'birds']));
    expect(merged).toEqual([{ subject: 'pictures of the cats and dogs of the ho…', reason: `the folders "${long} 1" and "${long} 2" have the same name once shortened to 40 characters, so their images are one class (rename a folder to keep them apart)`, action: 'kept' }]);
  });
});

