// Vite config: cross-origin isolation headers (wasm threads need them), module workers,
// and an unminified build (a minified build breaks tfjs-backend-wasm's pthread workers).
import { defineConfig } from 'vite';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolationHeaders, port: 5173 },
  preview: { headers: isolationHeaders, port: 4173 },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The wasm backend builds its pthread workers from Function.prototype.toString();
    // minified names break them ("e is not defined") and setBackend('wasm') hangs.
    minify: false,
    sourcemap: true,
    chunkSizeWarningLimit: 8000,
  },
});
