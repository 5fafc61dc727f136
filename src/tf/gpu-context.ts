// Losing the GPU under a backend: a WebGL context loss or a WebGPU device loss. Detecting it on the
// backend's own context or device, forcing it (WEBGL_lose_context, GPUDevice.destroy: for tests and
// the fault drill), and replacing the dead backend so it can start afresh later.
import * as tf from '@tensorflow/tfjs';
import type { MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

/** Raised when the GPU context under the running backend is gone; the work since the last checkpoint is lost. */
export class BackendLostError extends Error {
  override name = 'BackendLostError';
}

/** The part of a GPUDevice this module uses (the WebGPU types are not in the build's lib). */
interface DeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

/** Devices whose `lost` promise has resolved, and why. */
const lostDevices = new WeakMap<object, string>();
const watched = new WeakSet<object>();

function webglContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as MathBackendWebGL).gpgpu.gl;
}

function webgpuDevice(): DeviceLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device ?? null;
  if (device && !watched.has(device)) {
    watched.add(device);
    void device.lost.then((info) => lostDevices.set(device, info?.message || info?.reason || 'lost'));
  }
  return device;
}

/** True when the active backend's GPU context (WebGL) or device (WebGPU) is gone: TF.js would compute garbage or hang. */
export function gpuContextLost(): boolean {
  const device = webgpuDevice();
  return (webglContext()?.isContextLost() ?? false) || (device !== null && lostDevices.has(device));
}

/** True on the backends whose weights live on a GPU that can vanish (and so are copied out after every epoch). */
export function onGpuBackend(): boolean {
  return tf.getBackend() === 'webgl' || tf.getBackend() === 'webgpu';
}

/** Loses the active WebGL context on purpose, as a GPU reset would; false when not on WebGL. */
export function loseWebGLContext(): boolean {
  const ext = webglContext()?.getExtension('WEBGL_lose_context');
  ext?.loseContext();
  return Boolean(ext);
}

/** Destroys the active WebGPU device on purpose, as a driver reset would; false when not on WebGPU. */
export function loseWebGPUDevice(): boolean {
  const device = webgpuDevice();
  device?.destroy();
  return device !== null;
}

/**
 * Drops a dead GPU backend and registers its factory again, so the next setBackend makes a new
 * context or device instead of reusing the lost one.
 */
export function replaceLostBackend(name: 'webgl' | 'webgpu'): void {
  const factory = tf.findBackendFactory(name);
  try {
    tf.removeBackend(name);
  } catch {
    // Disposing a backend whose context is gone can throw; it is being thrown away anyway.
  }
  if (factory) tf.registerBackend(name, factory, name === 'webgpu' ? 3 : 2);
}

/**
 * Waits for TF.js work on the active backend, but rejects with BackendLostError as soon as the
 * GPU context or device is lost (checked every 50 ms): TF.js itself would wait forever for a fence
 * that never passes. A result that arrives after the loss is refused too: it may be garbage.
 */
export function whileContextAlive<T>(work: Promise<T>): Promise<T> {
  const gl = webglContext();
  const device = webgpuDevice();
  if (!gl && !device) return work;
  const isLost = () => (gl ? gl.isContextLost() : lostDevices.has(device!));
  const lost = () =>
    new BackendLostError(
      gl
        ? 'The WebGL context was lost (a GPU reset, a driver crash, or the browser reclaiming the GPU).'
        : `The WebGPU device was lost (${lostDevices.get(device!) ?? 'a GPU reset or a driver crash'}).`,
    );
  return new Promise<T>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!isLost()) return;
      clearInterval(timer);
      reject(lost());
    }, 50);
    work.then(
      (value) => {
        clearInterval(timer);
        if (isLost()) reject(lost());
        else resolve(value);
      },
      (err: unknown) => {
        clearInterval(timer);
        reject(isLost() ? lost() : err);
      },
    );
  });
}
