// Waiting until a clock time with sub-millisecond precision, for open-loop send schedules:
// setTimeout is clamped to >= 4 ms once nested, which would bunch Poisson arrivals together.

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
type WaitAsync = (ta: Int32Array, index: number, value: number, timeoutMs?: number) => WaitAsyncResult;
const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;

// Nobody ever notifies this cell: waitAsync on it is a pure timer.
const cell = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;

/** Resolves at (or just after) performance.now() === atMs; returns at once when that time has passed. */
export async function sleepUntil(atMs: number): Promise<void> {
  for (;;) {
    const left = atMs - performance.now();
    if (left <= 0) return;
    if (cell && waitAsync) {
      const w = waitAsync(cell, 0, 0, left);
      if (w.async) await w.value;
    } else {
      await new Promise((resolve) => setTimeout(resolve, left));
    }
  }
}
