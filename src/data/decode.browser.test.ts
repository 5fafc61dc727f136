// In real Chromium: the decode path (sizes, colours, centre crop, alpha, errors) on images the
// test draws itself, and loading the whole shipped dataset through it.
import { describe, expect, it } from 'vitest';
import { decodeImageToRgb } from './decode.ts';
import { drawnImage, type Fill } from './test-images.ts';
import { loadShippedDataset } from './load-shipped.ts';
import { loadShippedInWorker } from './decode-client.ts';
import manifest from '../../datasets/catsdogs/manifest.json';



function pixel(rgb: Uint8Array, size: number, x: number, y: number): number[] {
  const p = (y * size + x) * 3;
  return [rgb[p]!, rgb[p + 1]!, rgb[p + 2]!];
}

function expectClose(actual: number[], expected: number[], tolerance: number): void {
  actual.forEach((v, c) => expect(Math.abs(v - expected[c]!), `channel ${c}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

describe('decodeImageToRgb', () => {
  const quadrants: Fill[] = [
    [0, 0, 32, 32, 'rgb(255,0,0)'],
    [32, 0, 32, 32, 'rgb(0,255,0)'],
    [0, 32, 32, 32, 'rgb(0,0,255)'],
    [32, 32, 32, 32, 'rgb(255,255,0)'],
  ];

  it('decodes a PNG at its own size exactly', async () => {
    const rgb = await decodeImageToRgb(await drawnImage(64, 64, quadrants, 'image/png'), 64);
    expect(rgb).toHaveLength(64 * 64 * 3);
    expect(pixel(rgb, 64, 5, 5)).toEqual([255, 0, 0]);
    expect(pixel(rgb, 64, 60, 5)).toEqual([0, 255, 0]);
    expect(pixel(rgb, 64, 5, 60)).toEqual([0, 0, 255]);
    expect(pixel(rgb, 64, 60, 60)).toEqual([255, 255, 0]);
  });

  it('decodes and downsizes a JPEG to approximately the right colours', async () => {
    const rgb = await decodeImageToRgb(await drawnImage(64, 64, quadrants, 'image/jpeg'), 16);
    expect(rgb).toHaveLength(16 * 16 * 3);
    expectClose(pixel(rgb, 16, 3, 3), [255, 0, 0], 30);
    expectClose(pixel(rgb, 16, 12, 3), [0, 255, 0], 30);
    expectClose(pixel(rgb, 16, 3, 12), [0, 0, 255], 30);
    expectClose(pixel(rgb, 16, 12, 12), [255, 255, 0], 30);
  });

  it('upsizes a small image', async () => {
    const rgb = await decodeImageToRgb(await drawnImage(8, 8, [[0, 0, 8, 8, 'rgb(10,120,200)']], 'image/png'), 32);
    expect(rgb).toHaveLength(32 * 32 * 3);
    expectClose(pixel(rgb, 32, 16, 16), [10, 120, 200], 2);
  });

  it('centre-crops a wide image to its middle square', async () => {
    // 120x60: green | red (the centred 60x60) | blue.
    const blob = await drawnImage(120, 60, [[0, 0, 30, 60, 'rgb(0,255,0)'], [30, 0, 60, 60, 'rgb(255,0,0)'], [90, 0, 30, 60, 'rgb(0,0,255)']], 'image/png');
    const rgb = await decodeImageToRgb(blob, 20);
    for (const x of [0, 10, 19]) expectClose(pixel(rgb, 20, x, 10), [255, 0, 0], 3);
  });

  it('centre-crops a tall image to its middle square', async () => {
    const blob = await drawnImage(50, 150, [[0, 0, 50, 50, 'rgb(0,255,0)'], [0, 50, 50, 50, 'rgb(0,0,255)'], [0, 100, 50, 50, 'rgb(0,255,0)']], 'image/png');
    const rgb = await decodeImageToRgb(blob, 50);
    for (const y of [0, 25, 49]) expect(pixel(rgb, 50, 25, y)).toEqual([0, 0, 255]);
  });

  it('puts transparent pixels on white', async () => {
    const rgb = await decodeImageToRgb(await drawnImage(16, 16, [[0, 0, 8, 16, 'rgb(0,0,0)']], 'image/png'), 16);
    expect(pixel(rgb, 16, 2, 8)).toEqual([0, 0, 0]);
    expect(pixel(rgb, 16, 12, 8)).toEqual([255, 255, 255]);
  });

  it('rejects corrupt bytes with a message that says so', async () => {
    const garbage = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0x00, 1, 2, 3, 4, 5, 6, 7, 8])], { type: 'image/jpeg' });
    await expect(decodeImageToRgb(garbage, 64)).rejects.toThrow(/Cannot decode image \(image\/jpeg, 12 bytes\): not a supported image or corrupt data/);
    const text = new File(['hello, not an image'], 'notes.png', { type: 'image/png' });
    await expect(decodeImageToRgb(text, 64)).rejects.toThrow(/Cannot decode "notes.png"/);
  });

  it('rejects an empty file and a bad size', async () => {
    await expect(decodeImageToRgb(new Blob([], { type: 'image/png' }), 64)).rejects.toThrow(/the file is empty/);
    const png = await drawnImage(4, 4, [[0, 0, 4, 4, 'red']], 'image/png');
    await expect(decodeImageToRgb(png, 0)).rejects.toThrow(/size must be a positive integer/);
  });
});

describe('loadShippedDataset', () => {
  it('loads every split with the manifest counts, labels and ids, reporting progress', async () => {
    const progress: [number, number][] = [];
    const started = performance.now();
    const data = await loadShippedDataset({ onProgress: (done, total) => progress.push([done, total]) });
    const ms = performance.now() - started;
    const total = manifest.splits.train.count + manifest.splits.val.count + manifest.splits.test.count;
    expect(data.name).toBe('catsdogs');
    expect(data.classNames).toEqual(['cat', 'dog']);
    for (const [set, split] of [
      [data.train, manifest.splits.train],
      [data.val, manifest.splits.val],
      [data.test, manifest.splits.test],
    ] as const) {
      expect(set.count).toBe(split.count);
      expect([set.height, set.width]).toEqual([64, 64]);
      expect(set.pixels).toHaveLength(split.count * 64 * 64 * 3);
      expect(Array.from(set.labels)).toEqual(split.labels);
      expect(set.ids).toEqual(split.ids);
      // Every image was written: its last pixel row is not all zeros left over from allocation.
      let mean = 0;
      for (let i = 0; i < set.pixels.length; i += 997) mean += set.pixels[i]!;
      expect(mean / Math.ceil(set.pixels.length / 997)).toBeGreaterThan(40);
      const lastImage = set.pixels.subarray((set.count - 1) * 64 * 64 * 3);
      expect(lastImage.some((v) => v !== 0)).toBe(true);
    }
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    console.log(`loaded ${total} shipped images in ${ms.toFixed(0)} ms`);

    // The app loads it in the decoding worker (loadShippedInWorker), with no DOM: the very same
    // bytes arrive. (prepare-image.browser.test.ts decodes every format in that worker too.)
    const workerProgress: number[] = [];
    const fromWorker = await loadShippedInWorker((done) => workerProgress.push(done));
    for (const split of ['train', 'val', 'test'] as const) {
      expect(fromWorker[split].count).toBe(data[split].count);
      expect(Array.from(fromWorker[split].labels)).toEqual(Array.from(data[split].labels));
      expect(fromWorker[split].ids).toEqual(data[split].ids);
      expect(equalBytes(fromWorker[split].pixels, data[split].pixels), split).toBe(true);
    }
    await expect.poll(() => workerProgress.at(-1)).toBe(total);
    expect(workerProgress.length).toBeGreaterThan(3);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(loadShippedDataset({ signal: controller.signal })).rejects.toThrow(/user cancelled/);
  });
});

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
