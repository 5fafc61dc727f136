// Writes a folder-per-class image dataset to disk, like one a person would bring: JPEGs of
// assorted sizes and shapes drawn with the shipped set's cat and dog drawer, and optionally
// salted with bad files (text, zero-byte JPEG, truncated PNG, a real 12,000 x 12,000 PNG).
import { createCanvas } from '@napi-rs/canvas';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { createDeflate, crc32 } from 'node:zlib';
import { CLASS_NAMES } from '../../src/data/dataset-spec.ts';
import { createRng } from '../../src/data/prng.ts';
import { renderCanvas } from './render-node.ts';

export interface OwnImagesOptions {
  perClass: number;
  /** Shorter side range in pixels. */
  minSide: number;
  maxSide: number;
  seed: number;
  /** Add the bad files too. */
  salt: boolean;
}

/** The salted files' names (relative to the dataset folder) and what the lab should say of each. */
export const SALT_FILES = {
  text: 'cat/notes.txt',
  empty: 'dog/empty.jpg',
  truncated: 'cat/truncated.png',
  huge: 'dog/huge-12000.png',
} as const;

export async function writeOwnImages(dir: string, opts: OwnImagesOptions): Promise<{ files: number; bytes: number }> {
  const rng = createRng(opts.seed);
  let files = 0;
  let bytes = 0;
  for (const [label, name] of CLASS_NAMES.entries()) {
    mkdirSync(join(dir, name), { recursive: true });
    for (let i = 0; i < opts.perClass; i++) {
      const side = Math.round(rng.range(opts.minSide, opts.maxSide));
      const long = Math.round(side * rng.range(1, 1.6));
      const [w, h] = rng.chance(0.5) ? [long, side] : [side, long];
      const canvas = createCanvas(w, h);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = `hsl(${Math.round(rng.range(0, 360))}, 25%, ${Math.round(rng.range(30, 70))}%)`;
      ctx.fillRect(0, 0, w, h);
      // The face fills the centred square, which is what the lab's centre crop keeps.
      ctx.drawImage(renderCanvas(opts.seed, i, label, side), Math.floor((w - side) / 2), Math.floor((h - side) / 2));
      const jpeg = canvas.encodeSync('jpeg', 85);
      writeFileSync(join(dir, name, `${name}-${String(i).padStart(4, '0')}.jpg`), jpeg);
      files++;
      bytes += jpeg.length;
    }
  }
  if (opts.salt) {
    writeFileSync(join(dir, SALT_FILES.text), 'These are photos of my cats.\n');
    writeFileSync(join(dir, SALT_FILES.empty), new Uint8Array(0));
    const png = createCanvas(200, 150).encodeSync('png');
    writeFileSync(join(dir, SALT_FILES.truncated), png.subarray(0, Math.floor(png.length * 0.6)));
    await writeHugePng(join(dir, SALT_FILES.huge), 12_000, 12_000);
    files += 4;
  }
  return { files, bytes };
}

/** A valid, all-grey RGB PNG of any size, streamed through deflate (432 MB of rows become ~0.5 MB). */
async function writeHugePng(path: string, width: number, height: number): Promise<void> {
  const row = Buffer.alloc(1 + width * 3, 128);
  row[0] = 0; // filter: none
  const deflate = createDeflate({ level: 6 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  for (let y = 0; y < height; y++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const out = createWriteStream(path);
  out.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  out.write(chunk('IHDR', ihdr));
  out.write(chunk('IDAT', Buffer.concat(parts)));
  out.write(chunk('IEND', Buffer.alloc(0)));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}
