// Header reading on real encoder output (@napi-rs/canvas) and on hand-built BMP and GIF files.
import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from './image-header.ts';
import { pngHeaderOnly, solidBmp, solidGif } from './test-images.ts';

const encode = (w: number, h: number, format: 'png' | 'jpeg' | 'webp') => new Uint8Array(createCanvas(w, h).encodeSync(format as 'png'));

describe('readImageHeader', () => {
  it('reads format and size of PNG, JPEG, WebP, GIF and BMP', () => {
    expect(readImageHeader(encode(37, 21, 'png'))).toEqual({ format: 'png', width: 37, height: 21 });
    expect(readImageHeader(encode(300, 200, 'jpeg'))).toEqual({ format: 'jpeg', width: 300, height: 200 });
    expect(readImageHeader(encode(45, 60, 'webp'))).toEqual({ format: 'webp', width: 45, height: 60 });
    expect(readImageHeader(solidGif(7, 5, [[255, 0, 0]]))).toEqual({ format: 'gif', width: 7, height: 5 });
    expect(readImageHeader(solidBmp(9, 4, [0, 0, 255]))).toEqual({ format: 'bmp', width: 9, height: 4 });
  });

  it('reads a huge size from the header alone', () => {
    expect(readImageHeader(pngHeaderOnly(12_000, 12_000))).toEqual({ format: 'png', width: 12_000, height: 12_000 });
  });

  it('names text files, empty files and cut-off headers', () => {
    expect(readImageHeader(new TextEncoder().encode('label,file\ncat,1.jpg\n'))).toEqual({ problem: expect.stringMatching(/a text file, not an image/) });
    expect(readImageHeader(new Uint8Array(0))).toEqual({ problem: 'the file is empty (0 bytes)' });
    expect(readImageHeader(encode(30, 30, 'jpeg').subarray(0, 40))).toEqual({ problem: expect.stringMatching(/JPEG cut off before its size \(truncated\)/) });
    expect(readImageHeader(encode(30, 30, 'png').subarray(0, 20))).toEqual({ problem: expect.stringMatching(/PNG cut off before its header/) });
    expect(readImageHeader(Uint8Array.from([0, 1, 2, 3, 250, 251, 0, 0]))).toEqual({ problem: expect.stringMatching(/unrecognised content/) });
  });

  it('names a header that says the image has no pixels by its format as people write it', () => {
    // A damaged VP8 frame header, found by the property test: width 1, height 0.
    const webp = Uint8Array.from([82, 73, 70, 70, 24, 0, 0, 0, 87, 69, 66, 80, 86, 80, 56, 32, 12, 0, 0, 0, 16, 2, 0, 157, 1, 42, 1, 0, 0, 0, 0, 0]);
    expect(readImageHeader(webp)).toEqual({ problem: 'a WebP whose header says it has no pixels (1x0)' });
    const png = pngHeaderOnly(0, 5);
    expect(readImageHeader(png)).toEqual({ problem: 'a PNG whose header says it has no pixels (0x5)' });
  });
});
