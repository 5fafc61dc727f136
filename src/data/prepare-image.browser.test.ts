// In real Chromium: a person's files of every supported format, a rotated-EXIF JPEG, and bad
// files (text, empty, corrupt, truncated, 12,000 x 12,000) through the decoding worker.
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFiles, spawnDecoder } from './decode-client.ts';
import { prepareImage, type PreparedImage } from './prepare-image.ts';
import { drawnImage, pngHeaderOnly, solidBmp, solidGif, withExifOrientation, type Fill } from './test-images.ts';

async function drawn(width: number, height: number, fills: Fill[], type: string): Promise<Uint8Array> {
  return new Uint8Array(await (await drawnImage(width, height, fills, type)).arrayBuffer());
}

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const pixel = (rgb: Uint8Array, size: number, x: number, y: number) => Array.from(rgb.subarray((y * size + x) * 3, (y * size + x) * 3 + 3));

function expectColour(actual: number[], expected: number[], tolerance: number): void {
  actual.forEach((v, c) => expect(Math.abs(v - expected[c]!), `channel ${c}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance));
}

function ok(p: PreparedImage): Extract<PreparedImage, { ok: true }> {
  if (!p.ok) throw new Error(`${p.name} was ${p.action}: ${p.reason}`);
  return p;
}

describe('prepareImage', () => {
  it('decodes JPEG, PNG, WebP, GIF (first frame) and BMP to size x size RGB', async () => {
    const teal: Fill[] = [[0, 0, 90, 60, 'rgb(0,128,128)']];
    const cases: [string, Uint8Array, number][] = [
      ['jpeg', await drawn(90, 60, teal, 'image/jpeg'), 6],
      ['png', await drawn(90, 60, teal, 'image/png'), 1],
      ['webp', await drawn(90, 60, teal, 'image/webp'), 6],
      ['gif', solidGif(90, 60, [[0, 128, 128], [255, 0, 0]]), 1],
      ['bmp', solidBmp(90, 60, [0, 128, 128]), 1],
    ];
    for (const [format, bytes, tolerance] of cases) {
      const p = ok(await prepareImage(blob(bytes), `x.${format}`, 16));
      expect(p.format).toBe(format);
      expect([p.width, p.height]).toEqual([90, 60]);
      expect(p.rgb).toHaveLength(16 * 16 * 3);
      expect(p.hash).toMatch(/^[0-9a-f]{64}$/);
      for (const [x, y] of [[0, 0], [8, 8], [15, 15]] as const) expectColour(pixel(p.rgb, 16, x, y), [0, 128, 128], tolerance);
    }
  });

  it('turns a JPEG by its EXIF orientation before cropping', async () => {
    // Stored 40x20: red left half, blue right half. Orientation 6 shows it turned 90° clockwise,
    // 20x40 with red on top; its centre square has red above blue. Unturned, the centre square
    // would have red left of blue.
    const stored = await drawn(40, 20, [[0, 0, 20, 20, 'rgb(255,0,0)'], [20, 0, 20, 20, 'rgb(0,0,255)']], 'image/jpeg');
    const p = ok(await prepareImage(blob(withExifOrientation(stored, 6)), 'rotated.jpg', 20));
    expectColour(pixel(p.rgb, 20, 16, 3), [255, 0, 0], 40);
    expectColour(pixel(p.rgb, 20, 3, 16), [0, 0, 255], 40);
    const plain = ok(await prepareImage(blob(stored), 'plain.jpg', 20));
    expectColour(pixel(plain.rgb, 20, 16, 3), [0, 0, 255], 40);
  });

  it('gives identical files the same hash and different files different ones', async () => {
    const a = await drawn(30, 30, [[0, 0, 30, 30, 'red']], 'image/png');
    const b = await drawn(30, 30, [[0, 0, 30, 30, 'blue']], 'image/png');
    const [pa, pa2, pb] = await Promise.all([prepareImage(blob(a), 'a', 8), prepareImage(blob(a.slice()), 'a2', 8), prepareImage(blob(b), 'b', 8)]);
    expect(ok(pa).hash).toBe(ok(pa2).hash);
    expect(ok(pa).hash).not.toBe(ok(pb).hash);
  });
});

describe('the decoding worker', () => {
  const decoder = spawnDecoder();
  afterAll(() => decoder.terminate());

  it('keeps good files and names each bad one with what was done', async () => {
    const good = await drawn(120, 80, [[0, 0, 120, 80, 'rgb(200,40,40)']], 'image/jpeg');
    const png = await drawn(64, 64, [[0, 0, 64, 64, 'rgb(10,200,10)']], 'image/png');
    const files = [
      { name: 'cat/good.jpg', blob: blob(good) },
      { name: 'cat/notes.txt', blob: new Blob(['these are my cat photos']) },
      { name: 'cat/empty.jpg', blob: new Blob([]) },
      { name: 'cat/cut.png', blob: blob(png.subarray(0, Math.floor(png.length * 0.6))) },
      { name: 'cat/cut.jpg', blob: blob(good.subarray(0, Math.floor(good.length * 0.6))) },
      { name: 'cat/garbage.jpg', blob: blob(Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0, 20, 0, 20, 3, 9, 9, 9, 0xff, 0xd9])) },
      { name: 'cat/huge.png', blob: blob(pngHeaderOnly(12_000, 12_000)) },
      { name: 'cat/good.png', blob: blob(png) },
    ];
    const out = await decodeFiles(decoder.remote, files, 64);
    expect(out.map((p) => p.name)).toEqual(files.map((f) => f.name));
    expect(out.map((p) => (p.ok ? 'ok' : p.action))).toEqual(['ok', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'refused', 'ok']);
    const reasons = out.map((p) => (p.ok ? '' : p.reason));
    expect(reasons[1]).toMatch(/text file, not an image/);
    expect(reasons[2]).toMatch(/empty \(0 bytes\)/);
    expect(reasons[3]).toMatch(/PNG cut off .* \(truncated\)/);
    expect(reasons[4]).toMatch(/JPEG cut off .* \(truncated\)/);
    expect(reasons[5]).toMatch(/could not be decoded \(corrupt or truncated data\)/);
    expect(reasons[6]).toMatch(/12000 x 12000 pixels \(144 MP\) is too large to decode safely/);
    expectColour(pixel(ok(out[0]!).rgb, 64, 32, 32), [200, 40, 40], 8);
    expect(pixel(ok(out[7]!).rgb, 64, 32, 32)).toEqual([10, 200, 10]);
  });
});
