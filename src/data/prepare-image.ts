// One of a person's image files, made ready for the dataset: header checked before decoding
// (format, size limit), content hashed (to find exact duplicates), decoded with EXIF orientation,
// centre-cropped and resized. Only the small RGB result is kept; no full-size copy survives.
import { decodeImageToRgb } from './decode.ts';
import { isHeaderProblem, readImageHeader, type ImageFormat } from './image-header.ts';

export interface DecodeLimits {
  /** Largest width x height decoded; bigger images are refused from their header. */
  maxPixels: number;
  /** Largest file read at all. */
  maxBytes: number;
}

/**
 * 40 megapixels (a 7,750 x 5,160 photo) decodes to 160 MB of RGBA: the most one tab should take
 * per image with a few decodes in flight. 12,000 x 12,000 (576 MB) is refused.
 */
export const DEFAULT_LIMITS: DecodeLimits = { maxPixels: 40_000_000, maxBytes: 64 * 1024 * 1024 };

export type PreparedImage =
  | { ok: true; name: string; rgb: Uint8Array; hash: string; format: ImageFormat; width: number; height: number }
  | { ok: false; name: string; reason: string; action: 'skipped' | 'refused' };

const MB = 1024 * 1024;

export async function prepareImage(blob: Blob, name: string, size: number, limits: DecodeLimits = DEFAULT_LIMITS): Promise<PreparedImage> {
  if (blob.size === 0) return { ok: false, name, reason: 'the file is empty (0 bytes)', action: 'skipped' };
  if (blob.size > limits.maxBytes) {
    return { ok: false, name, reason: `the file is ${(blob.size / MB).toFixed(0)} MB, more than the ${(limits.maxBytes / MB).toFixed(0)} MB read per image`, action: 'refused' };
  }
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const header = readImageHeader(bytes);
  if (isHeaderProblem(header)) return { ok: false, name, reason: header.problem, action: 'skipped' };
  const { format, width, height } = header;
  if (width * height > limits.maxPixels) {
    const mp = (width * height) / 1e6;
    return {
      ok: false,
      name,
      reason: `${width} x ${height} pixels (${mp.toFixed(0)} MP) is too large to decode safely in a tab (limit ${(limits.maxPixels / 1e6).toFixed(0)} MP); not decoded`,
      action: 'refused',
    };
  }
  const hash = toHex(await crypto.subtle.digest('SHA-256', bytes));
  try {
    const rgb = await decodeImageToRgb(new Blob([bytes], { type: `image/${format}` }), size);
    return { ok: true, name, rgb, hash, format, width, height };
  } catch {
    const reason = truncation(format, bytes) ?? `a ${format.toUpperCase()} that could not be decoded (corrupt or truncated data)`;
    return { ok: false, name, reason, action: 'skipped' };
  }
}

/**
 * Says "truncated" rather than "corrupt" when it can tell: a PNG that never reaches its IEND
 * chunk, a JPEG with no end-of-image marker. Asked only after the browser refused to decode, so
 * a file the browser reads is never turned away on these grounds.
 */
function truncation(format: ImageFormat, b: Uint8Array): string | null {
  if (format === 'png') {
    let i = 8;
    while (i + 8 <= b.length) {
      const length = ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);
      const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
      if (type === 'IEND') return null;
      i += 12 + length;
    }
    return `a PNG cut off after ${b.length} bytes, before its end chunk (truncated)`;
  }
  if (format === 'jpeg') {
    for (let i = b.length - 2; i >= 2; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return null;
    return `a JPEG cut off after ${b.length} bytes, with no end-of-image marker (truncated)`;
  }
  return null;
}

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}
