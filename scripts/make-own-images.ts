// `npx tsx scripts/make-own-images.ts DIR [--per-class N] [--min-side PX] [--max-side PX] [--seed N] [--salt]`:
// writes a folder-per-class set of cat and dog JPEGs of assorted sizes, to try the Data view
// and `npm run bench -- --data DIR` (2 x 1000 images checks loading 2,000 photos).
import { writeOwnImages } from './lib/own-images.ts';

const args = process.argv.slice(2);
const dir = args[0];
if (!dir || dir.startsWith('--')) {
  console.error('Usage: npx tsx scripts/make-own-images.ts DIR [--per-class N] [--min-side PX] [--max-side PX] [--seed N] [--salt]');
  process.exit(1);
}
const value = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a whole number >= 1, got ${args[i + 1] ?? 'nothing'}.`);
  return n;
};
const started = Date.now();
const { files, bytes } = await writeOwnImages(dir, {
  perClass: value('per-class', 300),
  minSide: value('min-side', 160),
  maxSide: value('max-side', 480),
  seed: value('seed', 11),
  salt: args.includes('--salt'),
});
console.log(`Wrote ${files} files (${(bytes / 2 ** 20).toFixed(1)} MB of JPEG) to ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
