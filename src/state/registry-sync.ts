// Keeps the app's tabs in step: after a tab's registry write lands in IndexedDB it says so on a
// BroadcastChannel, and every other tab of the app reads storage again (ModelRegistry.catchUp).
import type { RegistrySync } from './model-registry.ts';

/** A RegistrySync over a BroadcastChannel, or null where the browser has none (the tab then works alone). */
export function broadcastSync(name = 'train-serve-lab-registry'): RegistrySync | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  const listeners = new Set<() => void>();
  channel.onmessage = () => {
    for (const listener of listeners) listener();
  };
  return {
    // A message carries no data: storage is the truth, and each tab reads it itself.
    announce: () => channel.postMessage('changed'),
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
