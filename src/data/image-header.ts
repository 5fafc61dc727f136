// Reads an image file's format and pixel size from its first bytes, without decoding it: so a
// text file is named as such and a 12,000 x 12,000 photo is refused before it can take 576 MB.

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** A file whose header could not be read: `reason` is a sentence fragment for a message. */
export interface HeaderProblem {
  problem: string;
}

export const SUPPORTED_FORMATS = 'JPEG, PNG, WebP, GIF or BMP';

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
const i32le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

/** Format and size from the header, or what is wrong with it. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | HeaderProblem {
  if (bytes.length === 0) return { problem: 'the file is empty (0 bytes)' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegSize(bytes);
  if (ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') {
    if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return { problem: 'a PNG cut off before its header (truncated)' };
    return sized('png', u32be(bytes, 16), u32be(bytes, 20));
  }
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
    if (bytes.length < 10) return { problem: 'a GIF cut off before its header (truncated)' };
    return sized('gif', u16le(bytes, 6), u16le(bytes, 8));
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webpSize(bytes);
  if (ascii(bytes, 0, 2) === 'BM') {
    if (bytes.length < 26) return { problem: 'a BMP cut off before its header (truncated)' };
    const dib = u16le(bytes, 14);
    if (dib === 12) return sized('bmp', u16le(bytes, 18), u16le(bytes, 20));
    return sized('bmp', Math.abs(i32le(bytes, 18)), Math.abs(i32le(bytes, 22)));
  }
  return { problem: looksLikeText(bytes) ? `a text file, not an image (${SUPPORTED_FORMATS} expected)` : `not a ${SUPPORTED_FORMATS} image (unrecognised content)` };
}

const FORMAT_NAMES: Record<ImageFormat, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP', gif: 'GIF', bmp: 'BMP' };

function sized(format: ImageFormat, width: number, height: number): ImageHeader | HeaderProblem {
  if (width === 0 || height === 0) return { problem: `a ${FORMAT_NAMES[format]} whose header says it has no pixels (${width}x${height})` };
  return { format, width, height };
}

/** Walks the JPEG markers to the first start-of-frame, which holds the size. */
function jpegSize(b: Uint8Array): ImageHeader | HeaderProblem {
  let i = 2;
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return { problem: 'a JPEG with a damaged header (corrupt)' };
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 9 > b.length) break;
      return sized('jpeg', u16be(b, i + 7), u16be(b, i + 5));
    }
    if (marker === 0xda || marker === 0xd9) return { problem: 'a JPEG without a frame header (corrupt)' };
    i += 2 + u16be(b, i + 2);
  }
  return { problem: 'a JPEG cut off before its size (truncated)' };
}

function webpSize(b: Uint8Array): ImageHeader | HeaderProblem {
  if (b.length < 30) return { problem: 'a WebP cut off before its header (truncated)' };
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') return sized('webp', u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === 'VP8L') {
    const b1 = b[22]!;
    const b2 = b[23]!;
    const b3 = b[24]!;
    return sized('webp', 1 + (((b1 & 0x3f) << 8) | b[21]!), 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)));
  }
  if (chunk === 'VP8X') return sized('webp', 1 + u24le(b, 24), 1 + u24le(b, 27));
  return { problem: `a WebP with an unknown "${chunk}" chunk (corrupt)` };
}

/** Mostly printable ASCII/UTF-8 in the first 512 bytes: a note, a CSV, a README. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(512, b.length);
  let printable = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 0xc2) printable++;
    else if (c === 0) return false;
  }
  return printable / n > 0.95;
}

export function isHeaderProblem(h: ImageHeader | HeaderProblem): h is HeaderProblem {
  return 'problem' in h;
}
