// Reads a person's own images into a later day of the drifting stream: a folder with one subfolder
// per class (the Data view's folder rules and decoder), or a burst of webcam frames (the Serve
// view's camera). Every failure comes back as a message; nothing here touches what is loaded.
import { placeByFolder, type SkipNote } from '../data/folder-rules.ts';
import type { ImageSet } from '../data/image-set.ts';
import type { PreparedImage } from '../data/prepare-image.ts';
import { matchClasses, type OwnDayPlacement, type OwnDaySource } from '../drift/own-day.ts';
import type { IncomingFile } from './data-lab.ts';
import type { OpenCamera } from './serve-camera.ts';

/** Decodes files to size x size RGB (the Data view's decoding worker in the page). */
export type DecodeImages = (files: { name: string; blob: Blob }[], size: number) => Promise<PreparedImage[]>;

/** A day serves at most this many images (the most queries a day may have). */
export const MAX_OWN_IMAGES = 5000;
/** Files per trip to the decoder, as the Data view sends them. */
const DECODE_BATCH = 16;

export type OwnIntake = { source: OwnDaySource; notes: SkipNote[]; problem: null } | { source: null; notes: SkipNote[]; problem: string };

const refuse = (problem: string, notes: SkipNote[] = []): OwnIntake => ({ source: null, notes, problem });

function pack(images: { id: string; label: number; rgb: Uint8Array }[], size: number): ImageSet {
  const stride = size * size * 3;
  const pixels = new Uint8Array(images.length * stride);
  images.forEach((im, i) => pixels.set(im.rgb, i * stride));
  return { pixels, labels: Uint8Array.from(images, (im) => im.label), count: images.length, height: size, width: size, ids: images.map((im) => im.id) };
}

/**
 * A picked folder as a day: the subfolders' names must be among the model's classes (checked
 * before anything is decoded), the files decode as in the Data view, and what was left out is noted.
 */
export async function readOwnFolder(files: readonly IncomingFile[], modelClasses: readonly string[], size: number, placement: OwnDayPlacement, decode: DecodeImages, onProgress?: (done: number, total: number) => void): Promise<OwnIntake> {
  const { placed, skipped, root } = placeByFolder(files.map((f) => f.path));
  const notes: SkipNote[] = [...skipped];
  if (placed.length === 0) {
    return refuse(`The folder has no images inside class folders${files.length ? ` (${files.length} file${files.length === 1 ? '' : 's'}, none in a subfolder)` : ''}: put each class's images in a subfolder named after the class (${modelClasses.join(', ')}). Nothing was changed.`, notes);
  }
  const classNames = [...new Set(placed.map((p) => p.className))];
  const match = matchClasses(classNames, modelClasses);
  if (match.problem !== null) return refuse(match.problem, notes);
  const kept = placed.slice(0, MAX_OWN_IMAGES);
  for (const p of placed.slice(MAX_OWN_IMAGES)) notes.push({ subject: files[p.index]!.path, reason: `a day serves at most ${MAX_OWN_IMAGES.toLocaleString('en')} images; not loaded`, action: 'refused' });
  const images: { id: string; label: number; rgb: Uint8Array }[] = [];
  for (let start = 0; start < kept.length; start += DECODE_BATCH) {
    const batch = kept.slice(start, start + DECODE_BATCH);
    let prepared: PreparedImage[];
    try {
      prepared = await decode(batch.map((p) => ({ name: files[p.index]!.path, blob: files[p.index]!.blob })), size);
    } catch (err) {
      prepared = batch.map((p) => ({ ok: false, name: files[p.index]!.path, reason: `could not be decoded (the decoder failed: ${(err as Error).message})`, action: 'skipped' }));
    }
    prepared.forEach((r, i) => {
      if (r.ok) images.push({ id: r.name, label: classNames.indexOf(batch[i]!.className), rgb: r.rgb });
      else notes.push({ subject: r.name, reason: r.reason, action: r.action });
    });
    onProgress?.(start + batch.length, kept.length);
  }
  if (images.length === 0) return refuse(`None of the folder's ${kept.length} image files could be read (${notes.at(-1)?.subject}: ${notes.at(-1)?.reason}). Nothing was changed.`, notes);
  return { source: { kind: 'folder', name: `your folder "${root ?? 'picked'}"`, images: pack(images, size), classNames, labelsKnown: true, placement }, notes, problem: null };
}

/** A burst of webcam frames as a day: no true labels, so only the label-free signal watches it. */
export async function captureWebcamDay(open: () => Promise<OpenCamera>, size: number, frames: number, intervalMs: number, placement: OwnDayPlacement, decode: DecodeImages, onFrame?: (done: number, total: number) => void): Promise<OwnIntake> {
  let camera: OpenCamera;
  try {
    camera = await open();
  } catch (err) {
    return refuse(`${(err as Error).message} Nothing was changed.`);
  }
  const notes: SkipNote[] = [];
  const images: { id: string; label: number; rgb: Uint8Array }[] = [];
  try {
    for (let i = 0; i < frames; i++) {
      const id = `webcam ${i + 1}`;
      const [r] = await decode([{ name: id, blob: await camera.grab() }], size);
      if (r?.ok) images.push({ id, label: 0, rgb: r.rgb });
      else if (r) notes.push({ subject: id, reason: r.reason, action: r.action });
      onFrame?.(i + 1, frames);
      if (i < frames - 1) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } catch (err) {
    return refuse(`The webcam stopped giving frames (${(err as Error).message}). Nothing was changed.`, notes);
  } finally {
    camera.close();
  }
  if (images.length === 0) return refuse('No webcam frame could be read. Nothing was changed.', notes);
  return { source: { kind: 'webcam', name: 'webcam', images: pack(images, size), classNames: [], labelsKnown: false, placement }, notes, problem: null };
}
