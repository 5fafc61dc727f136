// Renders an 8x8 grid of samples per class (cats left, dogs right) to a PNG, to eyeball whether
// the generated faces read as cats and dogs. Usage: tsx scripts/contact-sheet.ts [--seed N] [--out f.png] [--scale 2] [--base 0]
import { createCanvas } from '@napi-rs/canvas';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, IMAGE_SIZE, labelOf } from '../src/data/dataset-spec.ts';
import { renderCanvas } from './lib/render-node.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    out: { type: 'string', default: '/tmp/catsdogs-contact.png' },
    scale: { type: 'string', default: '2' },
    base: { type: 'string', default: '0' },
  },
});
const seed = Number(values.seed);
const scale = Number(values.scale);
const base = Number(values.base);
const grid = 8;
const cell = IMAGE_SIZE * scale;
const gap = 12;
const sheet = createCanvas(cell * grid * 2 + gap, cell * grid);
const ctx = sheet.getContext('2d');
ctx.fillStyle = '#fff';
ctx.fillRect(0, 0, sheet.width, sheet.height);
ctx.imageSmoothingEnabled = false;
for (let label = 0; label < 2; label++) {
  for (let k = 0; k < grid * grid; k++) {
    // Indices in the train split with this label: labels alternate, so 2k + label.
    const index = base + 2 * k + label;
    if (labelOf(index - base) !== label) throw new Error('label layout changed');
    const img = renderCanvas(seed, index, label, IMAGE_SIZE);
    const x = label * (cell * grid + gap) + (k % grid) * cell;
    const y = Math.floor(k / grid) * cell;
    ctx.drawImage(img, x, y, cell, cell);
  }
}
writeFileSync(values.out, sheet.encodeSync('png'));
console.log(`wrote ${values.out} (cats left, dogs right)`);
