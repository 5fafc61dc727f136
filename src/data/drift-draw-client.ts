// Page side of the drift drawing worker: spawns it and wraps its one call.
import * as Comlink from 'comlink';
import type { DriftScenario } from '../drift/schedule.ts';
import type { DriftDrawService } from './drift-draw-service.ts';
import type { ImageSet } from './image-set.ts';

export interface DriftDrawer {
  drawDay(scenario: DriftScenario, day: number, count?: number): Promise<ImageSet & { drawMs: number }>;
  terminate(): void;
}

export function spawnDriftDrawer(): DriftDrawer {
  const worker = new Worker(new URL('../workers/drift-draw.worker.ts', import.meta.url), { type: 'module', name: 'drift-drawer' });
  const remote = Comlink.wrap<DriftDrawService>(worker);
  return {
    drawDay: (scenario, day, count) => remote.drawDay(scenario, day, count),
    terminate: () => {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
