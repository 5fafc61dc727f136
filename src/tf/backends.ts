// Backend set-up: registers webgl, wasm (local .wasm files, no CDN), cpu and webgpu, and
// switches between them. Everything that trains or serves goes through useBackend().
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

import { ALL_BACKENDS, type BackendName } from './backend-names.ts';

export { ALL_BACKENDS, type BackendName };

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlainUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

let webgpuLoaded: Promise<boolean> | null = null;

/** WebGPU's package is only pulled in where the browser exposes navigator.gpu. */
async function loadWebGpu(): Promise<boolean> {
  const nav = globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } };
  if (!nav?.gpu) return false;
  const adapter = await nav.gpu.requestAdapter().catch(() => null);
  if (!adapter) return false;
  await import('@tensorflow/tfjs-backend-webgpu');
  return true;
}

/** Switch TF.js to `name`, throwing a message that names the backend when it cannot start. */
export async function useBackend(name: BackendName): Promise<void> {
  if (name === 'webgpu') {
    webgpuLoaded ??= loadWebGpu();
    if (!(await webgpuLoaded)) throw new Error('Backend "webgpu" is not available in this browser (no GPU adapter).');
  }
  if (name === 'wasm') await import('./wasm-kernels.ts').then((m) => m.registerWasmTrainingKernels());
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    throw new Error(`Backend "${name}" failed to start: ${(err as Error).message}`);
  }
  if (!ok) throw new Error(`Backend "${name}" failed to start in this browser.`);
  await tf.ready();
}
