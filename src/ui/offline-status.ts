// The app's offline state for the header: whether the network is there and whether a service
// worker holds the app (so it keeps working without it). Registers the built app's service worker
// (vite.config.ts) and reloads once when a new version takes over, so a page never runs a mix of
// old and new files.
import { Workbox } from 'workbox-window';
import { Store } from '../state/store.ts';

export interface OfflineState {
  /** navigator.onLine: false when the browser knows it has no network. */
  online: boolean;
  /** A service worker controls this page: the app's files come from its cache when offline. */
  cached: boolean;
}

export const offlineStore = new Store<OfflineState>({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  cached: typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller),
});

let started = false;

/** Starts watching the network and, in the built app, registers the service worker. Idempotent. */
export function startOfflineSupport(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  const onLine = () => offlineStore.set({ online: navigator.onLine });
  window.addEventListener('online', onLine);
  window.addEventListener('offline', onLine);
  // The dev server and the test runner serve modules that change on every edit: no cache there.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => offlineStore.set({ cached: true }));
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  // A new version took over (it activates at once): reload so every file comes from the new set.
  wb.addEventListener('controlling', (e) => {
    if (e.isUpdate) location.reload();
  });
  wb.register().catch((err: unknown) => console.warn('The offline cache could not be set up:', err));
}
