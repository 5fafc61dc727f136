// Prepared set-ups: named presets, each the query string of the whole set-up (every view's
// settings, the view and lecture mode), saved in the browser, shown as a link, and opened through
// the same validating parsers as a link typed into the address bar.
import type { TextStorage } from './local-text-storage.ts';
import { Store } from './store.ts';

/** One saved set-up. */
export interface Preset {
  id: string;
  /** What the instructor called it, e.g. "Lecture 3: pruning". */
  name: string;
  /** The query string without "?", as serializeUrlState writes it. */
  search: string;
  /** ISO time it was saved. */
  createdAt: string;
}

export interface PresetsState {
  presets: Preset[];
  /** The last refused action or unreadable storage, for people to read. */
  error: string | null;
}

export interface PresetsDeps {
  /** Where presets are kept (the page: localTextStorage(PRESETS_STORAGE_KEY)); a refused write throws into commit(), which says so. */
  storage: TextStorage;
  /** The current set-up's query string (without "?"). */
  currentSearch: () => string;
  /** Applies a query string through the settings' parsers; returns a message per refused value. */
  apply: (search: string) => string[];
  /** The app's address without a query, e.g. https://host/path/ (for links). */
  baseUrl: () => string;
  now?: () => Date;
  /** Presets that ship with the app: listed and opened like saved ones, never renamed, deleted or stored. */
  builtins?: readonly Preset[];
}

export const PRESETS_STORAGE_KEY = 'tsl-presets-v1';
const MAX_NAME_CHARS = 80;

function isPreset(value: unknown): value is Preset {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['id'] === 'string' && typeof v['name'] === 'string' && typeof v['search'] === 'string' && typeof v['createdAt'] === 'string';
}

/** Reads the stored list; anything unreadable is dropped with a message, never thrown. */
export function parsePresets(text: string | null): { presets: Preset[]; error: string | null } {
  if (text === null || text === '') return { presets: [], error: null };
  try {
    const data: unknown = JSON.parse(text);
    if (!Array.isArray(data)) return { presets: [], error: 'The saved presets could not be read (not a list); starting with none.' };
    const presets = data.filter(isPreset);
    const dropped = data.length - presets.length;
    return { presets, error: dropped > 0 ? `${dropped} saved preset${dropped === 1 ? '' : 's'} could not be read and ${dropped === 1 ? 'was' : 'were'} left out.` : null };
  } catch {
    return { presets: [], error: 'The saved presets could not be read (not JSON); starting with none.' };
  }
}

export class PresetsLab {
  readonly store: Store<PresetsState>;
  private readonly now: () => Date;
  private counter = 0;

  constructor(private readonly deps: PresetsDeps) {
    this.now = deps.now ?? (() => new Date());
    this.store = new Store<PresetsState>(parsePresets(deps.storage.read()));
  }

  /** Saves the current set-up under `name`; a name already used is replaced (same id kept). */
  save(name: string): Preset | null {
    const clean = this.cleanName(name);
    if (clean === null) return null;
    const search = this.deps.currentSearch().replace(/^\?/, '');
    const existing = this.store.state.presets.find((p) => p.name === clean);
    const preset: Preset = { id: existing?.id ?? this.newId(), name: clean, search, createdAt: this.now().toISOString() };
    const presets = existing ? this.store.state.presets.map((p) => (p.id === existing.id ? preset : p)) : [...this.store.state.presets, preset];
    return this.commit(presets) ? preset : null;
  }

  rename(id: string, name: string): boolean {
    const clean = this.cleanName(name);
    if (clean === null) return false;
    if (!this.store.state.presets.some((p) => p.id === id)) return this.refuse(this.builtins.some((p) => p.id === id) ? 'A preset that ships with the app cannot be renamed; save it under a new name instead.' : 'That preset is no longer saved.');
    if (this.store.state.presets.some((p) => p.id !== id && p.name === clean)) return this.refuse(`Another preset is already called "${clean}".`);
    return this.commit(this.store.state.presets.map((p) => (p.id === id ? { ...p, name: clean } : p)));
  }

  remove(id: string): boolean {
    if (!this.store.state.presets.some((p) => p.id === id)) return this.refuse(this.builtins.some((p) => p.id === id) ? 'A preset that ships with the app cannot be deleted.' : 'That preset is no longer saved.');
    return this.commit(this.store.state.presets.filter((p) => p.id !== id));
  }

  /** Applies a preset to the app; returns the parsers' messages for any value they refused. */
  open(id: string): string[] {
    const preset = this.find(id);
    if (!preset) return ['That preset is no longer saved.'];
    return this.deps.apply(preset.search);
  }

  /** The link that opens the preset in any browser (the app reads it at start-up). */
  linkOf(preset: Preset): string {
    return `${this.deps.baseUrl()}?${preset.search}`;
  }

  find(id: string): Preset | undefined {
    return this.store.state.presets.find((p) => p.id === id) ?? this.builtins.find((p) => p.id === id);
  }

  /** The presets that ship with the app. */
  get builtins(): readonly Preset[] {
    return this.deps.builtins ?? [];
  }

  private cleanName(name: string): string | null {
    const clean = name.trim().replace(/\s+/g, ' ');
    if (clean === '') {
      this.refuse('A preset needs a name, e.g. "Lecture 3: pruning".');
      return null;
    }
    if (clean.length > MAX_NAME_CHARS) {
      this.refuse(`A preset's name can be at most ${MAX_NAME_CHARS} characters.`);
      return null;
    }
    return clean;
  }

  private newId(): string {
    this.counter += 1;
    return `p${this.now().getTime().toString(36)}-${this.counter}`;
  }

  private refuse(message: string): false {
    this.store.set({ error: message });
    return false;
  }

  private commit(presets: Preset[]): boolean {
    try {
      this.deps.storage.write(JSON.stringify(presets));
    } catch (err) {
      return this.refuse(`The browser refused to store the presets: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.store.set({ presets, error: null });
    return true;
  }
}
