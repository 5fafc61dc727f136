// Train / validation / test split of a person's images: stratified per class, seeded, and with
// exact duplicates (same content hash) kept together in one split, so a copy of a test image
// can never sit in the training set and flatter the test accuracy.
import { createRng } from './prng.ts';

export interface SplitItem {
  label: number;
  /** Content hash (sha256 hex) of the file's bytes. */
  hash: string;
}

export interface SplitFractions {
  /** Share of each class for validation, 0..1. */
  val: number;
  /** Share of each class held out for the test, 0..1. */
  test: number;
}

export const DEFAULT_FRACTIONS: SplitFractions = { val: 0.15, test: 0.15 };

export interface SplitResult {
  /** Item indices per split, in a seeded order. */
  train: number[];
  val: number[];
  test: number[];
  /** Items whose content hash matches an earlier item's (copies kept with their original). */
  duplicates: number;
}

/**
 * Splits per class: the class's duplicate groups are shuffled with the seed, then dealt to test,
 * then validation, until each holds its share (at least one group each when the class has three
 * or more groups), and the rest go to training. A group whose copies carry different labels goes
 * where its first item's class puts it.
 */
export function stratifiedSplit(items: readonly SplitItem[], fractions: SplitFractions, seed: number): SplitResult {
  if (!(fractions.val >= 0 && fractions.test >= 0 && fractions.val + fractions.test < 1)) {
    throw new Error(`Validation and test shares must be >= 0 and leave some images to train on; got ${fractions.val} and ${fractions.test}.`);
  }
  const groups = new Map<string, number[]>();
  let duplicates = 0;
  for (const [i, item] of items.entries()) {
    const group = groups.get(item.hash);
    if (group) {
      group.push(i);
      duplicates++;
    } else groups.set(item.hash, [i]);
  }
  const byClass = new Map<number, number[][]>();
  for (const group of groups.values()) {
    const label = items[group[0]!]!.label;
    const list = byClass.get(label) ?? [];
    list.push(group);
    byClass.set(label, list);
  }
  const out: SplitResult = { train: [], val: [], test: [], duplicates };
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const classGroups = byClass.get(label)!;
    // One stream per class, so adding images to one class does not reshuffle the others.
    const rng = createRng((seed * 31 + label * 7919) >>> 0);
    for (let i = classGroups.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [classGroups[i], classGroups[j]] = [classGroups[j]!, classGroups[i]!];
    }
    const size = classGroups.reduce((n, g) => n + g.length, 0);
    const atLeastOne = classGroups.length >= 3 ? 1 : 0;
    const testTarget = fractions.test > 0 ? Math.max(atLeastOne, Math.round(size * fractions.test)) : 0;
    const valTarget = fractions.val > 0 ? Math.max(atLeastOne, Math.round(size * fractions.val)) : 0;
    let inTest = 0;
    let inVal = 0;
    for (const [k, group] of classGroups.entries()) {
      // Keep the last group for training whatever the targets say.
      const last = k === classGroups.length - 1;
      if (!last && inTest < testTarget) {
        out.test.push(...group);
        inTest += group.length;
      } else if (!last && inVal < valTarget) {
        out.val.push(...group);
        inVal += group.length;
      } else out.train.push(...group);
    }
  }
  // Interleave classes within each split (seeded), so any prefix of the training set is mixed.
  for (const [k, key] of (['train', 'val', 'test'] as const).entries()) {
    const rng = createRng((seed ^ (0x9e3779b9 * (k + 1))) >>> 0);
    const list = out[key];
    for (let i = list.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
  }
  return out;
}
