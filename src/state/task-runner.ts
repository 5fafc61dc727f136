// One runner for the app's async work, in the manner of @lit/task: each run gets its own
// AbortController and a call id, so only the newest run's result lands; status and error are kept
// as plain state for the views. Two modes: 'exclusive' refuses a second run while one is going
// (a measurement must not be disturbed), 'latest' aborts the older run (a newer request wins).
import { Store } from './store.ts';

export type TaskStatus = 'idle' | 'running' | 'error' | 'done';

export interface TaskState {
  status: TaskStatus;
  /** What is being done, for the progress line ("Deploying…"); null when idle. */
  task: string | null;
  /** The last run's failure, in words for people; null after a success. */
  error: string | null;
  /** A Stop was asked for and the run is winding down. */
  stopping: boolean;
}

export const IDLE_TASK: TaskState = { status: 'idle', task: null, error: null, stopping: false };

/** Thrown into a run's body (through its signal) when a newer run replaced it. */
export class SupersededError extends Error {
  override name = 'SupersededError';
}

export interface RunOptions {
  mode?: 'exclusive' | 'latest';
}

export class TaskRunner {
  readonly store = new Store<TaskState>(IDLE_TASK);
  private abort: AbortController | null = null;
  private callId = 0;

  get busy(): boolean {
    return this.store.state.status === 'running';
  }

  get state(): TaskState {
    return this.store.state;
  }

  /**
   * Runs `body`. Resolves with its result, or null when it failed (the error is in the state),
   * was refused (busy, exclusive mode) or was replaced by a newer run.
   */
  async run<T>(task: string, body: (signal: AbortSignal) => Promise<T>, options: RunOptions = {}): Promise<T | null> {
    if (this.busy) {
      if ((options.mode ?? 'exclusive') === 'exclusive') {
        this.store.set({ error: `Busy: ${this.store.state.task ?? 'a task'} is running. Stop it or wait for it to finish.` });
        return null;
      }
      this.abort?.abort(new SupersededError(`Replaced by a newer request: ${task}.`));
    }
    const id = ++this.callId;
    const abort = new AbortController();
    this.abort = abort;
    this.store.set({ status: 'running', task, error: null, stopping: false });
    try {
      const result = await body(abort.signal);
      if (id !== this.callId) return null;
      this.store.set({ status: 'done', task: null, stopping: false });
      return result;
    } catch (err) {
      if (id !== this.callId || err instanceof SupersededError) return null;
      this.store.set({ status: 'error', task: null, stopping: false, error: (err as Error).message ?? String(err) });
      return null;
    } finally {
      if (id === this.callId) this.abort = null;
    }
  }

  /** Resolves once no run is in flight (now, or when the current one settles). */
  async settled(): Promise<void> {
    while (this.busy) await new Promise<void>((resolve) => {
      const off = this.store.subscribe((s) => {
        if (s.status === 'running') return;
        off();
        resolve();
      });
    });
  }

  /** Asks the running task to stop: its signal aborts; what it measured so far is its to keep. */
  stop(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.store.set({ stopping: true });
  }

  /** Shows a failure that did not come from a run (a refused input, say). */
  fail(message: string): void {
    this.store.set({ error: message });
  }

  clearError(): void {
    if (this.store.state.error) this.store.set({ error: null });
  }
}
