// When a new version of the app may take over this page. A new service worker waits until the page
// is idle, then takes over and the page reloads once so every file comes from the new set; while a
// training run, a prune sweep or a serve bench is going, both steps are held (a reload would lose
// the run) and applied when it ends. Pure logic, no DOM: the Workbox wiring is in offline-status.ts.

/** What is running that a reload would lose, in words for the badge ("training"); null when idle. */
export type BusyReason = string | null;

/**
 * none: this page runs the newest version it knows of. waiting: a new version is installed and
 * waits to take over. activating: it was told to take over. controlling: it took over, and this
 * page (still running the old files) must reload.
 */
export type UpdatePending = 'none' | 'waiting' | 'activating' | 'controlling';

export type UpdateAction = 'none' | 'hold' | 'activate' | 'reload';

/** The one decision: what to do now about a pending update, given what is running. */
export function updateAction(pending: UpdatePending, busy: BusyReason): UpdateAction {
  if (pending === 'none' || pending === 'activating') return 'none';
  if (busy !== null) return 'hold';
  return pending === 'waiting' ? 'activate' : 'reload';
}

/** What the badge shows: null when no update is pending. */
export interface UpdateStatus {
  /** The update is held until this ends ("training"); null when it is being applied now. */
  heldBy: BusyReason;
}

export interface UpdateGateDeps {
  /** Tells the waiting service worker to take over (Workbox's messageSkipWaiting). */
  activate(): void;
  /** Reloads the page into the new version. */
  reload(): void;
  /** What is running now. */
  busy(): BusyReason;
  /** Told whenever the status changes, for the badge. */
  onStatus(status: UpdateStatus | null): void;
}

export class UpdateGate {
  private pending: UpdatePending = 'none';
  private reloaded = false;

  constructor(private readonly deps: UpdateGateDeps) {}

  get state(): UpdatePending {
    return this.pending;
  }

  /** A new version finished installing and waits. */
  waiting(): void {
    if (this.pending === 'none') this.pending = 'waiting';
    this.decide();
  }

  /** Another service worker took control of this page (after our activate, or another tab's). */
  controllerChanged(): void {
    this.pending = 'controlling';
    this.decide();
  }

  /** What is running changed: a held update may go ahead now. */
  busyChanged(): void {
    this.decide();
  }

  private decide(): void {
    if (this.reloaded) return;
    const busy = this.deps.busy();
    const action = updateAction(this.pending, busy);
    if (action === 'activate') {
      this.pending = 'activating';
      this.deps.onStatus({ heldBy: null });
      this.deps.activate();
    } else if (action === 'reload') {
      this.reloaded = true;
      this.deps.onStatus({ heldBy: null });
      this.deps.reload();
    } else if (action === 'hold') {
      this.deps.onStatus({ heldBy: busy });
    }
  }
}
