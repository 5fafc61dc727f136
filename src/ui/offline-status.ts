// The app's offline state for the header: whether the network is there, whether a service worker
// holds the app (so it keeps working without it), and whether a new version waits. Registers the
// built app's service worker (vite.config.ts). A new version never mixes with the old files: it
// waits until the page is idle, takes over, and the page reloads once; while a training run, a
// prune sweep or a serve bench is going, that is held and done when it ends (update-gate.ts).
import { Workbox } from 'workbox-window';
import { Store } from '../state/store.ts';
import type { LabActivity } from './lab-activity.ts';
import { UpdateGate, type UpdateStatus } from './update-gate.ts';

export interface OfflineState {
  /** navigator.onLine: false when the browser knows it has no network. */
  online: boolean;
  /** A service worker controls this page: the app's files come from its cache when offline. */
  cached: boolean;
  /** A new version of the app is installed and will replace this page's; null when none waits. */
  update: UpdateStatus | null;
}

export const offlineStore = new Store<OfflineState>({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  cached: typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller),
  update: null,
});

/** Which build this page runs (VITE_APP_BUILD at build time), so a test can tell two builds apart. */
export const APP_BUILD: string = (import.meta.env.VITE_APP_BUILD as string | undefined) ?? 'local';

const IDLE: LabActivity = { busy: () => null, subscribe: () => () => undefined };

let started = false;

/**
 * Starts watching the network and, in the built app, registers the service worker. `activity` says
 * what is running that a reload would lose; an update waits for it. Idempotent.
 */
export function startOfflineSupport(activity: LabActivity = IDLE): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  document.documentElement.dataset.appBuild = APP_BUILD;
  const onLine = () => offlineStore.set({ online: navigator.onLine });
  window.addEventListener('online', onLine);
  window.addEventListener('offline', onLine);
  // The dev server and the test runner serve modules that change on every edit: no cache there.
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  const gate = new UpdateGate({
    activate: () => wb.messageSkipWaiting(),
    reload: () => location.reload(),
    busy: () => activity.busy(),
    onStatus: (update) => offlineStore.set({ update }),
  });
  // The first worker taking an uncontrolled page holds the very files the page loaded: no reload.
  // Any later change of controller means the page's files are the old set.
  let controlled = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    offlineStore.set({ cached: true });
    if (controlled) gate.controllerChanged();
    controlled = true;
  });
  activity.subscribe(() => gate.busyChanged());
  wb.register()
    .then((registration) => registration && watchForWaiting(registration, () => gate.waiting()))
    .catch((err: unknown) => console.warn('The offline cache could not be set up:', err));
}

/**
 * Calls `onWaiting` when a new version has installed and waits behind the one in control. Watched on
 * the registration itself: Workbox's own `waiting` event misses a worker that was already installing
 * when register() resolved (the browser checks for an update on every navigation), and a second
 * update found by another tab.
 */
function watchForWaiting(registration: ServiceWorkerRegistration, onWaiting: () => void): void {
  const check = () => {
    const sw = registration.waiting;
    // With no worker in control, a new worker activates by itself: nothing to wait for.
    if (sw && sw.state === 'installed' && navigator.serviceWorker.controller) onWaiting();
  };
  const follow = (sw: ServiceWorker | null) => {
    // Workbox waits a moment too: a worker that skips waiting passes through 'installed' briefly.
    sw?.addEventListener('statechange', () => {
      if (sw.state === 'installed') setTimeout(check, 200);
    });
  };
  registration.addEventListener('updatefound', () => follow(registration.installing));
  follow(registration.installing);
  check();
}
