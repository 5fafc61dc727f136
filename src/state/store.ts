// A tiny observable store: state lives here, views subscribe through StoreController and
// re-render on change. No DOM needed, so services and tests can use it directly.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

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
}

/** Re-renders a Lit host whenever the store changes, while the host is connected. */
export class StoreController<S extends object> implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly store: Store<S>,
  ) {
    host.addController(this);
  }

  get state(): S {
    return this.store.state;
  }

  hostConnected(): void {
    this.unsubscribe = this.store.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
