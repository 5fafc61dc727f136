// Vite config: cross-origin isolation headers (wasm threads need them), module workers,
// an unminified build (a minified build breaks tfjs-backend-wasm's pthread workers), and the
// service worker that keeps the built app working offline after one visit.
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * Offline after one visit: Workbox precaches every built file the app can ask for (page, chunks,
 * workers, the three wasm binaries, the shipped dataset packs of ~8 MB), each under its content
 * hash, so an update replaces the whole set at once. Responses are stored with their headers, so a
 * page served from the cache keeps COOP/COEP (cross-origin isolation) and the CSP. Registered from
 * src/ui/offline-status.ts. A new version installs beside the old one and waits (no skipWaiting):
 * the old worker keeps serving the old set, so a page never loads a mix. The page tells it to take
 * over once no training run, prune sweep or serve bench is going, then reloads once.
 */
const pwa = VitePWA({
  injectRegister: false,
  registerType: 'prompt',
  manifest: {
    name: 'Train & Serve Lab',
    short_name: 'Train & Serve',
    description: 'What training a model costs and what serving it costs, measured in the browser.',
    start_url: '.',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0072b2',
    icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
  },
  workbox: {
    globPatterns: ['**/*.{html,js,css,wasm,bin,svg,webmanifest}'],
    globIgnores: ['**/*.map'],
    // The training set pack is ~4.5 MB and the training worker ~2.8 MB (Workbox skips files over 2 MB by default).
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    navigateFallback: 'index.html',
    // Caches of older Workbox versions are dropped; the old set's entries go when the new worker activates.
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    // Without skipWaiting the generated worker takes over on the page's SKIP_WAITING message instead.
    skipWaiting: false,
  },
});

export default defineConfig({
  plugins: [pwa],
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
