// Lets the page breathe during long query loops: the shared-memory path can answer without ever
// leaving the current task, so a 1024-query run would otherwise freeze the tab for seconds.

const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
const pending: Array<() => void> = [];
if (channel) channel.port1.onmessage = () => pending.shift()?.();

/** Resolves in a new task (MessageChannel: no 4 ms timer clamp), so rendering and input can run. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    if (!channel) return void setTimeout(resolve, 0);
    pending.push(resolve);
    channel.port2.postMessage(0);
  });
}

/** Calls nextTask() once at least `everyMs` have passed since the last yield; between queries only. */
export class Breather {
  private last = performance.now();
  constructor(private readonly everyMs = 16) {}

  async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.last < this.everyMs) return;
    await nextTask();
    this.last = performance.now();
  }
}

/**
 * Progress at most once every `everyMs`: each report re-renders the view, and on two cores a render
 * takes the core the serving worker needs, so the query it lands on is slow. In one closed loop of
 * 1,024 queries, reports every 16 queries left a slow query two or three after each report.
 */
export class ProgressPacer {
  private last = -Infinity;
  constructor(private readonly everyMs = 250) {}

  /** True when a report is due now (and counts it as made). */
  due(): boolean {
    const now = performance.now();
    if (now - this.last < this.everyMs) return false;
    this.last = now;
    return true;
  }
}
