// Small image files built byte by byte for tests (Node and browser alike): BMP and GIF, which
// neither canvas can encode, and header-only files that claim any size.

/** A 24-bit bottom-up BMP of one colour. */
export function solidBmp(width: number, height: number, [r, g, b]: [number, number, number]): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const size = 54 + rowBytes * height;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  view.setUint32(2, size, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  view.setUint32(34, rowBytes * height, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.set([b, g, r], 54 + y * rowBytes + x * 3);
  }
  return out;
}

/**
 * A GIF89a of `frames` frames, each one colour (frame k uses colours[k]), with LZW data written
 * the simple way: a clear code before every pixel keeps every code 3 bits wide.
 */
export function solidGif(width: number, height: number, colours: [number, number, number][]): Uint8Array {
  const bytes: number[] = [...'GIF89a'].map((c) => c.charCodeAt(0));
  bytes.push(width & 0xff, width >> 8, height & 0xff, height >> 8, 0xf1, 0, 0); // global table of 4 colours
  const table = [...colours, [0, 0, 0], [0, 0, 0], [0, 0, 0]].slice(0, 4) as [number, number, number][];
  for (const c of table) bytes.push(...c);
  bytes.push(0x21, 0xff, 0x0b, ...[...'NETSCAPE2.0'].map((c) => c.charCodeAt(0)), 3, 1, 0, 0, 0); // loop forever
  colours.forEach((_, k) => {
    bytes.push(0x21, 0xf9, 4, 0, 10, 0, 0, 0); // 100 ms per frame
    bytes.push(0x2c, 0, 0, 0, 0, width & 0xff, width >> 8, height & 0xff, height >> 8, 0);
    bytes.push(2); // LZW minimum code size: clear = 4, end = 5, codes 3 bits wide
    const codes: number[] = [];
    for (let p = 0; p < width * height; p++) codes.push(4, k);
    codes.push(5);
    const packed: number[] = [];
    let acc = 0;
    let bits = 0;
    for (const code of codes) {
      acc |= code << bits;
      bits += 3;
      while (bits >= 8) {
        packed.push(acc & 0xff);
        acc >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) packed.push(acc & 0xff);
    for (let i = 0; i < packed.length; i += 255) {
      const block = packed.slice(i, i + 255);
      bytes.push(block.length, ...block);
    }
    bytes.push(0);
  });
  bytes.push(0x3b);
  return Uint8Array.from(bytes);
}

/** The first 33 bytes of a PNG (signature + IHDR) claiming width x height: enough for a header check. */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  const out = new Uint8Array(33);
  const view = new DataView(out.buffer);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  view.setUint32(16, width);
  view.setUint32(20, height);
  out.set([8, 2, 0, 0, 0], 24);
  return out;
}

/**
 * Inserts an EXIF APP1 segment with the given orientation (6 = rotate 90° clockwise to display)
 * right after a JPEG's start-of-image marker.
 */
export function withExifOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  const app1 = Uint8Array.from([
    0xff, 0xe1, 0x00, 0x22, // APP1, length 34
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // "Exif\0\0"
    0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, // little-endian TIFF, first IFD at 8
    0x01, 0x00, // one entry
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00, // Orientation, SHORT, 1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const out = new Uint8Array(jpeg.length + app1.length);
  out.set(jpeg.subarray(0, 2));
  out.set(app1, 2);
  out.set(jpeg.subarray(2), 2 + app1.length);
  return out;
}

/** A rectangle to fill: x, y, width, height, CSS colour. */
export type Fill = [x: number, y: number, w: number, h: number, colour: string];

/** An image the browser draws and encodes (`image/png`, `image/jpeg`, `image/webp`): browser tests only. */
export async function drawnImage(width: number, height: number, fills: Fill[], type: string): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  for (const [x, y, w, h, colour] of fills) {
    ctx.fillStyle = colour;
    ctx.fillRect(x, y, w, h);
  }
  return canvas.convertToBlob({ type, quality: 0.95 });
}
