// WebGL context loss: detecting it on the backend's own context, forcing it (WEBGL_lose_context,
// for tests and the fault drill), and replacing the dead backend so WebGL can start afresh later.
import * as tf from '@tensorflow/tfjs';
import { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

/** Raised when the GPU context under the running backend is gone; the work since the last checkpoint is lost. */
export class BackendLostError extends Error {
  override name = 'BackendLostError';
}

function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl;
}

/** True when the active backend is WebGL and its context has been lost (TF.js would compute garbage or hang). */
export function gpuContextLost(): boolean {
  return webglContext()?.isContextLost() ?? false;
}

/** Loses the active WebGL context on purpose, as a GPU reset would; false when not on WebGL. */
export function loseWebGLContext(): boolean {
  const ext = webglContext()?.getExtension('WEBGL_lose_context');
  ext?.loseContext();
  return Boolean(ext);
}

/**
 * Drops the dead WebGL backend and registers a fresh factory, so the next setBackend('webgl')
 * makes a new context instead of reusing the lost one.
 */
export function replaceLostWebGL(): void {
  try {
    tf.removeBackend('webgl');
  } catch {
    // Disposing a backend whose context is gone can throw; it is being thrown away anyway.
  }
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
}

/**
 * Waits for TF.js work on the active backend, but rejects with BackendLostError as soon as the
 * WebGL context is lost (checked every 50 ms): TF.js itself would wait forever for a fence that
 * never passes. A result that arrives after the loss is refused too: it may be garbage.
 */
export function whileContextAlive<T>(work: Promise<T>): Promise<T> {
  const gl = webglContext();
  if (!gl) return work;
  const lost = () => new BackendLostError('The WebGL context was lost (a GPU reset, a driver crash, or the browser reclaiming the GPU).');
  return new Promise<T>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!gl.isContextLost()) return;
      clearInterval(timer);
      reject(lost());
    }, 50);
    work.then(
      (value) => {
        clearInterval(timer);
        if (gl.isContextLost()) reject(lost());
        else resolve(value);
      },
      (err: unknown) => {
        clearInterval(timer);
        reject(gl.isContextLost() ? lost() : err);
      },
    );
  });
}
