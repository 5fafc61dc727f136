// Reads what the active backend can do (wasm SIMD and threads, WebGL version and renderer,
// WebGPU adapter), for the header line, the backend comparison and the run report.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendCapabilities } from '../metrics/report.ts';
import { type BackendName, useBackend } from './backends.ts';

interface WebGlBackendShape {
  gpgpu?: { gl?: WebGLRenderingContext };
}
interface WebGpuBackendShape {
  adapterInfo?: { vendor?: string; architecture?: string };
}

/** Capabilities of the backend that is active now. */
export async function activeCapabilities(): Promise<BackendCapabilities> {
  const name = tf.getBackend();
  const caps: BackendCapabilities = { available: true };
  if (name === 'wasm') {
    caps.simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    caps.threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    caps.threadCount = getThreadsCount();
  } else if (name === 'webgl') {
    caps.webglVersion = tf.env().getNumber('WEBGL_VERSION');
    const gl = (tf.backend() as unknown as WebGlBackendShape).gpgpu?.gl;
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    caps.renderer = String(gl && info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : (gl?.getParameter(gl.RENDERER) ?? 'unknown'));
  } else if (name === 'webgpu') {
    const info = (tf.backend() as unknown as WebGpuBackendShape).adapterInfo;
    caps.adapter = [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'unknown adapter';
  }
  return caps;
}

/** Tries each backend in turn; leaves `restore` active afterwards. */
export async function probeBackends(names: readonly BackendName[], restore: BackendName): Promise<Record<string, BackendCapabilities>> {
  const out: Record<string, BackendCapabilities> = {};
  for (const name of names) {
    try {
      await useBackend(name);
      out[name] = await activeCapabilities();
    } catch (err) {
      out[name] = { available: false, error: (err as Error).message };
    }
  }
  await useBackend(restore);
  return out;
}
