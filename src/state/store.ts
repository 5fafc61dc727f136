// A tiny observable store: state lives here, views subscribe through StoreController and
// re-render on change. No DOM needed, so services and tests can use it directly. `select` wakes a
// listener only when the slice it reads changes, so a batch update wakes only what shows batches.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Equality<T> = (a: T, b: T) => boolean;

/** Equal when both are the same value, or arrays/objects whose own entries are the same values. */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export class Store<S extends object> {
  private listeners = new Set<(state: S) => void>();

  constructor(private current: S) {}

  get state(): S {
    return this.current;
  }

  /** Shallow-merges `patch` and notifies subscribers. */
  set(patch: Partial<S>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  subscribe(listener: (state: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener(slice, previous)` whenever `selector(state)` changes (shallowly, by default). */
  select<T>(selector: (state: S) => T, listener: (slice: T, previous: T) => void, equals: Equality<T> = shallowEqual): () => void {
    let last = selector(this.current);
    return this.subscribe((state) => {
      const next = selector(state);
      if (equals(last, next)) return;
      const previous = last;
      last = next;
      listener(next, previous);
    });
  }
}

/**
 * Re-renders a Lit host when the store changes, while the host is connected. With a selector, only
 * when the selected slice changes (shallow comparison): a view that shows no batch progress
 * selects the fields it renders and sleeps through the batches.
 */
export class StoreController<S extends object> implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly store: Store<S>,
    private readonly selector: ((state: S) => unknown) | null = null,
  ) {
    host.addController(this);
  }

  get state(): S {
    return this.store.state;
  }

  hostConnected(): void {
    const wake = () => this.host.requestUpdate();
    this.unsubscribe = this.selector ? this.store.select(this.selector, wake) : this.store.subscribe(wake);
    // Changes while disconnected were missed.
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
