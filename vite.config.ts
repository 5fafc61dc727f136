// Vite config: cross-origin isolation headers (wasm threads need them), module workers,
// and an unminified build (a minified build breaks tfjs-backend-wasm's pthread workers).
import { defineConfig } from 'vite';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// The built app's Content-Security-Policy (issue 7): everything from its own origin, no eval.
// 'wasm-unsafe-eval' lets WebAssembly compile (TF.js's wasm backend) without allowing eval; blob:
// workers and scripts are the wasm backend's pthreads (made from the page's own code, then
// importScripts of a blob: copy of the Emscripten glue); inline styles are index.html's few lines and Lit/Chart.js
// style attributes; blob:/data: images are decoded user files and thumbnails; mediastream: the webcam.
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' blob: 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export default defineConfig({
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy }, port: 4173 },
  worker: { format: 'es' },
  build: {
    // LAB_DIST lets parallel e2e runs build into separate folders; `dist` otherwise.
    outDir: process.env.LAB_DIST ?? 'dist',
    target: 'es2022',
    // The wasm backend builds its pthread workers from Function.prototype.toString();
    // minified names break them ("e is not defined") and setBackend('wasm') hangs.
    minify: false,
    sourcemap: true,
    chunkSizeWarningLimit: 8000,
  },
});
