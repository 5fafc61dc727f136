// One text value kept in the browser's localStorage under a key, read and written whole. A read
// that the browser refuses (storage off, private mode) is "nothing stored"; a refused write throws,
// and each caller decides what that means (the presets say so; the spend records stay in memory).

/** Where a controller keeps its records: text in, text out (localStorage in the page, a Map or a plain object in tests). */
export interface TextStorage {
  read(): string | null;
  /** May throw when the browser refuses (quota, storage off): the caller's policy. */
  write(text: string): void;
}

export function localTextStorage(key: string): TextStorage {
  return {
    read: () => {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    write: (text) => localStorage.setItem(key, text),
  };
}
