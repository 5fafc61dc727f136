// Main-thread handle on the training worker: spawns it and wraps its comlink API.
import * as Comlink from 'comlink';
import type { TrainerService } from './service.ts';

export type TrainerRemote = Comlink.Remote<TrainerService>;

export function spawnTrainer(): { remote: TrainerRemote; terminate(): void } {
  const worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
  const remote = Comlink.wrap<TrainerService>(worker);
  return {
    remote,
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

export const proxyCallbacks = Comlink.proxy;
