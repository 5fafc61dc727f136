// Counts kernel dispatches cheaply: every kernel registered for a backend is re-registered
// with a wrapper that bumps a counter. The engine looks kernels up in the registry on each
// dispatch, so this sees exactly what TF.js ran, without tf.profile's per-kernel sync.
import * as tf from '@tensorflow/tfjs';

const WRAPPED = Symbol('tsl-kernel-counter');
type CountingKernelFunc = tf.KernelFunc & { [WRAPPED]?: true };

export class KernelCounter {
  private counts = new Map<string, number>();
  private active = false;

  /** Wraps every kernel of `backendName` not wrapped yet (call again after new registrations). */
  install(backendName: string): void {
    for (const config of tf.getKernelsForBackend(backendName)) {
      const original = config.kernelFunc as CountingKernelFunc;
      if (original[WRAPPED]) continue;
      const name = config.kernelName;
      const wrapped: CountingKernelFunc = (params) => {
        if (this.active) this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        return original(params);
      };
      wrapped[WRAPPED] = true;
      tf.unregisterKernel(name, backendName);
      // setupFunc already ran when the backend started; keeping the same functions keeps
      // the wasm kernels' bound entry points valid.
      tf.registerKernel({ ...config, kernelFunc: wrapped });
    }
  }

  start(): void {
    this.counts.clear();
    this.active = true;
  }

  /** Stops counting and returns the histogram of kernel names since start(). */
  stop(): Record<string, number> {
    this.active = false;
    return Object.fromEntries([...this.counts.entries()].sort((a, b) => b[1] - a[1]));
  }

  /** Resumes counting into the same histogram (after a pause that should not be counted). */
  resume(): void {
    this.active = true;
  }

  pause(): void {
    this.active = false;
  }
}

export function totalDispatches(histogram: Record<string, number>): number {
  return Object.values(histogram).reduce((sum, n) => sum + n, 0);
}
