// Turns a drop into files with their folder paths: a dropped folder is walked through the
// FileSystem entry API (DataTransfer.files would list the folder itself, not what is inside).
import type { IncomingFile } from '../state/data-lab.ts';

export async function filesFromDrop(transfer: DataTransfer): Promise<IncomingFile[]> {
  // Entries must be taken synchronously: the DataTransfer is emptied once the handler yields.
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null);
  if (entries.every((e) => e === null)) return [...transfer.files].map((file) => ({ path: file.name, blob: file }));
  const out: IncomingFile[] = [];
  for (const entry of entries) if (entry) await walk(entry, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: IncomingFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: entry.fullPath.replace(/^\//, ''), blob: file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most 100 entries per call: read until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}

/** Files of an <input type=file webkitdirectory> (or a plain multi-file input), with their paths. */
export function filesFromInput(input: HTMLInputElement): IncomingFile[] {
  return [...(input.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, blob: file }));
}
