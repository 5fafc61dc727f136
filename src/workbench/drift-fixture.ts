// For the browser tests of drift retraining with the real workers: a tiny model trained in a
// workbench in the test page (so its tensors can be counted), registered as the base, and the
// Drift view controller's dependencies wired to that workbench and a real serving worker.
import { spawnDriftDrawer } from '../data/drift-draw-client.ts';
import { ServeClient } from '../serve/client.ts';
import type { DriftLabDeps } from '../state/drift-lab.ts';
import { ModelRegistry } from '../state/model-registry.ts';
import type { ModelEntry } from '../registry/records.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../train/settings.ts';
import { syntheticDataset } from '../train/synthetic-data.ts';
import { Workbench } from './workbench.ts';

export const driftTestDataset = syntheticDataset({ train: 64, val: 16, test: 32, size: 64 });
export const driftTestSettings: TrainSettings = { ...DEFAULT_SETTINGS, backend: 'wasm', epochs: 1, batchSize: 16, trainSize: 64, width: 4, depth: 2 };

/** Trains the base model in a fresh workbench and returns the controller's dependencies; `serverName` names the serving worker. */
export async function driftWithRealWorkers(serverName: string): Promise<{ deps: DriftLabDeps; registry: ModelRegistry; base: ModelEntry }> {
  const [dataset, settings] = [driftTestDataset, driftTestSettings];
  const service = new Workbench();
  service.setDataset(dataset);
  const trained = await service.train(settings, {});
  const check = await service.checkCurrent();
  const registry = new ModelRegistry(null, null);
  const base = registry.add(
    { label: 'base', parentId: null, origin: { kind: 'trained', settings, end: trained.end, trainBackend: 'wasm', epochs: trained.records }, dataset: { name: dataset.name, hash: '', counts: { train: 64, val: 16, test: 32, classes: 2 } }, ...check, valAcc: null },
    await service.exportModel(),
  );
  registry.select(base.id);
  const deps: DriftLabDeps = {
    registry,
    port: { retrainOn: (job, callbacks) => service.retrainOn(job, callbacks), stop: async () => service.stop() },
    dataset: async () => dataset,
    settings: () => settings,
    training: () => false,
    spawnServer: () => ServeClient.spawn({ name: serverName }),
    spawnDrawer: spawnDriftDrawer,
  };
  return { deps, registry, base };
}
