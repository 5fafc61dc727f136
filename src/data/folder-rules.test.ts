import { describe, expect, it } from 'vitest';
import { checkClasses, classNameProblem, cleanClassName, placeByFolder } from './folder-rules.ts';

describe('placeByFolder', () => {
  it('uses the first folder below a shared root as the label', () => {
    const { placed, skipped, root } = placeByFolder(['pets/cat/1.jpg', 'pets/cat/2.jpg', 'pets/dog/a.png', 'pets/dog/old/b.png']);
    expect(root).toBe('pets');
    expect(placed.map((p) => p.className)).toEqual(['cat', 'cat', 'dog', 'dog']);
    expect(skipped).toEqual([]);
  });

  it('takes class folders directly when there is no shared root', () => {
    const { placed, root } = placeByFolder(['cat/1.jpg', 'dog\\2.jpg', './dog/3.jpg']);
    expect(root).toBeNull();
    expect(placed.map((p) => [p.index, p.className])).toEqual([[0, 'cat'], [1, 'dog'], [2, 'dog']]);
  });

  it('skips files at the root and system files, naming them', () => {
    const { placed, skipped } = placeByFolder(['pets/readme.txt', 'pets/cat/1.jpg', 'pets/cat/.DS_Store', 'pets/__MACOSX/cat/._1.jpg', 'pets/dog/2.jpg']);
    expect(placed.map((p) => p.index)).toEqual([1, 4]);
    expect(skipped.map((s) => [s.subject, s.action])).toEqual([
      ['pets/readme.txt', 'skipped'],
      ['pets/cat/.DS_Store', 'skipped'],
      ['pets/__MACOSX/cat/._1.jpg', 'skipped'],
    ]);
    expect(skipped[0]!.reason).toMatch(/not inside a class folder/);
  });

  it('treats a single folder of files as one class, not as a root', () => {
    const { placed, root } = placeByFolder(['cat/1.jpg', 'cat/2.jpg']);
    expect(root).toBeNull();
    expect(placed.map((p) => p.className)).toEqual(['cat', 'cat']);
  });
});

describe('class rules', () => {
  it('refuses classes under the minimum by name and needs two classes', () => {
    const ok = checkClasses(new Map([['cat', 12], ['dog', 10], ['bird', 3]]), 10);
    expect(ok.accepted).toEqual(['cat', 'dog']);
    expect(ok.refused).toEqual([{ subject: 'bird', reason: 'only 3 images, fewer than the minimum of 10', action: 'refused' }]);
    expect(ok.error).toBeNull();

    const one = checkClasses(new Map([['cat', 40]]), 10);
    expect(one.error).toMatch(/at least 2 classes.*only one class \("cat"\)/);
    const small = checkClasses(new Map([['cat', 40], ['dog', 1]]), 10);
    expect(small.error).toMatch(/refused: "dog"/);
  });

  it('allows at most ten classes', () => {
    const eleven = new Map(Array.from({ length: 11 }, (_, i) => [`c${i}`, 20] as [string, number]));
    expect(checkClasses(eleven, 10).error).toMatch(/at most 10 classes; there are 11/);
    expect(checkClasses(new Map([...eleven].slice(0, 10)), 10).error).toBeNull();
  });

  it('checks new class names', () => {
    expect(cleanClassName('  tabby   cats ')).toBe('tabby cats');
    expect(classNameProblem(' ', [])).toMatch(/needs a name/);
    expect(classNameProblem('cat ', ['cat'])).toMatch(/already a class named "cat"/);
    expect(classNameProblem('x', Array.from({ length: 10 }, (_, i) => `c${i}`))).toMatch(/at most 10 classes/);
    expect(classNameProblem('dog', ['cat'])).toBeNull();
  });
});
