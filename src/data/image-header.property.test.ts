// Image-header sniffing against the space of inputs: any header of the five formats gives its
// format and size; any bytes at all, any cut or any damaged byte give a size or a problem named
// in words (never an exception, never a zero or fractional size).
import { createCanvas } from '@napi-rs/canvas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHeaderProblem, readImageHeader, type ImageFormat, type ImageHeader } from './image-header.ts';

const RUNS = 1000;
const FORMATS: ImageFormat[] = ['jpeg', 'png', 'webp', 'gif', 'bmp'];
/** Every problem names the format, or says what the file is instead. */
const NAMED = /\b(JPEG|PNG|WebP|GIF|BMP)\b|the file is empty|a text file, not an image|unrecognised content/;

const u16le = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u16be = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const u24le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff];
const u32le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u32be = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const riff = (chunk: string, body: number[]) => [...ascii('RIFF'), ...u32le(4 + 8 + body.length), ...ascii('WEBP'), ...ascii(chunk), ...u32le(body.length), ...body];

interface Built {
  bytes: Uint8Array;
  header: ImageHeader;
}

const size = (max: number) => fc.integer({ min: 1, max });
const bytes = (maxLength: number) => fc.array(fc.nat(255), { maxLength });

/** A header as each format's encoders write it, for any size the format can hold, with any bytes after it. */
const built: fc.Arbitrary<Built> = fc.oneof(
  fc.tuple(size(2 ** 31 - 1), size(2 ** 31 - 1)).map(([w, h]) => ({ b: [0x89, ...ascii('PNG\r\n\x1a\n'), 0, 0, 0, 13, ...ascii('IHDR'), ...u32be(w), ...u32be(h), 8, 6, 0, 0, 0, 0, 0, 0, 0], header: { format: 'png' as const, width: w, height: h } })),
  fc.tuple(size(65535), size(65535), fc.constantFrom('GIF87a', 'GIF89a')).map(([w, h, v]) => ({ b: [...ascii(v), ...u16le(w), ...u16le(h), 0xf7, 0, 0], header: { format: 'gif' as const, width: w, height: h } })),
  // BMP with the 40-byte info header (height negative when stored top-down) or the old 12-byte core header.
  fc.tuple(size(2 ** 31 - 1), size(2 ** 31 - 1), fc.boolean()).map(([w, h, topDown]) => ({ b: [...ascii('BM'), ...u32le(54), 0, 0, 0, 0, ...u32le(54), ...u32le(40), ...u32le(w), ...u32le(topDown ? -h : h), 1, 0, 24, 0, ...Array(24).fill(0)], header: { format: 'bmp' as const, width: w, height: h } })),
  fc.tuple(size(65535), size(65535)).map(([w, h]) => ({ b: [...ascii('BM'), ...u32le(26), 0, 0, 0, 0, ...u32le(26), ...u32le(12), ...u16le(w), ...u16le(h), 1, 0, 24, 0], header: { format: 'bmp' as const, width: w, height: h } })),
  fc.tuple(size(2 ** 24), size(2 ** 24), fc.nat(255)).map(([w, h, flags]) => ({ b: riff('VP8X', [flags, 0, 0, 0, ...u24le(w - 1), ...u24le(h - 1)]), header: { format: 'webp' as const, width: w, height: h } })),
  fc.tuple(size(16384), size(16384), fc.nat(15)).map(([w, h, top]) => {
    const bits = (w - 1) | ((h - 1) << 14) | (top << 28);
    return { b: riff('VP8L', [0x2f, ...u32le(bits), 0, 0, 0, 0, 0]), header: { format: 'webp' as const, width: w, height: h } };
  }),
  fc.tuple(size(0x3fff), size(0x3fff), fc.nat(3), fc.nat(3)).map(([w, h, sw, sh]) => ({ b: riff('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, ...u16le(w | (sw << 14)), ...u16le(h | (sh << 14)), 0, 0]), header: { format: 'webp' as const, width: w, height: h } })),
  // JPEG: APPn / comment segments and fill bytes before the first start-of-frame of any kind.
  fc
    .tuple(size(65535), size(65535), fc.constantFrom(0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf), fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0xe0, max: 0xef }), fc.constant(0xfe), fc.constant(0xdb)), bytes(40), fc.nat(2)), { maxLength: 4 }))
    .map(([w, h, sof, segments]) => ({
      b: [0xff, 0xd8, ...segments.flatMap(([marker, payload, fill]) => [...Array(fill).fill(0xff), 0xff, marker, ...u16be(payload.length + 2), ...payload]), 0xff, sof, 0, 17, 8, ...u16be(h), ...u16be(w), 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
      header: { format: 'jpeg' as const, width: w, height: h },
    })),
).chain(({ b, header }) => bytes(64).map((tail) => ({ bytes: Uint8Array.from([...b, ...tail]), header })));

function expectSizeOrNamedProblem(b: Uint8Array): void {
  const result = readImageHeader(b);
  if (isHeaderProblem(result)) {
    expect(result.problem.length).toBeGreaterThan(0);
    expect(result.problem, result.problem).toMatch(NAMED);
  } else {
    expect(FORMATS).toContain(result.format);
    for (const n of [result.width, result.height]) expect(Number.isSafeInteger(n) && n >= 1, `${result.width}x${result.height}`).toBe(true);
  }
}

describe('readImageHeader (properties)', () => {
  it('reads format and size from any header of the five formats', () => {
    fc.assert(
      fc.property(built, ({ bytes: b, header }) => {
        expect(readImageHeader(b)).toEqual(header);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads what the encoders write (PNG, JPEG, WebP from @napi-rs/canvas)', () => {
    fc.assert(
      fc.property(size(48), size(48), fc.constantFrom('png' as const, 'jpeg' as const, 'webp' as const), (w, h, format) => {
        expect(readImageHeader(new Uint8Array(createCanvas(w, h).encodeSync(format as 'png')))).toEqual({ format, width: w, height: h });
      }),
      { numRuns: RUNS },
    );
  });

  it('any bytes at all give a whole size or a problem named in words', () => {
    const magic = fc.constantFrom([0xff, 0xd8, 0xff], [0x89, ...ascii('PNG\r\n\x1a\n')], ascii('GIF89a'), ascii('BM'), [...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP')], []);
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.tuple(magic, bytes(80)).map(([m, rest]) => Uint8Array.from([...m, ...rest]))), expectSizeOrNamedProblem), { numRuns: RUNS });
  });

  it('a header cut short gives its own size or a problem, never another size', () => {
    fc.assert(
      fc.property(built, fc.nat(), ({ bytes: b, header }, cut) => {
        const short = b.subarray(0, cut % (b.length + 1));
        expectSizeOrNamedProblem(short);
        const result = readImageHeader(short);
        if (!isHeaderProblem(result)) expect(result).toEqual(header);
      }),
      { numRuns: RUNS },
    );
  });

  it('a header with damaged bytes gives a whole size or a problem named in words', () => {
    fc.assert(
      fc.property(built, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }), ({ bytes: b }, damage) => {
        const copy = b.slice();
        for (const [at, value] of damage) copy[at % copy.length] = value;
        expectSizeOrNamedProblem(copy);
      }),
      { numRuns: RUNS },
    );
  });
});
