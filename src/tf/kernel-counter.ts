// Counts kernel dispatches cheaply: every kernel registered for a backend is re-registered
// with a wrapper that bumps the active counters. The engine looks kernels up in the registry
// on each dispatch, so this sees exactly what TF.js ran, without tf.profile's per-kernel sync.
import * as tf from '@tensorflow/tfjs';

const WRAPPED = Symbol('tsl-kernel-counter');
type CountingKernelFunc = tf.KernelFunc & { [WRAPPED]?: true };

/**
 * The counters counting right now. A kernel is wrapped once per backend, by whichever counter
 * installs first, so the wrapper cannot close over one counter: it bumps every listening one
 * (a later TrainingRun in the same worker, or a fine-tune, brings its own counter).
 */
const listening = new Set<KernelCounter>();

export class KernelCounter {
  private counts = new Map<string, number>();

  /** Wraps every kernel of `backendName` not wrapped yet (call again after new registrations). */
  install(backendName: string): void {
    for (const config of tf.getKernelsForBackend(backendName)) {
      const original = config.kernelFunc as CountingKernelFunc;
      if (original[WRAPPED]) continue;
      const name = config.kernelName;
      const wrapped: CountingKernelFunc = countingWrapper(name, original, listening);
      wrapped[WRAPPED] = true;
      tf.unregisterKernel(name, backendName);
      // setupFunc already ran when the backend started; keeping the same functions keeps
      // the wasm kernels' bound entry points valid.
      tf.registerKernel({ ...config, kernelFunc: wrapped });
    }
  }

  /** Clears the histogram and starts counting. */
  start(): void {
    this.counts.clear();
    listening.add(this);
  }

  /** Stops counting and returns the histogram of kernel names since start(). */
  stop(): Record<string, number> {
    listening.delete(this);
    return Object.fromEntries([...this.counts.entries()].sort((a, b) => b[1] - a[1]));
  }

  /** Resumes counting into the same histogram (after a pause that should not be counted). */
  resume(): void {
    listening.add(this);
  }

  pause(): void {
    listening.delete(this);
  }

  /** @internal called by the kernel wrappers. */
  bump(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}

/** The wrapper every kernel gets; also what calibrateCounterCost() times. */
function countingWrapper<A extends unknown[], R>(
  name: string,
  original: (...args: A) => R,
  counters: ReadonlySet<KernelCounter>,
): (...args: A) => R {
  return (...args) => {
    if (counters.size > 0) for (const counter of counters) counter.bump(name);
    return original(...args);
  };
}

/**
 * Measures what one counted dispatch costs with one counter active: the real wrapper around a
 * no-op against the no-op alone, over many calls. Used to state instrumentationMs without
 * timing every kernel.
 */
export function calibrateCounterCost(): number {
  const inner = (x: number) => x + 1;
  const wrapped = countingWrapper('k', inner, new Set([new KernelCounter()]));
  const calls = 200_000;
  let sink = 0;
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) sink = wrapped(sink);
  const t1 = performance.now();
  for (let i = 0; i < calls; i++) sink = inner(sink);
  const t2 = performance.now();
  return Math.max(0, (t1 - t0 - (t2 - t1)) / calls) + (sink < 0 ? 1 : 0);
}

export function totalDispatches(histogram: Record<string, number>): number {
  return Object.values(histogram).reduce((sum, n) => sum + n, 0);
}
